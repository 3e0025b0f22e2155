"""Rules for English documents (translations of Chinese notices, reports and news). Names are
pinyin: a surname of the lexicon followed by a given name that splits into pinyin syllables."""

from __future__ import annotations

import re

from extraction import lexicons
from extraction.context import Context, Name, Post
from extraction.proposals import Proposal, ProposalKind, Span, make
from extraction.rules_zh import binders_in, figures_grade, sectors_in
from extraction.text import DOTTED_DATE, EN_DATE, dotted_dates, find_dates

# a lookahead, so that "Mayor Tan Chengxu" yields "Tan Chengxu" after rejecting "Mayor Tan"
_NAME = re.compile(r"(?=\b([A-Z][a-z]{0,6}) ([A-Z][a-z]{1,12})\b)")
# "Co., Ltd." and the like hold commas and full stops that are not clause ends: the rules read
# a masked copy of the text of the same length, and quote the original.
_ABBREVIATIONS = re.compile(r"\bCo\., ?Ltd\.|\bCo\.|\bLtd\.|\bNo\.")
_TITLE_HEAD_BREAK = re.compile(
    r",| and (?=[A-Z])|;|\.(?=\s|$)| (?:on|attended|bears|is|was|said|chaired|presided)\b"
)


def masked(text: str) -> str:
    return _ABBREVIATIONS.sub(lambda m: re.sub(r"[.,]", "_", m[0]), text)


def find_names(ctx: Context) -> dict[int, Name]:
    """Wang Mouping, Tan Chengxu: a pinyin surname, then a pinyin given name."""
    names: dict[int, Name] = {}
    for m in _NAME.finditer(ctx.text):
        surname, given = m[1], m[2]
        if surname in lexicons.surnames_pinyin() and lexicons.is_pinyin(given):
            end = m.start() + len(surname) + 1 + len(given)
            names[m.start()] = Name(
                m.start(), end, ctx.text[m.start() : end], ("surname", "pinyin")
            )
    return names


def _title_at(words: str) -> str | None:
    """The longest title of the lexicon that ``words`` starts with (case-insensitive)."""
    lowered = words.lower()
    for title in lexicons.titles_longest_first("en"):
        if lowered.startswith(title) and (
            len(lowered) == len(title) or not lowered[len(title)].isalpha()
        ):
            return title
    return None


def as_post(text: str, start: int, end: int) -> Post | None:
    """A post written from ``start`` to ``end``: a title, then maybe "of" an organization."""
    piece = text[start:end]
    title = _title_at(piece)
    if title is None:
        return None
    entry = lexicons.titles("en")[title]
    rest = piece[len(title) :]
    org: str | None = None
    m = re.match(r"\s+of\s+(?:the\s+)?(.+)$", rest, re.S)
    if m:
        org = m[1].strip()
    elif rest.strip():
        return None
    kind = lexicons.org_kind(org) if org else entry.implied_org_kind
    return Post(
        start,
        end,
        piece,
        piece[: len(title)],
        org or entry.implied_org,
        org is not None,
        kind or entry.implied_org_kind,
        entry.role,
    )


def title_before(ctx: Context, name: Name) -> list[Post]:
    """Mayor Tan Chengxu, District Mayor He Mou: a capitalised title right before the name."""
    before = ctx.text[max(0, name.start - 60) : name.start]
    for title in lexicons.titles_longest_first("en"):
        m = re.search(rf"(?:^|(?<=[^A-Za-z]))({re.escape(title)}) $", before, re.I)
        if m and m[1][0].isupper():
            start = name.start - len(before) + m.start(1)
            entry = lexicons.titles("en")[title]
            return [
                Post(
                    start,
                    start + len(m[1]),
                    m[1],
                    m[1],
                    entry.implied_org,
                    False,
                    entry.implied_org_kind,
                    entry.role,
                )
            ]
    return []


def posts_after(ctx: Context, name: Name, mask: str) -> list[Post]:
    """Lu Lin, member of the Standing Committee of … and Executive Deputy Mayor, …"""
    pos = name.end
    if not mask.startswith(", ", pos):
        return []
    pos += 2
    stop = re.compile(r",|;|\.(?=\s|$)|\n| (?:attended|bears|is|was|said|chaired|presided)\b")
    m = stop.search(mask, pos)
    end = m.start() if m else len(mask)
    posts: list[Post] = []
    piece = pos
    for part in [*(p.start() for p in re.finditer(r" and (?=[A-Za-z])", mask[pos:end])), None]:
        part_end = end if part is None else pos + part
        if part is not None and _title_at(mask[pos + part + 5 : end]) is None:
            continue  # "and" inside an organization's name, not between two posts
        post = as_post(ctx.text, piece, part_end)
        if post is None:
            return posts
        posts.append(post)
        piece = part_end + 5
    return posts


def person_post_rules(ctx: Context) -> list[Proposal]:
    mask = masked(ctx.text)
    out: list[Proposal] = []
    for name in sorted(ctx.names.values(), key=lambda n: n.start):
        for post in title_before(ctx, name):
            out.append(
                make(
                    ctx.text,
                    ProposalKind.PERSON_POST,
                    Span(post.start, name.end),
                    0.85,
                    "en.title_before_name",
                    name=name.text,
                    name_start=name.start,
                    **post.as_data(),
                )
            )
        after = posts_after(ctx, name, mask)
        for post in after:
            out.append(
                make(
                    ctx.text,
                    ProposalKind.PERSON_POST,
                    Span(name.start, after[-1].end),
                    0.85,
                    "en.name_comma_titles",
                    name=name.text,
                    name_start=name.start,
                    **post.as_data(),
                )
            )
    return out


# -- appointments ------------------------------------------------------------------------------
_CHANGE = re.compile(
    r" (?:is|was|has been|had been) (appointed|named|removed|dismissed|relieved)(?: as| from| of)? "
)
_POST_STOP = re.compile(r";|\.(?=\s|$)|\n|, | on (?=\d|the same day|[A-Z])")


def appointment_rules(ctx: Context) -> list[Proposal]:
    """X was appointed (as) Y [on D]; X was removed as Y; X was dismissed from Y."""
    mask = masked(ctx.text)
    out: list[Proposal] = []
    last_date: str | None = None
    for m in _CHANGE.finditer(mask):
        name = next((n for n in ctx.names.values() if n.end == m.start()), None)
        if name is None:
            continue
        stop = _POST_STOP.search(mask, m.end())
        post_end = stop.start() if stop else len(mask)
        post = as_post(ctx.text, m.end(), post_end)
        sentence = ctx.sentence_at(m.start())
        s_end = sentence.end if sentence else post_end
        dates = [d.iso for d in find_dates(ctx.text[name.start : s_end], "en") if d.iso]
        date: str | None
        if dates:
            date = dates[0]
        elif "the same day" in ctx.text[m.end() : s_end] and last_date:
            date = last_date
        else:
            date = ctx.doc_date
        last_date = date
        change = "start" if m[1] in ("appointed", "named") else "end"
        data = (
            post.as_data()
            if post
            else {
                "post": ctx.text[m.end() : post_end],
                "title": None,
                "org": None,
                "org_written": False,
                "org_kind": None,
                "role": None,
            }
        )
        out.append(
            make(
                ctx.text,
                ProposalKind.APPOINTMENT,
                Span(name.start, post_end),
                0.85 if post else 0.6,
                f"en.was_{m[1]}",
                name=name.text,
                name_start=name.start,
                change=change,
                date=date,
                **data,
            )
        )
    return out


# -- division of work --------------------------------------------------------------------------
_IN_CHARGE = re.compile(r"in charge of (.+?)(?:\.(?=\s|$)|;|\n|$)")


def assignment_rules(ctx: Context, person_posts: list[Proposal]) -> list[Proposal]:
    """Li Mougang, Executive Deputy Mayor, is … in charge of the A Bureau and the B Bureau."""
    mask = masked(ctx.text)
    out: list[Proposal] = []
    for pp in person_posts:
        sentence = ctx.sentence_at(pp.start)
        if sentence is None or pp.start != sentence.start:
            continue
        m = _IN_CHARGE.search(mask, pp.end, sentence.end)
        if m is None:
            continue
        pos = m.start(1)
        # "the A Bureau and the B Bureau": organizations are split where "the" starts one, as
        # names hold "and" themselves (Industry and Information Technology Bureau)
        for part in re.split(r",? and (?=the )|, (?=the )", mask[m.start(1) : m.end(1)]):
            org_start = mask.index(part, pos)
            pos = org_start + len(part)
            org = re.sub(r"^the ", "", ctx.text[org_start:pos])
            out.append(
                make(
                    ctx.text,
                    ProposalKind.ASSIGNMENT,
                    Span(pp.start, m.end(1)),
                    0.8,
                    "en.in_charge_of",
                    name=pp.data["name"],
                    name_start=pp.data["name_start"],
                    post=pp.data["post"],
                    title=pp.data["title"],
                    org=org,
                    org_kind=lexicons.org_kind(org),
                    areas=[],
                    date=ctx.doc_date,
                    org_start=org_start,
                )
            )
    return out


# -- meetings ----------------------------------------------------------------------------------
_HELD = re.compile(
    r"\b(?:held|convened) an? ([^,.;]*?(?:meeting|conference|session))"
    r"|(meeting|conference) was held"
)


def meeting_rules(ctx: Context, person_posts: list[Proposal]) -> list[Proposal]:
    text = ctx.text
    meeting = next((s for s in ctx.sentences if _HELD.search(s.text(text))), None)
    if meeting is None:
        return []
    words = meeting.text(text)
    held = _HELD.search(words)
    assert held is not None
    place = re.search(r"\bat (?:the )?([A-Z][^,.;]*)", words[held.end() :])
    host = re.match(
        r"(?:(?:Yesterday|Today|On [^,]+), )?(?:the )?([A-Z][A-Za-z' ]+?) (?:held|convened)", words
    )
    names = sorted({pp.data["name_start"]: pp.data["name"] for pp in person_posts}.items())
    last = meeting.end
    chair = None
    rule = "en.meeting_held"
    for start, name in names:
        if re.match(r" (?:chaired|presided over)", text[start + len(name) :]):
            chair = name
            last = max(last, (ctx.sentence_at(start) or meeting).end)
            break
    if chair is None:  # no one chaired by name: the leader who spoke first, by a weaker rule
        for start, name in names:
            if re.match(
                r" (?:emphasized|stressed|pointed out|said|spoke)", text[start + len(name) :]
            ):
                chair, rule = name, "en.meeting_held.chair_is_first_speaker"
                last = max(last, (ctx.sentence_at(start) or meeting).end)
                break
    attendees: list[str] = []
    for s in ctx.sentences:
        if s.start < meeting.start or not re.search(r"\battended\b|\battending\b", s.text(text)):
            continue
        for start, name in names:
            if s.start <= start < s.end and name != chair and name not in attendees:
                attendees.append(name)
                last = max(last, s.end)
    date = ctx.date_in(meeting.start, meeting.end)
    if date is None and re.match(r"Yesterday\b", words) and ctx.as_of:
        from datetime import date as _date
        from datetime import timedelta

        date = (_date.fromisoformat(ctx.as_of) - timedelta(days=1)).isoformat()
    return [
        make(
            text,
            ProposalKind.MEETING,
            Span(meeting.start, last),
            0.75 if rule == "en.meeting_held" else 0.6,
            rule,
            title=(held[1] or held[2]).strip(),
            date=date,
            place=place[1].strip() if place else (host[1] if host else None),
            host=host[1] if host else None,
            chair=chair,
            attendees=attendees,
        )
    ]


# -- directives --------------------------------------------------------------------------------
_DIRECTIVE = re.compile(r"\b(?:must|should|it is necessary to|required|called for|asked)\b", re.I)


def directive_rules(ctx: Context) -> list[Proposal]:
    out: list[Proposal] = []
    for s in ctx.sentences:
        words = s.text(ctx.text)
        if not _DIRECTIVE.search(words) or _HELD.search(words):
            continue
        sectors = sectors_in(words)
        out.append(
            make(
                ctx.text,
                ProposalKind.DIRECTIVE,
                Span(s.start, s.end),
                0.75 if sectors else 0.6,
                "en.directive_sentence",
                duty=words,
                sectors=sectors,
                binds=binders_in(words),
            )
        )
    return out


# -- accidents ---------------------------------------------------------------------------------
_ENTERPRISE = re.compile(
    r"\b(?:at|of|by) (?:the )?((?:[A-Z][\w'-]*\s?)+(?:Co__ Ltd_|Co_|Mine|Company|Plant)"
    r"(?: in (?:[A-Z][\w'-]*\s?)+)?)"
)
_FIG = {
    "deaths": re.compile(
        r"killing (\d+)|(\d+) (?:people|persons?|workers?) (?:dead|died|were killed)|(\d+) deaths"
    ),
    "missing": re.compile(r"(\d+) missing"),
    "serious_injuries": re.compile(r"seriously injuring (\d+)|(\d+) (?:people )?seriously injured"),
    "injuries": re.compile(r"(?<!seriously )injuring (\d+)|(\d+) (?:people )?injured"),
}
_LOSS = re.compile(r"(?:CNY|RMB|yuan)\s?([\d.,]+)\s?(million|billion)?")
_STATED = re.compile(
    r"\b(especially serious|major|relatively large|larger|general)\b[^.]{0,40}?\baccident", re.I
)
_STATED_GRADE = {
    "especially serious": "especially_serious",
    "major": "major",
    "relatively large": "relatively_large",
    "larger": "relatively_large",
    "general": "general",
}


def _number(m: re.Match[str] | None) -> int | None:
    if m is None:
        return None
    return int(next(g for g in m.groups() if g))


def accident_rules(ctx: Context) -> list[Proposal]:
    """An accident that occurred or broke out, or one named by its date ("6·5" … accident)."""
    text = ctx.text
    mask = masked(text)
    happened = [
        s for s in ctx.sentences if re.search(r"\b(?:occurred|broke out|happened)\b", s.text(text))
    ]
    named_only = [
        s for s in ctx.sentences if DOTTED_DATE.search(s.text(text)) and "accident" in s.text(text)
    ]
    for s in happened + named_only:  # an account of the accident before a passing mention
        words = s.text(text)
        kinds = [
            kind
            for word, kind in lexicons.accident_kinds()
            if re.search(rf"\b{word}\b", words, re.I)
        ]
        named = DOTTED_DATE.search(words)
        if not kinds:
            continue
        figures: dict[str, int | float | None] = {
            k: _number(rx.search(words)) for k, rx in _FIG.items()
        }
        loss = _LOSS.search(words)
        if loss:
            scale = {"million": 1_000_000, "billion": 1_000_000_000}.get(loss[2] or "", 1)
            figures["direct_loss_cny"] = round(float(loss[1].replace(",", "")) * scale)
        else:
            figures["direct_loss_cny"] = None
        dates = [d.iso for d in find_dates(words, "en") if d.iso]
        dotted = dotted_dates(words, ctx.default_year)
        date = dates[0] if dates else (dotted[0].iso if dotted else None)
        enterprise = _ENTERPRISE.search(mask[s.start : s.end])
        stated = _STATED.search(words)
        grade = figures_grade(figures, _STATED_GRADE[stated[1].lower()] if stated else None)
        quote_start = s.start
        if named and not dates:  # a sentence that mentions the accident in passing: quote that part
            quote_start = s.start + max(0, words.rfind(",", 0, named.start()) + 1)
            while text[quote_start] == " ":
                quote_start += 1
        quote_end = s.end
        if enterprise and named and not dates:
            quote_end = s.start + enterprise.end(1)
        ent = (
            text[s.start + enterprise.start(1) : s.start + enterprise.end(1)].strip()
            if enterprise
            else None
        )
        title_words = text[s.start + named.start() : s.start + named.end()] if named else None
        return [
            make(
                text,
                ProposalKind.ACCIDENT,
                Span(quote_start, quote_end),
                0.75 if dates else 0.6,
                "en.accident_occurred" if dates else "en.accident_named_by_date",
                date=date,
                month_day=list(dotted[0].month_day) if dotted else None,
                enterprise=ent,
                kind=kinds[0],
                name=title_words,
                **figures,
                **grade,
            )
        ]
    return []


# -- findings ----------------------------------------------------------------------------------
def finding_rules(
    ctx: Context, person_posts: list[Proposal], accidents: list[Proposal]
) -> list[Proposal]:
    """Qian Moujun, general manager of …, bears main responsibility … It is proposed that …"""
    text = ctx.text
    entries = sorted(
        {p.start: p for p in person_posts if p.rule == "en.name_comma_titles"}.values(),
        key=lambda p: p.start,
    )
    out: list[Proposal] = []
    for i, entry in enumerate(entries):
        limit = entries[i + 1].start if i + 1 < len(entries) else len(text)
        para_end = text.find("\n", entry.end)
        end = min(limit, len(text) if para_end < 0 else para_end)
        segment = text[entry.start : end]
        phrase = next(
            ((p, r) for p, r in lexicons.responsibilities() if p in segment.lower()), None
        )
        if phrase is None:
            continue
        after = segment[segment.lower().index(phrase[0]) + len(phrase[0]) :]
        sanction = next(
            (w for w in lexicons.sanction_words() if re.search(rf"\b{w}", after, re.I)), None
        )
        sanction_text = None
        if sanction:
            clause = re.search(rf"[^;.]*\b{sanction}[^;.]*", after, re.I)
            sanction_text = clause[0].strip(" ,;") if clause else sanction
        quote_end = entry.start + len(segment.rstrip())
        out.append(
            make(
                text,
                ProposalKind.FINDING,
                Span(entry.start, quote_end),
                0.8,
                "en.finding_entry",
                name=entry.data["name"],
                name_start=entry.data["name_start"],
                post=entry.data["post"],
                title=entry.data["title"],
                org=entry.data["org"],
                role=entry.data["role"],
                responsibility=phrase[1],
                responsibility_text=phrase[0],
                sanction=sanction_text,
                accident=accidents[0].id if accidents else None,
            )
        )
    return out


__all__ = ["EN_DATE", "appointment_rules", "find_names"]
