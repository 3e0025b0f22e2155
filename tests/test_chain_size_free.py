"""A chain on Neo4j reads what it shows, not what surrounds it: its database hits do not grow
with the enterprises of the subject's regions nor with the regions of the province.

Issue 9 measured the chain's hits growing from S to M (2,896 → 3,804 a chain): the
territorial organizations of a region were found by walking every ``IN_REGION`` edge into
it (a district's thousands of enterprises), and a sector's supervision by walking every
``SUPERVISES`` row into the sector (one per region of the province, most scoped elsewhere).
Both are now index seeks (``org_region_kind``, ``rel_supervises_region_sector``). The test profiles
the same chains on the sample and on the sample with many more enterprises in their region
and many more regions supervising their sector: the hits must stay where they were.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph_model.store import neo4j_queries
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE, neo4j_uri

pytestmark = pytest.mark.neo4j

SUBJECTS = ("HZ-001", "HZ-003")  # hazards of ENT-001 and ENT-002: sector SEC-00x, zone R-003
DAY = "2019-06-30"
EXTRA = 300  # enterprises added to the subjects' zone, and regions added to the province


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        fields = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fields).writerows(rows)


def _grown(tmp_path: Path) -> Path:
    """The sample, with ``EXTRA`` more enterprises in zone R-003 and ``EXTRA`` more cities,
    each with its government, its Party committee and a row of the sample's industry
    supervision of every sector scoped to it."""
    folder = tmp_path / "grown"
    shutil.copytree(SAMPLE, folder)
    _append(
        folder / "enterprises.csv",
        [
            {"id": f"ENT-X{i}", "name": f"Extra {i}", "sector_id": "SEC-002", "region_id": "R-003"}
            for i in range(EXTRA)
        ],
    )
    _append(
        folder / "regions.csv",
        [
            {"id": f"R-X{i}", "name": f"City {i}", "level": "city", "parent_id": "R-001"}
            for i in range(EXTRA)
        ],
    )
    # each city its government and Party committee: territorial organizations not of the
    # subjects' regions (a plan that finds them by kind, then by region, would read them)
    _append(
        folder / "organizations.csv",
        [
            {"id": f"ORG-X{i}-{k}", "name": f"City {i} {k}", "kind": k, "region_id": f"R-X{i}"}
            for i in range(EXTRA)
            for k in ("government", "party_committee")
        ],
    )
    with (SAMPLE / "sectors.csv").open(encoding="utf-8", newline="") as fh:
        sectors = [row["id"] for row in csv.DictReader(fh)]
    _append(
        folder / "supervision.csv",
        [
            {
                "org_id": "ORG-010",
                "sector_id": sector,
                "region_id": f"R-X{i}",
                "kind": "industry",
                "start": "2016-01-01",
            }
            for i in range(EXTRA)
            for sector in sectors
        ],
    )
    return folder


def _hits(plan: Any) -> int:
    return int(plan.get("dbHits", 0)) + sum(_hits(c) for c in plan.get("children", []))


def _chain_hits(store: Neo4jStore) -> dict[str, int]:
    out = {}
    with store.driver.session(database=store.settings.database) as session:
        for subject in SUBJECTS:
            summary = session.run(
                "PROFILE " + neo4j_queries.CHAIN_BUNDLE,
                subjects=[subject],
                day=DAY,
                today=DAY,
                territorial=neo4j_queries.TERRITORIAL,
            ).consume()
            out[subject] = _hits(summary.profile)
    return out


def test_a_chain_reads_no_more_in_a_bigger_province(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    assert load_path(SAMPLE, neo4j_store).ok
    small = _chain_hits(neo4j_store)
    neo4j_store.clear()
    assert load_path(_grown(tmp_path), neo4j_store).ok
    grown = _chain_hits(neo4j_store)
    # the old queries read ~2 more hits per added enterprise and per added row: 600+ here
    assert all(small.values()), small  # a profile with hits in it
    for subject in SUBJECTS:
        assert grown[subject] <= small[subject] * 1.1 + 20, (subject, small, grown)


def test_a_database_loaded_before_the_indexes_gives_the_same_chains(
    neo4j_store: Neo4jStore,
) -> None:
    """A database an earlier version loaded has neither index until its next load: the
    chain's queries name no index (no hint), so they still run, on another plan."""
    from graph_model.accountability import chain

    assert load_path(SAMPLE, neo4j_store).ok
    with_indexes = {s: chain(neo4j_store, s) for s in SUBJECTS}
    for name in ("org_region_kind", "rel_supervises_region_sector"):
        neo4j_store.driver.execute_query(f"DROP INDEX {name}")
    assert {s: chain(neo4j_store, s) for s in SUBJECTS} == with_indexes
    # ... and a store opened on such a database makes them
    uri = neo4j_uri()
    assert uri
    opened = Neo4jStore(Neo4jSettings(uri=uri))
    try:
        names = {r["name"] for r in opened.run_read("SHOW INDEXES YIELD name RETURN name")}
        assert {"org_region_kind", "rel_supervises_region_sector"} <= names
        assert not opened.notices
    finally:
        opened.close()
