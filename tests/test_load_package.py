"""A load as one object: validation returns a package that the apply step writes as it is,
recorded once in the history; the report renders itself in English and Chinese."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from graph_model.store import GraphStore, StoreUnavailable
from loaders import InvalidDataset, Severity, load_under_lock, wording
from loaders.history import read_history
from loaders.load import Stage, apply_package, validate
from tests.conftest import DATA

TINY = DATA / "tiny"


def test_a_package_is_written_as_it_is(store: GraphStore, tmp_path: Path) -> None:
    """Its files are gone by the time it is applied: nothing is read or validated again."""
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    package = validate(folder, store)
    assert package.ok
    assert package.report.files  # the hashes travel with it
    shutil.rmtree(folder)
    report = apply_package(package, store)
    assert report.applied is not None
    assert report.applied.nodes_created == len(package.batch.nodes)
    assert len(read_history()) == (0 if store.lock_home is None else 1)


def test_a_package_is_loaded_once(store: GraphStore) -> None:
    """A second apply (a second press of Load) writes nothing and records nothing."""
    if store.lock_home is None:
        pytest.skip("a store private to this process keeps no history")
    package = validate(TINY, store)
    apply_package(package, store)
    with pytest.raises(StoreUnavailable, match="loaded already"):
        apply_package(package, store)
    assert len(read_history()) == 1


def test_a_package_from_before_another_load_is_checked_again(
    store: GraphStore, tmp_path: Path
) -> None:
    """Validated before another load changed what its ids are: checked again, refused."""
    if store.lock_home is None:
        pytest.skip("a store private to this process takes no lock")
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    package = validate(folder, store)
    other = tmp_path / "other"
    other.mkdir()
    # P-1 is a person in the tiny dataset; another load makes it a region first
    (other / "regions.csv").write_text("id,name,level\nP-1,Somewhere,city\n", encoding="utf-8")
    load_under_lock(other, store)
    with pytest.raises(InvalidDataset):
        apply_package(package, store)


def test_progress_goes_through_one_callback(store: GraphStore) -> None:
    package = validate(TINY, store)
    seen: list[tuple[Stage, int, int]] = []
    apply_package(package, store, progress=lambda *step: seen.append(step))
    assert seen[-1][0] is Stage.WRITE
    assert seen[-1][1] == seen[-1][2] > 0


def test_counts_in_the_singular_and_the_plural() -> None:
    assert wording.counts(1, 1) == "1 error, 1 warning"
    assert wording.counts(2, 0) == "2 errors, 0 warnings"
    assert wording.counts(1, 2, "zh") == "1 个错误，2 个警告"
    assert str(InvalidDataset([])) == "0 errors in the dataset"


def test_every_message_of_the_planted_errors_has_chinese_wording() -> None:
    report = validate(DATA / "planted_errors").report
    assert report.problems
    for row in report.problem_rows("zh"):
        assert row["severity"] in ("错误", "警告")
        assert "（原文）" not in str(row["message"]), row["message"]
    for line in report.text_lines("zh"):
        assert " is " not in line, line
    english = report.problem_rows("en")
    assert {r["severity"] for r in english} <= {str(Severity.ERROR), str(Severity.WARNING)}


def test_a_day_that_does_not_exist_gives_one_error_and_no_overlap_warning(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    path = folder / "appointments.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # a second holder of the mayor's post whose start is not a day on the calendar
    rows.append({**rows[0], "person_id": "P-2", "start": "2018-09-31", "end": "2018-12-31"})
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(folder).report
    assert [str(p) for p in report.problems] == [
        "appointments.csv:6: start: '2018-09-31' is not a date on the calendar"
    ]
