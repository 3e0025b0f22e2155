"""Every enterprise's chain on one day, found set-wise: one ``graph_facts`` read (or the one
the caller already has) and one of the appointments, then the contract's own rule
(``rules.chain_levels``) per enterprise over facts cut from them in memory, with no store
question per enterprise or per hazard.

A hazard's chain is its enterprise's plus the ``hazard_owner`` level (every other level is
found from the enterprise: its posts, the supervision of its sectors and regions, the
territorial organizations above it), so it has a gap exactly when its enterprise's chain has
one or it has no owner. The Overview's coverage figures, its action list and the ranking of
single points of failure read this sweep instead of chaining each subject (15,000 open
hazards at the M size).

The paths a sweep finds are not those of ``chain()`` (the links of the sector and region
trees are not read, so those parts of a path are empty): what it is for is who is found at
which level through which post, and the gaps. ``tests/test_sweep.py`` checks it against one
``chain()`` per subject on generated datasets.

Examples
--------
>>> s = sweep(store, "2019-06-30")
>>> len(s.levels), sum(len(h) for h in s.open_hazards.values())
(17, 13)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph_model import rules
from graph_model.facts import (
    GraphFacts,
    HoldingFact,
    OrgFact,
    PostFact,
    PostsFacts,
    SupervisionFact,
)
from graph_model.results import Link
from graph_model.rules import ChainLevels
from graph_model.schema import TERRITORIAL_KINDS, Rel
from graph_model.store.base import GraphStore
from graph_model.vocabulary import Level, SubjectKind, Target


@dataclass(frozen=True)
class Sweep:
    """What the rules find for every enterprise's chain on ``as_of``, and the open hazards."""

    as_of: str
    levels: dict[str, ChainLevels]  # enterprise -> its chain's rows and gaps
    open_hazards: dict[str, tuple[str, ...]]  # enterprise -> hazards open on the day
    hazard_owners: dict[str, str]  # open hazard -> its owner, where it has one
    # what it was found from: the Overview's figures read the same pass, not another
    facts: GraphFacts = field(repr=False, compare=False)

    def hazard_chain_ok(self, hazard_id: str, enterprise_id: str) -> bool:
        """The hazard's chain on the day has no gap."""
        return hazard_id in self.hazard_owners and not self.levels[enterprise_id].gaps

    def rows_at(self, enterprise_id: str, level: Level) -> list[rules.LevelRow]:
        return [r for r in self.levels[enterprise_id].rows if r.level == level]


class _Facts:
    """``GraphFacts`` indexed the way one chain's facts are cut out of them."""

    def __init__(self, facts: GraphFacts, holders: list[HoldingFact]):
        self.orgs = {o.id: o for o in facts.organizations}
        self.region_parents = dict(facts.region_parents)
        self.sector_parents = dict(facts.sector_parents)
        # rows aimed at an enterprise; at a sector, by (sector, region); at anything else
        self.at_enterprise: dict[str, list[SupervisionFact]] = defaultdict(list)
        self.at_cell: dict[tuple[str, str | None], list[SupervisionFact]] = defaultdict(list)
        self.at_other: dict[str, list[SupervisionFact]] = defaultdict(list)
        for row in facts.supervision:
            if row.target_label == Target.ENTERPRISE:
                self.at_enterprise[row.target_id].append(row)
            elif row.target_label == Target.SECTOR:
                self.at_cell[(row.target_id, row.region_id)].append(row)
            else:
                self.at_other[row.target_id].append(row)
        self.territorial: dict[str, list[OrgFact]] = defaultdict(list)
        for org in facts.organizations:
            if org.kind in TERRITORIAL_KINDS and org.region_id is not None:
                self.territorial[org.region_id].append(org)
        posts = tuple(PostFact(p.position_id, p.org_id, p.role) for p in facts.posts)
        self.index = rules.PostIndex(PostsFacts(posts, tuple(facts.charges), tuple(holders)))

    def above(self, sector: str | None, region: str | None) -> rules.Above:
        """What is above an enterprise in ``sector`` and ``region``: only the rows that can
        cover it (a sector row outside its regions cannot), with the sweep's empty paths."""
        sectors = rules.ancestors(self.sector_parents, sector)
        regions = rules.ancestors(self.region_parents, region)
        rows = [
            *(row for s in sectors for r in regions for row in self.at_cell.get((s, r), ())),
            *(row for t in (*sectors, *regions) for row in self.at_other.get(t, ())),
        ]
        return rules.Above(
            dict.fromkeys(sectors, ()),
            dict.fromkeys(regions, ()),
            tuple(rows),
            tuple(o for r in regions for o in self.territorial.get(r, ())),
        )


def sweep(store: GraphStore, as_of: str, facts: GraphFacts | None = None) -> Sweep:
    """Every enterprise's chain levels on ``as_of``, the open hazards and their owners;
    ``facts``: ``store.graph_facts(as_of)`` when the caller has read it already.

    The levels above an enterprise depend only on its sector and region: they are found
    once per (sector, region) and shared by the enterprises there."""
    facts = facts if facts is not None else store.graph_facts(as_of)
    cut = _Facts(facts, _holders(store, as_of, facts))
    above: dict[tuple[str | None, str | None], ChainLevels] = {}
    levels = {}
    for enterprise in facts.enterprises:
        org = cut.orgs.get(enterprise)
        key = (org.sector_id, org.region_id) if org else (None, None)
        if key not in above:
            above[key] = rules.levels_above(cut.above(*key), cut.index)
        found = ChainLevels()
        rules.enterprise_levels(found, enterprise, cut.at_enterprise.get(enterprise, ()), cut.index)
        rules.merge_above(found, above[key])
        rules.none_found(found, SubjectKind.ENTERPRISE, enterprise, enterprise)
        levels[enterprise] = found
    hazards: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, str] = {}
    for hz in facts.hazards:
        if hz.enterprise_id is None or hz.enterprise_id not in levels:
            continue
        hazards[hz.enterprise_id].append(hz.id)
        if hz.owner_id is not None:
            owners[hz.id] = hz.owner_id
    open_hazards = {e: tuple(sorted(h)) for e, h in hazards.items()}
    return Sweep(as_of, levels, open_hazards, owners, facts)


def _holders(store: GraphStore, as_of: str, facts: GraphFacts) -> list[HoldingFact]:
    """The appointments valid on ``as_of``, in the order of ``all_appointments`` (post, start,
    person): from ``facts`` when the store found them in the same pass (``graph_facts`` of
    either store), else read here."""
    if facts.holdings is not None:
        return sorted(
            facts.holdings, key=lambda h: (h.position_id, h.link.start or "", h.person_id)
        )
    holders = []
    for a in store.all_appointments():
        if a.held_on(as_of):
            link = Link(a.person_id, Rel.HOLDS, a.position_id, "", a.source_ids, a.start, a.end)
            holders.append(HoldingFact(a.person_id, a.position_id, link))
    return holders
