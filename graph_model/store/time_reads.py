"""Reads for questions over time and over the whole graph (timelines, single points of
failure), for both stores: the networkx walk and the Cypher side by side.

A chain on a day depends only on which dated relationships (appointments, assignments,
supervision rows) are valid that day, so it can change only on a day one of them starts or
on the day after one ends: ``change_days`` lists those days.
"""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx

from graph_model.schema import Rel

DATED_RELS = (Rel.HOLDS, Rel.IN_CHARGE_OF, Rel.SUPERVISES)


def day_after(day: str) -> str:
    """
    >>> day_after("2019-12-31")
    '2020-01-01'
    """
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


# -- the embedded store ----------------------------------------------------------------------
def memory_change_days(graph: nx.MultiDiGraph, first: str, last: str) -> list[str]:
    dated = {r.value for r in DATED_RELS}
    days: set[str] = set()
    for _, _, attrs in graph.edges(data=True):
        if attrs["type"] not in dated:
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
MATCH ()-[r:{"|".join(r.value for r in DATED_RELS)}]->()
UNWIND [r.start, CASE WHEN r.end IS NULL THEN NULL
                      ELSE toString(date(r.end) + duration({{days: 1}})) END] AS day
WITH DISTINCT day
WHERE day IS NOT NULL AND day > $first AND day <= $last
RETURN day ORDER BY day
"""
