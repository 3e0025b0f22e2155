"""The accountability walks on the networkx graph (the embedded store's side of the spec).

``neo4j_queries.py`` holds the same walks in Cypher; the parity tests hold them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph_model.dates import drill_window_start, minus_years
from graph_model.facts import (
    AppointmentRow,
    ChainFacts,
    ChargeRow,
    CoverRow,
    FindingRow,
    GapRow,
    IncidentRow,
    LevelRow,
)
from graph_model.results import SUPERVISION_LEVELS, Link
from graph_model.schema import TERRITORIAL_KINDS, Label, OrgKind, Rel, Role

_LEVEL_OF_KIND = {
    "industry": "industry_supervision",
    "specialized": "specialized_supervision",
    "comprehensive": "comprehensive_supervision",
}


def valid_on(props: dict[str, Any], day: str) -> bool:
    """An interval is valid on ``day`` when start <= day and (end blank or day <= end)."""
    start, end = props.get("start"), props.get("end")
    return (start is None or start <= day) and (end is None or day <= end)


class GraphView:
    """Read helpers over the store's multigraph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.g = graph

    def props(self, node: str) -> dict[str, Any]:
        return self.g.nodes[node]["props"]

    def has(self, node: str, label: Label) -> bool:
        return node in self.g and label.value in self.g.nodes[node]["labels"]

    def nodes_with(self, label: Label) -> list[str]:
        return sorted(n for n, a in self.g.nodes(data=True) if label.value in a["labels"])

    def out(self, node: str, rel: Rel) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        for _, end, attrs in self.g.out_edges(node, data=True):
            if attrs["type"] == rel.value:
                yield end, _link(node, end, attrs), attrs["props"]

    def into(self, node: str, rel: Rel) -> Iterator[tuple[str, Link, dict[str, Any]]]:
        for start, _, attrs in self.g.in_edges(node, data=True):
            if attrs["type"] == rel.value:
                yield start, _link(start, node, attrs), attrs["props"]

    def one(self, node: str, rel: Rel) -> tuple[str, Link] | None:
        for end, link, _ in self.out(node, rel):
            return end, link
        return None

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

    def holders(self, position: str, day: str, vacant: str | None) -> list[tuple[str, Link]]:
        if position == vacant:
            return []
        return sorted(
            (person, link)
            for person, link, props in self.into(position, Rel.HOLDS)
            if valid_on(props, day)
        )

    def posts(self, org: str, roles: tuple[str, ...]) -> list[tuple[str, Link]]:
        return sorted(
            (pos, link)
            for pos, link, _ in self.into(org, Rel.POST_OF)
            if self.props(pos).get("role") in roles
        )


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


def _post_rows(
    view: GraphView,
    level: str,
    org: str,
    roles: tuple[str, ...],
    path: list[Link],
    day: str,
    vacant: str | None,
    *,
    need_principal: bool = True,
) -> list[LevelRow]:
    """Rows for the posts of ``org`` with ``roles``: holders, vacancies, or no principal."""
    rows: list[LevelRow] = []
    posts = view.posts(org, roles)
    if need_principal and not any(view.props(p).get("role") == Role.PRINCIPAL for p, _ in posts):
        rows.append(LevelRow(level, org, path=tuple(path)))
    for pos, post_link in posts:
        role = view.props(pos).get("role")
        holders = view.holders(pos, day, vacant)
        if not holders:
            rows.append(LevelRow(level, org, pos, role=role, path=(*path, post_link)))
        for person, holds in holders:
            rows.append(LevelRow(level, org, pos, person, role, path=(*path, post_link, holds)))
    return rows


def chain_facts(
    graph: nx.MultiDiGraph, subject: str, day: str, vacant: str | None = None
) -> ChainFacts | None:
    view = GraphView(graph)
    if subject not in graph:
        return None
    if view.has(subject, Label.HAZARD):
        kind = "hazard"
    elif view.has(subject, Label.ACCIDENT):
        kind = "accident"
    elif view.has(subject, Label.ENTERPRISE):
        kind = "enterprise"
    else:
        return None
    base: list[Link] = []
    enterprise: str | None = subject
    if kind != "enterprise":
        at = view.one(subject, Rel.AT)
        enterprise, base = (at[0], [at[1]]) if at else (None, [])
    facts = ChainFacts(subject, kind, enterprise)
    if kind == "hazard":
        for person, link, _ in view.out(subject, Rel.OWNED_BY):
            facts.rows.append(LevelRow("hazard_owner", None, None, person, path=(link,)))
    if kind == "accident":
        for person, _, props in view.into(subject, Rel.FOUND_RESPONSIBLE):
            facts.findings.append(
                FindingRow(
                    person,
                    props.get("position_id"),
                    props["responsibility"],
                    props.get("sanction"),
                    tuple(props.get("source_ids", ())),
                )
            )
    if enterprise is None:
        return facts

    roles = (Role.PRINCIPAL.value, Role.SAFETY_MANAGER.value)
    facts.rows += _post_rows(view, "enterprise", enterprise, roles, base, day, vacant)

    sector = view.one(enterprise, Rel.IN_SECTOR)
    region = view.one(enterprise, Rel.IN_REGION)
    sectors = view.ancestors(sector[0], Rel.SUBSECTOR_OF, sector[1]) if sector else {}
    regions = view.ancestors(region[0], Rel.PART_OF, region[1]) if region else {}

    # Supervision: rows valid on D aimed at E itself, at a sector above S (in a region above
    # R), or, for comprehensive supervision of all sectors, at a region above R.
    found: dict[str, list[tuple[str, list[Link]]]] = {}  # org -> [(level, path to org)]
    for target in [enterprise, *sectors, *regions]:
        for org, link, props in view.into(target, Rel.SUPERVISES):
            if not valid_on(props, day):
                continue
            if props.get("enterprise_id"):
                path = [*base, link]
            elif props.get("sector_id"):
                if props["sector_id"] != target or props.get("region_id") not in regions:
                    continue
                path = [*base, *sectors[target], *regions[props["region_id"]], link]
            else:
                if props.get("kind") != "comprehensive" or target not in regions:
                    continue
                path = [*base, *regions[target], link]
            level = _LEVEL_OF_KIND[props["kind"]]
            found.setdefault(org, []).append((level, path))
            facts.rows += _post_rows(view, level, org, (Role.PRINCIPAL.value,), path, day, vacant)

    for org in sorted(found):
        assignments = sorted(
            (pos, link)
            for pos, link, props in view.into(org, Rel.IN_CHARGE_OF)
            if valid_on(props, day)
        )
        for level, path in found[org]:
            if not assignments:
                facts.rows.append(LevelRow("leadership_in_charge", org, path=tuple(path)))
            for pos, in_charge in assignments:
                post_org = view.one(pos, Rel.POST_OF)
                holders = view.holders(pos, day, vacant)
                common = {
                    "level": "leadership_in_charge",
                    "org_id": post_org[0] if post_org else None,
                    "position_id": pos,
                    "role": view.props(pos).get("role"),
                    "via_comprehensive": level == "comprehensive_supervision",
                }
                if not holders:
                    facts.rows.append(LevelRow(**common, path=(*path, in_charge)))
                for person, holds in holders:
                    facts.rows.append(
                        LevelRow(**common, person_id=person, path=(*path, in_charge, holds))
                    )

    for region_id, path in regions.items():
        for org, link, _ in view.into(region_id, Rel.IN_REGION):
            if view.props(org).get("kind") in TERRITORIAL_KINDS:
                facts.rows += _post_rows(
                    view,
                    "principal_leadership",
                    org,
                    (Role.PRINCIPAL.value,),
                    [*base, *path, link],
                    day,
                    vacant,
                )
    return facts


assert set(_LEVEL_OF_KIND.values()) == set(SUPERVISION_LEVELS)


# -- coverage gaps ---------------------------------------------------------------------------
def gap_rows(graph: nx.MultiDiGraph, day: str) -> list[GapRow]:
    view = GraphView(graph)
    rows: list[GapRow] = []
    supervision = [
        (org, target, props)
        for org, target, attrs in graph.edges(data=True)
        if attrs["type"] == Rel.SUPERVISES.value
        for props in [attrs["props"]]
        if valid_on(props, day)
    ]

    def held(position: str) -> bool:
        return bool(view.holders(position, day, None))

    for ent in view.nodes_with(Label.ENTERPRISE):
        props = view.props(ent)
        region, sector = props.get("region_id"), props.get("sector_id")
        regions = view.ancestors(region, Rel.PART_OF, None) if region in graph else {}
        sectors = view.ancestors(sector, Rel.SUBSECTOR_OF, None) if sector in graph else {}
        covered = any(
            p["kind"] == "industry"
            and (
                p.get("enterprise_id") == ent
                or (p.get("sector_id") in sectors and p.get("region_id") in regions)
            )
            for _, _, p in supervision
        )
        where = {"region_id": region, "sector_id": sector}
        if not covered:
            rows.append(GapRow("enterprise_unsupervised", ent, **where))
        principals = view.posts(ent, (Role.PRINCIPAL.value,))
        if not any(held(p) for p, _ in principals):
            rows.append(
                GapRow("enterprise_no_principal", ent, **where, facts=(("posts", len(principals)),))
            )

    public_kinds = {*TERRITORIAL_KINDS, OrgKind.DEPARTMENT}
    supervising = {org for org, _, _ in supervision}
    for org in view.nodes_with(Label.ORGANIZATION):
        props = view.props(org)
        if props.get("kind") not in public_kinds:
            continue
        for pos, _ in view.posts(org, (Role.PRINCIPAL.value,)):
            if not held(pos):
                rows.append(
                    GapRow("post_vacant", pos, region_id=props.get("region_id"), org_id=org)
                )
        if props.get("kind") == OrgKind.DEPARTMENT and org in supervising:
            assigned = [p for p, _, a in view.into(org, Rel.IN_CHARGE_OF) if valid_on(a, day)]
            if not any(held(p) for p in assigned):
                rows.append(
                    GapRow(
                        "department_no_leader_in_charge",
                        org,
                        region_id=props.get("region_id"),
                        org_id=org,
                        facts=(("assigned_posts", len(assigned)),),
                    )
                )

    cells: dict[tuple[str, str], set[str]] = {}
    for org, _, p in supervision:
        if p["kind"] == "industry" and p.get("sector_id") and p.get("region_id"):
            cells.setdefault((p["sector_id"], p["region_id"]), set()).add(org)
    for (sector, region), orgs in sorted(cells.items()):
        if len(orgs) > 1:
            rows.append(
                GapRow(
                    "supervision_overlap",
                    f"{sector}|{region}",
                    region_id=region,
                    sector_id=sector,
                    facts=(("orgs", tuple(sorted(orgs))),),
                )
            )

    plans = set(view.nodes_with(Label.EMERGENCY_PLAN))
    for hz in view.nodes_with(Label.HAZARD):
        p = view.props(hz)
        if not (p["found_on"] <= day and (p.get("closed_on") is None or p["closed_on"] > day)):
            continue
        ent = p.get("enterprise_id")
        ent_props = view.props(ent) if ent in graph else {}
        where = {
            "region_id": ent_props.get("region_id"),
            "sector_id": ent_props.get("sector_id"),
            "org_id": ent,
        }
        if p.get("grade") == "major":
            missing = [
                name
                for name, ok in (
                    ("owner", bool(p.get("owner_person_id"))),
                    ("measures", bool(p.get("measures"))),
                    ("funds", (p.get("funds_cny") or 0) > 0),
                    ("deadline", bool(p.get("deadline"))),
                    ("plan", p.get("plan_id") in plans),
                )
                if not ok
            ]
            if missing:
                rows.append(GapRow("major_hazard_incomplete", hz, **where, missing=tuple(missing)))
        if p.get("deadline") and p["deadline"] < day:
            rows.append(GapRow("hazard_overdue", hz, **where, facts=(("deadline", p["deadline"]),)))

    for duty in view.nodes_with(Label.DUTY):
        holder = view.one(duty, Rel.HELD_BY)
        if holder and view.has(holder[0], Label.POSITION) and not held(holder[0]):
            post_org = view.one(holder[0], Rel.POST_OF)
            org = post_org[0] if post_org else None
            rows.append(
                GapRow(
                    "duty_unheld",
                    duty,
                    org_id=org,
                    region_id=view.props(org).get("region_id") if org else None,
                    facts=(("position_id", holder[0]),),
                )
            )

    stale_before = minus_years(day, 3)
    first_drill_day = drill_window_start(day)
    for plan in sorted(plans):
        p = view.props(plan)
        revised = p.get("revised_on")
        if revised is not None and revised > day:
            continue  # revised after D: not considered
        holder = p.get("holder_id")
        holder_props = view.props(holder) if holder in graph else {}
        where = {
            "region_id": holder_props.get("region_id"),
            "org_id": holder,
            "sector_id": holder_props.get("sector_id"),
        }
        if revised is None or revised < stale_before:
            rows.append(GapRow("plan_stale", plan, **where, facts=(("revised_on", revised),)))
        drills = sorted(view.props(d)["held_on"] for d, _, _ in view.into(plan, Rel.DRILL_OF))
        if not any(first_drill_day <= held_on <= day for held_on in drills):
            last = max((h for h in drills if h <= day), default=None)
            rows.append(GapRow("plan_not_drilled", plan, **where, facts=(("last_drill", last),)))
    return rows


# -- portfolios and vacancy impact -----------------------------------------------------------
def appointments(
    graph: nx.MultiDiGraph, person_id: str | None = None, org_id: str | None = None
) -> list[AppointmentRow]:
    view = GraphView(graph)
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


def positions_of(graph: nx.MultiDiGraph, org_id: str) -> list[str]:
    if org_id not in graph:
        return []
    return sorted(pos for pos, _, _ in GraphView(graph).into(org_id, Rel.POST_OF))


def assignments(
    graph: nx.MultiDiGraph,
    day: str,
    position_ids: list[str] | None = None,
    org_ids: list[str] | None = None,
) -> list[ChargeRow]:
    view = GraphView(graph)
    rows = []
    for pos in position_ids or []:
        if pos in graph:
            rows += [
                ChargeRow(pos, org, link)
                for org, link, p in view.out(pos, Rel.IN_CHARGE_OF)
                if valid_on(p, day)
            ]
    for org in org_ids or []:
        if org in graph:
            rows += [
                ChargeRow(pos, org, link)
                for pos, link, p in view.into(org, Rel.IN_CHARGE_OF)
                if valid_on(p, day)
            ]
    return rows


def coverage(graph: nx.MultiDiGraph, org_ids: list[str], day: str) -> list[CoverRow]:
    view = GraphView(graph)
    places = {}
    for ent in view.nodes_with(Label.ENTERPRISE):
        sector = view.one(ent, Rel.IN_SECTOR)
        region = view.one(ent, Rel.IN_REGION)
        places[ent] = (
            view.ancestors(sector[0], Rel.SUBSECTOR_OF, sector[1]) if sector else {},
            view.ancestors(region[0], Rel.PART_OF, region[1]) if region else {},
        )
    rows: list[CoverRow] = []
    for org in org_ids:
        if org not in graph:
            continue
        for target, link, props in view.out(org, Rel.SUPERVISES):
            if not valid_on(props, day):
                continue
            kind = props["kind"]
            if props.get("enterprise_id"):
                rows.append(CoverRow(org, target, kind, (link,)))
                continue
            for ent, (sectors, regions) in places.items():
                if props.get("sector_id"):
                    if target in sectors and props.get("region_id") in regions:
                        path = (*sectors[target], *regions[props["region_id"]], link)
                        rows.append(CoverRow(org, ent, kind, path))
                elif kind == "comprehensive" and target in regions:
                    rows.append(CoverRow(org, ent, kind, (*regions[target], link)))
        if view.props(org).get("kind") in TERRITORIAL_KINDS:
            for region, link, _ in view.out(org, Rel.IN_REGION):
                for ent, (_, regions) in places.items():
                    if region in regions:
                        rows.append(CoverRow(org, ent, "territorial", (*regions[region], link)))
    return rows


def incidents(graph: nx.MultiDiGraph, enterprise_ids: list[str], day: str) -> list[IncidentRow]:
    view = GraphView(graph)
    rows = []
    for ent in enterprise_ids:
        if ent not in graph:
            continue
        for subject, link, _ in view.into(ent, Rel.AT):
            p = view.props(subject)
            if view.has(subject, Label.HAZARD):
                if p["found_on"] <= day and (p.get("closed_on") is None or p["closed_on"] > day):
                    overdue = bool(p.get("deadline")) and p["deadline"] < day
                    rows.append(IncidentRow("hazard", subject, ent, p["found_on"], overdue, link))
            elif p["occurred_on"] <= day:
                rows.append(IncidentRow("accident", subject, ent, p["occurred_on"], False, link))
    return rows


def duties_of(graph: nx.MultiDiGraph, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
    view = GraphView(graph)
    return [
        (duty, holder, link)
        for holder in holder_ids
        if holder in graph
        for duty, link, _ in view.into(holder, Rel.HELD_BY)
    ]
