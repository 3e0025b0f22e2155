"""Cypher text, one pure function per query. Values always travel as parameters; only labels
and relationship types from ``graph_model.schema`` (never from data) are formatted in.
"""

from __future__ import annotations

from graph_model.schema import ENTITY, Label, Rel


def schema_entries() -> list[tuple[str, bool, str]]:
    """(name, is a constraint, statement) of every constraint and index a load needs,
    each statement idempotent (IF NOT EXISTS). Community has uniqueness only."""
    entries = [
        (
            "entity_id",
            True,
            f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE",
        )
    ]
    for label in Label:
        name = f"{label.value.lower()}_id"
        entries.append(
            (
                name,
                True,
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label.value}) "
                "REQUIRE n.id IS UNIQUE",
            )
        )
    for rel in Rel:
        name = f"rel_{rel.value.lower()}_key"
        entries.append(
            (name, False, f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{rel.value}]-() ON (r.key)")
        )
    for name, indexed, prop in (
        ("org_kind", "Organization", "kind"),
        ("position_role", "Position", "role"),
        ("hazard_grade", "Hazard", "grade"),
    ):
        entries.append(
            (name, False, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{indexed}) ON (n.{prop})")
        )
    # A chain's look-ups into dense nodes (issue 9: a district holds thousands of
    # enterprises, a sector a supervision row per region of the province): the territorial
    # organizations of a region (sought by region and kind: its enterprises are never
    # read), and the supervision rows of a sector scoped to a region (by region and sector:
    # not the region's rows of every sector). ``neo4j_queries._HEADS_MATCH``.
    entries.append(
        (
            "org_region_kind",
            False,
            f"CREATE INDEX org_region_kind IF NOT EXISTS FOR (n:{Label.ORGANIZATION.value}) "
            "ON (n.region_id, n.kind)",
        )
    )
    supervises = Rel.SUPERVISES.value
    entries.append(
        (
            "rel_supervises_region_sector",
            False,
            f"CREATE INDEX rel_supervises_region_sector IF NOT EXISTS FOR ()-[r:{supervises}]-() "
            "ON (r.region_id, r.sector_id)",
        )
    )
    entries += [
        (
            "load_journal_id",
            True,
            f"CREATE CONSTRAINT load_journal_id IF NOT EXISTS FOR (j:{JOURNAL}) "
            "REQUIRE j.id IS UNIQUE",
        ),
        (
            "load_undo_load",
            False,
            f"CREATE INDEX load_undo_load IF NOT EXISTS FOR (u:{UNDO}) ON (u.load)",
        ),
    ]
    return entries


def schema_statements() -> list[str]:
    """The graph's constraints and indexes (``schema_entries`` but the journal's)."""
    return [s for name, _, s in schema_entries() if not name.startswith("load_")]


JOURNAL = "LoadJournal"  # one node per running load (graph_model.store.neo4j_load)
UNDO = "LoadUndo"  # one node per committed batch of a running load: how to undo it


def load_schema_statements() -> list[str]:
    """The journal's own constraint and index."""
    return [s for name, _, s in schema_entries() if name.startswith("load_")]


# What the database holds of the schema, in one read: every index, with the constraint it
# backs (a uniqueness constraint is listed by its index, under the constraint's name).
SCHEMA_PRESENT = "SHOW INDEXES YIELD name, owningConstraint RETURN name, owningConstraint"


def missing_schema(present: list[dict[str, str | None]]) -> list[str]:
    """The statements of ``schema_entries`` whose constraint or index ``present`` (rows of
    ``SCHEMA_PRESENT``) lacks: a load runs only these, none when the schema is there."""
    constraints = {row["owningConstraint"] for row in present if row.get("owningConstraint")}
    indexes = {row["name"] for row in present if not row.get("owningConstraint")}
    return [
        statement
        for name, is_constraint, statement in schema_entries()
        if name not in (constraints if is_constraint else indexes)
    ]


def missing_indexes(present: list[dict[str, str | None]]) -> list[str]:
    """``missing_schema``'s plain indexes only, no constraint: what a store makes when it
    opens (a constraint waits for a load: the data may break it)."""
    plain = {statement for _, is_constraint, statement in schema_entries() if not is_constraint}
    return [statement for statement in missing_schema(present) if statement in plain]


# The load's writes keep the plan they were first given: every one is unique-index seeks
# whatever the statistics, and each load changes the statistics enough that the server
# would plan every write statement again (one per label set and link type, each load).
KEEP_PLAN = "CYPHER replan=skip"


def upsert_nodes(labels: tuple[Label, ...]) -> str:
    """Write nodes by id; return, in one record, the ids created and what each changed node
    was (its properties and labels, read before the write) so that the change can be undone.

    A node that does not exist yet is created outright (one index seek, not a MERGE's
    second); an unchanged node is not written at all; only a changed one is set and
    stripped of other labels. One aggregated record, not one per row: a batch's answer is
    a single Bolt message whatever its size."""
    label_text = ":".join(lb.value for lb in labels)
    others = [lb.value for lb in Label if lb not in labels]
    remove = f"REMOVE old:{':'.join(others)}" if others else ""
    return f"""{KEEP_PLAN}
UNWIND $rows AS row
OPTIONAL MATCH (old:{ENTITY} {{id: row.id}})
WITH row, old,
     CASE WHEN old IS NULL THEN 'created'
          WHEN properties(old) = row.props AND all(l IN $labels WHERE l IN labels(old))
               AND size(labels(old)) = size($labels) + 1 THEN 'same'
          ELSE 'changed' END AS status
WITH row, old, status,
     CASE WHEN status = 'changed' THEN properties(old) END AS before,
     CASE WHEN status = 'changed' THEN labels(old) END AS before_labels
CALL (row, status) {{
  WITH row WHERE status = 'created'
  CREATE (n:{ENTITY}:{label_text})
  SET n = row.props
}}
CALL (row, old, status) {{
  WITH row, old WHERE status = 'changed'
  SET old = row.props, old:{label_text}
  {remove}
}}
RETURN collect(CASE WHEN status = 'created' THEN row.id END) AS created,
       collect(CASE WHEN status = 'changed'
                    THEN {{id: row.id, props: before, labels: before_labels}} END) AS changed
"""


def remove_stale_functional(rel: Rel) -> str:
    """Delete a node's ``rel`` links that point anywhere but its current target; return
    what they were, to put them back if the load is undone."""
    return f"""{KEEP_PLAN}
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})-[r:{rel.value}]->(b)
WHERE row.end IS NULL OR b.id <> row.end
WITH r, a.id AS start, b.id AS end, properties(r) AS props
DELETE r
RETURN start, end, props
"""


def create_rels(rel: Rel) -> str:
    """Links from or to a node this load created: none can exist yet (rows are unique by
    type and key), so CREATE, not MERGE."""
    return f"""{KEEP_PLAN}
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})
MATCH (b:{ENTITY} {{id: row.end}})
CREATE (a)-[r:{rel.value}]->(b)
SET r = row.props
RETURN count(*) AS n
"""


def upsert_rels(rel: Rel) -> str:
    """Merge links between nodes that existed; return those created or changed (with their
    properties before the write)."""
    return f"""{KEEP_PLAN}
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})
MATCH (b:{ENTITY} {{id: row.end}})
OPTIONAL MATCH (a)-[old:{rel.value} {{key: row.key}}]->(b)
WITH a, b, row, CASE WHEN old IS NULL THEN 'created'
                     WHEN properties(old) = row.props THEN 'same'
                     ELSE 'changed' END AS status,
     CASE WHEN old IS NULL THEN NULL ELSE properties(old) END AS before
MERGE (a)-[r:{rel.value} {{key: row.key}}]->(b)
SET r = row.props
WITH row, status, before WHERE status <> 'same'
RETURN row.start AS start, row.end AS end, row.key AS key, status, before AS props
"""


# -- the journal of a load in bounded transactions, and its undo -------------------------
JOURNAL_BEGIN = f"CREATE (:{JOURNAL} {{id: $id, host: $host, pid: $pid, beat: $beat}})"

UNDO_RECORD = f"""{KEEP_PLAN}
MATCH (j:{JOURNAL} {{id: $load}})
SET j.beat = $beat
CREATE (:{UNDO} {{load: $load, seq: $seq, ops: $ops}})
RETURN j.id AS id
"""

# Forgets a load: done when it committed, or once all of it was undone.
JOURNAL_COMMIT = f"""
OPTIONAL MATCH (u:{UNDO} {{load: $id}})
DELETE u
WITH count(*) AS _
OPTIONAL MATCH (j:{JOURNAL} {{id: $id}})
DELETE j
"""

JOURNALS = f"MATCH (j:{JOURNAL}) RETURN j.id AS id, j.host AS host, j.pid AS pid, j.beat AS beat"

UNDO_SEQS = f"MATCH (u:{UNDO} {{load: $load}}) RETURN u.seq AS seq ORDER BY seq DESC"

UNDO_TAKE = f"""
MATCH (u:{UNDO} {{load: $load, seq: $seq}})
WITH u, u.ops AS ops
DELETE u
RETURN ops
"""

DELETE_NODES = f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) DETACH DELETE n"


def delete_rels(rel: Rel) -> str:
    return f"""
UNWIND $rows AS row
MATCH (:{ENTITY} {{id: row.start}})-[r:{rel.value} {{key: row.key}}]->(:{ENTITY} {{id: row.end}})
DELETE r
"""


def restore_rels(rel: Rel) -> str:
    return f"""
UNWIND $rows AS row
MATCH (:{ENTITY} {{id: row.start}})-[r:{rel.value} {{key: row.key}}]->(:{ENTITY} {{id: row.end}})
SET r = row.props
"""


def recreate_rels(rel: Rel) -> str:
    return f"""
UNWIND $rows AS row
MATCH (a:{ENTITY} {{id: row.start}})
MATCH (b:{ENTITY} {{id: row.end}})
CREATE (a)-[r:{rel.value}]->(b)
SET r = row.props
"""


def restore_nodes(labels: tuple[Label, ...]) -> str:
    """Put back what nodes were: their properties and exactly ``labels`` (and Entity)."""
    others = [lb.value for lb in Label if lb not in labels]
    add = f", n:{':'.join(lb.value for lb in labels)}" if labels else ""
    remove = f"REMOVE n:{':'.join(others)}" if others else ""
    return f"""
UNWIND $rows AS row
MATCH (n:{ENTITY} {{id: row.id}})
SET n = row.props{add}
{remove}
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


# The count of each label of the data (every entity carries one or two of them) and of each
# relationship type, in this order, read from the server's count store (a subquery each, the
# shape the planner answers from it): a scan of every node and relationship took 4–6 s at the
# province's size; this takes milliseconds at any size.
COUNTED: tuple[tuple[str, str], ...] = (
    *(("label", str(label)) for label in Label),
    *(("type", str(rel)) for rel in Rel),
)
COUNTS = (
    "\n".join(
        f"CALL () {{ MATCH (n:{name}) RETURN count(n) AS c{i} }}"
        if what == "label"
        else f"CALL () {{ MATCH ()-[r:{name}]->() RETURN count(r) AS c{i} }}"
        for i, (what, name) in enumerate(COUNTED)
    )
    + f"\nRETURN [{', '.join(f'c{i}' for i in range(len(COUNTED)))}] AS counts"
)

RESAMPLE = "CALL db.resampleOutdatedIndexes()"

CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

# -- after an offline import (graph_model.store.neo4j_import) ------------------------------
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# Values the importer's CSV cannot hold exactly (an empty string or list...), set afterwards.
SET_NODE_PROPS = f"""
UNWIND $rows AS row
MATCH (n:{ENTITY} {{id: row.node}})
SET n += row.props
"""


def set_rel_props(rel: Rel) -> str:
    return f"""
UNWIND $rows AS row
MATCH (:{ENTITY} {{id: row.start}})-[r:{rel.value} {{key: row.key}}]->(:{ENTITY} {{id: row.end}})
SET r += row.props
"""


def empty_list_defaults(prop: str) -> list[str]:
    """After an offline import: ``prop`` = [] on every node and link that lacks it, in
    bounded transactions (``prop`` is a constant of the importer, not input)."""
    return [
        f"MATCH (n:{ENTITY}) WHERE n.{prop} IS NULL "
        f"CALL (n) {{ SET n.{prop} = [] }} IN TRANSACTIONS OF 10000 ROWS",
        f"MATCH ()-[r]->() WHERE r.{prop} IS NULL "
        f"CALL (r) {{ SET r.{prop} = [] }} IN TRANSACTIONS OF 10000 ROWS",
    ]
