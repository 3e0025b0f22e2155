"""Cypher text, one pure function per query. Values always travel as parameters; only labels
and relationship types from ``graph_model.schema`` (never from data) are formatted in.
"""

from __future__ import annotations

from graph_model.schema import ENTITY, Label, Rel


def schema_statements() -> list[str]:
    """Constraints and indexes, idempotent (IF NOT EXISTS). Community has uniqueness only."""
    statements = [
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE"
    ]
    for label in Label:
        name = f"{label.value.lower()}_id"
        statements.append(
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
        )
    for rel in Rel:
        name = f"rel_{rel.value.lower()}_key"
        statements.append(f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{rel.value}]-() ON (r.key)")
    statements += [
        "CREATE INDEX org_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind)",
        "CREATE INDEX position_role IF NOT EXISTS FOR (n:Position) ON (n.role)",
        "CREATE INDEX hazard_grade IF NOT EXISTS FOR (n:Hazard) ON (n.grade)",
    ]
    return statements


def upsert_nodes(labels: tuple[Label, ...]) -> str:
    """Merge nodes by id; report per row whether it was created, changed or the same."""
    label_text = ":".join(lb.value for lb in labels)
    others = [lb.value for lb in Label if lb not in labels]
    remove = f"REMOVE n:{':'.join(others)}" if others else ""
    return f"""
UNWIND $rows AS row
OPTIONAL MATCH (old:{ENTITY} {{id: row.id}})
WITH row, old,
     CASE WHEN old IS NULL THEN 'created'
          WHEN properties(old) = row.props AND all(l IN $labels WHERE l IN labels(old))
               AND size(labels(old)) = size($labels) + 1 THEN 'same'
          ELSE 'changed' END AS status
MERGE (n:{ENTITY} {{id: row.id}})
SET n = row.props, n:{label_text}
{remove}
RETURN status, count(*) AS n
"""


def remove_stale_functional(rel: Rel) -> str:
    """Delete a node's ``rel`` links that point anywhere but its current target."""
    return f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})-[r:{rel.value}]->(b)
WHERE row.end IS NULL OR b.id <> row.end
DELETE r
RETURN count(r) AS n
"""


def upsert_rels(rel: Rel) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})
MATCH (b:{ENTITY} {{id: row.end}})
OPTIONAL MATCH (a)-[old:{rel.value} {{key: row.key}}]->(b)
WITH a, b, row, CASE WHEN old IS NULL THEN 'created'
                     WHEN properties(old) = row.props THEN 'same'
                     ELSE 'changed' END AS status
MERGE (a)-[r:{rel.value} {{key: row.key}}]->(b)
SET r = row.props
RETURN status, count(*) AS n
"""


LABELS_OF = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{ENTITY}'] AS labels
"""

IDS_WITH_LABEL = f"""
MATCH (n:{ENTITY})
WHERE $label IN labels(n)
RETURN n.id AS id ORDER BY id
"""


def tree_links(rel: Rel) -> str:
    """The stored ``rel`` links (child, parent) reachable upward from the ids in ``$ids``."""
    return f"""
UNWIND $ids AS id
MATCH (:{ENTITY} {{id: id}})-[:{rel.value}*0..]->(child:{ENTITY})-[:{rel.value}]->(parent:{ENTITY})
RETURN DISTINCT child.id AS child, parent.id AS parent
"""


NODE_COUNTS = f"""
MATCH (n:{ENTITY})
UNWIND [l IN labels(n) WHERE l <> '{ENTITY}'] AS label
RETURN label, count(*) AS n
"""

REL_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
