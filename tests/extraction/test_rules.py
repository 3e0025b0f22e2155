"""Each rule on small texts: what it proposes, what it must not, and its quote and offsets."""

from __future__ import annotations

from extraction import extract_text
from extraction.extract import Extraction
from extraction.proposals import Proposal, ProposalKind
from graph_model.schema import FindingResponsibility, OrgKind, Role


def of_kind(ex: Extraction, kind: ProposalKind) -> list[Proposal]:
    for p in ex.proposals:
        assert ex.text[p.start : p.end] == p.quote
    return [p for p in ex.proposals if p.kind is kind]


def pairs(ex: Extraction) -> list[tuple[str, str]]:
    return [(p.data["name"], p.data["post"]) for p in of_kind(ex, ProposalKind.PERSON_POST)]


def test_a_title_chain_gives_two_posts_in_two_organizations() -> None:
    ex = extract_text("会议强调了责任。市委常委、常务副市长卢林出席会议。")
    posts = of_kind(ex, ProposalKind.PERSON_POST)
    assert [(p.data["post"], p.data["org"], p.data["org_kind"]) for p in posts] == [
        ("市委常委", "市委", OrgKind.PARTY_COMMITTEE.value),
        ("常务副市长", "市政府", OrgKind.GOVERNMENT.value),
    ]
    assert {p.quote for p in posts} == {"市委常委、常务副市长卢林"}
    assert {p.rule for p in posts} == {"zh.title_chain_before_name"}


def test_words_before_a_post_are_not_part_of_it() -> None:
    ex = extract_text("会议由市长王某平主持。大连市应急管理局局长刘某明出席。")
    assert pairs(ex) == [("王某平", "市长"), ("刘某明", "大连市应急管理局局长")]


def test_a_name_with_no_title_next_to_it_is_not_a_person_with_a_post() -> None:
    ex = extract_text("王某平强调，各部门要落实责任。张某燕同志参加会议。")
    assert pairs(ex) == []


def test_a_list_of_persons_is_not_a_title_chain() -> None:
    ex = extract_text("市住房和城乡建设局局长韦某、市市场监督管理局副局长潘某出席会议。")
    assert pairs(ex) == [("韦某", "市住房和城乡建设局局长"), ("潘某", "市市场监督管理局副局长")]


def test_name_then_posts_in_a_report_skips_party_membership_and_shares_the_organization() -> None:
    ex = extract_text("1. 梁某，中共党员，万华购物广场有限公司法定代表人、董事长，负有主要责任。")
    posts = of_kind(ex, ProposalKind.PERSON_POST)
    assert [(p.data["post"], p.data["org"]) for p in posts] == [
        ("万华购物广场有限公司法定代表人", "万华购物广场有限公司"),
        ("董事长", "万华购物广场有限公司"),
    ]


def test_english_forms() -> None:
    ex = extract_text(
        "Mayor Tan Chengxu spoke. Lu Lin, member of the Standing Committee of the Municipal "
        "Party Committee and Executive Deputy Mayor, attended."
    )
    assert pairs(ex) == [
        ("Tan Chengxu", "Mayor"),
        ("Lu Lin", "member of the Standing Committee of the Municipal Party Committee"),
        ("Lu Lin", "Executive Deputy Mayor"),
    ]
    roles = {p.data["role"] for p in of_kind(ex, ProposalKind.PERSON_POST)}
    assert roles <= {r.value for r in Role}


def test_capitalised_words_that_are_not_pinyin_are_not_names() -> None:
    ex = extract_text("Director General Safety, chairman of the board, attended.")
    assert pairs(ex) == []


def test_appointments_and_removals_take_the_notice_date() -> None:
    ex = extract_text(
        "经研究决定：\n任命刘某明为滨江市应急管理局局长；\n免去周某强同志的滨江市应急管理局副局长职务。\n"
        "滨江市人民政府\n二〇二三年三月十五日\n"
    )
    found = [
        (p.data["name"], p.data["post"], p.data["change"], p.data["date"])
        for p in of_kind(ex, ProposalKind.APPOINTMENT)
    ]
    assert found == [
        ("刘某明", "滨江市应急管理局局长", "start", "2023-03-15"),
        ("周某强", "滨江市应急管理局副局长", "end", "2023-03-15"),
    ]


def test_english_appointment_dates_in_the_sentence_and_the_same_day() -> None:
    ex = extract_text(
        "Sun Mou was appointed Director of the Transport Bureau on 2 May 2023. "
        "Wu Mouli was removed as Deputy Director of the Transport Bureau on the same day."
    )
    found = [(p.data["name"], p.data["change"], p.data["date"]) for p in ex.proposals]
    assert found == [("Sun Mou", "start", "2023-05-02"), ("Wu Mouli", "end", "2023-05-02")]


def test_division_of_work_gives_one_assignment_per_organization() -> None:
    ex = extract_text(
        "市委常委、常务副市长李某刚：负责安全生产方面工作。分管市应急管理局、市住房和城乡建设局，联系市消防救援支队。\n"
    )
    found = [(p.data["post"], p.data["org"]) for p in of_kind(ex, ProposalKind.ASSIGNMENT)]
    assert found == [("常务副市长", "市应急管理局"), ("常务副市长", "市住房和城乡建设局")]


def test_a_meeting_with_chair_and_attendees() -> None:
    ex = extract_text(
        "2023年2月21日，区安委会全体会议在区行政中心召开。区委书记郑某东出席会议并讲话，区长何某主持会议。"
        "副区长唐某出席会议。"
    )
    (meeting,) = of_kind(ex, ProposalKind.MEETING)
    assert meeting.data["date"] == "2023-02-21"
    assert meeting.data["place"] == "区行政中心"
    assert meeting.data["chair"] == "何某"
    assert meeting.data["attendees"] == ["郑某东", "唐某"]


def test_directives_carry_their_sectors() -> None:
    ex = extract_text("要聚焦人员密集场所，全面排查消防安全隐患。今年天气很好。")
    (duty,) = of_kind(ex, ProposalKind.DIRECTIVE)
    assert {s["sector"] for s in duty.data["sectors"]} == {"crowded_places", "fire"}


def test_accident_grade_by_the_regulations_figures() -> None:
    ex = extract_text(
        "2021年9月14日，滨江市南山煤业有限公司井下发生透水事故，造成4人死亡、1人失踪，"
        "直接经济损失1520.6万元。该事故为一般事故。"
    )
    (accident,) = of_kind(ex, ProposalKind.ACCIDENT)
    d = accident.data
    assert (d["date"], d["enterprise"], d["kind"]) == (
        "2021-09-14",
        "滨江市南山煤业有限公司",
        "flooding",
    )
    assert (d["deaths"], d["missing"], d["direct_loss_cny"]) == (4, 1, 15_206_000)
    # deaths and missing count together (5): relatively large, whatever the text calls it
    assert (d["grade"], d["grade_basis"], d["stated_grade"]) == (
        "relatively_large",
        "figures",
        "general",
    )


def test_findings_name_the_responsibility_in_the_data_formats_words() -> None:
    ex = extract_text(
        "2023年5月26日，滨江市鑫达化工有限公司发生爆炸事故，造成1人死亡。\n"
        "韩某斌，中共党员，滨江市江北区应急管理局副局长，对事故发生负有监管责任。建议给予政务记过处分。\n"
    )
    (finding,) = of_kind(ex, ProposalKind.FINDING)
    (accident,) = of_kind(ex, ProposalKind.ACCIDENT)
    assert finding.data["responsibility"] == FindingResponsibility.SUPERVISORY.value
    assert finding.data["sanction"] == "建议给予政务记过处分"
    assert finding.data["accident"] == accident.id
    assert finding.quote.endswith("建议给予政务记过处分")


def test_offsets_index_the_original_text_with_line_breaks_and_spaces() -> None:
    text = "  \r\n标题\n\n    副市长张某燕出席。\n"
    ex = extract_text(text)
    (p,) = of_kind(ex, ProposalKind.PERSON_POST)
    assert text[p.start : p.end] == "副市长张某燕"
