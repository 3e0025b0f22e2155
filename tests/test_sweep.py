"""The set-wise sweep (``graph_model.sweep``) against one ``chain()`` per subject, on
generated datasets and both stores: every enterprise's levels and gaps, every open hazard's
"chain has no gap", and the Overview's coverage figures and action list built from it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph_model import accountability, overview
from graph_model.accountability import chain
from graph_model.store import GraphStore, MemoryStore
from graph_model.sweep import sweep
from loaders import load_path
from synth import write_province
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset

DAYS = ("2018-09-01", "2019-06-30")


@pytest.fixture(params=["sample", 3, 8])
def generated(request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path) -> GraphStore:
    """The sample (chains with and without gaps) and two generated datasets."""
    if request.param == "sample":
        load_path(SAMPLE, store)
    else:
        load_path(write_dataset(generate(request.param, "small"), tmp_path / "data"), store)
    return store


def _open_hazards(store: GraphStore, day: str) -> dict[str, str]:
    enterprises = store.ids_with_label("Enterprise")
    return {r.id: r.enterprise_id for r in store.incidents(enterprises, day) if r.kind == "hazard"}


@pytest.mark.parametrize("day", DAYS)
def test_sweep_finds_what_each_chain_finds(generated: GraphStore, day: str) -> None:
    swept = sweep(generated, day)
    assert sorted(swept.levels) == generated.ids_with_label("Enterprise")
    for ent, found in swept.levels.items():
        c = chain(generated, ent, day)
        assert {(r.level, r.person_id, r.position_id) for r in found.rows} == {
            (e.level, e.person_id, e.position_id or "") for e in c.entries
        }, ent
        assert found.gaps == set(c.gaps), ent
    hazards = _open_hazards(generated, day)
    assert {h: e for e, hs in swept.open_hazards.items() for h in hs} == hazards
    ok = [swept.hazard_chain_ok(h, e) for h, e in hazards.items()]
    assert ok == [not chain(generated, h, day).gaps for h in hazards]


def test_a_province_with_whole_chains_and_gaps(tmp_path: Path) -> None:
    """A synthetic province has hazard chains with and without gaps (the sample and the small
    generated datasets have gaps in every chain), so a constant answer would fail here. On
    the embedded store only: its 3,800 records of structure take Neo4j tens of seconds to
    load, and the stores' facts are compared by the parity suite."""
    write_province(tmp_path / "province", 12)
    store = MemoryStore()
    load_path(tmp_path / "province", store)
    day = "2022-06-30"
    swept = sweep(store, day)
    hazards = _open_hazards(store, day)
    ok = {h: swept.hazard_chain_ok(h, e) for h, e in hazards.items()}
    assert set(ok.values()) == {True, False}
    assert ok == {h: not chain(store, h, day).gaps for h in hazards}
    figures = overview.coverage_figures(store, day, accountability.gaps(store, day))
    assert {h.id: h.chain_ok for h in figures.hazards} == ok
    assert _actions(store, day) == _reference_actions(store, day)

    # the same province with the owner of one whole-chained hazard removed: now a gap
    whole = min(h for h, good in ok.items() if good)
    _without_owner(tmp_path / "province" / "hazards.csv", whole)
    store = MemoryStore()
    load_path(tmp_path / "province", store)
    assert chain(store, whole, day).gaps
    assert not sweep(store, day).hazard_chain_ok(whole, hazards[whole])


def _without_owner(table: Path, hazard_id: str) -> None:
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == hazard_id:
            row["owner_person_id"] = ""
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _reference_actions(store: GraphStore, day: str) -> list[tuple[object, ...]]:
    """The action list as it was computed before the sweep: one chain per open hazard."""
    report = accountability.gaps(store, day)
    reasons: dict[str, set[str]] = {}
    for g in report.gaps:
        if g.kind in ("hazard_overdue", "major_hazard_incomplete"):
            reasons.setdefault(g.subject_id, set()).add(g.kind)
    rows = []
    for hazard in sorted(_open_hazards(store, day)):
        c = chain(store, hazard, day)
        why = reasons.get(hazard, set()) | ({"chain_gap"} if c.gaps else set())
        if not why:
            continue
        owners = [e for e in c.entries if e.level == "hazard_owner"]
        supervisors = [e for e in c.entries if e.level == "industry_supervision"]
        rows.append(
            (
                hazard,
                tuple(sorted(why)),
                (owners[0].person_id, owners[0].person_name) if owners else None,
                tuple((e.person_id, e.person_name, e.position_title) for e in supervisors),
            )
        )
    return rows


@pytest.mark.parametrize("day", DAYS)
def test_overview_figures_equal_the_per_hazard_ones(generated: GraphStore, day: str) -> None:
    report = accountability.gaps(generated, day)
    figures = overview.coverage_figures(generated, day, report)
    hazards = _open_hazards(generated, day)
    assert sorted(h.id for h in figures.hazards) == sorted(hazards)
    for h in figures.hazards:
        assert h.chain_ok == (not chain(generated, h.id, day).gaps), h.id

    assert _actions(generated, day) == _reference_actions(generated, day)


def _actions(store: GraphStore, day: str) -> list[tuple[object, ...]]:
    return sorted(
        (
            i.hazard_id,
            i.reasons,
            (i.owner.id, i.owner.name) if i.owner else None,
            tuple((p.id, p.name, p.post) for p in i.supervisors),
        )
        for i in overview.action_items(store, day, accountability.gaps(store, day))
    )
