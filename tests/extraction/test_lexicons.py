"""The lexicon files: they parse, and every value they give is one the data format knows."""

from __future__ import annotations

import pytest

from extraction import lexicons
from graph_model.schema import FindingResponsibility, OrgKind, Role

KINDS = {k.value for k in OrgKind}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_have_roles_and_organization_kinds_of_the_schema(lang: str) -> None:
    titles = lexicons.titles(lang)
    assert len(titles) > 20
    for title in titles.values():
        assert title.role in {r.value for r in Role}, title
        assert title.implied_org_kind in (None, *KINDS), title
        assert (title.implied_org is None) == (title.implied_org_kind is None), title


def test_longest_title_first() -> None:
    order = lexicons.titles_longest_first("zh")
    assert order.index("常务副市长") < order.index("副市长") < order.index("市长")


def test_organization_suffixes_give_kinds_of_the_schema() -> None:
    assert {kind for _, kind in lexicons.org_suffixes()} <= KINDS
    assert lexicons.org_kind("大连市人民政府") == "government"
    assert lexicons.org_kind("中共大连市委") == "party_committee"
    assert lexicons.org_kind("长兴岛经济区管委会") == "zone_committee"
    assert lexicons.org_kind("Dalian Emergency Management Bureau") == "department"
    assert lexicons.org_kind("大连湾") is None


def test_responsibility_phrases_map_to_the_enum() -> None:
    values = {r for _, r in lexicons.responsibilities()}
    assert values <= {r.value for r in FindingResponsibility}
    first = next(r for p, r in lexicons.responsibilities() if p in "负有主要领导责任")
    assert first == "main_leadership"  # not "main": the longest phrase wins


def test_sectors_are_named_in_both_languages() -> None:
    for keyword, sector in lexicons.sector_keywords():
        assert keyword
        assert sector.key
        assert sector.name.isascii()
        assert not sector.name_zh.isascii()


def test_the_word_lists() -> None:
    assert {"王", "欧阳"} <= lexicons.surnames_zh()
    assert {"Wang", "Ouyang"} <= lexicons.surnames_pinyin()
    assert "刑事责任" in lexicons.sanction_words()
    assert ("透水", "flooding") in lexicons.accident_kinds()
    assert "中共党员" in lexicons.person_attributes_zh()


@pytest.mark.parametrize(
    ("word", "pinyin"),
    [("Chengxu", True), ("Mouping", True), ("Lin", True), ("Mou", True), ("Guangzhi", True),
     ("Mayor", False), ("Director", False), ("Secretary", False), ("Chairman", False),
     ("District", False)],
)  # fmt: skip
def test_given_names_split_into_pinyin_syllables(word: str, pinyin: bool) -> None:
    assert lexicons.is_pinyin(word) is pinyin
