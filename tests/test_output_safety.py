"""What the CLI and the app write out is safe where it lands: CSV cells that a spreadsheet
would run as formulas are neutralised, terminal text carries no control characters, and an
id that names nothing is an error rather than an empty answer. On both stores."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from accgraph.cli import main
from app_support import exports, frames
from graph_model import accountability
from graph_model.schema import GraphBatch, Label, NodeRecord
from graph_model.store import GraphStore
from graph_model.text_safety import FORMULA_STARTS, spreadsheet_safe, terminal_safe
from loaders import load_path
from tests.conftest import SAMPLE

FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1")
CONTROLS = (
    "\x1b[2J",  # clear screen
    "\x1b]0;pwned\x07",  # window title
    "\u202e",  # right-to-left override
    "\x9b31m",  # C1 CSI
    "\u200b",  # zero-width space
    "\x08\x7f",  # backspace, DEL
    "\x00",  # NUL
)
# Names and titles the hostile datasets rewrite: (file, column).
NAMED = (
    ("enterprises.csv", "name"),
    ("organizations.csv", "name"),
    ("persons.csv", "name"),
    ("positions.csv", "title"),
    ("hazards.csv", "title"),
    ("regions.csv", "name"),
)
TERMINAL_CONTROLS = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"}
TERMINAL_CONTROLS |= {chr(c) for c in range(0x7F, 0xA0)}
TERMINAL_CONTROLS |= set("\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\ufeff")
TERMINAL_CONTROLS |= {chr(c) for c in range(0x202A, 0x202F)} | {
    chr(c) for c in range(0x2066, 0x206A)
}


def hostile_dataset(folder: Path, prefixes: tuple[str, ...]) -> Path:
    """The sample with every name and title starting with one of ``prefixes`` in turn."""
    shutil.copytree(SAMPLE, folder)
    n = 0
    for file, column in NAMED:
        path = folder / file
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            row[column] = prefixes[n % len(prefixes)] + row[column]
            n += 1
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def run_cli(
    store: GraphStore,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
) -> tuple[int, str, str]:
    """``accgraph --backend <the store's> ARGS`` in this process, on ``store``'s data."""
    monkeypatch.setenv("ACCGRAPH_HOME", str(home))
    if store.backend == "neo4j":
        monkeypatch.setenv("NEO4J_URI", store.location)
    code = main(["--backend", store.backend, *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- CSV out ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("-12", "-12"),  # a plain number written as text stays a number
        ("+3.5e2", "+3.5e2"),
        ("Dalian = 大连", "Dalian = 大连"),
        (-2, -2),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_spreadsheet_safe(cell: object, written: object) -> None:
    assert spreadsheet_safe(cell) == written


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert spreadsheet_safe(cell) == cell, f"formula cell written raw: {cell!r}"


def test_gaps_csv_neutralises_formulas(
    store: GraphStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_path(hostile_dataset(tmp_path / "formulas", FORMULAS), store)
    code, out, _ = run_cli(
        store, ["gaps", "--as-of", "2019-06-30", "--format", "csv"], capsys, monkeypatch, tmp_path
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) > 10
    assert_no_formula_cells(rows)
    cells = [c for row in rows for c in row]
    for formula in FORMULAS[:4]:
        assert any(c.startswith("'" + formula) for c in cells), formula


def test_app_csv_download_neutralises_formulas(tmp_path: Path) -> None:
    """The gaps page's table, as its CSV download writes it (``ui.download_csv`` sends
    ``exports.csv_bytes`` of the frame), and a console result with hostile column names."""
    from graph_model.store import MemoryStore

    store = MemoryStore(tmp_path / "graph.json")
    load_path(hostile_dataset(tmp_path / "formulas", FORMULAS), store)
    catalog = {c.id: c.as_dict() for c in store.node_cards()}
    frame = frames.gaps_frame(accountability.gaps(store, "2019-06-30"), catalog, "en")
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(frame).decode("utf-8-sig"))))
    assert len(rows) == len(frame) + 1
    assert_no_formula_cells(rows)
    cells = [c for row in rows for c in row]
    for formula in FORMULAS[:4]:
        assert any(c.startswith("'" + formula) for c in cells), formula

    console = pd.DataFrame({"=cmd()": ["@SUM(1)", "ok"], "n": [-2, 3], "x": [-1.5, 0.25]})
    written = exports.csv_bytes(console).decode("utf-8-sig")
    assert written.splitlines() == ["'=cmd(),n,x", "'@SUM(1),-2,-1.5", "ok,3,0.25"]


# -- terminal out ----------------------------------------------------------------------------
def assert_terminal_clean(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in TERMINAL_CONTROLS})
    assert not bad, f"control characters reach the terminal: {bad}"


def test_terminal_safe_escapes_visibly() -> None:
    assert terminal_safe("a\x1b[2Jb") == "a\\u001b[2Jb"
    assert terminal_safe("x\u202ey\tz\n") == "x\\u202ey\tz\n"
    hostile = "\u202e\x9b"
    assert json.loads('"' + terminal_safe(hostile) + '"') == hostile


@pytest.fixture
def controls_dataset(tmp_path: Path) -> Path:
    # the folder name itself carries an escape sequence, so load messages show one too
    return hostile_dataset(tmp_path / "data\x1b[2J\x1b]0;pwned\x07", CONTROLS)


def hostile_store(store: GraphStore, prefixes: tuple[str, ...]) -> None:
    """The sample, then every name and title given one of ``prefixes``, written to the store
    directly. The loaders refuse control characters in names, but a store can still hold
    them (written by an earlier version, or into Neo4j by another tool), and the command
    line must still not pass them to the terminal."""
    load_path(SAMPLE, store)
    wanted: list[tuple[str, str]] = []
    for file, column in NAMED:
        with (SAMPLE / file).open(encoding="utf-8", newline="") as fh:
            wanted += [(row["id"], column) for row in csv.DictReader(fh)]
    found = store.nodes(sorted({node_id for node_id, _ in wanted}))
    records = {}
    for n, (node_id, column) in enumerate(wanted):
        props = records.get(node_id) or {k: v for k, v in found[node_id].items() if k != "labels"}
        props[column] = prefixes[n % len(prefixes)] + str(props.get(column) or "")
        records[node_id] = props
    known = {label.value for label in Label}
    nodes = [
        NodeRecord(
            node_id,
            tuple(Label(lb) for lb in found[node_id]["labels"] if lb in known),
            props,
        )
        for node_id, props in records.items()
    ]
    store.apply(GraphBatch(nodes, [], []))


def test_cli_text_carries_no_control_characters(
    store: GraphStore,
    tmp_path: Path,
    controls_dataset: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the loaders refuse such names, and their report quotes them: escaped too
    code, out, err = run_cli(store, ["load", str(controls_dataset)], capsys, monkeypatch, tmp_path)
    assert code == 1, err
    printed = [out + err]
    hostile_store(store, CONTROLS)
    for args in (
        ["chain", "HZ-004", "--as-of", "2019-06-30"],
        ["chain", "ACC-001"],
        ["gaps", "--as-of", "2019-06-30"],
        ["person", "P-001", "--as-of", "2019-06-30"],
        ["org", "ORG-010", "--as-of", "2019-06-30"],
        ["vacancy", "POS-014", "--as-of", "2019-06-30"],
        ["stats"],
    ):
        code, out, err = run_cli(store, args, capsys, monkeypatch, tmp_path)
        assert code == 0, (args, err)
        printed.append(out + err)
    everything = "\n".join(printed)
    assert_terminal_clean(everything)
    # the names are there, their controls visible as escapes
    for escaped in ("\\u001b[2J", "\\u001b]0;pwned\\u0007", "\\u202e", "\\u009b31m"):
        assert escaped in everything, escaped


def test_cli_json_is_escaped_and_exact(
    store: GraphStore,
    tmp_path: Path,
    controls_dataset: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hostile_store(store, CONTROLS)
    names = set()
    for args in (
        ["gaps", "--as-of", "2019-06-30", "--format", "json"],
        ["person", "P-001", "--as-of", "2019-06-30", "--format", "json"],
    ):
        code, out, err = run_cli(store, args, capsys, monkeypatch, tmp_path)
        assert code == 0, err
        assert_terminal_clean(out + err)
        data = json.loads(out)
        names |= {g["subject_name"] for g in data.get("gaps", [])}
    # decoded, the names are exactly what was loaded: the escapes are JSON's own
    assert any(n and n.startswith("\x1b[2J") for n in names)
    assert any(n and n.startswith("\u202e") for n in names)


# -- unknown ids -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaps", "--region", "R-999"], "no region with id 'R-999' in the store"),
        (["gaps", "--region", "r-003"], "id 'r-003' in the store (did you mean R-003?)"),
        (["gaps", "--region", "ORG-010"], "no region with id 'ORG-010'"),
        (["gaps", "--kind", "nope"], "invalid choice: 'nope'"),
        (["chain", "hz-004"], "enterprise with id 'hz-004' in the store (did you mean HZ-004?)"),
        (["chain", "P-001"], "no hazard, accident or enterprise with id 'P-001'"),
        (["person", "p-001"], "no person with id 'p-001' in the store (did you mean P-001?)"),
        (["person", "ORG-010"], "no person with id 'ORG-010'"),
        (["org", "org-010"], "organization with id 'org-010' in the store (did you mean ORG-010?)"),
        (["vacancy", "POS-9999"], "no position with id 'POS-9999'"),
        (["vacancy", "pos-014"], "(did you mean POS-014?)"),
    ],
)  # fmt: skip
def test_unknown_ids_are_errors(
    store: GraphStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    load_path(SAMPLE, store)
    code, out, err = run_cli(store, args, capsys, monkeypatch, tmp_path)
    assert code == 2
    assert message in err
    assert out == ""


def test_known_region_still_filters(
    store: GraphStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_path(SAMPLE, store)
    args = ["gaps", "--as-of", "2019-06-30", "--region", "R-003", "--format", "json"]
    code, out, _ = run_cli(store, args, capsys, monkeypatch, tmp_path)
    assert code == 0
    assert sum(json.loads(out)["counts"].values()) > 0
