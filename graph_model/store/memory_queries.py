"""The embedded store's fact queries: walks over the networkx graph that report what is there.

They decide nothing (the rules are in ``graph_model.rules``) and filter only with the
conditions declared in ``graph_model.conditions``; ``neo4j_queries.py`` finds the same facts
in Cypher, and the parity tests compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph_model.conditions import ACCIDENT_BY, DRILL_BY, HAZARD_OPEN, VALID_ON
from graph_model.facts import (
    AppointmentRow,
    Below,
    ChargeRow,
    DutyFact,
    FindingRow,
    GraphFacts,
    HazardFact,
    HeldPost,
    HoldingFact,
    IncidentRow,
    OrgFact,
    OwnerFact,
    PlanFact,
    PostFact,
    PostsFacts,
    Reach,
    RemitFacts,
    SubjectFacts,
    SupervisionFact,
    sector_regions,
    tops_below,
)
from graph_model.results import Link
from graph_model.schema import TERRITORIAL_KINDS, Label, Rel
from graph_model.store.memory_index import TypedIndex
from graph_model.vocabulary import SubjectKind, Target

FACTS_KEPT = 4  # days of whole-graph facts kept per version of the graph

if TYPE_CHECKING:
    from typing import TypeAlias

    Graph: TypeAlias = nx.MultiDiGraph[str]


class GraphView:
    """Read helpers over the store's multigraph, through its index of edges by type (a walk
    touches only the edges of the types it follows)."""

    def __init__(self, graph: Graph, index: TypedIndex | None = None):
        self.g = graph
        self.index = index if index is not None else TypedIndex(graph)
        self._territorial: dict[str, list[str]] | None = None
        self._sector_rows: dict[str, dict[str | None, list[tuple[str, dict[str, Any]]]]] = {}
        self._facts: dict[str, GraphFacts] = {}

    def graph_facts(self, day: str) -> GraphFacts:
        """``graph_facts`` of this version of the graph on ``day``, kept for the last few
        days asked (the gap report and the sweep both read the whole graph's facts; they
        are immutable, and a load makes a new graph, hence a new view)."""
        facts = self._facts.get(day)
        if facts is None:
            facts = graph_facts(self, day)
            if len(self._facts) >= FACTS_KEPT:
                self._facts.pop(next(iter(self._facts), day), None)  # the oldest
            self._facts[day] = facts
        return facts

    def props(self, node: str) -> dict[str, Any]:
        props: dict[str, Any] = self.g.nodes[node]["props"]
        return props

    def has(self, node: str, label: Label) -> bool:
        return node in self.g and label.value in self.g.nodes[node]["labels"]

    def nodes_with(self, label: Label) -> list[str]:
        return list(self.index.with_label(label.value))

    def out(self, node: str, rel: Rel) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        for end, attrs in self.index.out_of(node, rel.value):
            yield end, _link(node, end, attrs), attrs["props"]

    def into(self, node: str, rel: Rel) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        for start, attrs in self.index.into_of(node, rel.value):
            yield start, _link(start, node, attrs), attrs["props"]

    def valid_into(
        self,
        node: str,
        rel: Rel,
        day: str,
        edges: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        """``into`` for dated links, only those valid on ``day`` (checked before a link is
        built: most of a post's appointments are past ones). ``edges``: (start, attrs) of
        ``rel`` into ``node`` to check instead of all of them."""
        params = {"day": day}
        for start, attrs in self.index.into_of(node, rel.value) if edges is None else edges:
            if VALID_ON.holds(attrs["props"], params):
                yield start, _link(start, node, attrs), attrs["props"]

    def territorial_in(self, region: str) -> list[str]:
        """The Party committees, governments and zone committees ``IN_REGION`` of ``region``
        (which holds thousands of enterprises too): sorted out once per graph, not per chain."""
        if self._territorial is None:
            found: dict[str, list[str]] = {}
            for org, region_id, _ in self.edges(Rel.IN_REGION):
                if self.props(org).get("kind") in TERRITORIAL_KINDS:
                    found.setdefault(region_id, []).append(org)
            self._territorial = found
        return self._territorial.get(region, [])

    def sector_rows(self, sector: str, regions: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
        """The ``SUPERVISES`` edges into ``sector`` scoped to one of ``regions`` (start,
        attrs). A sector is supervised by a department in every region of a province, and a
        row scoped to another region never covers (``rules.covering_path``): grouped by
        region once per sector and graph, so a chain reads its own regions' rows only and
        costs the same in a city and a province."""
        grouped = self._sector_rows.get(sector)
        if grouped is None:
            grouped = {}  # region id -> rows
            for start, attrs in self.index.into_of(sector, Rel.SUPERVISES.value):
                region = attrs["props"].get("region_id")  # not a string: scoped to nothing
                grouped.setdefault(region if type(region) is str else None, []).append(
                    (start, attrs)
                )
            self._sector_rows[sector] = grouped
        return [row for region in regions for row in grouped.get(region, ())]

    def edges(self, rel: Rel) -> list[tuple[str, str, dict[str, Any]]]:
        """Every edge of type ``rel``: (start, end, attrs)."""
        return self.index.edges_of(rel.value)

    def one(self, node: str, rel: Rel) -> tuple[str, Link] | None:
        for end, link, _ in self.out(node, rel):
            return end, link
        return None

    def end(self, node: str, rel: Rel) -> str | None:
        """``one(node, rel)``'s end without its link: where a whole-graph pass needs only
        whom a node points to (its hazards' enterprise, owner and plan), the links it never
        reads were a seventh of working out an L store's facts."""
        return self.index.first_out(node, rel.value)

    def ancestors(self, node: str | None, rel: Rel, first: Link | None) -> dict[str, list[Link]]:
        """Ancestors-or-self along ``rel`` (a tree), each with the links that lead to it."""
        found: dict[str, list[Link]] = {}
        path = [first] if first else []
        while node is not None and node not in found:
            found[node] = list(path)
            step = self.one(node, rel)
            if step is None:
                break
            node, link = step
            path.append(link)
        return found

    def target_label(self, node: str) -> str:
        """What a supervision row is aimed at: ``enterprise``, ``sector`` or ``region``."""
        if self.has(node, Label.ENTERPRISE):
            return Target.ENTERPRISE
        return Target.SECTOR if self.has(node, Label.SECTOR) else Target.REGION


def _link(start: str, end: str, attrs: dict[str, Any]) -> Link:
    props = attrs["props"]
    return Link(
        start,
        attrs["type"],
        end,
        props.get("key", ""),
        tuple(props.get("source_ids", ())),
        props.get("start"),
        props.get("end"),
    )


def _supervision(
    view: GraphView, org: str, target: str, link: Link, props: dict[str, Any]
) -> SupervisionFact:
    return SupervisionFact(
        org,
        props.get("kind"),
        target,
        view.target_label(target),
        props.get("region_id"),
        link,
    )


def _org(view: GraphView, org: str) -> OrgFact:
    region = view.one(org, Rel.IN_REGION)
    return OrgFact(
        org,
        view.props(org).get("kind"),
        region[0] if region else None,
        view.end(org, Rel.IN_SECTOR),
        region[1] if region else None,
    )


def subject_facts(view: GraphView, subject: str, day: str) -> SubjectFacts | None:
    graph = view.g
    kind: SubjectKind
    if subject not in graph:
        return None
    if view.has(subject, Label.HAZARD):
        kind = SubjectKind.HAZARD
    elif view.has(subject, Label.ACCIDENT):
        kind = SubjectKind.ACCIDENT
    elif view.has(subject, Label.ENTERPRISE):
        kind = SubjectKind.ENTERPRISE
    else:
        return None
    enterprise: str | None = subject
    at: Link | None = None
    if kind != SubjectKind.ENTERPRISE:
        found = view.one(subject, Rel.AT)
        enterprise, at = found if found else (None, None)
    owners = tuple(OwnerFact(person, link) for person, link, _ in view.out(subject, Rel.OWNED_BY))
    findings = tuple(
        FindingRow(
            person,
            props.get("position_id"),
            props["responsibility"],
            props.get("sanction"),
            tuple(props.get("source_ids", ())),
        )
        for person, _, props in view.into(subject, Rel.FOUND_RESPONSIBLE)
    )
    if enterprise is None:
        return SubjectFacts(subject, kind, None, at, owners, findings)
    sector = view.one(enterprise, Rel.IN_SECTOR)
    region = view.one(enterprise, Rel.IN_REGION)
    sectors = view.ancestors(sector[0], Rel.SUBSECTOR_OF, sector[1]) if sector else {}
    regions = view.ancestors(region[0], Rel.PART_OF, region[1]) if region else {}

    def supervising(target: str) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        # a sector's rows scoped to another region never cover: left out (``sector_rows``)
        scoped = (
            view.sector_rows(target, regions)
            if view.target_label(target) == Target.SECTOR
            else None
        )
        return view.valid_into(target, Rel.SUPERVISES, day, scoped)

    supervision = tuple(
        _supervision(view, org, target, link, props)
        for target in (enterprise, *sectors, *regions)
        for org, link, props in supervising(target)
    )
    regional = tuple(
        _org(view, org) for region_id in regions for org in view.territorial_in(region_id)
    )
    return SubjectFacts(
        subject,
        kind,
        enterprise,
        at,
        owners,
        findings,
        tuple(Reach(s, tuple(p)) for s, p in sectors.items()),
        tuple(Reach(r, tuple(p)) for r, p in regions.items()),
        supervision,
        regional,
    )


def _post(view: GraphView, pos: str) -> PostFact:
    org = view.one(pos, Rel.POST_OF)
    return PostFact(
        pos, org[0] if org else None, view.props(pos).get("role"), org[1] if org else None
    )


def posts_facts(
    view: GraphView, org_ids: list[str], charged_org_ids: list[str], day: str
) -> PostsFacts:
    graph = view.g
    positions = {
        pos for org in org_ids if org in graph for pos, _, _ in view.into(org, Rel.POST_OF)
    }
    charges = tuple(
        ChargeRow(pos, org, link)
        for org in charged_org_ids
        if org in graph
        for pos, link, _ in view.valid_into(org, Rel.IN_CHARGE_OF, day)
    )
    positions |= {c.position_id for c in charges}
    holdings = tuple(
        HoldingFact(person, pos, link)
        for pos in sorted(positions)
        for person, link, _ in view.valid_into(pos, Rel.HOLDS, day)
    )
    return PostsFacts(tuple(_post(view, p) for p in sorted(positions)), charges, holdings)


def graph_facts(view: GraphView, day: str) -> GraphFacts:
    params = {"day": day}
    # each condition bound to the day once: a pass over every appointment, assignment,
    # supervision row and hazard of the graph (the interpreted form per row was most of it)
    valid, is_open, drilled = (c.predicate(params) for c in (VALID_ON, HAZARD_OPEN, DRILL_BY))

    def parents(label: Label, rel: Rel) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []
        for node in view.nodes_with(label):
            up = view.end(node, rel)
            if up is not None:
                found.append((node, up))
        return tuple(found)

    holdings: list[HoldingFact] = []

    def held(pos: str) -> bool:
        """Anybody holds ``pos`` on the day; who does is kept for the sweep (one pass over the
        appointments, not a second one of every appointment in ``sweep``)."""
        found = False
        for person, attrs in view.index.into_of(pos, Rel.HOLDS.value):
            props = attrs["props"]
            if valid(props):
                found = True
                link = Link(
                    person,
                    Rel.HOLDS,
                    pos,
                    "",
                    tuple(props.get("source_ids") or ()),
                    props.get("start"),
                    props.get("end"),
                )
                holdings.append(HoldingFact(person, pos, link))
        return found

    supervision: list[SupervisionFact] = []
    charges: list[ChargeRow] = []
    for start, end, attrs in view.edges(Rel.SUPERVISES):
        if valid(attrs["props"]):
            link = _link(start, end, attrs)
            supervision.append(_supervision(view, start, end, link, attrs["props"]))
    for start, end, attrs in view.edges(Rel.IN_CHARGE_OF):
        if valid(attrs["props"]):
            charges.append(ChargeRow(start, end, _link(start, end, attrs)))
    hazards = []
    for hz in view.nodes_with(Label.HAZARD):
        p = view.props(hz)
        if not is_open(p):
            continue
        hazards.append(
            HazardFact(
                hz,
                view.end(hz, Rel.AT),
                p.get("grade"),
                view.end(hz, Rel.OWNED_BY),
                p.get("measures"),
                p.get("funds_cny"),
                p.get("deadline"),
                view.end(hz, Rel.USES_PLAN),
            )
        )
    duties = []
    for duty in view.nodes_with(Label.DUTY):
        holder = view.end(duty, Rel.HELD_BY)
        if holder is not None and view.has(holder, Label.POSITION):
            duties.append(DutyFact(duty, holder))
    plans = []
    for plan in view.nodes_with(Label.EMERGENCY_PLAN):
        drills = [
            view.props(d).get("held_on")
            for d, _ in view.index.into_of(plan, Rel.DRILL_OF.value)
            if drilled(view.props(d))
        ]
        plans.append(
            PlanFact(
                plan,
                view.end(plan, Rel.PLAN_OF),
                view.props(plan).get("revised_on"),
                max((str(d) for d in drills), default=None),
            )
        )
    # A post's organization without its POST_OF link (``end``, not ``_post``): no fact
    # here reads the link, and making it for each of an L store's 42k posts was 0.13 s.
    end_of, props_of = view.end, view.props
    posts = tuple(  # before ``holdings`` is read: ``held`` fills it
        HeldPost(pos, end_of(pos, Rel.POST_OF), props_of(pos).get("role"), held(pos))
        for pos in view.nodes_with(Label.POSITION)
    )
    return GraphFacts(
        organizations=tuple(_org(view, o) for o in view.nodes_with(Label.ORGANIZATION)),
        enterprises=tuple(view.nodes_with(Label.ENTERPRISE)),
        region_parents=parents(Label.REGION, Rel.PART_OF),
        sector_parents=parents(Label.SECTOR, Rel.SUBSECTOR_OF),
        posts=posts,
        supervision=tuple(supervision),
        charges=tuple(charges),
        hazards=tuple(hazards),
        duties=tuple(duties),
        plans=tuple(plans),
        holdings=tuple(holdings),
    )


# -- portfolios and vacancy impact -----------------------------------------------------------
def appointments(
    view: GraphView, person_id: str | None = None, org_id: str | None = None
) -> list[AppointmentRow]:
    graph = view.g
    posts: list[tuple[str, str | None]]
    if person_id is not None and person_id in graph:
        posts = [(pos, None) for pos, _, _ in view.out(person_id, Rel.HOLDS)]
    elif org_id is not None and org_id in graph:
        posts = [(pos, org_id) for pos, _, _ in view.into(org_id, Rel.POST_OF)]
    else:
        return []
    rows = []
    for pos, _ in sorted(set(posts)):
        org = view.one(pos, Rel.POST_OF)
        role = view.props(pos).get("role")
        for person, link, _ in view.into(pos, Rel.HOLDS):
            if person_id is None or person == person_id:
                rows.append(AppointmentRow(person, pos, org[0] if org else None, role, link))
    return rows


def positions_of(view: GraphView, org_id: str) -> list[str]:
    if org_id not in view.g:
        return []
    return sorted(pos for pos, _, _ in view.into(org_id, Rel.POST_OF))


def assignments(
    view: GraphView,
    day: str,
    position_ids: list[str] | None = None,
    org_ids: list[str] | None = None,
) -> list[ChargeRow]:
    graph = view.g
    rows = []
    for pos in position_ids or []:
        if pos in graph:
            rows += [
                ChargeRow(pos, org, link)
                for org, link, p in view.out(pos, Rel.IN_CHARGE_OF)
                if VALID_ON.holds(p, {"day": day})
            ]
    for org in org_ids or []:
        if org in graph:
            rows += [
                ChargeRow(pos, org, link)
                for pos, link, _ in view.valid_into(org, Rel.IN_CHARGE_OF, day)
            ]
    return rows


def remit_facts(view: GraphView, org_ids: list[str], day: str) -> RemitFacts:
    graph = view.g
    params = {"day": day}
    orgs = [_org(view, o) for o in org_ids if o in graph]
    supervision = [
        _supervision(view, org.id, target, link, props)
        for org in orgs
        for target, link, props in view.out(org.id, Rel.SUPERVISES)
        if VALID_ON.holds(props, params)
    ]
    sector_list, region_list = tops_below(tuple(orgs), tuple(supervision))
    sector_tops, region_tops = set(sector_list), set(region_list)
    within = set(sector_regions(tuple(supervision)))
    below: list[Below] = []
    for ent in view.nodes_with(Label.ENTERPRISE):
        first = view.one(ent, Rel.IN_REGION)
        ups = {} if first is None else view.ancestors(first[0], Rel.PART_OF, first[1])
        sector = view.one(ent, Rel.IN_SECTOR) if not within.isdisjoint(ups) else None
        if sector is not None:  # sector rows only within a sector row's region
            for top, path in view.ancestors(sector[0], Rel.SUBSECTOR_OF, sector[1]).items():
                if top in sector_tops:
                    below.append(Below(top, Target.SECTOR, ent, tuple(path)))
        below += (
            Below(top, Target.REGION, ent, tuple(p)) for top, p in ups.items() if top in region_tops
        )
    return RemitFacts(tuple(orgs), tuple(supervision), tuple(below))


def incidents(view: GraphView, enterprise_ids: list[str], day: str) -> list[IncidentRow]:
    graph = view.g
    rows = []
    for ent in enterprise_ids:
        if ent not in graph:
            continue
        for subject, link, _ in view.into(ent, Rel.AT):
            p = view.props(subject)
            if view.has(subject, Label.HAZARD):
                if HAZARD_OPEN.holds(p, {"day": day}):
                    row = IncidentRow(
                        SubjectKind.HAZARD, subject, ent, p["found_on"], p.get("deadline"), link
                    )
                    rows.append(row)
            elif ACCIDENT_BY.holds(p, {"day": day}):
                rows.append(
                    IncidentRow(SubjectKind.ACCIDENT, subject, ent, p["occurred_on"], None, link)
                )
    return rows


def duties_of(view: GraphView, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
    graph = view.g
    return [
        (duty, holder, link)
        for holder in holder_ids
        if holder in graph
        for duty, link, _ in view.into(holder, Rel.HELD_BY)
    ]
