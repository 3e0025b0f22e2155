"""Figure cards (``app_support.cards``): what a card shows, read back as the page shows it,
and hostile text kept as text."""

from __future__ import annotations

from app_support import cards, frames
from tests.app.conftest import read_cards as read


def test_a_card_shows_its_label_value_bar_caption_and_link() -> None:
    html = cards.grid(
        [
            cards.Card("Posts filled", "93%", 0.93, "5531 / 5948"),
            cards.Card("Hazard overdue", "8", link="See the gaps →", href="./gaps?kind=x"),
            cards.Card("Duty nobody holds", "0", link="See the gaps →"),
        ],
        columns=3,
    )
    first, second, third = read(html)
    assert (first.label, first.value, first.caption) == ("Posts filled", "93%", "5531 / 5948")
    assert first.bar == "width:93.0%"
    assert (second.href, second.link, second.bar) == ("./gaps?kind=x", "See the gaps →", "")
    # no gap: the link's text, greyed, and nothing to follow
    assert (third.href, third.link) == ("", "See the gaps →")
    assert "repeat(3," in html


def test_a_bar_stays_within_its_card() -> None:
    over, under = read(cards.grid([cards.Card("a", "1", 1.7), cards.Card("b", "2", -0.2)], 2))
    assert (over.bar, under.bar) == ("width:100.0%", "width:0.0%")


def test_hostile_text_stays_text() -> None:
    label = "<img src=x onerror=alert(1)>"
    href = frames.deep_link("gaps", region="R'><script>alert(1)</script>", sector=None)
    html = cards.grid([cards.Card(label, "<b>1</b>", link="go", href=href)], 1)
    for markup in ("<img", "<script>", "<b>"):
        assert markup not in html
    (card,) = read(html)
    assert (card.label, card.value) == (label, "<b>1</b>")
    assert card.href == href == "./gaps?region=R%27%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"


def test_a_card_link_leaves_out_empty_values() -> None:
    assert frames.deep_link("gaps", kind="hazard_overdue", region="", lang="zh") == (
        "./gaps?kind=hazard_overdue&lang=zh"
    )
    assert frames.deep_link("gaps", region=None) == "./gaps"
