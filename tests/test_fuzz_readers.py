"""Fuzzing every reader: any bytes in give a report or a one-line reason out, never another
exception, and a store already holding the sample is left exactly as it was when the input is
invalid. Bounded (``max_examples``, and a generous wall-clock bound per example) so the whole
file runs well under a minute on a busy machine.

Inputs: arbitrary bytes; valid files with a few bytes mutated (quotes, commas, newlines, NUL,
invalid UTF-8, bidi controls, YAML anchors and tags, JSON escapes of half characters...);
and documents and workbooks generated cell by cell.
"""

from __future__ import annotations

import copy
import io
import json
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from graph_model.store import GraphStore, MemoryStore
from loaders import InvalidDataset, UnreadableInput, load_path, validate_path
from tests.conftest import SAMPLE

# Per example: far above what any input should take, far below the minutes a bomb takes.
SLOW_S = 20.0

FUZZ = settings(
    max_examples=60,
    deadline=None,  # a busy CI machine stalls at random; SLOW_S bounds each example instead
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

TABLE_FILES = ("persons", "organizations", "regions", "sectors", "enterprises", "hazards")
# The first lines of sample tables (whole lines: the seeds themselves are valid UTF-8).
SEED_CSV = {
    name: b"".join((SAMPLE / f"{name}.csv").read_bytes().splitlines(keepends=True)[:8])
    for name in TABLE_FILES
}
SAMPLE_IDS = ("P-001", "P-104", "ORG-010", "ORG-002", "ENT-001", "R-002", "R-011", "SEC-012")
COLUMNS = (
    "id",
    "name",
    "name_zh",
    "kind",
    "level",
    "parent_id",
    "region_id",
    "sector_id",
    "enterprise_id",
    "grade",
    "found_on",
    "source_id",
    "姓名",
    "编号",
    "<<",
)
VALUES = (
    "P-001",
    "ORG-010",
    "R-002",
    "R-011",
    "ENT-001",
    "SEC-012",
    "department",
    "city",
    "enterprise",
    "general",
    "2018-01-01",
    "2018-13-45",
    "SRC-001",
    "",
)

# Fragments that break readers when dropped into a valid file.
SPECIAL = (
    b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\x80", b"\xef\xbb\xbf", b"\xfe\xff",
    b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\x1b[2J", b"\t", b"  ", b"- ", b": ", b"{", b"}", b"[",
    b"]", b"&a ", b"*a", b"<<: *a", b"!!python/object/apply:os.system ['true']", b"!!int ",
    b"!!timestamp ", b"!!binary ", b"? ", b"|", b"%YAML 1.1\n", b"---\n", b"\\u0000",
    b"\\ud800", b'"\\udfff"', b"1e999", b"NaN", b"-Infinity", b"true", b"1" * 5000,
    b"\xd6\xd0\xce\xc4", b"=HYPERLINK(", b"43101",
)  # fmt: skip


# -- the store holding the sample, and the property --------------------------------------
_PRISTINE: dict[str, Any] = {}


def _sample_memory_store() -> MemoryStore:
    if "graph" not in _PRISTINE:
        store = MemoryStore()
        load_path(SAMPLE, store)
        _PRISTINE["graph"] = store.graph
    store = MemoryStore()
    store.graph = copy.deepcopy(_PRISTINE["graph"])
    return store


def _state(store: GraphStore) -> tuple[object, object]:
    return store.stats().as_dict(), store.nodes(SAMPLE_IDS)


def _memory_state(store: MemoryStore) -> tuple[object, ...]:
    graph = store.graph
    return (
        store.stats().as_dict(),
        sorted(graph.nodes),
        {n: a["props"] for n, a in graph.nodes(data=True)},
        sorted((u, v, k) for u, v, k in graph.edges(keys=True)),
    )


class _Holder:
    store: MemoryStore | None = None


_MEMORY = _Holder()


def _memory_store() -> MemoryStore:
    if _MEMORY.store is None:
        _MEMORY.store = _sample_memory_store()
    return _MEMORY.store


def check_reader(path: Path) -> None:
    """The property, on the embedded store holding the sample."""
    store = _memory_store()
    before = _memory_state(store)
    started = time.perf_counter()
    report = None
    reason = ""
    try:
        report, _ = validate_path(path, store)
    except UnreadableInput as exc:
        reason = str(exc)
    assert "\n" not in reason, reason  # one line
    for problem in report.problems if report else []:
        str(problem).encode("utf-8")  # every problem can be printed
    try:
        load_path(path, store)
    except (InvalidDataset, UnreadableInput):
        assert report is None or not report.ok
        assert _memory_state(store) == before, "an invalid input changed the store"
    else:
        assert report is not None
        assert report.ok
        _MEMORY.store = None  # a valid input may change it: start the next one afresh
    assert time.perf_counter() - started < SLOW_S


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="accgraph-fuzz-") as folder:
        yield Path(folder)


# -- strategies --------------------------------------------------------------------------
@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[bytes, ...]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "insert", "delete", "replace", "repeat")))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=3))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "replace" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 30))] * draw(st.integers(1, 5))
    return bytes(data)


cells = st.one_of(
    st.none(),
    st.sampled_from(VALUES),
    st.text(max_size=12),
    st.integers(-10, 3_000_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.sampled_from(VALUES), max_size=2),
    st.dictionaries(st.sampled_from(COLUMNS), st.sampled_from(VALUES), max_size=2),
)
rows = st.dictionaries(st.sampled_from(COLUMNS) | st.text(max_size=4), cells, max_size=6)
documents = st.dictionaries(
    st.sampled_from(TABLE_FILES) | st.text(max_size=6),
    st.lists(rows, max_size=4) | cells,
    max_size=3,
)


def _seed_documents() -> tuple[dict[str, Any], ...]:
    persons = [
        {"id": "P-900", "name": "New Person", "source_id": "SRC-001"},
        {"id": "P-001", "name": "Tan Chengxu", "name_zh": "谭成旭", "source_id": "SRC-001"},
    ]
    regions = [{"id": "R-900", "name": "New Zone", "level": "zone", "parent_id": "R-002"}]
    orgs = [{"id": "ORG-900", "name": "New Bureau", "kind": "department", "region_id": "R-900",
             "parent_id": "ORG-002"}]  # fmt: skip
    return ({"persons": persons}, {"regions": regions, "organizations": orgs})


SEED_DOCS = _seed_documents()
SEED_JSON = tuple(json.dumps(d, ensure_ascii=False, indent=1).encode() for d in SEED_DOCS)
SEED_YAML = (
    *(yaml.safe_dump(d, allow_unicode=True, sort_keys=False).encode() for d in SEED_DOCS),
    b"persons:\n  - &p {id: P-901, name: A}\n  - {id: P-902, name: *p}\n",
)


# -- CSV folder --------------------------------------------------------------------------
@FUZZ
@given(
    st.sampled_from(TABLE_FILES),
    st.binary(max_size=600) | mutated(tuple(SEED_CSV.values())),
)
@example("persons", b'id,name\nQ-1,"Zhang\nQ-2,Li\n')
@example("persons", b"id,name\nQ-1," + b"x" * 140_000 + b"\n")
@example("regions", b"id,name,level,parent_id\nR-001,Liaoning,province,R-011\n")
@example("organizations", b"id,name,kind,region_id\nP-001,Org,department,R-002\n")
def test_csv_folder(table: str, content: bytes) -> None:
    with _workdir() as work:
        (work / f"{table}.csv").write_bytes(content)
        check_reader(work)


# -- JSON and YAML -----------------------------------------------------------------------
def _json_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


@FUZZ
@given(st.binary(max_size=400) | mutated(SEED_JSON) | documents.map(_json_bytes))
@example(b'{"persons": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
@example(b'{"persons": [{"id": "P-\\ud800", "x\\udfff": 1}], "t\\ud800": []}')
@example(b'{"persons": [{"id": "P-1", "name": NaN}]}')
def test_json(content: bytes) -> None:
    with _workdir() as work:
        (work / "data.json").write_bytes(content)
        check_reader(work / "data.json")


def _yaml_bytes(document: dict[str, Any]) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True).encode()


ALIAS_BOMB = (
    b"persons:\n  - id: P-1\n    name: [&a0 [x,x,x,x,x,x,x,x,x], "
    + b", ".join(b"&a%d [" % n + b",".join([b"*a%d" % (n - 1)] * 9) + b"]" for n in range(1, 9))
    + b"]\n"
)

yaml_fragments = st.lists(
    st.sampled_from((*SPECIAL, b"persons:", b"\n  - ", b"id: ", b"P-001", b"name: ", b"012")),
    max_size=30,
).map(b"".join)


@FUZZ
@given(st.binary(max_size=400) | mutated(SEED_YAML) | documents.map(_yaml_bytes) | yaml_fragments)
@example(b"!!int")
@example(b"persons:\n  - {id: P-1, name: !!timestamp }\n")
@example(b"persons: [&a [*a]]\n")
@example(ALIAS_BOMB)
def test_yaml(content: bytes) -> None:
    with _workdir() as work:
        (work / "data.yaml").write_bytes(content)
        check_reader(work / "data.yaml")


# -- xlsx --------------------------------------------------------------------------------
def _workbook(sheets: dict[str, list[list[object]]], merged: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    book.remove(book.active)
    for title, grid in sheets.items():
        sheet = book.create_sheet(title[:31] or "x")
        for row in grid:
            try:
                sheet.append(row)
            except (IllegalCharacterError, ValueError):
                assume(False)  # openpyxl cannot write it; not a reader's problem
        for cells in merged:
            sheet.merge_cells(cells)
    out = io.BytesIO()
    try:
        book.save(out)
    except ValueError:  # e.g. overlapping merged ranges, duplicate sheet titles
        assume(False)
    return out.getvalue()


xlsx_cells = st.one_of(
    st.none(),
    st.sampled_from(VALUES),
    st.text(max_size=10),
    st.integers(-100, 3_000_000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e7),
    st.dates(min_value=date(1900, 3, 1)),
    st.sampled_from(("=A1", "=1/0", '=CONCAT("a","b")', "#N/A", "#REF!")),
)
xlsx_grids = st.lists(st.lists(xlsx_cells, max_size=7), min_size=1, max_size=6)
merges = st.lists(st.sampled_from(("A2:A4", "B1:B3", "B2:C2", "C3:C5", "F2:F9", "A1:D1")),
                  max_size=2, unique=True)  # fmt: skip


def _header(table: str) -> list[object]:
    return SEED_CSV[table].decode().splitlines()[0].split(",")


@st.composite
def generated_workbooks(draw: st.DrawFn) -> bytes:
    table = draw(st.sampled_from(TABLE_FILES))
    grid = [_header(table), *draw(xlsx_grids)]
    return _workbook({table: grid}, draw(merges))


SEED_XLSX = _workbook(
    {
        t: [line.split(",") for line in SEED_CSV[t].decode().splitlines()[:4]]
        for t in TABLE_FILES[:2]
    },
    [],
)


@st.composite
def workbooks_with_mutated_xml(draw: st.DrawFn) -> bytes:
    """A valid zip whose sheet or shared parts hold mutated XML."""
    source = zipfile.ZipFile(io.BytesIO(SEED_XLSX))
    names = [n for n in source.namelist() if n.endswith(".xml")]
    victim = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == victim:
                data = draw(mutated((data,)))
            target.writestr(name, data)
    return out.getvalue()


@settings(FUZZ, max_examples=40)  # the slowest reader: writing and reading a workbook
@given(
    st.binary(max_size=300)
    | mutated((SEED_XLSX,))
    | generated_workbooks()
    | workbooks_with_mutated_xml()
)
def test_xlsx(content: bytes) -> None:
    with _workdir() as work:
        (work / "data.xlsx").write_bytes(content)
        check_reader(work / "data.xlsx")


# -- the same property on Neo4j ----------------------------------------------------------
@pytest.fixture
def neo4j_with_sample(neo4j_store: GraphStore) -> GraphStore:
    load_path(SAMPLE, neo4j_store)
    return neo4j_store


@settings(FUZZ, max_examples=20)
@given(
    st.sampled_from(TABLE_FILES),
    mutated(tuple(SEED_CSV.values())),
)
def test_invalid_input_leaves_neo4j_unchanged(
    neo4j_with_sample: GraphStore, table: str, content: bytes
) -> None:
    store = neo4j_with_sample
    with _workdir() as work:
        (work / f"{table}.csv").write_bytes(content)
        report, _ = validate_path(work, store)
        assume(not report.ok)  # a valid mutation would change the shared store
        before = _state(store)
        with pytest.raises(InvalidDataset):
            load_path(work, store)
        assert _state(store) == before
