"""Reads for questions over time and over the whole graph (timelines, single points of
failure), for both stores: the networkx walk and the Cypher side by side.

A chain on a day depends only on which dated relationships (appointments, assignments,
supervision rows) are valid that day, so it can change only on a day one of them starts or
on the day after one ends: ``change_days`` lists those days, for every supervision row and
for the appointments to the given posts and the assignments to the given organizations
(``None``: all of them).
"""

from __future__ import annotations

from datetime import date, timedelta

from graph_model.schema import Label, Rel
from graph_model.store.memory_index import TypedIndex


def day_after(day: str) -> str:
    """
    >>> day_after("2019-12-31")
    '2020-01-01'
    """
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


# -- the embedded store ----------------------------------------------------------------------
def memory_change_days(
    index: TypedIndex,
    first: str,
    last: str,
    position_ids: list[str] | None = None,
    org_ids: list[str] | None = None,
) -> list[str]:
    within = {
        Rel.SUPERVISES.value: None,
        Rel.HOLDS.value: None if position_ids is None else set(position_ids),
        Rel.IN_CHARGE_OF.value: None if org_ids is None else set(org_ids),
    }
    days: set[str] = set()
    for kind, targets in within.items():
        for _, end, attrs in index.edges_of(kind):
            if targets is not None and end not in targets:
                continue
            props = attrs["props"]
            if props.get("start"):
                days.add(props["start"])
            if props.get("end"):
                days.add(day_after(props["end"]))
    return sorted(d for d in days if first < d <= last)


# -- Neo4j -----------------------------------------------------------------------------------
# Only relationship types and labels from ``graph_model.schema`` are formatted in.
CHANGE_DAYS = f"""
CALL () {{
  MATCH ()-[r:{Rel.SUPERVISES.value}]->() RETURN r
  UNION
  MATCH ()-[r:{Rel.HOLDS.value}]->(p:{Label.POSITION.value})
  WHERE $positions IS NULL OR p.id IN $positions RETURN r
  UNION
  MATCH ()-[r:{Rel.IN_CHARGE_OF.value}]->(o:{Label.ORGANIZATION.value})
  WHERE $orgs IS NULL OR o.id IN $orgs RETURN r
}}
UNWIND [r.start, CASE WHEN r.end IS NULL THEN NULL
                      ELSE toString(date(r.end) + duration({{days: 1}})) END] AS day
WITH DISTINCT day
WHERE day IS NOT NULL AND day > $first AND day <= $last
RETURN day ORDER BY day
"""
