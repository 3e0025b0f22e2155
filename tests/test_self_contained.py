"""The repository stands alone: no file points at a folder outside it, the README links the
project's own reference documents, and a test run writes nothing into the checkout."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.conftest import ROOT

DOCS = ("docs/data-format.md", "docs/accountability.md", "docs/provenance.md")
# the word for the folder beside the checkout, spelled so that this file doesn't match
OUTSIDE = "shared" + "/"


def test_no_file_refers_to_a_folder_outside_the_repo() -> None:
    found = subprocess.run(
        ["git", "grep", "-n", "--untracked", "-F", OUTSIDE, "--", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode in (0, 1), found.stderr  # 1: nothing found
    assert found.stdout == "", found.stdout


def test_the_readme_links_the_reference_documents() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in DOCS:
        assert f"]({doc})" in readme, doc
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert re.search(r"contract v\d+", text), f"{doc} says which version it is"


def test_relative_links_in_the_docs_resolve() -> None:
    for doc in ("README.md", *DOCS, "data/sample/README.md"):
        path = ROOT / doc
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (path.parent / target).exists(), f"{doc}: broken link {target}"


def test_the_data_format_lists_every_column_with_its_aliases() -> None:
    from loaders.tables import TABLES

    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### `{table.name}`" in text, table.name
        for column in table.columns:
            line = next((x for x in text.splitlines() if x.startswith(f"| `{column.name}` ")), "")
            assert line, f"{table.name}.{column.name}"
            for alias in column.aliases:
                assert alias in text, f"{table.name}.{column.name}: {alias}"


def test_browser_tests_write_screenshots_outside_the_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("playwright")
    from tests.e2e.conftest import DOC_SCREENSHOTS, screenshot_dir

    monkeypatch.delenv("ACCGRAPH_SCREENSHOTS", raising=False)
    assert not screenshot_dir().resolve().is_relative_to(ROOT)
    monkeypatch.setenv("ACCGRAPH_SCREENSHOTS", str(DOC_SCREENSHOTS))  # scripts/screenshots
    assert screenshot_dir() == DOC_SCREENSHOTS
    assert "ACCGRAPH_SCREENSHOTS" in (ROOT / "scripts" / "screenshots").read_text()
    assert os.access(ROOT / "scripts" / "screenshots", os.X_OK)
