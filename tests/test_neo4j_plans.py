"""The gap report's queries cannot turn quadratic, whatever plan the server picks: checked on
the plans the real server makes for them (``EXPLAIN``), right after a load with fresh plans
and again after the index statistics are resampled.

A plan is quadratic when, for every row of one pass, it starts another pass over a label: a
scan or a non-unique index seek on the right-hand side of an ``Apply`` (how a subquery runs
per row), or a Cartesian product. That is the shape issue 9 profiled (an enterprise gap query
whose ``COUNT``/``EXISTS`` subqueries started from ``Position(role='principal')``). The
queries start each pass from one label and follow relationships from the bound nodes; the
only look-ups inside a subquery are by ``id`` through a uniqueness constraint.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.store import neo4j_queries
from graph_model.store.neo4j_store import Neo4jStore
from loaders import load_path
from tests.conftest import SAMPLE

pytestmark = pytest.mark.neo4j

GAP_QUERIES = {
    **{f"GRAPH_QUERIES[{name!r}]": text for name, text in neo4j_queries.GRAPH_QUERIES.items()},
    **{f"GRAPH_PARTS[{name!r}]": part for name, part in neo4j_queries.GRAPH_PARTS.items()},
    "NAMES": neo4j_queries.NAMES,
}
PARAMS = {"day": "2019-06-30", "ids": ["ENT-001", "POS-010"]}
# the quadratic issue 9 measured: per enterprise, a pass over the principal posts
QUADRATIC = """
MATCH (e:Enterprise)
RETURN e.id AS id,
       COUNT { MATCH (p:Position) WHERE p.role = 'principal' AND p.org_id = e.id } AS posts
"""


def _name(op: dict[str, Any]) -> str:
    return str(op["operatorType"]).split("@")[0]


def _starts_a_pass(op: dict[str, Any]) -> bool:
    name = _name(op)
    return name.endswith("Scan") or ("IndexSeek" in name and "Unique" not in name)


def _one_row(op: dict[str, Any]) -> bool:
    """The branch gives one row (an aggregation without grouping, as GRAPH_QUERIES join their
    parts): a product with it adds no pass."""
    return float(op["args"].get("EstimatedRows", 2)) == 1.0


def _nested_passes(op: dict[str, Any], nested: bool = False) -> list[str]:
    """The operators that start a pass over a label once per row of another pass."""
    found = []
    name = _name(op)
    if name == "CartesianProduct" and not all(_one_row(c) for c in op.get("children", [])):
        found.append(f"{name} {op['args'].get('Details', '')}")
    if nested and _starts_a_pass(op):
        found.append(f"{name} {op['args'].get('Details', '')}")
    children = op.get("children", [])
    for i, child in enumerate(children):
        rhs = "Apply" in name and i == 1  # the subquery side, run per row of the left
        found += _nested_passes(child, nested or rhs)
    return found


def _plan(store: Neo4jStore, query: str) -> dict[str, Any]:
    with store.driver.session(database=store.settings.database) as session:
        plan = session.run("EXPLAIN " + query, PARAMS).consume().plan
    assert plan, "the server gave no plan"
    return dict(plan)


def _fresh_plans(store: Neo4jStore) -> None:
    store.driver.execute_query("CALL db.clearQueryCaches()")


def test_the_check_sees_a_quadratic_plan(neo4j_store: Neo4jStore) -> None:
    """Not blind: the shape of issue 9 is caught (a Position pass per enterprise)."""
    load_path(SAMPLE, neo4j_store)
    _fresh_plans(neo4j_store)
    nested = _nested_passes(_plan(neo4j_store, QUADRATIC))
    assert any("Position" in n or "Cartesian" in n for n in nested), nested


def test_gap_queries_never_start_a_pass_per_row(neo4j_store: Neo4jStore) -> None:
    load_path(SAMPLE, neo4j_store)
    for moment in ("right after the load", "after resampling the statistics"):
        if moment.startswith("after"):
            neo4j_store.driver.execute_query("CALL db.resampleOutdatedIndexes()")
        _fresh_plans(neo4j_store)
        for name, query in GAP_QUERIES.items():
            nested = _nested_passes(_plan(neo4j_store, query))
            assert not nested, f"{name} {moment}: {nested}"


def test_the_check_sees_a_product_of_passes(neo4j_store: Neo4jStore) -> None:
    """Not blind to products: the one-row exemption (GRAPH_QUERIES' parts) does not cover a
    product of two passes over labels."""
    load_path(SAMPLE, neo4j_store)
    _fresh_plans(neo4j_store)
    product = "MATCH (o:Organization), (p:Position) RETURN o.id AS o, p.id AS p"
    assert any("Cartesian" in n for n in _nested_passes(_plan(neo4j_store, product)))
