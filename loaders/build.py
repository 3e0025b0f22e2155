"""One build step: validated rows -> the nodes and relationships a store upserts, as a
stream of ``GraphBatch`` chunks: every node first, then the links (a store's writes of a
link find both its ends).

The rows are read again from the files (``tables`` is called once per pass) rather than
kept from validation: what is kept is the ``BuildIndex`` validation made (the ids listed
twice, the link rows a later row replaces, the plan ids). Three passes: nodes; the
functional links of the node rows; the relationship tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graph_model.schema import (
    FunctionalLink,
    GraphBatch,
    Label,
    NodeRecord,
    OrgKind,
    Rel,
    RelRecord,
)
from loaders.raw import RawRow
from loaders.tables import TABLES, Table
from loaders.validate import LINK_KEYS, BuildIndex, Row, parse_row

# Records per chunk of the stream: a store writes a chunk in its own bounded batches.
CHUNK = 20_000

# (table, file, rows) of a dataset, read afresh at each call (``readers.stream_path``)
TableSource = Callable[[], Iterable[tuple[Table, str, Iterable[RawRow]]]]

# For each table with ids: which reference columns become which functional relationship.
_FUNCTIONAL: dict[str, tuple[tuple[str, Rel], ...]] = {
    "regions": (("parent_id", Rel.PART_OF),),
    "organizations": (("region_id", Rel.IN_REGION), ("parent_id", Rel.SUBORDINATE_TO)),
    "enterprises": (
        ("region_id", Rel.IN_REGION),
        ("parent_id", Rel.SUBORDINATE_TO),
        ("sector_id", Rel.IN_SECTOR),
    ),
    "sectors": (("parent_id", Rel.SUBSECTOR_OF),),
    "positions": (("org_id", Rel.POST_OF),),
    "duties": (("holder_id", Rel.HELD_BY),),
    "hazards": (
        ("enterprise_id", Rel.AT),
        ("owner_person_id", Rel.OWNED_BY),
        ("plan_id", Rel.USES_PLAN),
    ),
    "accidents": (("enterprise_id", Rel.AT),),
    "emergency_plans": (("holder_id", Rel.PLAN_OF),),
    "drills": (("plan_id", Rel.DRILL_OF),),
}


_LABELS: dict[str, Label] = {t.name: t.label for t in TABLES if t.label is not None}


def _props(row: Row) -> dict[str, object]:
    props = {k: v for k, v in row.values.items() if v is not None and k != "source_id"}
    source = row.text("source_id")
    props["source_ids"] = [source] if source else []
    return props


def _sources(row: Row) -> list[str]:
    source = row.text("source_id")
    return [source] if source else []


def _rows(tables: TableSource, nodes: bool) -> Iterator[Row]:
    problems: list[object] = []  # a validated dataset: nothing to report
    for table, _, rows in tables():
        if (table.label is not None) != nodes:
            continue
        for raw_row in rows:
            yield parse_row(table, raw_row, problems)  # type: ignore[arg-type]
        problems.clear()


def _final_nodes(tables: TableSource, index: BuildIndex) -> Iterator[tuple[NodeRecord, str]]:
    """(node, the table whose links it gets), each id once: an enterprise listed in
    organizations too is held until its second row, and the two rows complement."""
    held: dict[str, NodeRecord] = {}
    for row in _rows(tables, nodes=True):
        node_id = row.text("id")
        assert node_id is not None
        props = _props(row)
        label = _LABELS[row.table]
        labels: tuple[Label, ...] = (label,)
        table = row.table
        if table == "enterprises" or props.get("kind") == OrgKind.ENTERPRISE:
            labels = (Label.ORGANIZATION, Label.ENTERPRISE)
            props["kind"] = OrgKind.ENTERPRISE.value
            table = "enterprises"
            if node_id in index.dual:
                earlier = held.pop(node_id, None)
                if earlier is None:  # the first of its two rows: wait for the other
                    held[node_id] = NodeRecord(node_id, labels, props)
                    continue
                sources = sorted(
                    {*_strings(earlier.props["source_ids"]), *_strings(props["source_ids"])}
                )
                props = {**earlier.props, **props, "source_ids": sources}
        yield NodeRecord(node_id, labels, props), table


def iter_batches(
    tables: TableSource, index: BuildIndex, chunk: int = CHUNK
) -> Iterator[GraphBatch]:
    """The graph of a valid dataset, in chunks: all nodes, then all links. Later rows of the
    same identity replace earlier ones."""
    nodes: list[NodeRecord] = []
    for node, _ in _final_nodes(tables, index):
        nodes.append(node)
        if len(nodes) >= chunk:
            yield GraphBatch(nodes, [], [])
            nodes = []
    if nodes:
        yield GraphBatch(nodes, [], [])

    # Links follow from the node's final properties, so that an enterprise listed in two
    # tables gets one set of links, whichever row named them.
    rels: list[RelRecord] = []
    functional: list[FunctionalLink] = []
    for node, table in _final_nodes(tables, index):
        sources = list(_strings(node.props.get("source_ids", [])))
        for column, rel in _FUNCTIONAL.get(table, ()):
            target = node.props.get(column)
            if rel is Rel.USES_PLAN and target not in index.plan_ids:
                target = None  # a dangling plan id stays a property (a gap), not a link
            end = None if target is None else str(target)
            functional.append(FunctionalLink(rel, node.id, end))
            if end is not None:
                key = f"{node.id}>{end}"
                rels.append(RelRecord(rel, node.id, end, key, {"source_ids": sources, "key": key}))
        if len(rels) + len(functional) >= chunk:
            yield GraphBatch([], rels, functional)
            rels, functional = [], []

    for row in _rows(tables, nodes=False):
        if (row.file, row.line) in index.replaced:
            continue  # a later row of the same identity replaces it
        record = _link(row)
        if record is not None:
            rels.append(record)
        if len(rels) + len(functional) >= chunk:
            yield GraphBatch([], rels, functional)
            rels, functional = [], []
    if rels or functional:
        yield GraphBatch([], rels, functional)


# table -> (relationship, start column, end column (None: the supervised target), props)
_LINKS: dict[str, tuple[Rel, str, str | None, tuple[str, ...]]] = {
    "appointments": (Rel.HOLDS, "person_id", "position_id", ("start", "end")),
    "assignments": (Rel.IN_CHARGE_OF, "position_id", "org_id", ("start", "end")),
    "supervision": (
        Rel.SUPERVISES,
        "org_id",
        None,
        ("kind", "sector_id", "region_id", "enterprise_id", "start", "end"),
    ),
    "findings": (
        Rel.FOUND_RESPONSIBLE,
        "person_id",
        "accident_id",
        ("position_id", "responsibility", "sanction"),
    ),
}


def _link(row: Row) -> RelRecord | None:
    spec = _LINKS.get(row.table)
    if spec is None:
        return None
    rel, start_column, end_column, prop_columns = spec
    key = "|".join("" if v is None else str(v) for v in (row.get(k) for k in LINK_KEYS[row.table]))
    start = row.text(start_column)
    if end_column is None:
        end = row.text("enterprise_id") or row.text("sector_id") or row.text("region_id")
    else:
        end = row.text(end_column)
    assert start is not None
    assert end is not None
    props: dict[str, object] = {c: row.get(c) for c in prop_columns if row.get(c) is not None}
    props["source_ids"] = _sources(row)
    props["key"] = key
    return RelRecord(rel, start, end, key, props)


def whole(chunks: Iterable[GraphBatch]) -> GraphBatch:
    """The chunks as one batch (the embedded store holds the graph in memory anyway)."""
    out = GraphBatch([], [], [])
    for part in chunks:
        out.nodes.extend(part.nodes)
        out.rels.extend(part.rels)
        out.functional.extend(part.functional)
    return out


def _strings(value: object) -> list[str]:
    """A list property (``source_ids``) as the strings it holds."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []
