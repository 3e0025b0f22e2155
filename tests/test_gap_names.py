"""The names a gap report shows, read on Neo4j from only the properties each label can carry
(``neo4j_queries.NAME_PROPERTIES``): they must be the data format's columns, and a node named
only in Chinese, or not named at all, must read as it does on the embedded store, which
applies ``facts.shown_name`` to all of a node's properties."""

from __future__ import annotations

from pathlib import Path

from graph_model.accountability import gaps
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_queries import _NAMED, NAME_PROPERTIES
from loaders import load_path
from loaders.tables import TABLES
from tests.generated import as_of_days, generate, write_dataset


def test_the_name_properties_are_the_columns_of_the_data_format() -> None:
    declared: dict[str, set[str]] = {}
    for table in TABLES:
        if table.label is not None:
            named = {c.name for c in table.columns if c.name in _NAMED}
            declared.setdefault(table.label, set()).update(named)
    for label, keys in NAME_PROPERTIES.items():
        assert set(keys) == declared[label], label
    # an enterprise is an organization too: one shown name for both labels
    assert declared["Enterprise"] == declared["Organization"]


def _blank_some_names(tables: dict[str, list[dict[str, str]]]) -> None:
    """Every other organization, enterprise, region and sector named in Chinese only; every
    third post, hazard, duty and plan without its one name."""
    for name in ("organizations", "enterprises", "regions", "sectors"):
        for i, row in enumerate(tables[name]):
            if i % 2 == 0:
                row["name_zh"] = row.get("name_zh") or f"中文{row['id']}"
                row["name"] = ""
    for name, column in (
        ("positions", "title"),
        ("hazards", "title"),
        ("duties", "text"),
        ("emergency_plans", "title"),
    ):
        for i, row in enumerate(tables[name]):
            if i % 3 == 0:
                row[column] = ""


def test_names_in_chinese_only_or_none_read_as_on_the_embedded_store(
    store: GraphStore, tmp_path: Path
) -> None:
    tables = generate(5, "medium")
    _blank_some_names(tables)
    folder = write_dataset(tables, tmp_path / "data")
    memory = MemoryStore(tmp_path / "memory.json")
    load_path(folder, store)
    load_path(folder, memory)
    zh_only = {r["id"] for r in tables["organizations"] + tables["enterprises"] if not r["name"]}
    unnamed = {r["id"] for r in tables["hazards"] + tables["emergency_plans"] if not r["title"]}
    seen_zh = seen_none = 0
    for day in as_of_days(tables, 5, 3):
        report = [g.to_json() for g in gaps(store, day).gaps]
        assert report == [g.to_json() for g in gaps(memory, day).gaps], day
        seen_zh += sum(
            1
            for g in report
            if g["subject_id"] in zh_only and g["subject_name"].startswith(("中", "单", "企"))
        )
        seen_none += sum(
            1 for g in report if g["subject_id"] in unnamed and g["subject_name"] is None
        )
    assert seen_zh, "an organization named in Chinese only was shown"
    assert seen_none, "a hazard or plan without a title was shown"
