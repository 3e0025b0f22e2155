"""Counts over the dated kinds of node (hazards found, accidents, sources), for both stores:
the networkx walk and the Cypher side by side.

The Overview charts hazards and accidents by month and grade, and says when the day asked
is far past the newest data. Both were worked out from a card of every hazard and accident
read into the app (at a province's size 1.2M cards, 49 s and 3.8 GB in the app's process).
Here the store counts them where they are and hands back a row per month and distinct set
of the values asked for: a few hundred for the hazards (a grade each), about one per accident
for the accidents (their figures, by which one given no grade is graded; a province has a
few thousand).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

from graph_model.schema import Label
from graph_model.store.base import MonthCount
from graph_model.store.memory_index import TypedIndex

_LABELS = {label.value for label in Label}


def _month_of(value: Any) -> str | None:
    """The month of a day, as both stores read it: a non-empty string's first 7 characters."""
    return value[:7] if type(value) is str and value else None


def _day_of(value: Any) -> str | None:
    """The day of a date or date-time: a string of at least 10 characters, its first 10."""
    return value[:10] if type(value) is str and len(value) >= 10 else None


def _in_order(counts: Iterable[MonthCount]) -> list[MonthCount]:
    # one order for both stores: by month, then by the values as text (None, ints, strings)
    return sorted(counts, key=lambda c: (c[0], repr(c[1])))


# -- the embedded store ----------------------------------------------------------------------
def memory_month_counts(
    graph: nx.MultiDiGraph[str],
    index: TypedIndex,
    label: str,
    date_key: str,
    fields: tuple[str, ...],
    enterprise_ids: Collection[str] | None = None,
) -> list[MonthCount]:
    if label not in _LABELS:
        return []
    within = None if enterprise_ids is None else set(enterprise_ids)
    nodes = graph.nodes
    counts: Counter[tuple[str, tuple[Any, ...]]] = Counter()
    for node in index.with_label(label):
        props = nodes[node]["props"]
        month = _month_of(props.get(date_key))
        if month is None or (within is not None and props.get("enterprise_id") not in within):
            continue
        counts[month, tuple(props.get(f) for f in fields)] += 1
    return _in_order((month, values, n) for (month, values), n in counts.items())


def memory_newest_day(
    graph: nx.MultiDiGraph[str], index: TypedIndex, labels: Iterable[str], keys: tuple[str, ...]
) -> str | None:
    nodes = graph.nodes
    newest: str | None = None
    for label in set(labels) & _LABELS:
        for node in index.with_label(label):
            props = nodes[node]["props"]
            for key in keys:
                day = _day_of(props.get(key))
                if day is not None and (newest is None or day > newest):
                    newest = day
    return newest


# -- Neo4j -----------------------------------------------------------------------------------
# The label is checked against the schema's before it is formatted in; keys and fields are
# parameters (``n[$key]``).
def month_counts_query(label: str) -> str | None:
    if label not in _LABELS:
        return None
    return f"""
MATCH (n:{label})
WITH n, n[$key] AS day
WHERE day IS :: STRING AND day <> ''
  AND ($enterprises IS NULL OR n.enterprise_id IN $enterprises)
RETURN left(day, 7) AS month, [f IN $fields | n[f]] AS values, count(*) AS n
"""


def neo4j_month_counts(
    run: Any,
    label: str,
    date_key: str,
    fields: tuple[str, ...],
    enterprise_ids: Collection[str] | None = None,
) -> list[MonthCount]:
    query = month_counts_query(label)
    if query is None:
        return []
    rows = run(
        query,
        key=date_key,
        fields=list(fields),
        enterprises=None if enterprise_ids is None else sorted(enterprise_ids),
    )
    return _in_order((r["month"], tuple(r["values"]), r["n"]) for r in rows)


def newest_day_query(labels: Iterable[str]) -> str | None:
    known = sorted(set(labels) & _LABELS)
    if not known:
        return None
    nodes = "\n  UNION ALL\n  ".join(f"MATCH (n:{label}) RETURN n" for label in known)
    # a node with two of the labels comes twice: the same days, the same max
    return f"""
CALL () {{
  {nodes}
}}
UNWIND [k IN $keys WHERE n[k] IS :: STRING AND size(n[k]) >= 10 | left(n[k], 10)] AS day
RETURN max(day) AS day
"""


def neo4j_newest_day(run: Any, labels: Iterable[str], keys: tuple[str, ...]) -> str | None:
    query = newest_day_query(labels)
    if query is None:
        return None
    rows = list(run(query, keys=list(keys)))
    return rows[0]["day"] if rows else None
