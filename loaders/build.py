"""One build step: validated rows -> the nodes and relationships a store upserts."""

from __future__ import annotations

from graph_model.schema import (
    FunctionalLink,
    GraphBatch,
    Label,
    NodeRecord,
    OrgKind,
    Rel,
    RelRecord,
)
from loaders.tables import TABLES
from loaders.validate import Dataset, Row, link_identity

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


def _props(row: Row) -> dict[str, object]:
    props = {k: v for k, v in row.values.items() if v is not None and k != "source_id"}
    source = row.text("source_id")
    props["source_ids"] = [source] if source else []
    return props


def _sources(row: Row) -> list[str]:
    source = row.text("source_id")
    return [source] if source else []


def build_batch(ds: Dataset) -> GraphBatch:
    """The graph of a valid dataset. Later rows of the same identity replace earlier ones."""
    nodes: dict[str, NodeRecord] = {}
    rels: dict[tuple[Rel, str], RelRecord] = {}
    functional: dict[tuple[Rel, str], FunctionalLink] = {}
    plan_ids = {r.text("id") for r in ds.rows.get("emergency_plans", [])}

    node_table: dict[str, str] = {}  # node id -> the table whose links it gets
    for table in TABLES:
        if table.label is None:
            continue
        for row in ds.rows.get(table.name, []):
            node_id = row.text("id")
            assert node_id is not None
            props = _props(row)
            labels: tuple[Label, ...] = (table.label,)
            node_table[node_id] = table.name
            if table.name == "enterprises" or props.get("kind") == OrgKind.ENTERPRISE:
                labels = (Label.ORGANIZATION, Label.ENTERPRISE)
                props["kind"] = OrgKind.ENTERPRISE.value
                node_table[node_id] = "enterprises"
                earlier = nodes.get(node_id)
                if earlier is not None:  # listed in organizations too: the rows complement
                    sources = sorted(
                        {*_strings(earlier.props["source_ids"]), *_strings(props["source_ids"])}
                    )
                    props = {**earlier.props, **props, "source_ids": sources}
            nodes[node_id] = NodeRecord(node_id, labels, props)

    # Links follow from the node's final properties, so that an enterprise listed in two
    # tables gets one set of links, whichever row named them.
    for node_id, node in nodes.items():
        sources = list(_strings(node.props.get("source_ids", [])))
        for column, rel in _FUNCTIONAL.get(node_table[node_id], ()):
            target = node.props.get(column)
            if rel is Rel.USES_PLAN and target not in plan_ids:
                target = None  # a dangling plan id stays a property (a gap), not a link
            end = None if target is None else str(target)
            functional[(rel, node_id)] = FunctionalLink(rel, node_id, end)
            if end is not None:
                key = f"{node_id}>{end}"
                rels[(rel, key)] = RelRecord(
                    rel, node_id, end, key, {"source_ids": sources, "key": key}
                )

    for row in ds.rows.get("appointments", []):
        _link(rels, Rel.HOLDS, row, "person_id", "position_id", ("start", "end"))
    for row in ds.rows.get("assignments", []):
        _link(rels, Rel.IN_CHARGE_OF, row, "position_id", "org_id", ("start", "end"))
    for row in ds.rows.get("supervision", []):
        target = row.text("enterprise_id") or row.text("sector_id") or row.text("region_id")
        _link(
            rels,
            Rel.SUPERVISES,
            row,
            "org_id",
            None,
            ("kind", "sector_id", "region_id", "enterprise_id", "start", "end"),
            target=target,
        )
    for row in ds.rows.get("findings", []):
        _link(
            rels,
            Rel.FOUND_RESPONSIBLE,
            row,
            "person_id",
            "accident_id",
            ("position_id", "responsibility", "sanction"),
        )

    return GraphBatch(list(nodes.values()), list(rels.values()), list(functional.values()))


def _link(
    rels: dict[tuple[Rel, str], RelRecord],
    rel: Rel,
    row: Row,
    start_column: str,
    end_column: str | None,
    prop_columns: tuple[str, ...],
    target: str | None = None,
) -> None:
    identity = link_identity(row.table)
    assert identity is not None
    key = "|".join("" if v is None else str(v) for v in identity(row))
    start = row.text(start_column)
    end = target if end_column is None else row.text(end_column)
    assert start is not None
    assert end is not None
    props: dict[str, object] = {c: row.get(c) for c in prop_columns if row.get(c) is not None}
    props["source_ids"] = _sources(row)
    props["key"] = key
    rels[(rel, key)] = RelRecord(rel, start, end, key, props)


def _strings(value: object) -> list[str]:
    """A list property (``source_ids``) as the strings it holds."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def count_rows(ds: Dataset) -> dict[str, int]:
    """Rows per table, for the load report."""
    return {t.name: len(ds.rows.get(t.name, [])) for t in TABLES if ds.rows.get(t.name)}
