"""``accgraph extract`` and ``accgraph load-doc`` as a user runs them: a real process, real
files, exit codes; nothing from a document is loaded unless it was accepted."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE
from tests.test_cli import accgraph

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "en01_seed_dalian_conference.txt"


def _home(tmp_path: Path) -> dict[str, str]:
    env = {"ACCGRAPH_HOME": str(tmp_path)}
    assert accgraph("load", str(SAMPLE), env=env).returncode == 0
    return env


def _stats(env: dict[str, str]) -> dict:
    return json.loads(accgraph("stats", "--format", "json", env=env).stdout)


def test_extract_a_chinese_appointment_notice_as_a_table(tmp_path: Path) -> None:
    result = accgraph(
        "extract", str(CORPUS / "zh02_appointment.txt"), env={"ACCGRAPH_HOME": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert "zh02_appointment.txt  lang zh  date 2023-03-15  5 proposal(s)" in result.stdout
    assert "“任命刘某明为滨江市应急管理局局长”" in result.stdout
    assert "周某强 removed: 滨江市应急管理局局长" in result.stdout


def test_extract_as_json_with_offsets_into_the_text(tmp_path: Path) -> None:
    result = accgraph("extract", str(SEED), "--as-of", "2018-08-23", "--format", "json",
                      env=_home(tmp_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == SEED.read_text(encoding="utf-8")
    for p in data["proposals"]:
        assert data["text"][p["start"] : p["end"]] == p["quote"]
    tan = next(p for p in data["proposals"] if p["data"].get("name") == "Tan Chengxu")
    assert tan["resolution"]["person"] == {
        "status": "matched",
        "id": "P-001",
        "by": "name_and_post_on_date",
    }


def test_load_doc_without_acceptance_loads_nothing(tmp_path: Path) -> None:
    env = _home(tmp_path)
    before = _stats(env)
    result = accgraph("load-doc", str(SEED), env=env)
    assert result.returncode == 2
    assert "nothing accepted, nothing was loaded" in result.stderr
    assert _stats(env) == before


def test_load_doc_loads_the_accepted_ids_only(tmp_path: Path) -> None:
    env = _home(tmp_path)
    before = _stats(env)
    extracted = json.loads(
        accgraph("extract", str(SEED), "--as-of", "2018-08-23", "--format", "json", env=env).stdout
    )
    tan = next(p["id"] for p in extracted["proposals"] if p["data"].get("name") == "Tan Chengxu")
    result = accgraph("load-doc", str(SEED), "--as-of", "2018-08-23", "--accept", tan, env=env)
    assert result.returncode == 0, result.stderr
    assert "loaded 2 rows as source DOC-" in result.stdout  # the source and one appointment
    after = _stats(env)
    assert after["nodes"]["Person"] == before["nodes"]["Person"]
    assert after["nodes"]["Source"] == before["nodes"]["Source"] + 1
    person = json.loads(accgraph("person", "P-001", "--as-of", "2018-09-01", "--format", "json",
                                 env=env).stdout)  # fmt: skip
    assert "DOC-" in json.dumps(person)


def test_load_doc_with_a_reviewed_proposals_file(tmp_path: Path) -> None:
    env = _home(tmp_path)
    extracted = json.loads(
        accgraph("extract", str(SEED), "--as-of", "2018-08-23", "--format", "json", env=env).stdout
    )
    for p in extracted["proposals"]:
        p["accepted"] = p["kind"] == "person_post"
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(json.dumps(extracted, ensure_ascii=False), encoding="utf-8")
    result = accgraph("load-doc", str(SEED), "--proposals", str(reviewed), "--as-of", "2018-08-23",
                      env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "loaded 6 rows" in result.stdout  # the source and five appointments


def test_a_proposals_file_whose_quote_was_changed_is_refused(tmp_path: Path) -> None:
    env = _home(tmp_path)
    before = _stats(env)
    extracted = json.loads(accgraph("extract", str(SEED), "--format", "json", env=env).stdout)
    extracted["proposals"][0]["quote"] = "Mayor Somebody Else"
    extracted["proposals"][0]["accepted"] = True
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(json.dumps(extracted), encoding="utf-8")
    result = accgraph("load-doc", str(SEED), "--proposals", str(reviewed), env=env)
    assert result.returncode == 2
    assert "the quote is not the document's text" in result.stderr
    assert _stats(env) == before


def test_unreadable_inputs_get_one_line(tmp_path: Path) -> None:
    env = {"ACCGRAPH_HOME": str(tmp_path)}
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\x00\x01garbage")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    for args in (
        ("extract", str(junk)),
        ("extract", str(tmp_path / "missing.txt")),
        ("load-doc", str(SEED), "--proposals", str(bad_json)),
        ("extract", str(SEED), "--as-of", "2018-02-30"),
    ):
        result = accgraph(*args, env=env)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        reason = [ln for ln in result.stderr.splitlines() if not ln.startswith(("usage:", " "))]
        assert len(reason) == 1, result.stderr  # argparse's usage, then one line


def test_control_characters_in_a_document_do_not_reach_the_terminal(tmp_path: Path) -> None:
    doc = tmp_path / "hostile.txt"
    doc.write_text("市长王某平\x1b[2J\x07主持会议。\n", encoding="utf-8")
    result = accgraph("extract", str(doc), env={"ACCGRAPH_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
