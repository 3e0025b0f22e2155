"""The Neo4j store's fact queries: Cypher that reports what is in the graph.

They decide nothing (the rules are in ``graph_model.rules``); where they filter on the server
(a link valid on D, a hazard open on D), the predicate is rendered from the one declaration in
``graph_model.conditions``. Each query starts from nodes found through a uniqueness
constraint (``Entity.id``) or a label and works set-wise: one round trip for the facts of a
subject, one for the posts they need, one pass over the graph per kind of fact for the gaps.
``memory_queries.py`` finds the same facts in networkx; the parity tests compare the two.
Every value is a parameter; only fragments built here from declarations are formatted in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import replace
from typing import Any

from graph_model.conditions import ACCIDENT_BY, DRILL_BY, HAZARD_OPEN, VALID_ON
from graph_model.facts import (
    AppointmentRow,
    Below,
    ChainHead,
    ChargeRow,
    DutyFact,
    FindingRow,
    GapFactsInTurn,
    GapNames,
    GraphFacts,
    HazardFact,
    HeldPost,
    HoldingFact,
    IncidentRow,
    Names,
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
from graph_model.schema import ENTITY, TERRITORIAL_KINDS, HazardGrade, Label, Rel, Role
from graph_model.store.named_reads import SHOWN
from graph_model.vocabulary import Target

Run = Callable[..., list[dict[str, Any]]]

TERRITORIAL = [k.value for k in TERRITORIAL_KINDS]
_ROW_DAY = {"day": "day"}  # where each row has its own day (the variable ``day``)


def _valid(var: str) -> str:
    """Cypher: the relationship ``var`` is valid on ``$day`` (``conditions.VALID_ON``)."""
    return VALID_ON.cypher(var)


# Every read returns one record of lists, never a record per row nor maps: the driver's cost
# is per record and per map key (a link as a map repeats its seven keys in every row).
def _link_list(rel: str) -> str:
    """Cypher: one relationship as a list (start, type, end, key, source_ids, from, to)."""
    return (
        f"[startNode({rel}).id, type({rel}), endNode({rel}).id, {rel}.key, {rel}.source_ids, "
        f"{rel}.start, {rel}.end]"
    )


def _one_link_list(rel: str) -> str:
    return f"CASE WHEN {rel} IS NULL THEN NULL ELSE {_link_list(rel)} END"


def _path_list(expr: str) -> str:
    """Cypher: a list of relationships as link lists."""
    return f"[r IN {expr} | {_link_list('r')}]"


_TARGET_LABEL = (
    f"CASE WHEN t:Enterprise THEN '{Target.ENTERPRISE}' WHEN t:Sector THEN '{Target.SECTOR}' "
    f"ELSE '{Target.REGION}' END"
)
_SUPERVISION_LIST = f"[o.id, sv.kind, t.id, {_TARGET_LABEL}, sv.region_id, {_link_list('sv')}]"


def _shown(var: str) -> str:
    """Cypher: the id and the shown properties (``named_reads.SHOWN``) of node ``var``, as a
    list in the order of ``SHOWN``."""
    return f"[{var}.id, " + ", ".join(f"{var}.{k}" for k in SHOWN) + "]"


def _names(lists: Iterable[list[Any] | None]) -> dict[str, dict[str, Any]]:
    """Shown lists by id, without the properties a node lacks (as ``named_reads.shown``)."""
    return {
        n[0]: {k: v for k, v in zip(SHOWN, n[1:], strict=True) if v is not None}
        for n in lists
        if n is not None
    }


# One record for all the subjects; in it a row per subject id found. The day is each row's
# own (``day``, bound into the validity conditions): the day asked, else the subject's own
# date, else today (``named_reads.chain_day``). A sector's supervision rows scoped to a region
# not the enterprise's never cover it and are left out (a sector has such a row for every
# region of a province). Nothing walks into a dense node: a sector's rows are sought by
# their region and sector (``rel_supervises_region_sector``), a region's territorial
# organizations by region and kind (``org_region_kind``), not by the edges into a district
# that holds thousands of enterprises; ``r`` and ``t`` carry no label so that no plan can
# start from them and walk in (issue 9: 2,896 → 3,804 hits a chain from S to M before,
# 2,658 → 2,813 since). Without the indexes (a database an earlier version loaded) the
# answers are the same, on slower plans: the store makes them when it opens (``Neo4jStore``).
_HEADS_MATCH = f"""
UNWIND $subjects AS sid
MATCH (s:Entity {{id: sid}})
WITH s, head([d IN [$day, s.found_on, s.occurred_on, $today] WHERE d IS NOT NULL AND d <> ''])
        AS day
OPTIONAL MATCH (s)-[at:AT]->(ae:Enterprise)
WITH s, day, at, CASE WHEN s:Enterprise THEN s ELSE ae END AS e
CALL (e) {{
  OPTIONAL MATCH p = (e)-[:IN_SECTOR]->(:Sector)-[:SUBSECTOR_OF*0..]->(x:Sector)
  RETURN collect(CASE WHEN x IS NULL THEN NULL ELSE [x.id, {_path_list("relationships(p)")}]
                 END) AS sectors
}}
CALL (e) {{
  OPTIONAL MATCH p = (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(x:Region)
  RETURN collect(CASE WHEN x IS NULL THEN NULL ELSE [x.id, {_path_list("relationships(p)")}]
                 END) AS regions
}}
CALL (e, sectors, regions, day) {{
  WITH e, day, [x IN regions | x[0]] AS rids, [x IN sectors | x[0]] AS sids
  CALL (e, rids, sids, day) {{
    UNWIND [e.id] + rids AS tid
    MATCH (t:Entity {{id: tid}})<-[sv:SUPERVISES]-(o:Organization)
    WHERE {VALID_ON.cypher("sv", _ROW_DAY)}
    RETURN t, sv, o
    UNION ALL
    UNWIND rids AS rid
    MATCH (o:Organization)-[sv:SUPERVISES]->(t)
    WHERE sv.region_id = rid AND sv.sector_id IN sids AND t.id IN sids
      AND {VALID_ON.cypher("sv", _ROW_DAY)}
    RETURN t, sv, o
  }}
  RETURN collect({_SUPERVISION_LIST}) AS supervision
}}
CALL (regions) {{
  UNWIND regions AS x
  MATCH (o:Organization)-[ir:IN_REGION]->(r)
  WHERE o.region_id = x[0] AND o.kind IN $territorial AND r.id = x[0]
  OPTIONAL MATCH (o)-[:IN_SECTOR]->(os:Sector)
  RETURN collect([o.id, o.kind, x[0], os.id, {_link_list("ir")}]) AS regional
}}
WITH s, day, e, at, sectors, regions, supervision, regional,
     COLLECT {{ MATCH (s)-[ow:OWNED_BY]->(p:Person)
               RETURN [p.id, {_link_list("ow")}, {_shown("p")}] }} AS owners,
     COLLECT {{ MATCH (p:Person)-[f:FOUND_RESPONSIBLE]->(s)
               RETURN [p.id, f.position_id, f.responsibility, f.sanction, f.source_ids,
                       {_shown("p")}] }} AS findings
"""
_HEADS_ROW = f"""[s.id, properties(s), [l IN labels(s) WHERE l <> 'Entity'], day,
                CASE WHEN s:Hazard THEN 'hazard' WHEN s:Accident THEN 'accident'
                     WHEN s:Enterprise THEN 'enterprise' END,
                e.id, {_one_link_list("at")}, owners, findings,
                CASE WHEN e IS NULL THEN NULL ELSE {_shown("e")} END,
                sectors, regions, supervision, regional]"""
CHAIN_HEADS = f"{_HEADS_MATCH}RETURN collect({_HEADS_ROW}) AS heads\n"


def _posts(orgs: str, charged: str, row_day: bool) -> str:
    """Cypher: one row ``posts`` of the posts of the organizations ``orgs``, of the
    assignments to ``charged`` valid on the day and of their posts, each with its holders on
    the day and the names shown; the day is ``$day``, or the variable ``day`` (``row_day``).
    A row per post: its organization by POST_OF, the assignments that brought it, its
    holders with their names, its own name and its organization's."""
    bound = _ROW_DAY if row_day else None
    day = "day, " if row_day else ""
    imports = f"day, {orgs}, {charged}" if row_day else ""  # variables, never parameters
    return f"""
CALL ({imports}) {{
  UNWIND {orgs} AS oid
  MATCH (:Organization {{id: oid}})<-[:POST_OF]-(pos:Position)
  RETURN pos, NULL AS charge
  UNION
  UNWIND {charged} AS oid
  MATCH (o:Organization {{id: oid}})<-[ic:IN_CHARGE_OF]-(pos:Position)
  WHERE {VALID_ON.cypher("ic", bound)}
  RETURN pos, [o.id, {_link_list("ic")}] AS charge
}}
WITH {day}pos, collect(charge) AS charges
OPTIONAL MATCH (pos)-[po:POST_OF]->(org)
OPTIONAL MATCH (named:{ENTITY} {{id: pos.org_id}})
WITH pos, org, po, named, charges,
     COLLECT {{ MATCH (person:Person)-[h:HOLDS]->(pos) WHERE {VALID_ON.cypher("h", bound)}
               RETURN [person.id, {_link_list("h")}, {_shown("person")}] }} AS holdings
RETURN collect([pos.id, pos.role, org.id, {_one_link_list("po")}, charges, holdings,
                {_shown("pos")}, CASE WHEN named IS NULL THEN NULL ELSE {_shown("named")} END])
       AS posts
"""


# One record: the posts of ``$orgs`` and of the assignments to ``$charged`` on ``$day``.
POSTS_FACTS = _posts("$orgs", "$charged", row_day=False)

# One chain in one query (one transaction): its head, as CHAIN_HEADS, and on the head's own
# day the posts of a superset of the organizations ``rules.chain_orgs`` picks from it
# (``chain_bundle.candidate_orgs``: the enterprise, the organization of every supervision
# row found but a sector's scoped to a region not the enterprise's, every territorial
# organization of its regions; the supervising ones charged). The rules then keep the wanted
# ones' posts in Python (``PostsIndex.own``), as for many chains.
_CANDIDATE_ROWS = (
    f"[x IN supervision WHERE x[3] <> '{Target.SECTOR}' OR x[4] IN [r IN regions | r[0]] | x[0]]"
)
CHAIN_BUNDLE = f"""{_HEADS_MATCH}CALL (e, day, regions, supervision, regional) {{
  WITH day, {_CANDIDATE_ROWS} AS charged, [x IN regional | x[0]] AS territorial
  WITH day, charged, [e.id] + charged + territorial AS orgs
  {_posts("orgs", "charged", row_day=True)}
}}
RETURN collect({_HEADS_ROW}) AS heads, collect(posts) AS posts
"""

# One record for all the ids.
NAMES = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN collect({_shown("n")}) AS shown
"""


def _link_of(items: list[Any]) -> Link:
    start, rel, end, key, source_ids, valid_from, valid_to = items
    return Link(start, rel, end, key or "", tuple(source_ids or ()), valid_from, valid_to)


def _opt_link_of(items: list[Any] | None) -> Link | None:
    return None if items is None else _link_of(items)


def _path_of(items: list[list[Any]]) -> tuple[Link, ...]:
    return tuple(_link_of(i) for i in items)


def _supervision_of(s: list[Any]) -> SupervisionFact:
    return SupervisionFact(s[0], s[1], s[2], s[3], s[4], _link_of(s[5]))


def chain_heads(
    run: Run, subjects: list[str], day: str | None, today: str
) -> tuple[dict[str, ChainHead], Names]:
    (record,) = run(CHAIN_HEADS, subjects=subjects, day=day, today=today, territorial=TERRITORIAL)
    heads, shown = _heads_of(record["heads"])
    return heads, _names(shown)


def _heads_of(rows: list[list[Any]]) -> tuple[dict[str, ChainHead], list[list[Any] | None]]:
    heads: dict[str, ChainHead] = {}
    shown: list[list[Any] | None] = []
    for row in rows:
        sid, props, labels, row_day, kind = row[:5]
        facts = _subject(row) if kind else None
        heads[sid] = ChainHead({**props, "labels": sorted(labels)}, row_day, facts)
        if facts is not None:
            owners, findings, enterprise_shown = row[7:10]
            shown += [enterprise_shown, *(o[2] for o in owners), *(f[5] for f in findings)]
    return heads, shown


def _subject(row: list[Any]) -> SubjectFacts:
    (sid, _, _, _, kind, enterprise, at, owners, findings, _, sectors, regions, supervision,
     regional) = row  # fmt: skip
    return SubjectFacts(
        sid,
        kind,
        enterprise,
        _opt_link_of(at),
        tuple(OwnerFact(o[0], _link_of(o[1])) for o in owners),
        tuple(FindingRow(f[0], f[1], f[2], f[3], tuple(f[4] or ())) for f in findings),
        tuple(Reach(x[0], _path_of(x[1])) for x in sectors),
        tuple(Reach(x[0], _path_of(x[1])) for x in regions),
        tuple(_supervision_of(x) for x in supervision),
        tuple(OrgFact(o[0], o[1], o[2], o[3], _link_of(o[4])) for o in regional),
    )


def subject_facts(run: Run, subject: str, day: str) -> SubjectFacts | None:
    head = chain_heads(run, [subject], day, day)[0].get(subject)
    return None if head is None else head.facts


def named_posts(
    run: Run, org_ids: list[str], charged_org_ids: list[str], day: str
) -> tuple[PostsFacts, Names]:
    (record,) = run(POSTS_FACTS, orgs=org_ids, charged=charged_org_ids, day=day)
    posts, shown = _posts_of(record["posts"])
    return posts, _names(shown)


def _posts_of(rows: list[list[Any]]) -> tuple[PostsFacts, list[list[Any] | None]]:
    posts, charges, holdings = [], [], []
    shown: list[list[Any] | None] = []
    for pos, role, org, link, its_charges, its_holders, pos_shown, org_shown in rows:
        posts.append(PostFact(pos, org, role, _opt_link_of(link)))
        charges += [ChargeRow(pos, c[0], _link_of(c[1])) for c in its_charges]
        holdings += [HoldingFact(h[0], pos, _link_of(h[1])) for h in its_holders]
        shown += [pos_shown, org_shown, *(h[2] for h in its_holders)]
    return PostsFacts(tuple(posts), tuple(charges), tuple(holdings)), shown


def chain_bundle(
    run: Run, subject: str, day: str | None, today: str
) -> tuple[ChainHead | None, PostsFacts, Names]:
    """One chain's head, the posts of a superset of the organizations it needs (on the
    head's day) and the names both show: one query (``CHAIN_BUNDLE``)."""
    (record,) = run(CHAIN_BUNDLE, subjects=[subject], day=day, today=today, territorial=TERRITORIAL)
    heads, shown = _heads_of(record["heads"])
    posts = PostsFacts()
    for rows in record["posts"]:  # one list per subject row: at most one
        posts, post_shown = _posts_of(rows)
        shown += post_shown
    return heads.get(subject), posts, _names(shown)


def posts_facts(run: Run, org_ids: list[str], charged_org_ids: list[str], day: str) -> PostsFacts:
    return named_posts(run, org_ids, charged_org_ids, day)[0]


def names(run: Run, ids: list[str]) -> dict[str, dict[str, Any]]:
    (record,) = run(NAMES, ids=ids)
    return _names(record["shown"])


# -- the whole graph on a day (coverage gaps, the sweep) -------------------------------------
# Each part is one pass over one label that returns a single record: its rows collected as
# lists. The driver's cost is per record (49k appointment records: 4.4 s at M; the same rows
# in one record: 0.6 s), so no part streams a record per row; GRAPH_QUERIES runs them in a few
# groups at once (``GAP_GROUPS``).
# The parts the gap report reads as the whole-graph facts do, plus a last column (the names
# of ``GAP_PARTS``): one text for both, so the two fact sets cannot drift apart.
def _hazards_part(extra: str = "", majors_only: bool = False) -> str:
    """``majors_only``: a hazard's five-implementation fields (owner, measures, funds, plan)
    only when it is major, the only grade ``rules.missing_implementations`` reads them of
    (the gap report: two thirds of a province's hazards need none of its links walked)."""
    owner, measures, funds, plan = "owner.id", "h.measures", "h.funds_cny", "plan.id"
    links = """
OPTIONAL MATCH (h)-[:OWNED_BY]->(owner)
OPTIONAL MATCH (h)-[:USES_PLAN]->(plan)"""
    if majors_only:
        major = f"h.grade = '{HazardGrade.MAJOR}'"
        owner, plan = (
            f"COLLECT {{ MATCH (h)-[:{rel}]->(x) RETURN x.id }}[0]"
            for rel in (Rel.OWNED_BY, Rel.USES_PLAN)
        )
        owner, measures, funds, plan = (
            f"CASE WHEN {major} THEN {v} END" for v in (owner, measures, funds, plan)
        )
        links = ""
    return f"""
MATCH (h:Hazard)
WHERE {HAZARD_OPEN.cypher("h")}
OPTIONAL MATCH (h)-[:AT]->(e){links}
RETURN collect([h.id, e.id, h.grade, {owner}, {measures}, {funds}, h.deadline, {plan}{extra}])
       AS rows
"""


def _duties_part(extra: str = "") -> str:
    return f"""
MATCH (d:Duty)-[:HELD_BY]->(pos:Position)
RETURN collect([d.id, pos.id{extra}]) AS rows
"""


def _plans_part(extra: str = "") -> str:
    return f"""
MATCH (p:EmergencyPlan)
OPTIONAL MATCH (p)-[:PLAN_OF]->(o)
RETURN collect([p.id, o.id, p.revised_on,
                head(COLLECT {{ MATCH (d:Drill)-[:DRILL_OF]->(p) WHERE {DRILL_BY.cypher("d")}
                               RETURN d.held_on ORDER BY d.held_on DESC LIMIT 1 }}){extra}])
       AS rows
"""


GRAPH_PARTS = {
    "orgs": f"""
MATCH (o:Organization)
OPTIONAL MATCH (o)-[ir:IN_REGION]->(r)
OPTIONAL MATCH (o)-[:IN_SECTOR]->(s)
RETURN collect([o.id, o.kind, r.id, s.id, {_one_link_list("ir")}, o:Enterprise]) AS rows
""",
    "parents": """
CALL () {
  MATCH (n:Region)-[:PART_OF]->(up) RETURN ['region', n.id, up.id] AS row
  UNION ALL
  MATCH (n:Sector)-[:SUBSECTOR_OF]->(up) RETURN ['sector', n.id, up.id] AS row
}
RETURN collect(row) AS rows
""",
    # with each post its appointments valid on the day (person, start, end, sources): the
    # sweep's holders, read in the pass that decides whether the post is held, not by a
    # second read of every appointment ever made (1.7M at P, most of them past)
    "posts": f"""
MATCH (pos:Position)
OPTIONAL MATCH (pos)-[:POST_OF]->(o)
RETURN collect([pos.id, o.id, pos.role,
                COLLECT {{ MATCH (person:Person)-[h:HOLDS]->(pos) WHERE {_valid("h")}
                          RETURN [person.id, h.start, h.end, h.source_ids] }}]) AS rows
""",
    "supervision": f"""
MATCH (o:Organization)-[sv:SUPERVISES]->(t)
WHERE {_valid("sv")}
RETURN collect({_SUPERVISION_LIST}) AS rows
""",
    "charges": f"""
MATCH (pos:Position)-[ic:IN_CHARGE_OF]->(o:Organization)
WHERE {_valid("ic")}
RETURN collect([pos.id, o.id, {_link_list("ic")}]) AS rows
""",
    "hazards": _hazards_part(),
    "duties": _duties_part(),
    "plans": _plans_part(),
}


def _all_parts(parts: dict[str, str]) -> str:
    """Cypher: every part in one query, each a one-row subquery (no product of rows)."""
    text, names = "", list[str]()
    for name, part in parts.items():
        text += f"CALL () {{{part}}}\nWITH {', '.join([*names, f'rows AS {name}'])}\n"
        names.append(name)
    return text + f"RETURN {', '.join(names)}"


# -- the gap report: the facts ``rules.coverage_gaps`` reads, and the names a report shows ---
# What a gap names is a node the report's parts already pass through (an organization, a
# post, an open hazard, a duty, a plan, a region or sector), so each part hands its nodes'
# names along instead of a second round trip naming ~12.6k ids at M: the one name a page
# shows (``facts.shown_name``, picked here: a province's report names ~750k nodes, and a
# string each costs less to send and keep than their four properties). An organization's
# IN_REGION link is left out: only the chain sweep shows it.
_NAMED = ("name", "title", "text", "name_zh")
# Of those, the ones each label's nodes can carry: the data format's columns (a column it does
# not declare is never stored; ``test_gap_names`` holds this to ``loaders.tables``). Only
# these are read: a property a node lacks costs a walk of its whole property chain, and
# filtering a list of all four was a quarter of the server's time on a province's hazards.
NAME_PROPERTIES: dict[Label, tuple[str, ...]] = {
    Label.REGION: ("name", "name_zh"),
    Label.ORGANIZATION: ("name", "name_zh"),
    Label.ENTERPRISE: ("name", "name_zh"),
    Label.POSITION: ("title",),
    Label.SECTOR: ("name", "name_zh"),
    Label.DUTY: ("text",),
    Label.HAZARD: ("title",),
    Label.EMERGENCY_PLAN: ("title",),
}


def _shown_name(var: str, *labels: Label) -> str:
    """Cypher: ``facts.shown_name`` of a node with one of ``labels`` (these properties are
    text: loaded as TEXT), the first of them that is not blank.

    >>> print(_shown_name("h", Label.HAZARD))
    CASE WHEN h.title <> '' THEN h.title END
    """
    keys = {k for label in labels for k in NAME_PROPERTIES[label]}
    whens = " ".join(f"WHEN {var}.{k} <> '' THEN {var}.{k}" for k in _NAMED if k in keys)
    return f"CASE {whens} END"


_ORG_NAME = _shown_name("o", Label.ORGANIZATION, Label.ENTERPRISE)
_POST_NAME = _shown_name("pos", Label.POSITION)

GAP_PARTS = {
    **GRAPH_PARTS,
    "orgs": f"""
MATCH (o:Organization)
OPTIONAL MATCH (o)-[:IN_REGION]->(r)
OPTIONAL MATCH (o)-[:IN_SECTOR]->(s)
RETURN collect([o.id, o.kind, r.id, s.id, o:Enterprise, {_ORG_NAME}]) AS rows
""",
    # Only the posts the rules read (``coverage_gaps``): principal posts, and the posts of
    # duties and assignments; a province has as many safety managers' posts again. Only a
    # post nobody holds is named by a gap (a vacant principal post, an unheld duty's), with
    # its Chinese title (an unheld duty's detail gives it).
    "posts": f"""
MATCH (pos:Position)
WHERE pos.role = '{Role.PRINCIPAL}' OR EXISTS {{ (pos)<-[:HELD_BY]-(:Duty) }}
   OR EXISTS {{ (pos)-[:IN_CHARGE_OF]->(:Organization) }}
OPTIONAL MATCH (pos)-[:POST_OF]->(o)
WITH pos, o, EXISTS {{ MATCH (:Person)-[h:HOLDS]->(pos) WHERE {_valid("h")} }} AS held
RETURN collect([pos.id, o.id, pos.role, held,
                CASE WHEN held THEN NULL ELSE [{_POST_NAME}, pos.title_zh] END]) AS rows
""",
    "hazards": _hazards_part(f", {_shown_name('h', Label.HAZARD)}", majors_only=True),
    "duties": _duties_part(f", {_shown_name('d', Label.DUTY)}"),
    "plans": _plans_part(f", {_shown_name('p', Label.EMERGENCY_PLAN)}"),
    # Every region and sector (a root has no parent row): an overlap names its cell.
    "places": f"""
CALL () {{
  MATCH (n:Region) RETURN [n.id, {_shown_name("n", Label.REGION)}] AS row
  UNION ALL
  MATCH (n:Sector) RETURN [n.id, {_shown_name("n", Label.SECTOR)}] AS row
}}
RETURN collect(row) AS rows
""",
}

# The gap report's parts, grouped into queries that the store runs at once, each in a
# transaction of its own (``Neo4jStore.run_reads``): with a cold plan cache, planning one query
# of every part took most of a report's time at M, on one server thread; planned and run as
# groups in parallel, the server's cores share it and the client decodes one group's rows
# while the server works on the others. Groups of about equal cost (plan + run, measured at M).
HAZARDS = "hazards"  # a group of its own, and the last in (``gap_facts_in_turn``)
GAP_GROUPS = (
    (HAZARDS,),
    ("posts", "duties"),
    ("orgs", "parents", "places"),
    ("plans", "supervision", "charges"),
)
GAP_QUERIES = {group[0]: _all_parts({n: GAP_PARTS[n] for n in group}) for group in GAP_GROUPS}
# The whole graph's facts (the chain sweep: the Overview, single points of failure) in the
# same groups, run at once: as one query, a province's parts took 40 s on one server thread.
GRAPH_GROUPS = tuple(tuple(n for n in group if n in GRAPH_PARTS) for group in GAP_GROUPS)
GRAPH_QUERIES = {group[0]: _all_parts({n: GRAPH_PARTS[n] for n in group}) for group in GRAPH_GROUPS}

RunMany = Callable[..., dict[str, list[dict[str, Any]]]]


def _merged(found: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The parts of queries run at once (one record each), by part name."""
    r: dict[str, Any] = {}
    for records in found.values():
        (record,) = records
        r.update(record)
    return r


def graph_facts(run_many: RunMany, day: str) -> GraphFacts:
    """The whole graph's facts on ``day``: ``GRAPH_QUERIES`` run at once (``run_many``)."""
    r = _merged(run_many(GRAPH_QUERIES, day=day))
    orgs = r["orgs"]
    return GraphFacts(
        organizations=tuple(OrgFact(o[0], o[1], o[2], o[3], _opt_link_of(o[4])) for o in orgs),
        enterprises=tuple(o[0] for o in orgs if o[5]),
        region_parents=tuple((p[1], p[2]) for p in r["parents"] if p[0] == "region"),
        sector_parents=tuple((p[1], p[2]) for p in r["parents"] if p[0] == "sector"),
        posts=tuple(HeldPost(p[0], p[1], p[2], bool(p[3])) for p in r["posts"]),
        supervision=tuple(
            SupervisionFact(s[0], s[1], s[2], s[3], s[4], _link_of(s[5])) for s in r["supervision"]
        ),
        charges=tuple(ChargeRow(c[0], c[1], _link_of(c[2])) for c in r["charges"]),
        hazards=tuple(HazardFact(*h) for h in r["hazards"]),
        duties=tuple(DutyFact(*d) for d in r["duties"]),
        plans=tuple(PlanFact(*p) for p in r["plans"]),
        holdings=tuple(
            HoldingFact(h[0], p[0], Link(h[0], Rel.HOLDS, p[0], "", tuple(h[3] or ()), h[1], h[2]))
            for p in r["posts"]
            for h in p[3]
        ),
    )


def gap_facts(run_many: RunMany, day: str) -> tuple[GraphFacts, GapNames]:
    """The gap report's facts and names: ``GAP_QUERIES`` run at once (``run_many``: queries
    by name and their parameters, the records of each by name)."""
    return gap_facts_of(_merged(run_many(GAP_QUERIES, day=day)))


def gap_facts_of(r: dict[str, Any]) -> tuple[GraphFacts, GapNames]:
    """The facts and names of the gap report from its parts' rows (``GAP_PARTS``, by name)."""
    facts, names = _all_but_hazards(r)
    hazards, hazard_names = _hazards_of(r["hazards"])
    shown = {**names.shown, **hazard_names.shown}
    return replace(facts, hazards=hazards), GapNames(shown, names.posts_zh)


def gap_facts_in_turn(running: Mapping[str, Future[list[dict[str, Any]]]]) -> GapFactsInTurn:
    """``GAP_QUERIES`` running (``Neo4jStore.reads_at_once``) as a ``GapFactsInTurn``: the
    facts of every group but the hazards' once those are in."""
    r = _merged({name: future.result() for name, future in running.items() if name != HAZARDS})
    facts, names = _all_but_hazards(r)

    def hazards() -> tuple[tuple[HazardFact, ...], GapNames]:
        (record,) = running[HAZARDS].result()
        return _hazards_of(record[HAZARDS])

    return GapFactsInTurn(facts, names, hazards)


def _hazards_of(hazards: list[list[Any]]) -> tuple[tuple[HazardFact, ...], GapNames]:
    """The open hazards' facts and shown names from the ``hazards`` part's rows."""
    shown = {h[0]: h[8] for h in hazards if h[8] is not None}
    return tuple(HazardFact(*h[:8]) for h in hazards), GapNames(shown, {})


def _all_but_hazards(r: dict[str, Any]) -> tuple[GraphFacts, GapNames]:
    """The facts (``hazards`` empty) and names of every part but the hazards'."""
    orgs, posts, duties, plans = r["orgs"], r["posts"], r["duties"], r["plans"]
    facts = GraphFacts(
        organizations=tuple(OrgFact(o[0], o[1], o[2], o[3]) for o in orgs),
        enterprises=tuple(o[0] for o in orgs if o[4]),
        region_parents=tuple((p[1], p[2]) for p in r["parents"] if p[0] == "region"),
        sector_parents=tuple((p[1], p[2]) for p in r["parents"] if p[0] == "sector"),
        posts=tuple(HeldPost(p[0], p[1], p[2], p[3]) for p in posts),
        supervision=tuple(_supervision_of(s) for s in r["supervision"]),
        charges=tuple(ChargeRow(c[0], c[1], _link_of(c[2])) for c in r["charges"]),
        hazards=(),
        duties=tuple(DutyFact(d[0], d[1]) for d in duties),
        plans=tuple(PlanFact(*p[:4]) for p in plans),
    )
    shown: dict[str, str] = {}
    for rows, at in ((orgs, 5), (duties, 2), (plans, 4), (r["places"], 1)):
        shown.update((row[0], row[at]) for row in rows if row[at] is not None)
    posts_zh: dict[str, str] = {}
    for pos, _, _, _, named in posts:
        if named is not None:  # nobody holds it: [shown name, title_zh]
            if named[0] is not None:
                shown[pos] = named[0]
            if named[1] is not None:
                posts_zh[pos] = str(named[1])
    return facts, GapNames(shown, posts_zh)


# -- remits (portfolios, vacancy impact) -----------------------------------------------------
REMIT_ORGS = f"""
UNWIND $orgs AS oid
MATCH (o:Organization {{id: oid}})
OPTIONAL MATCH (o)-[ir:IN_REGION]->(r)
OPTIONAL MATCH (o)-[:IN_SECTOR]->(s)
RETURN o.id AS id, o.kind AS kind, r.id AS region, s.id AS sector, {_one_link_list("ir")} AS link,
       COLLECT {{ MATCH (o)-[sv:SUPERVISES]->(t) WHERE {_valid("sv")}
                 RETURN {_SUPERVISION_LIST} }} AS supervision
"""

REMIT_BELOW = (
    """
CALL () {
  UNWIND $sectors AS sid
  MATCH (top:Sector {id: sid})
  MATCH p = (e:Enterprise)-[:IN_SECTOR]->(:Sector)-[:SUBSECTOR_OF*0..]->(top)
  WHERE EXISTS { (e)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(r:Region) WHERE r.id IN $within }
  RETURN sid AS top, '"""
    + Target.SECTOR
    + """' AS kind, e.id AS enterprise, relationships(p) AS rels
  UNION ALL
  UNWIND $regions AS rid
  MATCH (top:Region {id: rid})
  MATCH p = (e:Enterprise)-[:IN_REGION]->(:Region)-[:PART_OF*0..]->(top)
  RETURN rid AS top, '"""
    + Target.REGION
    + """' AS kind, e.id AS enterprise, relationships(p) AS rels
}
RETURN top, kind, enterprise, """
    + _path_list("rels")
    + """ AS path
"""
)


def remit_facts(run: Run, org_ids: list[str], day: str) -> RemitFacts:
    records = run(REMIT_ORGS, orgs=org_ids, day=day)
    orgs = tuple(
        OrgFact(o["id"], o["kind"], o["region"], o["sector"], _opt_link_of(o["link"]))
        for o in records
    )
    supervision = tuple(_supervision_of(x) for o in records for x in o["supervision"])
    sectors, regions = tops_below(orgs, supervision)
    within = sector_regions(supervision)  # a sector's enterprises only within these
    below = (
        run(REMIT_BELOW, sectors=sectors, regions=regions, within=within)
        if sectors or regions
        else []
    )
    return RemitFacts(
        orgs,
        supervision,
        tuple(Below(b["top"], b["kind"], b["enterprise"], _path_of(b["path"])) for b in below),
    )


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
       {_link_list("h")} AS link
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
RETURN pos.id AS pos, o.id AS org, {_link_list("ic")} AS link
"""

INCIDENTS = (
    """
UNWIND $enterprises AS eid
MATCH (e:Enterprise {id: eid})<-[at:AT]-(x)
WHERE (x:Hazard AND """
    + HAZARD_OPEN.cypher("x")
    + """)
   OR (x:Accident AND """
    + ACCIDENT_BY.cypher("x")
    + """)
RETURN CASE WHEN x:Hazard THEN 'hazard' ELSE 'accident' END AS kind, x.id AS id,
       e.id AS enterprise, coalesce(x.found_on, x.occurred_on) AS date,
       CASE WHEN x:Hazard THEN x.deadline END AS deadline,
       """
    + _link_list("at")
    + """ AS link
"""
)

DUTIES_OF = (
    """
UNWIND $holders AS hid
MATCH (d:Duty)-[r:HELD_BY]->(:Entity {id: hid})
RETURN d.id AS duty, hid AS holder, """
    + _link_list("r")
    + """ AS link
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
        AppointmentRow(r["person"], r["pos"], r["org"], r["role"], _link_of(r["link"]))
        for r in records
    ]


def positions_of(run: Run, org_id: str) -> list[str]:
    return sorted(r["id"] for r in run(POSITIONS_OF, id=org_id))


def assignments(
    run: Run, day: str, position_ids: list[str] | None, org_ids: list[str] | None
) -> list[ChargeRow]:
    records = run(ASSIGNMENTS, day=day, positions=position_ids or [], orgs=org_ids or [])
    return [ChargeRow(r["pos"], r["org"], _link_of(r["link"])) for r in records]


def incidents(run: Run, enterprise_ids: list[str], day: str) -> list[IncidentRow]:
    records = run(INCIDENTS, enterprises=enterprise_ids, day=day)
    return [
        IncidentRow(
            r["kind"], r["id"], r["enterprise"], r["date"], r["deadline"], _link_of(r["link"])
        )
        for r in records
    ]


def duties_of(run: Run, holder_ids: list[str]) -> list[tuple[str, str, Link]]:
    return [
        (r["duty"], r["holder"], _link_of(r["link"])) for r in run(DUTIES_OF, holders=holder_ids)
    ]
