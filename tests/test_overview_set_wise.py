"""The Overview's figures and action list are found set-wise, on both stores: from one read of
the whole graph's facts and one of the appointments (the sweep's), names read once for the
whole action list; and they equal what the figures were when each was read node by node
(node cards for where an organization is and what a hazard is, every appointment for whether
a post is held)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph_model import accountability, overview
from graph_model.schema import HazardGrade, Label, Role
from graph_model.store import GraphStore
from graph_model.sweep import sweep
from loaders import load_path
from tests.conftest import SAMPLE
from tests.generated import generate, write_dataset

DAYS = ("2018-09-01", "2019-06-30")
COUNTED = ("graph_facts", "all_appointments", "nodes", "node_cards", "subject_facts")


@pytest.fixture(params=["sample", 8])
def loaded(request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path) -> GraphStore:
    if request.param == "sample":
        load_path(SAMPLE, store)
    else:
        load_path(write_dataset(generate(request.param, "small"), tmp_path / "data"), store)
    return store


def _counting(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls of the store's reads, counted by a wrapper around each method of this store."""
    calls: Counter[str] = Counter()

    def wrapped(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return counted

    for name in COUNTED:
        monkeypatch.setattr(store, name, wrapped(name, getattr(store, name)))
    return calls


def test_figures_and_actions_read_the_whole_graph_once(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = "2019-06-30"
    calls = _counting(loaded, monkeypatch)
    facts = loaded.graph_facts(day)
    report = accountability.gaps(loaded, day, facts=facts)
    swept = sweep(loaded, day, facts)
    assert swept.facts is facts
    figures = overview.coverage_figures(loaded, day, report, swept)
    items = overview.action_items(loaded, day, report, swept)
    assert figures.hazards  # something was found
    assert items
    assert calls["graph_facts"] == 1
    # both stores find the appointments valid on the day in the facts' own pass, not by
    # reading every appointment ever made
    assert calls["all_appointments"] == 0
    assert calls["subject_facts"] == 0  # no chain per subject
    assert calls["node_cards"] == 0  # nothing read node by node
    assert calls["nodes"] <= 2  # the gap report's names, the action list's names


def _reference_figures(store: GraphStore, as_of: str) -> overview.CoverageFigures:
    """The figures as they were read before: node cards and every appointment."""
    report = accountability.gaps(store, as_of)
    swept = sweep(store, as_of)
    unsupervised = {g.subject_id for g in report.gaps if g.kind == "enterprise_unsupervised"}
    incomplete = {g.subject_id for g in report.gaps if g.kind == "major_hazard_incomplete"}

    def text(value: object) -> str | None:
        return str(value) if value not in (None, "") else None

    ents = {c.id: c.props for c in store.node_cards([Label.ENTERPRISE])}
    hazards = {c.id: c.props for c in store.node_cards([Label.HAZARD])}
    orgs = {c.id: c.props for c in store.node_cards([Label.ORGANIZATION])}
    held = {a.position_id for a in store.all_appointments() if a.held_on(as_of)}
    return overview.CoverageFigures(
        as_of,
        tuple(
            overview.EnterpriseFigure(
                e, text(p.get("region_id")), text(p.get("sector_id")), e not in unsupervised
            )
            for e, p in ents.items()
        ),
        tuple(
            overview.HazardFigure(
                h,
                text(ents.get(e, {}).get("region_id")),
                text(ents.get(e, {}).get("sector_id")),
                swept.hazard_chain_ok(h, e),
                hazards[h].get("grade") == HazardGrade.MAJOR,
                hazards[h].get("grade") == HazardGrade.MAJOR and h not in incomplete,
            )
            for h, e in sorted((h, e) for e, hs in swept.open_hazards.items() for h in hs)
        ),
        tuple(
            overview.PostFigure(
                c.id,
                text(orgs[str(c.props["org_id"])].get("region_id")),
                text(orgs[str(c.props["org_id"])].get("sector_id")),
                c.id in held,
            )
            for c in store.node_cards([Label.POSITION])
            if c.props.get("role") == Role.PRINCIPAL
            and str(c.props.get("org_id") or "") in orgs
            and orgs[str(c.props["org_id"])].get("kind") in overview.PRINCIPAL_KINDS
        ),
    )


@pytest.mark.parametrize("day", DAYS)
def test_figures_equal_those_read_node_by_node(loaded: GraphStore, day: str) -> None:
    figures = overview.coverage_figures(loaded, day, accountability.gaps(loaded, day))
    reference = _reference_figures(loaded, day)
    assert figures == reference
    # not a trivial equality: places, held and vacant posts, majors are all there
    assert {p.filled for p in figures.posts} == {True, False}
    assert all(e.region_id for e in figures.enterprises)
    assert any(h.major for h in figures.hazards) or day == "2018-09-01"
