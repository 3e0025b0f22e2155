"""Loading into each store: counts, idempotence, atomicity, upsert of changed data."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from graph_model.store import GraphStore, MemoryStore
from loaders import InvalidDataset, load_path
from tests.conftest import DATA

TINY = DATA / "tiny"

TINY_COUNTS = {
    "nodes": {
        "EmergencyPlan": 1,
        "Enterprise": 1,
        "Hazard": 1,
        "Organization": 5,
        "Person": 4,
        "Position": 6,
        "Region": 3,
        "Sector": 2,
        "Source": 2,
    },
    "relationships": {
        "AT": 1,
        "HOLDS": 4,
        "IN_CHARGE_OF": 1,
        "IN_REGION": 5,
        "IN_SECTOR": 1,
        "OWNED_BY": 1,
        "PART_OF": 2,
        "PLAN_OF": 1,
        "POST_OF": 6,
        "SUBORDINATE_TO": 2,
        "SUBSECTOR_OF": 1,
        "SUPERVISES": 2,
        "USES_PLAN": 1,
    },
}


def test_load_counts(store: GraphStore) -> None:
    report = load_path(TINY, store)
    assert report.applied is not None
    assert report.applied.nodes_created == 24
    assert store.stats().as_dict() == TINY_COUNTS


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    load_path(TINY, store)
    first = store.stats().as_dict()
    again = load_path(TINY, store)
    assert again.applied is not None
    assert again.applied.unchanged, again.applied
    assert store.stats().as_dict() == first


def test_dry_run_writes_nothing(store: GraphStore) -> None:
    report = load_path(TINY, store, dry_run=True)
    assert report.applied is None
    assert store.stats().as_dict() == {"nodes": {}, "relationships": {}}


def test_invalid_dataset_loads_nothing(store: GraphStore) -> None:
    load_path(TINY, store)
    before = store.stats().as_dict()
    with pytest.raises(InvalidDataset):
        load_path(DATA / "planted_errors", store)
    assert store.stats().as_dict() == before


def test_reload_with_changes_updates_in_place(store: GraphStore, tmp_path: Path) -> None:
    load_path(TINY, store)
    changed = tmp_path / "changed"
    shutil.copytree(TINY, changed)
    # The enterprise moves to the city; an appointment ends; a person is renamed.
    _rewrite(changed / "enterprises.csv", "R-D", "R-C")
    _rewrite(
        changed / "appointments.csv",
        "P-1,POS-MAYOR,2016-01-01,,S-1",
        "P-1,POS-MAYOR,2016-01-01,2018-06-30,S-1",
    )
    _rewrite(changed / "persons.csv", "Mayor One", "Mayor Uno")
    report = load_path(changed, store)
    assert report.applied is not None
    assert (report.applied.nodes_created, report.applied.nodes_changed) == (0, 2)
    assert report.applied.rels_removed == 1  # the old IN_REGION of the enterprise
    assert report.applied.rels_created == 1  # the new one
    assert report.applied.rels_changed == 1  # the appointment's end
    assert store.stats().as_dict() == TINY_COUNTS


def test_references_may_name_ids_already_in_the_store(store: GraphStore, tmp_path: Path) -> None:
    load_path(TINY, store)
    more = tmp_path / "more"
    more.mkdir()
    (more / "persons.csv").write_text("id,name\nP-9,New Director\n", encoding="utf-8")
    (more / "appointments.csv").write_text(
        "person_id,position_id,start\nP-9,POS-EMB,2018-01-01\n", encoding="utf-8"
    )
    load_path(more, store)
    assert store.stats().relationships["HOLDS"] == 5
    (more / "appointments.csv").write_text(
        "person_id,position_id,start\nP-9,R-C,2018-01-01\n", encoding="utf-8"
    )
    with pytest.raises(InvalidDataset) as caught:
        load_path(more, store)
    assert "appointments.csv:2: position_id: 'R-C' is a region, not a position" in [
        str(p) for p in caught.value.problems
    ]


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_memory_store_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "home" / "graph.json"
    load_path(TINY, MemoryStore(path))
    assert MemoryStore(path).stats().as_dict() == TINY_COUNTS
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 3
    # no temp file left: the graph and the summary `accgraph stats` reads
    assert sorted(p.name for p in path.parent.iterdir()) == ["graph.json", "graph.json.stats"]


def test_xlsx_and_json_give_the_same_graph_as_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    document: dict[str, list[dict[str, str]]] = {}
    for path in sorted(TINY.glob("*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        sheet = book.create_sheet(path.stem)
        for row in rows:
            sheet.append(row)
        document[path.stem] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    book.save(tmp_path / "tiny.xlsx")
    (tmp_path / "tiny.json").write_text(json.dumps(document, ensure_ascii=False, indent=1))
    counts = []
    for source in (TINY, tmp_path / "tiny.xlsx", tmp_path / "tiny.json"):
        store = MemoryStore()
        load_path(source, store)
        counts.append(store.stats().as_dict())
    assert counts == [TINY_COUNTS] * 3


def test_chinese_headers_are_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "persons.csv").write_text("编号,姓名\nP-1,张三\n", encoding="utf-8-sig")
    (folder / "regions.csv").write_text("编号,名称,级别,上级\nR-1,大连市,city,\n", encoding="utf-8")
    store = MemoryStore()
    load_path(folder, store)
    assert store.stats().labels == {"Person": 1, "Region": 1}


def test_json_errors_point_at_the_line_of_the_row(tmp_path: Path) -> None:
    doc = tmp_path / "bad.json"
    doc.write_text(
        '{\n "persons": [\n  {"id": "P-1", "name": "A"},\n  {"id": "P-1", "name": "B"}\n ]\n}\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidDataset) as caught:
        load_path(doc, MemoryStore())
    assert [str(p) for p in caught.value.problems] == [
        "bad.json:4: id: 'P-1' is already used at bad.json:3 "
        "(ids are unique across the whole dataset)"
    ]
