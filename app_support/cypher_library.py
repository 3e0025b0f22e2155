"""Saved audit queries for the read-only Cypher console: each is shown so it can be copied.

Parameters (``$day``, ``$id``) are filled from the JSON parameters box; none of these
queries writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SavedQuery:
    key: str
    title: str
    title_zh: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)


# what the console's empty query box shows
EXAMPLE_QUERY = "MATCH (n:Hazard) RETURN n.id, n.title LIMIT 10"


LIBRARY: tuple[SavedQuery, ...] = (
    SavedQuery(
        "vacant_principals",
        "Principal posts nobody holds on a day",
        "某日无人任职的主要负责人岗位",
        """MATCH (pos:Position {role: 'principal'})-[:POST_OF]->(o:Organization)
WHERE NOT EXISTS {
  MATCH (:Person)-[h:HOLDS]->(pos)
  WHERE coalesce(h.start, '0000-01-01') <= $day AND coalesce(h.end, '9999-12-31') >= $day
}
RETURN o.id AS org, o.name AS organization, o.kind AS kind, pos.id AS post, pos.title AS title
ORDER BY org, post""",
        {"day": "2019-06-30"},
    ),
    SavedQuery(
        "holders_of_post",
        "Who held a post, and when",
        "某岗位的历任任职人",
        """MATCH (p:Person)-[h:HOLDS]->(pos:Position {id: $id})
RETURN p.id AS person, p.name AS name, p.name_zh AS name_zh, h.start AS start, h.end AS end,
       h.source_ids AS sources
ORDER BY start""",
        {"id": "POS-014"},
    ),
    SavedQuery(
        "open_major_hazards",
        "Major hazards open on a day, with their owner",
        "某日未销号的重大隐患及整改责任人",
        """MATCH (h:Hazard {grade: 'major'})-[:AT]->(e:Enterprise)
WHERE h.found_on <= $day AND (h.closed_on IS NULL OR h.closed_on > $day)
OPTIONAL MATCH (h)-[:OWNED_BY]->(owner:Person)
RETURN h.id AS hazard, h.title AS title, e.name AS enterprise, h.deadline AS deadline,
       owner.name AS owner
ORDER BY hazard""",
        {"day": "2019-06-30"},
    ),
    SavedQuery(
        "departments_without_leader",
        "Supervising departments and the posts in charge of them",
        "监管部门及其分管领导岗位",
        """MATCH (d:Organization {kind: 'department'})-[s:SUPERVISES]->()
WITH DISTINCT d
OPTIONAL MATCH (pos:Position)-[a:IN_CHARGE_OF]->(d)
RETURN d.id AS department, d.name AS name, collect(pos.id) AS posts_in_charge
ORDER BY department""",
    ),
    SavedQuery(
        "findings_of_accident",
        "Persons found responsible for an accident",
        "事故调查认定的责任人员",
        """MATCH (p:Person)-[f:FOUND_RESPONSIBLE]->(a:Accident {id: $id})
RETURN p.id AS person, p.name AS name, f.position_id AS post, f.responsibility AS responsibility,
       f.sanction AS sanction
ORDER BY person""",
        {"id": "ACC-001"},
    ),
    SavedQuery(
        "sources_by_kind",
        "Sources by kind, and how many links cite each",
        "各类依据来源及其被引用次数",
        """MATCH (s:Source)
OPTIONAL MATCH ()-[r]->() WHERE s.id IN r.source_ids
RETURN s.kind AS kind, s.id AS source, s.title AS title, count(r) AS links_citing
ORDER BY kind, source""",
    ),
)
