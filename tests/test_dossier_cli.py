"""``accgraph dossier`` as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from app_support.legal_basis import level_basis
from tests.conftest import SAMPLE, neo4j_uri
from tests.test_cli import accgraph
from tests.test_dossier import files_fingerprint, meta, read_html


def test_dossier_from_the_embedded_store(tmp_path: Path) -> None:
    env = {"ACCGRAPH_HOME": str(tmp_path / "home")}
    assert accgraph("load", str(SAMPLE), env=env).returncode == 0
    out = tmp_path / "HZ-011.html"
    result = accgraph(
        "dossier", "HZ-011", "--as-of", "2018-09-01", "--lang", "zh", "-o", str(out), env=env
    )
    assert result.returncode == 0, result.stderr
    page = read_html(out.read_text(encoding="utf-8"))
    fields = meta(page)
    assert fields["截至日期"] == "2018-09-01"
    assert fields["数据集指纹（SHA-256）"] == files_fingerprint(SAMPLE)
    assert any(cls == "mark" for cls, _ in page.paragraphs)
    assert "仍在任" in page.text
    assert "至今" not in page.text  # defect 8: never "now" for a past day


def test_dossier_json_with_data(tmp_path: Path) -> None:
    out = tmp_path / "acc.json"
    result = accgraph(
        "--data", str(SAMPLE), "dossier", "ACC-001", "--format", "json", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    chain = json.loads(
        accgraph("--data", str(SAMPLE), "chain", "ACC-001", "--format", "json").stdout
    )
    assert {k: v for k, v in data.items() if k in chain} == chain  # the spec's JSON, plus:
    assert data["dataset"]["fingerprint"] == files_fingerprint(SAMPLE)
    assert data["dataset"]["illustrative"] is True
    assert data["basis"]["enterprise"] == level_basis("enterprise", "en")


def test_dossier_errors_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    for args, expected in (
        (("HZ-999",), "accgraph: error: no hazard, accident or enterprise with id 'HZ-999'"),
        (("hz-011",), "(did you mean HZ-011?)"),
        (("HZ-011", "--as-of", "2018-09-31"), "'2018-09-31' is not a date on the calendar"),
    ):
        result = accgraph("--data", str(SAMPLE), "dossier", *args, "-o", str(out))
        assert result.returncode == 2
        assert expected in result.stderr.strip().splitlines()[-1]
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    missing = tmp_path / "no-such-folder" / "x.html"
    result = accgraph("--data", str(SAMPLE), "dossier", "HZ-011", "-o", str(missing))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"accgraph: error: {missing}: No such file or directory")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = accgraph("--data", str(SAMPLE), "dossier", "HZ-011", "-o", str(folder))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []  # the temporary file is gone too


def test_dossier_from_neo4j(neo4j_store: object, tmp_path: Path) -> None:
    uri = neo4j_uri()
    assert uri
    env = {"NEO4J_URI": uri, "ACCGRAPH_HOME": str(tmp_path / "home")}
    assert accgraph("--backend", "neo4j", "load", str(SAMPLE), env=env).returncode == 0
    out = tmp_path / "acc.html"
    result = accgraph("--backend", "neo4j", "dossier", "ACC-001", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    fields = meta(read_html(out.read_text(encoding="utf-8")))
    assert fields["Dataset fingerprint (SHA-256)"] == files_fingerprint(SAMPLE)
    assert fields["As of"] == "2018-06-05"
