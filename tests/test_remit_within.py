"""A remit reads a sector's enterprises only within the regions of the rows aimed at that
sector (``facts.sector_regions``): those rows cover nothing elsewhere (``covering_path``), and a
city's departments supervise sectors that span the province. On both stores, the remit of
every organization of a generated province is the one the whole sectors give."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from graph_model import rules
from graph_model.facts import Below, RemitFacts, sector_regions
from graph_model.schema import Label, Rel
from graph_model.store import GraphStore, MemoryStore
from graph_model.vocabulary import Target
from loaders import load_path
from synth import write_province

DAY = "2025-06-30"


def _whole_sectors(memory: MemoryStore, facts: RemitFacts) -> RemitFacts:
    """The facts with every enterprise of each sector read, wherever it is (as before)."""
    view = memory.view
    tops = {b.top_id for b in facts.below if b.kind == Target.SECTOR}
    tops |= {r.target_id for r in facts.supervision if r.target_label == Target.SECTOR}
    below = [b for b in facts.below if b.kind == Target.REGION]
    for ent in view.nodes_with(Label.ENTERPRISE):
        first = view.one(ent, Rel.IN_SECTOR)
        if first is not None:
            for top, path in view.ancestors(first[0], Rel.SUBSECTOR_OF, first[1]).items():
                if top in tops:
                    below.append(Below(top, Target.SECTOR, ent, tuple(path)))
    return dataclasses.replace(facts, below=tuple(below))


def _covers(facts: RemitFacts) -> list[tuple[str, str, str, tuple[object, ...]]]:
    return sorted((c.org_id, c.enterprise_id, c.kind, c.path) for c in rules.remit(facts))


def test_a_remit_is_the_one_whole_sectors_give(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "province"
    write_province(folder, 60)
    load_path(folder, store)
    memory = MemoryStore(tmp_path / "memory.json")
    load_path(folder, memory)
    with (folder / "organizations.csv").open(encoding="utf-8") as fh:
        org_ids = [row["id"] for row in csv.DictReader(fh)]
    left_out = 0
    for org in org_ids:
        facts = store.remit_facts([org], DAY)
        whole = _whole_sectors(memory, facts)
        assert _covers(facts) == _covers(whole), org
        within = set(sector_regions(facts.supervision))
        regions_of = {(b.enterprise_id, b.top_id) for b in whole.below if b.kind == Target.REGION}
        for b in facts.below:
            if b.kind == Target.SECTOR:
                assert any((b.enterprise_id, r) in regions_of for r in within), b
        left_out += len(whole.below) - len(facts.below)
    assert left_out > 0, "some sector's enterprises lie outside every row's region"
