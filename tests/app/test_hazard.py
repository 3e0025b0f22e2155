"""Hazard / accident page on the sample (expected chains: data/sample/README.md §4)."""

from __future__ import annotations

import datetime as dt
import json

from app_support import exports, i18n
from graph_model.accountability import chain
from graph_model.store import MemoryStore
from loaders import load_path
from tests.app.conftest import OpenApp, srcdoc, texts
from tests.conftest import SAMPLE

HZ_011_PEOPLE = {"P-221", "P-222", "P-110", "P-118", "P-102", "P-104", "P-001", "P-138"}


def chain_frame(at):
    return at.dataframe[0].value


def test_deep_link_opens_the_chain(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011")
    assert not at.exception
    assert at.selectbox(key="chain_subject|en").value == "HZ-011"
    assert "HZ\\-011 · Loading arm emergency release" in at.subheader[0].value
    frame = chain_frame(at)
    assert set(frame["person_id"]) == HZ_011_PEOPLE
    # grouped by level, in the spec's order
    assert list(dict.fromkeys(frame["level_code"])) == [
        "enterprise",
        "hazard_owner",
        "industry_supervision",
        "specialized_supervision",
        "comprehensive_supervision",
        "leadership_in_charge",
        "principal_leadership",
    ]
    gaps = at.dataframe[1].value
    assert set(gaps["Id"]) == {"POS-014", "ORG-026", "POS-001"}
    assert at.query_params["hazard"] == "HZ-011"


def test_root_deep_link_redirects_to_the_chain_page(app: OpenApp) -> None:
    at = app(None, hazard="HZ-011", as_of="2019-03-01")
    assert not at.exception
    assert at.selectbox(key="chain_subject|en").value == "HZ-011"
    # on 2019-03-01 the Transport director's post is held again (P-116 from 2019-02-01)
    assert "POS-014" not in set(at.dataframe[1].value["Id"])
    assert at.date_input(key="chain_as_of|HZ-011").value.isoformat() == "2019-03-01"


def test_the_overview_reached_later_in_a_session_stays_the_overview(app: OpenApp) -> None:
    # the top navigation or the back button can bring the Overview another page's
    # parameters; only a visit that begins at the root is forwarded
    at = app(None, as_of="2019-03-01")
    assert at.title[0].value == "Overview"
    at.query_params["accident"] = "ACC-001"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert not [s for s in at.selectbox if s.key and s.key.startswith("chain_subject")]


def test_graph_holds_every_entry_and_vacancy(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011")
    html = srcdoc(at)
    assert len(at.get("iframe")) == 1
    for person in HZ_011_PEOPLE:
        assert f'"person_id": "{person}"' in html
    assert '"gap_subject": "POS-014"' in html
    assert "Yang Moufeng" in html  # names as labels
    assert "<script src" not in html
    assert "<link" not in html
    assert '"physics": {"enabled": false}' in html


def test_accident_findings_and_comparisons(app: OpenApp) -> None:
    at = app("hazard", accident="ACC-001")
    assert not at.exception
    table = next(d for d in at.dataframe if "Level in the chain" in d.value)
    findings = table.value
    assert set(findings["person_id"]) == {"P-155", "P-156", "P-160", "P-161", "P-162", "P-163"}
    level = dict(zip(findings["person_id"], findings["Level in the chain"], strict=True))
    assert level["P-162"] == "not in the chain"
    assert level["P-163"] == "not in the chain"
    assert level["P-160"] not in ("", "not in the chain")
    names = dict(zip(findings["person_id"], findings["Person"], strict=True))
    assert all(names[p] != p for p in names)  # names, not ids
    posts = dict(zip(findings["person_id"], findings["Post"], strict=True))
    assert not any(str(v).startswith("POS-") for v in posts.values())  # titles, not ids
    # the id stays for styling but has no header of its own
    assert '"person_id"' in table.proto.columns
    assert '"hidden": true' in table.proto.columns
    errors = " ".join(e.value for e in at.error)
    assert "P\\-162" in errors
    assert "P\\-163" in errors
    warnings = [w.value for w in at.warning]
    assert "Industry supervision" in warnings
    assert "Party and government principals" in warnings


def test_findings_in_chinese_name_the_level(app: OpenApp) -> None:
    at = app("hazard", accident="ACC-001", lang="zh")
    findings = next(d.value for d in at.dataframe if "所在责任层级" in d.value)
    level = dict(zip(findings["person_id"], findings["所在责任层级"], strict=True))
    assert level["P-162"] == "不在责任链中"
    assert level["P-160"] != "不在责任链中"


def test_search_narrows_the_subjects(app: OpenApp) -> None:
    at = app("hazard")
    assert len(at.selectbox(key="chain_subject|en").options) == 27  # 24 hazards, 3 accidents
    at.text_input(key="chain_search").input("海通").run()
    options = at.selectbox(key="chain_subject|en").options
    assert options
    assert all("Haitong" in o for o in options)
    at.selectbox(key="chain_subject|en").select("ACC-002").run()
    assert at.query_params["accident"] == "ACC-002"
    assert "hazard" not in at.query_params


def test_choosing_a_day_writes_it_to_the_url(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-004")
    assert "POS-105" in set(at.dataframe[1].value["Id"])  # found 2018-11-15: post vacant
    at.date_input(key="chain_as_of|HZ-004").set_value(dt.date(2019, 3, 1)).run()
    assert at.query_params["as_of"] == "2019-03-01"
    # ENT-003's principal is back from 2019-02-01: no post_vacant POS-105 any more
    assert "POS-105" not in set(at.dataframe[1].value["Id"])


def test_unknown_id_is_an_error_not_a_traceback(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-999")
    assert not at.exception
    assert "HZ\\-999" in at.error[0].value
    # the page opens hazards and accidents only (issue 10, defect 6)
    assert "enterprise" not in at.error[0].value


def test_a_day_that_does_not_exist_is_said_not_ignored(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011", as_of="2018-13-45")
    assert not at.exception
    assert "2018\\-13\\-45" in at.warning[0].value
    assert "2018-11-20" in at.warning[0].value  # the day shown instead: found_on


def test_chinese(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011", lang="zh")
    frame = chain_frame(at)
    assert "行业监管" in set(frame["层级"])
    assert "杨某峰" in set(frame["人员"])
    assert "责任链时间线" in texts(at)


def test_timeline_and_downloads_are_offered(app: OpenApp) -> None:
    at = app("hazard", hazard="HZ-011")
    assert len(at.get("vega_lite_chart")) == 1
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Chain JSON", "Dossier (HTML)", "CSV"} <= labels
    if exports.find_cjk_font():
        assert "Dossier (PDF)" in labels


def test_chain_json_is_the_spec_format() -> None:
    store = MemoryStore()
    load_path(SAMPLE, store)
    data = json.loads(exports.chain_json(chain(store, "ACC-001")))
    assert set(data) >= {
        "subject",
        "as_of",
        "entries",
        "gaps",
        "findings",
        "findings_not_in_chain",
        "levels_without_findings",
    }
    assert data["as_of"] == "2018-06-05"
    assert {"level", "person_id", "path", "source_ids"} <= set(data["entries"][0])


def test_basis_path_names_its_links_in_both_languages(app: OpenApp) -> None:
    # the graph's type names (HOLDS, AT, IN_CHARGE_OF) were the path table's values, under a
    # raw "rel" header
    at = app("hazard", hazard="HZ-011", as_of="2018-11-20")
    path = next(d.value for d in at.dataframe if "Date" in d.value.columns)
    assert "rel" not in path.columns
    assert set(path["Link"]) <= {i18n.REL_NAMES[r][0] for r in i18n.REL_NAMES}
    assert "at" in set(path["Link"])
    at = app("hazard", hazard="HZ-011", as_of="2018-11-20", lang="zh")
    path = next(d.value for d in at.dataframe if "关系" in d.value.columns)
    assert "发生于" in set(path["关系"])
    assert not {"AT", "HOLDS", "POST_OF"} & set(path["关系"])
