"""The accountability walks in Cypher, run on the Neo4j server from indexed start nodes.

Each query starts from a node found through a uniqueness constraint (``Entity.id``) or a
label, and returns only what a chain level or a gap needs. The same walks for networkx are in
``memory_queries.py``; the parity tests hold the two together. Every value is a parameter;
only the fragments below (constants of this module) are formatted into the text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

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
from graph_model.results import Link
from graph_model.schema import TERRITORIAL_KINDS, OrgKind

Run = Callable[..., list[dict[str, Any]]]

_TERRITORIAL = [k.value for k in TERRITORIAL_KINDS]
_PUBLIC = [*_TERRITORIAL, OrgKind.DEPARTMENT.value]
_LEVEL_OF_KIND = {
    "industry": "industry_supervision",
    "specialized": "specialized_supervision",
    "comprehensive": "comprehensive_supervision",
}


def _valid(var: str) -> str:
    """Cypher: the relationship ``var`` is valid on ``$day``."""
    return (
        f"({var}.start IS NULL OR {var}.start <= $day) AND ({var}.end IS NULL OR $day <= {var}.end)"
    )


def _links(expr: str) -> str:
    """Cypher: a list of relationships as link maps."""
    return (
        f"[r IN {expr} | {{start: startNode(r).id, rel: type(r), end: endNode(r).id, "
        "key: r.key, source_ids: r.source_ids, valid_from: r.start, valid_to: r.end}]"
    )


_HOLDER = f"""
OPTIONAL MATCH (person:Person)-[h:HOLDS]->(pos)
  WHERE ($vacant IS NULL OR pos.id <> $vacant) AND {_valid("h")}
"""

SUBJECT = (
    """
MATCH (s:Entity {id: $subject})
WHERE s:Hazard OR s:Accident OR s:Enterprise
OPTIONAL MATCH (s)-[at:AT]->(e:Enterprise)
RETURN CASE WHEN s:Hazard THEN 'hazard' WHEN s:Accident THEN 'accident' ELSE 'enterprise' END
         AS kind,
       CASE WHEN s:Enterprise THEN s.id ELSE e.id END AS enterprise,
       CASE WHEN at IS NULL THEN [] ELSE """
    + _links("[at]")
    + """ END AS base,
       COLLECT { MATCH (s)-[o:OWNED_BY]->(p:Person)
                 RETURN {person: p.id, path: """
    + _links("[o]")
    + """} } AS owners,
       COLLECT { MATCH (p:Person)-[f:FOUND_RESPONSIBLE]->(s)
                 RETURN {person: p.id, position: f.position_id, responsibility: f.responsibility,
                         sanction: f.sanction, source_ids: f.source_ids} } AS findings
"""
)

ENTERPRISE_POSTS = f"""
MATCH (org:Enterprise {{id: $enterprise}})
OPTIONAL MATCH (pos:Position)-[po:POST_OF]->(org)
  WHERE pos.role IN ['principal', 'safety_manager']
{_HOLDER}
RETURN org.id AS org, [] AS path, pos.id AS pos, pos.role AS role,
       CASE WHEN po IS NULL THEN [] ELSE {_links("[po, h]")} END AS post_path,
       person.id AS person
"""

# Supervision rows valid on $day that cover the enterprise, each with the path that finds it.
_COVERING = f"""
MATCH (e:Enterprise {{id: $enterprise}})
CALL (e) {{
  OPTIONAL MATCH p = (e)-[:IN_SECTOR]->(:Sector)-[:SUBSECTOR_OF*0..]->(s:Sector)
  RETURN collect(CASE WHEN s IS NULL THEN NULL ELSE {{id: s.id, rels: relationships(p)}} END)
         AS sectors
}}
CALL (e) {{
  OPTIONAL MATCH p = (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(r:Region)
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {{id: r.id, rels: relationships(p)}} END)
         AS regions
}}
CALL (e, sectors, regions) {{
  MATCH (o:Organization)-[sv:SUPERVISES]->(e)
  RETURN o, sv, [] AS via
  UNION
  UNWIND sectors AS s
  MATCH (o:Organization)-[sv:SUPERVISES]->(:Sector {{id: s.id}})
  WITH o, sv, s, [r IN regions WHERE r.id = sv.region_id] AS rr
  WHERE size(rr) > 0
  RETURN o, sv, s.rels + rr[0].rels AS via
  UNION
  UNWIND regions AS r
  MATCH (o:Organization)-[sv:SUPERVISES]->(:Region {{id: r.id}})
  WHERE sv.kind = 'comprehensive' AND sv.sector_id IS NULL
  RETURN o, sv, r.rels AS via
}}
WITH o, sv, via WHERE {_valid("sv")}
"""

SUPERVISION_POSTS = f"""
{_COVERING}
OPTIONAL MATCH (pos:Position {{role: 'principal'}})-[po:POST_OF]->(o)
{_HOLDER}
RETURN sv.kind AS kind, o.id AS org, {_links("via + [sv]")} AS path,
       pos.id AS pos, pos.role AS role,
       CASE WHEN po IS NULL THEN [] ELSE {_links("[po, h]")} END AS post_path,
       person.id AS person
"""

LEADERSHIP = f"""
{_COVERING}
OPTIONAL MATCH (pos:Position)-[ic:IN_CHARGE_OF]->(o) WHERE {_valid("ic")}
OPTIONAL MATCH (pos)-[:POST_OF]->(post_org:Organization)
{_HOLDER}
RETURN sv.kind AS kind, o.id AS dept, {_links("via + [sv]")} AS path,
       pos.id AS pos, pos.role AS role, post_org.id AS org,
       CASE WHEN ic IS NULL THEN [] ELSE {_links("[ic, h]")} END AS post_path,
       person.id AS person
"""

TERRITORIAL_POSTS = f"""
MATCH (e:Enterprise {{id: $enterprise}})
MATCH p = (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(ra:Region)
MATCH (org:Organization)-[ir:IN_REGION]->(ra) WHERE org.kind IN $territorial
OPTIONAL MATCH (pos:Position {{role: 'principal'}})-[po:POST_OF]->(org)
{_HOLDER}
RETURN org.id AS org, {_links("relationships(p) + [ir]")} AS path, pos.id AS pos,
       pos.role AS role,
       CASE WHEN po IS NULL THEN [] ELSE {_links("[po, h]")} END AS post_path,
       person.id AS person
"""


def _link(data: dict[str, Any]) -> Link:
    return Link(
        data["start"],
        data["rel"],
        data["end"],
        data.get("key") or "",
        tuple(data.get("source_ids") or ()),
        data.get("valid_from"),
        data.get("valid_to"),
    )


def _path(items: list[dict[str, Any] | None]) -> tuple[Link, ...]:
    return tuple(_link(i) for i in items if i is not None)


def _post_rows(
    level: str,
    records: list[dict[str, Any]],
    base: tuple[Link, ...],
    *,
    need_principal: bool = True,
    **extra: Any,
) -> list[LevelRow]:
    """Level rows from records of (org, path, pos, role, post_path, person), grouped by the
    way the organization was found. Mirrors ``memory_queries._post_rows``."""
    rows: list[LevelRow] = []
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        groups[(rec["org"], tuple(_path(rec["path"])))].append(rec)
    for (org, path), recs in groups.items():
        full = (*base, *path)
        if need_principal and not any(r["role"] == "principal" for r in recs if r["pos"]):
            rows.append(LevelRow(level, org, path=full, **extra))
        for rec in recs:
            if rec["pos"] is None:
                continue
            post_path = _path(rec["post_path"])
            if rec["person"] is None:
                rows.append(
                    LevelRow(
                        level,
                        org,
                        rec["pos"],
                        role=rec["role"],
                        path=(*full, *post_path[:1]),
                        **extra,
                    )
                )
            else:
                rows.append(
                    LevelRow(
                        level,
                        org,
                        rec["pos"],
                        rec["person"],
                        rec["role"],
                        path=(*full, *post_path),
                        **extra,
                    )
                )
    return rows


def chain_facts(run: Run, subject: str, day: str, vacant: str | None) -> ChainFacts | None:
    head = run(SUBJECT, subject=subject)
    if not head:
        return None
    info = head[0]
    facts = ChainFacts(subject, info["kind"], info["enterprise"])
    for owner in info["owners"]:
        facts.rows.append(
            LevelRow("hazard_owner", None, None, owner["person"], path=_path(owner["path"]))
        )
    for f in info["findings"]:
        facts.findings.append(
            FindingRow(
                f["person"],
                f["position"],
                f["responsibility"],
                f["sanction"],
                tuple(f["source_ids"] or ()),
            )
        )
    enterprise = info["enterprise"]
    if enterprise is None:
        return facts
    base = _path(info["base"])
    params = {"enterprise": enterprise, "day": day, "vacant": vacant}

    facts.rows += _post_rows("enterprise", run(ENTERPRISE_POSTS, **params), base)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in run(SUPERVISION_POSTS, **params):
        by_kind[rec["kind"]].append(rec)
    for kind, recs in by_kind.items():
        facts.rows += _post_rows(_LEVEL_OF_KIND[kind], recs, base)

    for rec in run(LEADERSHIP, **params):
        path = (*base, *_path(rec["path"]))
        comprehensive = rec["kind"] == "comprehensive"
        if rec["pos"] is None:
            facts.rows.append(LevelRow("leadership_in_charge", rec["dept"], path=path))
            continue
        post_path = _path(rec["post_path"])
        common = {
            "level": "leadership_in_charge",
            "org_id": rec["org"],
            "position_id": rec["pos"],
            "role": rec["role"],
            "via_comprehensive": comprehensive,
        }
        if rec["person"] is None:
            facts.rows.append(LevelRow(**common, path=(*path, *post_path[:1])))
        else:
            facts.rows.append(LevelRow(**common, person_id=rec["person"], path=(*path, *post_path)))

    territorial = run(TERRITORIAL_POSTS, territorial=_TERRITORIAL, **params)
    facts.rows += _post_rows("principal_leadership", territorial, base)
    return facts


# -- coverage gaps ---------------------------------------------------------------------------
ENTERPRISES = f"""
MATCH (e:Enterprise)
WITH e,
  COLLECT {{ MATCH (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(ra:Region) RETURN ra.id }}
    AS regions,
  COLLECT {{ MATCH (e)-[:IN_SECTOR]->(:Sector)-[:SUBSECTOR_OF*0..]->(sa:Sector) RETURN sa.id }}
    AS sectors
RETURN e.id AS id, e.region_id AS region, e.sector_id AS sector,
  EXISTS {{ MATCH (:Organization)-[sv:SUPERVISES {{kind: 'industry'}}]->(e)
            WHERE {_valid("sv")} }}
  OR EXISTS {{ MATCH (:Organization)-[sv:SUPERVISES {{kind: 'industry'}}]->(s:Sector)
               WHERE s.id IN sectors AND sv.region_id IN regions AND {_valid("sv")} }}
    AS covered,
  COUNT {{ (:Position {{role: 'principal'}})-[:POST_OF]->(e) }} AS posts,
  EXISTS {{ MATCH (:Person)-[h:HOLDS]->(:Position {{role: 'principal'}})-[:POST_OF]->(e)
            WHERE {_valid("h")} }} AS held
"""

VACANT_POSTS = f"""
MATCH (pos:Position {{role: 'principal'}})-[:POST_OF]->(o:Organization)
WHERE o.kind IN $kinds
  AND NOT EXISTS {{ MATCH (:Person)-[h:HOLDS]->(pos) WHERE {_valid("h")} }}
RETURN pos.id AS id, o.id AS org, o.region_id AS region
"""

DEPARTMENTS_WITHOUT_LEADER = f"""
MATCH (o:Organization {{kind: 'department'}})
WHERE EXISTS {{ MATCH (o)-[sv:SUPERVISES]->() WHERE {_valid("sv")} }}
  AND NOT EXISTS {{ MATCH (:Person)-[h:HOLDS]->(:Position)-[ic:IN_CHARGE_OF]->(o)
                    WHERE {_valid("h")} AND {_valid("ic")} }}
RETURN o.id AS id, o.region_id AS region,
       COUNT {{ MATCH (:Position)-[ic:IN_CHARGE_OF]->(o) WHERE {_valid("ic")} }} AS assigned
"""

OVERLAPS = f"""
MATCH (o:Organization)-[sv:SUPERVISES {{kind: 'industry'}}]->(:Sector)
WHERE sv.region_id IS NOT NULL AND {_valid("sv")}
WITH sv.sector_id AS sector, sv.region_id AS region, collect(DISTINCT o.id) AS orgs
WHERE size(orgs) > 1
RETURN sector, region, orgs
"""

OPEN_HAZARDS = """
MATCH (h:Hazard)
WHERE h.found_on <= $day AND (h.closed_on IS NULL OR h.closed_on > $day)
OPTIONAL MATCH (h)-[:AT]->(e:Enterprise)
WITH h, e, EXISTS { MATCH (p:EmergencyPlan) WHERE p.id = h.plan_id } AS has_plan
RETURN h.id AS id, h.deadline AS deadline, e.id AS enterprise, e.region_id AS region,
       e.sector_id AS sector,
       CASE WHEN h.grade = 'major' THEN
         [x IN [['owner', h.owner_person_id IS NOT NULL], ['measures', h.measures IS NOT NULL],
                ['funds', coalesce(h.funds_cny, 0) > 0], ['deadline', h.deadline IS NOT NULL],
                ['plan', has_plan]] WHERE NOT x[1] | x[0]]
       ELSE [] END AS missing
"""

UNHELD_DUTIES = f"""
MATCH (d:Duty)-[:HELD_BY]->(pos:Position)
WHERE NOT EXISTS {{ MATCH (:Person)-[h:HOLDS]->(pos) WHERE {_valid("h")} }}
OPTIONAL MATCH (pos)-[:POST_OF]->(o:Organization)
RETURN d.id AS id, pos.id AS pos, o.id AS org, o.region_id AS region
"""

PLANS = """
MATCH (p:EmergencyPlan)
WHERE p.revised_on IS NULL OR p.revised_on <= $day
OPTIONAL MATCH (p)-[:PLAN_OF]->(o:Organization)
RETURN p.id AS id, p.revised_on AS revised, o.id AS org, o.region_id AS region,
       o.sector_id AS sector,
       p.revised_on IS NULL OR p.revised_on < $stale_before AS stale,
       EXISTS { MATCH (d:Drill)-[:DRILL_OF]->(p) WHERE $first_drill_day <= d.held_on <= $day }
         AS drilled,
       COLLECT { MATCH (d:Drill)-[:DRILL_OF]->(p) WHERE d.held_on <= $day
                 RETURN d.held_on ORDER BY d.held_on DESC LIMIT 1 } AS last
"""


def gap_rows(run: Run, day: str) -> list[GapRow]:
    rows: list[GapRow] = []
    for e in run(ENTERPRISES, day=day):
        where = {"region_id": e["region"], "sector_id": e["sector"]}
        if not e["covered"]:
            rows.append(GapRow("enterprise_unsupervised", e["id"], **where))
        if not e["held"]:
            rows.append(
                GapRow("enterprise_no_principal", e["id"], **where, facts=(("posts", e["posts"]),))
            )
    for p in run(VACANT_POSTS, day=day, kinds=_PUBLIC):
        rows.append(GapRow("post_vacant", p["id"], region_id=p["region"], org_id=p["org"]))
    for d in run(DEPARTMENTS_WITHOUT_LEADER, day=day):
        rows.append(
            GapRow(
                "department_no_leader_in_charge",
                d["id"],
                region_id=d["region"],
                org_id=d["id"],
                facts=(("assigned_posts", d["assigned"]),),
            )
        )
    for o in run(OVERLAPS, day=day):
        rows.append(
            GapRow(
                "supervision_overlap",
                f"{o['sector']}|{o['region']}",
                region_id=o["region"],
                sector_id=o["sector"],
                facts=(("orgs", tuple(sorted(o["orgs"]))),),
            )
        )
    for h in run(OPEN_HAZARDS, day=day):
        where = {"region_id": h["region"], "sector_id": h["sector"], "org_id": h["enterprise"]}
        if h["missing"]:
            rows.append(
                GapRow("major_hazard_incomplete", h["id"], **where, missing=tuple(h["missing"]))
            )
        if h["deadline"] and h["deadline"] < day:
            rows.append(
                GapRow("hazard_overdue", h["id"], **where, facts=(("deadline", h["deadline"]),))
            )
    for d in run(UNHELD_DUTIES, day=day):
        rows.append(
            GapRow(
                "duty_unheld",
                d["id"],
                org_id=d["org"],
                region_id=d["region"],
                facts=(("position_id", d["pos"]),),
            )
        )
    first = drill_window_start(day)
    for p in run(PLANS, day=day, stale_before=minus_years(day, 3), first_drill_day=first):
        where = {"region_id": p["region"], "org_id": p["org"], "sector_id": p["sector"]}
        if p["stale"]:
            rows.append(
                GapRow("plan_stale", p["id"], **where, facts=(("revised_on", p["revised"]),))
            )
        if not p["drilled"]:
            last = p["last"][0] if p["last"] else None
            rows.append(GapRow("plan_not_drilled", p["id"], **where, facts=(("last_drill", last),)))
    return rows


NODES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'] AS labels
"""

REGION_DESCENDANTS = """
MATCH (r:Region {id: $id})
OPTIONAL MATCH (d:Region)-[:PART_OF*1..]->(r)
RETURN r.id AS id, collect(DISTINCT d.id) AS below
"""


# -- portfolios and vacancy impact -----------------------------------------------------------
_APPOINTMENT = f"""
OPTIONAL MATCH (pos)-[:POST_OF]->(o:Organization)
RETURN person.id AS person, pos.id AS pos, o.id AS org, pos.role AS role,
       {_links("[h]")}[0] AS link
"""

PERSON_APPOINTMENTS = f"""
MATCH (person:Person {{id: $id}})-[h:HOLDS]->(pos:Position)
{_APPOINTMENT}
"""

ORG_APPOINTMENTS = f"""
MATCH (:Organization {{id: $id}})<-[:POST_OF]-(pos:Position)<-[h:HOLDS]-(person:Person)
{_APPOINTMENT}
"""

POSITIONS_OF = """
MATCH (:Organization {id: $id})<-[:POST_OF]-(pos:Position) RETURN pos.id AS id
"""

ASSIGNMENTS = f"""
CALL () {{
  UNWIND $positions AS pid
  MATCH (pos:Position {{id: pid}})-[ic:IN_CHARGE_OF]->(o:Organization)
  RETURN pos, ic, o
  UNION
  UNWIND $orgs AS oid
  MATCH (pos:Position)-[ic:IN_CHARGE_OF]->(o:Organization {{id: oid}})
  RETURN pos, ic, o
}}
WITH pos, ic, o WHERE {_valid("ic")}
RETURN pos.id AS pos, o.id AS org, {_links("[ic]")}[0] AS link
"""

COVERAGE = f"""
UNWIND $orgs AS oid
MATCH (o:Organization {{id: oid}})
CALL (o) {{
  MATCH (o)-[sv:SUPERVISES]->(e:Enterprise) WHERE {_valid("sv")}
  RETURN e, sv.kind AS kind, [sv] AS rels
  UNION
  MATCH (o)-[sv:SUPERVISES]->(s:Sector) WHERE {_valid("sv")}
  MATCH ps = (e:Enterprise)-[:IN_SECTOR]->(:Sector)-[:SUBSECTOR_OF*0..]->(s)
  MATCH pr = (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(:Region {{id: sv.region_id}})
  RETURN e, sv.kind AS kind, relationships(ps) + relationships(pr) + [sv] AS rels
  UNION
  MATCH (o)-[sv:SUPERVISES]->(r:Region)
  WHERE {_valid("sv")} AND sv.kind = 'comprehensive' AND sv.sector_id IS NULL
  MATCH pr = (e:Enterprise)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(r)
  RETURN e, sv.kind AS kind, relationships(pr) + [sv] AS rels
  UNION
  MATCH (o)-[ir:IN_REGION]->(r:Region) WHERE o.kind IN $territorial
  MATCH pr = (e:Enterprise)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(r)
  RETURN e, 'territorial' AS kind, relationships(pr) + [ir] AS rels
}}
RETURN o.id AS org, e.id AS enterprise, kind, {_links("rels")} AS path
"""

INCIDENTS = (
    """
UNWIND $enterprises AS eid
MATCH (e:Enterprise {id: eid})<-[at:AT]-(x)
WHERE (x:Hazard AND x.found_on <= $day AND (x.closed_on IS NULL OR x.closed_on > $day))
   OR (x:Accident AND x.occurred_on <= $day)
RETURN CASE WHEN x:Hazard THEN 'hazard' ELSE 'accident' END AS kind, x.id AS id,
       e.id AS enterprise, coalesce(x.found_on, x.occurred_on) AS date,
       x:Hazard AND x.deadline IS NOT NULL AND x.deadline < $day AS overdue,
       """
    + _links("[at]")
    + """[0] AS link
"""
)

DUTIES_OF = (
    """
UNWIND $holders AS hid
MATCH (d:Duty)-[r:HELD_BY]->(:Entity {id: hid})
RETURN d.id AS duty, hid AS holder, """
    + _links("[r]")
    + """[0] AS link
"""
)


def appointments(run: Run, person_id: str | None, org_id: str | None) -> list[AppointmentRow]:
    if person_id is not None:
        records = run(PERSON_APPOINTMENTS, id=person_id)
    elif org_id is not None:
        records = run(ORG_APPOINTMENTS, id=org_id)
    else:
        return []
    return [
        AppointmentRow(r["person"], r["pos"], r["org"], r["role"], _link(r["link"]))
        for r in records
    ]


def positions_of(run: Run, org_id: str) -> list[str]:
    return sorted(r["id"] for r in run(POSITIONS_OF, id=org_id))


def assignments(
    run: Run, day: str, position_ids: list[str] | None, org_ids: list[str] | None
) -> list[ChargeRow]:
    records = run(ASSIGNMENTS, day=day, positions=position_ids or [], orgs=org_ids or [])
    return [ChargeRow(r["pos"], r["org"], _link(r["link"])) for r in records]


def coverage(run: Run, org_ids: list[str], day: str) -> list[CoverRow]:
    records = run(COVERAGE, orgs=org_ids, day=day, territorial=_TERRITORIAL)
    return [CoverRow(r["org"], r["enterprise"], r["kind"], _path(r["path"])) for r in records]


def incidents(run: Run, enterprise_ids: list[str], day: str) -> list[IncidentRow]:
    records = run(INCIDENTS, enterprises=enterprise_ids, day=day)
    return [
        IncidentRow(r["kind"], r["id"], r["enterprise"], r["date"], r["overdue"], _link(r["link"]))
        for r in records
    ]


def duties_of(run: Run, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
    return [(r["duty"], r["holder"], _link(r["link"])) for r in run(DUTIES_OF, holders=holder_ids)]
