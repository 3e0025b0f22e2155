"""Data page: validation report before anything loads, loading, and the load history.

AppTest cannot upload files, so the upload steps are tested through ``app_support.upload``
(what the page calls); the browser test uploads a real file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app_support import upload
from graph_model.store import MemoryStore, StoreUnavailable
from loaders import load_path
from loaders.history import read_history, record_load
from tests.app.conftest import OpenApp
from tests.conftest import DATA


@dataclass
class FakeUpload:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def uploads(folder: Path) -> list[FakeUpload]:
    return [FakeUpload(p.name, p.read_bytes()) for p in sorted(folder.glob("*.csv"))]


def test_report_lists_file_line_column_message(tmp_path: Path) -> None:
    store = MemoryStore()
    checked = upload.validate(uploads(DATA / "planted_errors"), store, tmp_path)
    assert checked.report is not None
    assert not checked.report.ok
    frame = upload.problems_frame(checked.report)
    assert list(frame.columns) == ["Severity", "File", "Line", "Column", "Message"]
    assert len(frame) == len(checked.report.problems)
    first = checked.report.errors[0]
    assert str(first).startswith(f"{first.file}:{first.line}:")
    assert store.stats().labels == {}  # nothing loaded


@pytest.mark.usefixtures("_private_home")
def test_good_upload_loads_and_is_recorded(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.json")
    checked = upload.validate(uploads(DATA / "tiny"), store, tmp_path)
    assert checked.report is not None
    assert checked.report.ok
    upload.load(checked, store)
    history = upload.history_frame(read_history())
    assert len(history) == 1
    assert history.iloc[0]["Added"] > 0
    assert "persons.csv" in history.iloc[0]["Files (sha256)"]


def test_file_kinds(tmp_path: Path) -> None:
    assert upload.kind_problem([FakeUpload("a.csv", b""), FakeUpload("b.csv", b"")]) is None
    assert upload.kind_problem([FakeUpload("a.xlsx", b"")]) is None
    assert upload.kind_problem([FakeUpload("a.xlsx", b""), FakeUpload("b.csv", b"")])
    # a file name can't climb out of the upload folder
    saved = upload.save([FakeUpload("../../evil.json", b"{}")], tmp_path)
    assert saved.parent.parent == tmp_path
    assert saved.name == "evil.json"


def test_unreadable_upload_is_reported(tmp_path: Path) -> None:
    checked = upload.validate(
        [FakeUpload("broken.xlsx", b"not a workbook")], MemoryStore(), tmp_path
    )
    assert checked.error


def test_page_shows_history_and_contents(app: OpenApp, sample_home: Path) -> None:
    store = MemoryStore(sample_home / "graph.json")
    record_load(load_path(DATA / "tiny", store), store.backend, store.location)
    at = app("data")
    assert not at.exception
    history = at.dataframe[0].value
    assert len(history) == 1
    labels = next(d.value for d in at.dataframe if "label" in d.value)
    assert dict(zip(labels["label"], labels["Count"], strict=True))["Hazard"] == 25


def _tiny_tables() -> dict[str, list[dict[str, str]]]:
    import csv

    tables = {}
    for path in sorted((DATA / "tiny").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            tables[path.stem] = list(csv.DictReader(fh))
    return tables


def test_one_json_file(tmp_path: Path) -> None:
    import json

    data = json.dumps(_tiny_tables()).encode()
    checked = upload.validate([FakeUpload("dataset.json", data)], MemoryStore(), tmp_path)
    assert checked.report is not None
    assert checked.report.ok
    assert checked.report.rows["hazards"] == 1


def test_one_xlsx_workbook(tmp_path: Path) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in _tiny_tables().items():
        sheet = book.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append(list(row.values()))
    buffer = BytesIO()
    book.save(buffer)
    checked = upload.validate(
        [FakeUpload("dataset.xlsx", buffer.getvalue())], MemoryStore(), tmp_path
    )
    assert checked.report is not None
    assert checked.report.ok, [str(p) for p in checked.report.problems]
    assert checked.report.rows["persons"] == 4


def leftovers(root: Path) -> list[Path]:
    return sorted(root.glob(f"{upload.UPLOAD_PREFIX}*"))


def test_rejected_and_unreadable_uploads_leave_no_files(tmp_path: Path) -> None:
    assert leftovers(tmp_path) == []
    kept = [  # still referenced (as the page's session keeps them): removed all the same
        upload.validate(uploads(DATA / "planted_errors"), MemoryStore(), tmp_path),
        upload.validate([FakeUpload("broken.xlsx", b"not a workbook")], MemoryStore(), tmp_path),
    ]
    assert leftovers(tmp_path) == []
    assert all(not c.loadable for c in kept)


@pytest.mark.usefixtures("_private_home")
def test_a_loaded_upload_leaves_no_files_and_loads_once(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.json")
    checked = upload.validate(uploads(DATA / "tiny"), store, tmp_path)
    assert len(leftovers(tmp_path)) == 1  # kept until it is loaded
    report = upload.load(checked, store)
    assert report.applied is not None
    assert leftovers(tmp_path) == []
    assert not checked.loadable  # the page shows no Load button for it any more
    with pytest.raises(StoreUnavailable, match="loaded already"):
        upload.load(checked, store)  # a second press
    assert len(read_history()) == 1  # and no empty entry


def test_a_replaced_upload_leaves_no_files(tmp_path: Path) -> None:
    checked = upload.validate(uploads(DATA / "tiny"), MemoryStore(), tmp_path)
    assert leftovers(tmp_path)
    checked.discard()
    assert leftovers(tmp_path) == []


def test_report_in_chinese(tmp_path: Path) -> None:
    checked = upload.validate(uploads(DATA / "planted_errors"), MemoryStore(), tmp_path)
    assert checked.report is not None
    frame = upload.problems_frame(checked.report, "zh")
    assert list(frame.columns) == ["级别", "文件", "行", "列", "问题"]
    assert set(frame["级别"]) <= {"错误", "警告"}
    assert not any(" is " in m for m in frame["问题"])
