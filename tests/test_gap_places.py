"""Where each gap is: its ``region_id``, ``sector_id`` and ``org_id`` (the extra fields the
``--region`` filter and the app's filters read) are those the input tables give its subject,
read here from the tables themselves, not from a store.

- an enterprise's gaps: the enterprise's region and sector, no organization;
- a hazard's: its enterprise's region and sector, the enterprise;
- a plan's: its holder's region (and sector, for an enterprise), the holder;
- a vacant post's: its organization's region, the organization;
- a department's: its region, the department;
- an unheld duty's: the region of its post's organization, that organization;
- an overlap's: the cell's sector and region.

A region and a sector swapped, or a hazard filed under its own id, filters the wrong gaps in
or out and nothing else shows it: the report's counts stay right. (A gap's other fields,
its facts, detail and names, are held by ``test_gap_names`` and the sample expectations.)"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph_model.accountability import gaps
from graph_model.store import GraphStore
from graph_model.vocabulary import GapKind
from loaders import load_path
from tests.conftest import SAMPLE
from tests.generated import Tables, as_of_days, generate, write_dataset

Place = tuple[str | None, str | None, str | None]  # region, sector, organization


def _blank(value: str | None) -> str | None:
    return value or None


def expected_places(tables: Tables) -> dict[tuple[str, str], Place]:
    """Every possible gap's place by (kind, subject), from the tables alone."""
    # an enterprise may be in either table or both, its rows merged (the data format)
    where: dict[str, tuple[str | None, str | None]] = {}
    enterprises = {r["id"] for r in tables["organizations"] if r.get("kind") == "enterprise"}
    for row in tables["organizations"]:
        where[row["id"]] = (_blank(row.get("region_id")), None)
    for row in tables["enterprises"]:
        enterprises.add(row["id"])
        region = _blank(row.get("region_id")) or where.get(row["id"], (None, None))[0]
        where[row["id"]] = (region, _blank(row.get("sector_id")))
    nowhere: tuple[str | None, str | None] = (None, None)
    post_org = {row["id"]: _blank(row.get("org_id")) for row in tables["positions"]}
    places: dict[tuple[str, str], Place] = {}
    for ent in enterprises:
        region, sector = where[ent]
        for kind in (GapKind.ENTERPRISE_UNSUPERVISED, GapKind.ENTERPRISE_NO_PRINCIPAL):
            places[(kind, ent)] = (region, sector, None)
    for row in tables["hazards"]:
        ent = _blank(row.get("enterprise_id"))
        region, sector = where.get(ent or "", nowhere)
        for kind in (GapKind.MAJOR_HAZARD_INCOMPLETE, GapKind.HAZARD_OVERDUE):
            places[(kind, row["id"])] = (region, sector, ent)
    for row in tables["emergency_plans"]:
        holder = _blank(row.get("holder_id"))
        region, sector = where.get(holder or "", nowhere)
        for kind in (GapKind.PLAN_STALE, GapKind.PLAN_NOT_DRILLED):
            places[(kind, row["id"])] = (region, sector, holder)
    for row in tables["positions"]:
        org = post_org[row["id"]]
        places[(GapKind.POST_VACANT, row["id"])] = (where.get(org or "", nowhere)[0], None, org)
    for row in tables["organizations"]:
        places[(GapKind.DEPARTMENT_NO_LEADER_IN_CHARGE, row["id"])] = (
            where[row["id"]][0],
            None,
            row["id"],
        )
    for row in tables["duties"]:
        org = post_org.get(row.get("holder_id") or "")
        places[(GapKind.DUTY_UNHELD, row["id"])] = (where.get(org or "", nowhere)[0], None, org)
    for row in tables["supervision"]:
        sector, region = _blank(row.get("sector_id")), _blank(row.get("region_id"))
        if sector and region:
            places[(GapKind.SUPERVISION_OVERLAP, f"{sector}|{region}")] = (region, sector, None)
    return places


def _check(store: GraphStore, tables: Tables, days: list[str]) -> dict[str, int]:
    """Every gap of each day at its place; how many gaps of each kind were checked."""
    places = expected_places(tables)
    seen: dict[str, int] = {}
    for day in days:
        for gap in gaps(store, day).gaps:
            found = (gap.region_id, gap.sector_id, gap.org_id)
            assert found == places[(gap.kind, gap.subject_id)], (day, gap.kind, gap.subject_id)
            seen[gap.kind] = seen.get(gap.kind, 0) + 1
    return seen


@pytest.mark.parametrize("seed", [3, 11])
def test_every_gap_is_where_the_tables_put_its_subject(
    store: GraphStore, tmp_path: Path, seed: int
) -> None:
    tables = generate(seed, "medium")
    load_path(write_dataset(tables, tmp_path / "data"), store)
    seen = _check(store, tables, as_of_days(tables, seed, 4))
    assert set(seen) == set(GapKind), seen  # every kind checked, none vacuously


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_sample_gaps_are_where_its_tables_put_them(store: GraphStore) -> None:
    load_path(SAMPLE, store)
    tables: Tables = {}
    for name in ("organizations", "enterprises", "positions", "hazards", "emergency_plans"):
        tables[name] = _read(SAMPLE / f"{name}.csv")
    tables["duties"] = _read(SAMPLE / "duties.csv")
    tables["supervision"] = _read(SAMPLE / "supervision.csv")
    seen = _check(store, tables, ["2018-09-01", "2019-06-30", "2021-01-01"])
    dated = {GapKind.HAZARD_OVERDUE, GapKind.PLAN_STALE, GapKind.PLAN_NOT_DRILLED}
    assert dated | {GapKind.MAJOR_HAZARD_INCOMPLETE} <= set(seen), seen
