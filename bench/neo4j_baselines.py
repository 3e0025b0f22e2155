"""What our Neo4j figures are divided by: minimal hand-written loaders and a bare round trip.

The loaders write the very records our validation builds (``validate_path`` gives the batch),
so that the ratio measures how we write, not what. Labels and relationship types come from
``graph_model.schema`` (never from data); every value travels as a parameter.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from neo4j import Driver, GraphDatabase

from graph_model.schema import ENTITY, GraphBatch

BATCH = 10_000


def connect(uri: str) -> Driver:
    user = os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME")
    password = os.environ.get("NEO4J_PASSWORD") or ""
    return GraphDatabase.driver(uri, auth=(user, password) if user else None)


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _node_groups(batch: GraphBatch) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in batch.nodes:
        labels = ":".join([ENTITY, *(str(lb) for lb in node.labels)])
        groups[labels].append({"id": node.id, "props": {"id": node.id, **node.props}})
    return groups


def _rel_groups(batch: GraphBatch) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in batch.rels:
        groups[str(rel.type)].append(
            {"start": rel.start, "end": rel.end, "props": {"key": rel.key, **rel.props}}
        )
    return groups


def _constraint(driver: Driver) -> None:
    # the same name as the store's: a no-op when the store created it already
    driver.execute_query(
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE"
    )


def unwind_load(driver: Driver, batch: GraphBatch, size: int = BATCH) -> None:
    """Constraint first, then ``UNWIND $rows ... MERGE`` in transactions of ``size`` rows."""
    _constraint(driver)
    with driver.session() as session:
        for labels, rows in _node_groups(batch).items():
            query = f"UNWIND $rows AS row MERGE (n:{ENTITY} {{id: row.id}}) SET n = row.props"
            query += f", n:{labels}"
            for chunk in _chunks(rows, size):
                session.execute_write(lambda tx, q=query, c=chunk: tx.run(q, rows=c).consume())
        for rel_type, rows in _rel_groups(batch).items():
            query = (
                f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.start}}) "
                f"MATCH (b:{ENTITY} {{id: row.end}}) "
                f"MERGE (a)-[r:{rel_type} {{key: row.props.key}}]->(b) SET r = row.props"
            )
            for chunk in _chunks(rows, size):
                session.execute_write(lambda tx, q=query, c=chunk: tx.run(q, rows=c).consume())


def per_row_load(driver: Driver, batch: GraphBatch, size: int = BATCH) -> None:
    """Constraint first, then one ``MERGE`` statement per record (transactions of ``size``)."""
    _constraint(driver)
    nodes = [(labels, row) for labels, rows in _node_groups(batch).items() for row in rows]
    rels = [(t, row) for t, rows in _rel_groups(batch).items() for row in rows]
    with driver.session() as session:
        for chunk in _chunks(nodes, size):

            def write_nodes(tx: Any, c: Sequence[tuple[str, dict[str, Any]]] = chunk) -> None:
                for labels, row in c:
                    tx.run(
                        f"MERGE (n:{ENTITY} {{id: $id}}) SET n = $props, n:{labels}",
                        id=row["id"],
                        props=row["props"],
                    ).consume()

            session.execute_write(write_nodes)
        for chunk in _chunks(rels, size):

            def write_rels(tx: Any, c: Sequence[tuple[str, dict[str, Any]]] = chunk) -> None:
                for rel_type, row in c:
                    tx.run(
                        f"MATCH (a:{ENTITY} {{id: $start}}) MATCH (b:{ENTITY} {{id: $end}}) "
                        f"MERGE (a)-[r:{rel_type} {{key: $props.key}}]->(b) SET r = $props",
                        start=row["start"],
                        end=row["end"],
                        props=row["props"],
                    ).consume()

            session.execute_write(write_rels)


def return_one(driver: Driver) -> None:
    """The cheapest round trip there is: what a one-query chain could cost at best."""
    with driver.session() as session:
        session.execute_read(lambda tx: tx.run("RETURN 1").consume())


def count_graph(driver: Driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def fresh_plans(driver: Driver) -> None:
    """Forget cached plans, so that the next query is planned on the statistics of now."""
    driver.execute_query("CALL db.clearQueryCaches()")
