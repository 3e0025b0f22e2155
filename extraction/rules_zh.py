"""Rules for Chinese documents. Each rule is one function over the context that returns
proposals; names come from two signals (the surname lexicon, and jieba's person tag or the
某 pattern of anonymised names), posts from the title and organization-suffix lexicons."""

from __future__ import annotations

import re
from functools import cache

import jieba
import jieba.posseg

from extraction import lexicons
from extraction.context import Context, Name, Post
from extraction.proposals import Proposal, ProposalKind, Span, make
from extraction.text import DOTTED_DATE, find_dates, to_int
from graph_model.schema import accident_grade

HAN = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_BREAK = "，,。；;：:\r\n（()）"
# What may follow 王某 without being the name's third character
NAME_STOP = set("任的为在等负说要和与及、，。；：:,（(是将被已也都对于")
NAME_STOP_WORDS = ("同志", "出席", "主持", "指出", "强调", "签发", "参加", "表示", "讲话")
# Words before a post that are not part of it (会议由市长…, 免去…): the post starts after them
_JUNK = re.compile(
    r".*(?:由|在|了|是|对|向|将|经|请|通报|会议|召开|出席|主持|讲话|的|\d|[A-Za-z]|年|月|日)"
)
_PLACE_END = tuple("市区县省州镇乡")


@cache
def _setup_jieba() -> None:
    jieba.setLogLevel(60)
    for title in lexicons.titles("zh"):  # titles segment as one word, so names stand apart
        jieba.add_word(title, 2000, "n")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(word, tag, start offset) from jieba."""
    _setup_jieba()
    out: list[tuple[str, str, int]] = []
    pos = 0
    for pair in jieba.posseg.cut(text, HMM=True):
        at = text.find(pair.word, pos)
        if at < 0:
            continue
        out.append((pair.word, pair.flag, at))
        pos = at + len(pair.word)
    return out


# -- names -------------------------------------------------------------------------------------
def _surname_len(text: str, pos: int) -> int:
    surnames = lexicons.surnames_zh()
    if text[pos : pos + 2] in surnames:
        return 2
    return 1 if text[pos : pos + 1] in surnames else 0


def _mou_name(text: str, pos: int) -> Name | None:
    """王某 / 王某平: the anonymised names of published notices and reports."""
    n = _surname_len(text, pos)
    if not n or text[pos + n : pos + n + 1] != "某":
        return None
    end = pos + n + 1
    if (
        end < len(text)
        and HAN.match(text[end])
        and text[end] not in NAME_STOP
        and not text.startswith(NAME_STOP_WORDS, end)
    ):
        end += 1
    return Name(pos, end, text[pos:end], ("surname", "mou_pattern"))


def find_names(ctx: Context) -> dict[int, Name]:
    """Every name that two signals agree on: surname + jieba's person tag, or surname + 某."""
    text = ctx.text
    names: dict[int, Name] = {}
    for word, flag, start in _tokens(text):
        if "某" in word:
            continue  # jieba cuts 王某 / 强 apart: the 某 pattern below reads these names
        if flag.startswith("nr") and 2 <= len(word) <= 4 and _surname_len(text, start):
            names[start] = Name(start, start + len(word), word, ("surname", "jieba_nr"))
    for m in re.finditer("某", text):
        for n in (2, 1):
            name = _mou_name(text, m.start() - n)
            if name and name.start not in names:
                names[name.start] = name
                break
    return names


def name_at(ctx: Context, pos: int) -> Name | None:
    """The name starting at ``pos``: one found by two signals, else a surname followed by one
    or two characters up to 同志/的/为 (inside a notice's fixed pattern only)."""
    found = ctx.names.get(pos) or _mou_name(ctx.text, pos)
    if found:
        return found
    n = _surname_len(ctx.text, pos)
    if not n:
        return None
    for length in (n + 2, n + 1):
        end = pos + length
        if HAN.fullmatch(ctx.text[pos:end] or "x") is None and not all(
            HAN.match(c) for c in ctx.text[pos:end]
        ):
            continue
        if ctx.text.startswith(("同志", "的", "为"), end):
            return Name(pos, end, ctx.text[pos:end], ("surname", "notice_pattern"))
    return None


# -- posts -------------------------------------------------------------------------------------
def _org_like(prefix: str) -> bool:
    return not prefix or prefix.endswith(_PLACE_END) or lexicons.org_kind(prefix) is not None


def as_post(text: str, start: int, end: int, whole: bool = False) -> Post | None:
    """The post written in ``text[start:end]``, ending with a title of the lexicon; words before
    the post are cut off unless ``whole`` (then the whole piece must be the post)."""
    piece = text[start:end]
    for title in lexicons.titles_longest_first("zh"):
        if not piece.endswith(title):
            continue
        prefix = piece[: len(piece) - len(title)]
        cut = 0
        if not whole:
            junk = _JUNK.match(prefix)
            cut = junk.end() if junk else 0
        prefix = prefix[cut:]
        if not _org_like(prefix):
            continue
        entry = lexicons.titles("zh")[title]
        org = prefix or entry.implied_org
        kind = lexicons.org_kind(prefix) if prefix else entry.implied_org_kind
        if prefix and kind is None:
            kind = entry.implied_org_kind
        return Post(
            start + cut, end, text[start + cut : end], title, org, bool(prefix), kind, entry.role
        )
    return None


def _clause_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] not in CLAUSE_BREAK:
        pos -= 1
    return pos


def _inherit_org(posts: list[Post]) -> list[Post]:
    """某公司法定代表人、董事长: a bare title after a post of an organization is of that one too."""
    out: list[Post] = []
    for post in posts:
        if out and post.org is None and out[-1].org_written:
            prev = out[-1]
            post = Post(
                post.start,
                post.end,
                post.text,
                post.title,
                prev.org,
                False,
                prev.org_kind,
                post.role,
            )
        out.append(post)
    return out


def title_chain_before(ctx: Context, name: Name) -> list[Post]:
    """市委常委、常务副市长卢林: the posts written before a name, back to the clause's start."""
    text = ctx.text
    begin = _clause_start(text, name.start)
    posts: list[Post] = []
    end = name.start
    while end > begin:
        piece_start = max(text.rfind("、", begin, end) + 1, begin)
        while piece_start < end and text[piece_start].isspace():  # indented lines
            piece_start += 1
        post = as_post(text, piece_start, end)
        if post is None or not post.text:
            break
        posts.insert(0, post)
        if post.start != piece_start or piece_start == begin:
            break
        end = piece_start - 1
    return _inherit_org(posts)


def _at_entry_start(text: str, pos: int) -> bool:
    """A name that opens a line, a list item or a clause (钱某军，… in a report)."""
    before = text[:pos].rstrip(" \t")
    return (
        not before
        or before[-1] in "\n。；;：:，,"
        or bool(re.search(r"(?:^|\n)\s*[\d一二三四五六七八九十]+[.．、)）]$", before))
    )


def posts_after(ctx: Context, name: Name) -> list[Post]:
    """钱某军，男，中共党员，某公司总经理，…: posts in the clauses after a name."""
    text = ctx.text
    pos = name.end
    if text.startswith("同志", pos):
        pos += 2
    if pos >= len(text) or text[pos] not in "，,":
        return []
    if not _at_entry_start(text, name.start):
        return []
    posts: list[Post] = []
    pos += 1
    while pos < len(text):
        m = re.compile(r"[^，,。；;\n]*").match(text, pos)
        assert m is not None
        clause_end = m.end()
        clause = text[pos:clause_end].strip()
        if clause in lexicons.person_attributes_zh() or re.fullmatch(
            r"\d{4}年\d{1,2}月(?:生|出生)", clause
        ):
            pos = clause_end + 1
            continue
        found: list[Post] = []
        piece = pos
        for part_end in [*(m.start() for m in re.finditer("、", text[pos:clause_end])), None]:
            stop = clause_end if part_end is None else pos + part_end
            post = as_post(text, piece, stop, whole=True)
            if post is None:
                found = []
                break
            found.append(post)
            piece = stop + 1
        if not found:
            break
        posts.extend(_inherit_org(found))
        if clause_end >= len(text) or text[clause_end] not in "，,":
            break
        pos = clause_end + 1
    return posts


def person_post_rules(ctx: Context) -> list[Proposal]:
    """The two shapes of a person with posts: titles then name, name then titles."""
    out: list[Proposal] = []
    for name in sorted(ctx.names.values(), key=lambda n: n.start):
        confidence = 0.9 if "jieba_nr" in name.signals or "mou_pattern" in name.signals else 0.7
        chain = title_chain_before(ctx, name)
        for post in chain:
            span = Span(chain[0].start, name.end)
            out.append(
                make(
                    ctx.text,
                    ProposalKind.PERSON_POST,
                    span,
                    confidence,
                    "zh.title_chain_before_name",
                    name=name.text,
                    name_start=name.start,
                    **post.as_data(),
                )
            )
        after = posts_after(ctx, name)
        for post in after:
            span = Span(name.start, after[-1].end)
            out.append(
                make(
                    ctx.text,
                    ProposalKind.PERSON_POST,
                    span,
                    confidence,
                    "zh.name_then_titles",
                    name=name.text,
                    name_start=name.start,
                    **post.as_data(),
                )
            )
    return out


# -- appointments ------------------------------------------------------------------------------
_APPOINT = re.compile(r"(任命|聘任|提名)")
_TAKES_POST = re.compile(r"(?:^|\n)[ \t]*(?=\S)")
_REMOVE = re.compile(r"免去")
_POST_END = re.compile(r"[；;。\n，,]")


def _post_until(ctx: Context, pos: int, stop_word: str | None = None) -> tuple[int, int] | None:
    m = _POST_END.search(ctx.text, pos)
    end = m.start() if m else len(ctx.text)
    if stop_word:
        at = ctx.text.find(stop_word, pos, end)
        if at < 0:
            return None
        end = at
    elif ctx.text[pos:end].endswith("职务"):
        end -= 2
    return (pos, end) if end > pos else None


def _appointment(
    ctx: Context,
    rule: str,
    change: str,
    begin: int,
    name: Name,
    post: tuple[int, int],
    end: int,
    confidence: float,
) -> Proposal:
    post_start, post_end = post
    parsed = as_post(ctx.text, post_start, post_end, whole=True)
    date = ctx.date_in(*_sentence_bounds(ctx, begin)) or ctx.doc_date
    data = (
        parsed.as_data()
        if parsed
        else {
            "post": ctx.text[post_start:post_end],
            "title": None,
            "org": None,
            "org_written": False,
            "org_kind": None,
            "role": None,
        }
    )
    return make(
        ctx.text,
        ProposalKind.APPOINTMENT,
        Span(begin, end),
        confidence,
        rule,
        name=name.text,
        name_start=name.start,
        change=change,
        date=date,
        **data,
    )


def _sentence_bounds(ctx: Context, pos: int) -> tuple[int, int]:
    s = ctx.sentence_at(pos)
    return (s.start, s.end) if s else (pos, pos)


def appointment_rules(ctx: Context) -> list[Proposal]:
    """任命X为Y / 聘任X为Y / X同志任Y (start); 免去X(同志)(的)Y职务 (end)."""
    text = ctx.text
    out: list[Proposal] = []
    for m in _APPOINT.finditer(text):
        name = name_at(ctx, m.end())
        if name is None:
            continue
        pos = name.end + (2 if text.startswith("同志", name.end) else 0)
        if not text.startswith("为", pos):
            continue
        post = _post_until(ctx, pos + 1)
        if post:
            out.append(
                _appointment(ctx, "zh.appoint_as", "start", m.start(), name, post, post[1], 0.9)
            )
    for m in _TAKES_POST.finditer(text):
        name = name_at(ctx, m.end())
        if name is None:
            continue
        pos = name.end + (2 if text.startswith("同志", name.end) else 0)
        if not text.startswith("任", pos) or text.startswith("任命", pos):
            continue
        post = _post_until(ctx, pos + 1)
        if post:
            out.append(
                _appointment(
                    ctx, "zh.name_takes_post", "start", name.start, name, post, post[1], 0.85
                )
            )
    for m in _REMOVE.finditer(text):
        name = name_at(ctx, m.end())
        if name is None:
            continue
        pos = name.end + (2 if text.startswith("同志", name.end) else 0)
        pos += 1 if text.startswith("的", pos) else 0
        post = _post_until(ctx, pos, stop_word="职务")
        if post:
            out.append(
                _appointment(ctx, "zh.remove_from", "end", m.start(), name, post, post[1] + 2, 0.9)
            )
    return out


# -- division of work --------------------------------------------------------------------------
_IN_CHARGE = re.compile(r"分管([^。；;\n，,]+)")
_AREAS = re.compile(r"负责([^。；;\n]+?)(?:方面)?工作")


def assignment_rules(ctx: Context, person_posts: list[Proposal]) -> list[Proposal]:
    """副市长张某燕：负责…工作。分管市工业和信息化局、市交通运输局。 -> one per organization."""
    text = ctx.text
    out: list[Proposal] = []
    seen: set[int] = set()
    for pp in person_posts:
        name_end = pp.data["name_start"] + len(pp.data["name"])
        if pp.rule != "zh.title_chain_before_name" or pp.end != name_end or pp.start in seen:
            continue
        if not text.startswith(("：", ":"), name_end):
            continue
        seen.add(pp.start)
        chain = [p for p in person_posts if p.start == pp.start and p.rule == pp.rule]
        post = chain[-1]  # 市委常委、常务副市长李某刚: in charge as 常务副市长
        line_end = text.find("\n", name_end)
        line_end = len(text) if line_end < 0 else line_end
        areas = [
            a.strip()
            for m in _AREAS.finditer(text, name_end, line_end)
            for a in re.split("[、，,]", m[1])
        ]
        for m in _IN_CHARGE.finditer(text, name_end, line_end):
            pos = m.start(1)
            for org in m[1].split("、"):
                org_start = text.index(org, pos)
                pos = org_start + len(org)
                out.append(
                    make(
                        text,
                        ProposalKind.ASSIGNMENT,
                        Span(pp.start, m.end()),
                        0.85,
                        "zh.in_charge_of",
                        name=post.data["name"],
                        name_start=post.data["name_start"],
                        post=post.data["post"],
                        title=post.data["title"],
                        org=org.strip(),
                        org_kind=lexicons.org_kind(org),
                        areas=[a for a in areas if a],
                        date=ctx.doc_date,
                        org_start=org_start,
                    )
                )
    return out


# -- meetings ----------------------------------------------------------------------------------
_MEETING = re.compile(r"召开")
_PLACE = re.compile(r"在([^，,。在]{2,20}?)召开")
_CHAIR = re.compile(r"主持")
_ATTEND = re.compile(r"出席|参加|列席")


def meeting_rules(ctx: Context, person_posts: list[Proposal]) -> list[Proposal]:
    """The first sentence that 召开 a meeting, its chair (X主持) and attendees (…出席)."""
    text = ctx.text
    convened = [s for s in ctx.sentences if _MEETING.search(s.text(text)) and "会" in s.text(text)]
    dated = [s for s in convened if ctx.date_in(s.start, s.end)]  # the account, not the headline
    candidates = dated or convened
    meeting = candidates[0] if candidates else None
    if meeting is None:
        return []
    words = meeting.text(text)
    place = _PLACE.search(words)
    title = re.search(r"召开(?:了)?([^，,。]*?(?:会议|会))", words) or re.search(
        r"([^，,。]*?(?:会议|会))(?:在[^，,。]*)?召开", words
    )
    names = sorted({pp.data["name_start"]: pp.data["name"] for pp in person_posts}.items())
    chair = None
    last = meeting.end
    for start, name in names:
        after = text[start + len(name) : start + len(name) + 6]
        if after.startswith("主持") or re.match(r"同志主持", after):
            chair = name
            last = max(last, (ctx.sentence_at(start) or meeting).end)
            break
    attendees: list[str] = []
    for s in ctx.sentences:
        if s.start < meeting.start or not _ATTEND.search(s.text(text)):
            continue
        for start, name in names:
            if s.start <= start < s.end and name != chair and name not in attendees:
                attendees.append(name)
                last = max(last, s.end)
    date = ctx.date_in(meeting.start, meeting.end)
    return [
        make(
            text,
            ProposalKind.MEETING,
            Span(meeting.start, last),
            0.8,
            "zh.meeting_convened",
            title=title[1].strip() if title else None,
            date=date,
            place=place[1] if place else None,
            chair=chair,
            attendees=attendees,
        )
    ]


# -- directives --------------------------------------------------------------------------------
_DIRECTIVE = re.compile(r"^要|要求|[，,]要|必须|督促|应当|务必")


def sectors_in(words: str) -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    lowered = words.lower()
    for keyword, sector in lexicons.sector_keywords():
        if keyword.lower() in lowered and sector.key not in found:
            found[sector.key] = {
                "sector": sector.key,
                "name": sector.name,
                "name_zh": sector.name_zh,
                "keyword": keyword,
            }
    return list(found.values())


def binders_in(words: str) -> list[dict[str, str]]:
    lowered = words.lower()
    out: list[dict[str, str]] = []
    for word, kind in lexicons.binders():
        if word.lower() in lowered and not any(word.lower() in b["word"].lower() for b in out):
            out.append({"word": word, "kind": kind})
    return out


def directive_rules(ctx: Context) -> list[Proposal]:
    """Sentences that require something (要…, 必须…, 督促…) as duty items, with their sectors."""
    out: list[Proposal] = []
    for s in ctx.sentences:
        words = s.text(ctx.text)
        body = (
            words.split("，", 1)[1] if re.match(r"^\S{2,6}(?:强调|指出|要求)，", words) else words
        )
        if not _DIRECTIVE.search(body) or "召开" in words:
            continue
        sectors = sectors_in(words)
        out.append(
            make(
                ctx.text,
                ProposalKind.DIRECTIVE,
                Span(s.start, s.end),
                0.75 if sectors else 0.6,
                "zh.directive_sentence",
                duty=words,
                sectors=sectors,
                binds=binders_in(words),
            )
        )
    return out


# -- accidents ---------------------------------------------------------------------------------
_HAPPENED = re.compile(r"发生")
_ORG_NAME = re.compile(r"[\u4e00-\u9fff]{2,40}?(?:有限责任公司|有限公司|公司|煤矿|铁矿|化工厂)")
_FIGURES = {
    "deaths": re.compile(r"(\d+|[一二三四五六七八九十两]+)(?:人|名[^，,。]{0,4}?)死亡"),
    "missing": re.compile(r"(\d+|[一二三四五六七八九十两]+)(?:人|名[^，,。]{0,4}?)失踪"),
    "serious_injuries": re.compile(r"(\d+|[一二三四五六七八九十两]+)(?:人|名[^，,。]{0,4}?)重伤"),
    "injuries": re.compile(r"(\d+|[一二三四五六七八九十两]+)(?:人|名[^，,。]{0,4}?)(?:受伤|轻伤)"),
}
_LOSS = re.compile(r"直接经济损失(?:约|达)?([\d.]+)\s*(亿元|万元|元)")
_STATED_GRADE = re.compile(
    r"(特别重大|重大|较大|一般)(?:生产安全)?(?:责任)?(?:[\u4e00-\u9fff]{0,4})?事故"
)
GRADE_WORDS = {
    "特别重大": "especially_serious",
    "重大": "major",
    "较大": "relatively_large",
    "一般": "general",
}


def _enterprise(words: str) -> str | None:
    found = [m[0] for m in _ORG_NAME.finditer(words)]
    if not found:
        return None
    name = re.split(r"[的在于，,、\d日时许]|位于|经营", found[0])[-1]
    return name or None


def figures_grade(figures: dict[str, int | float | None], stated: str | None) -> dict[str, object]:
    """The grade by the regulation's figures when any figure is known, else the stated one."""
    known = {k: v for k, v in figures.items() if v is not None}
    if known:
        grade = accident_grade(
            int(figures.get("deaths") or 0),
            int(figures.get("missing") or 0),
            int(figures.get("serious_injuries") or 0),
            float(figures.get("direct_loss_cny") or 0),
        )
        return {"grade": grade, "grade_basis": "figures", "stated_grade": stated}
    return {"grade": stated, "grade_basis": "stated" if stated else None, "stated_grade": stated}


def accident_rules(ctx: Context) -> list[Proposal]:
    """The sentence where an accident 发生: date, enterprise, kind, figures and grade."""
    text = ctx.text
    out: list[Proposal] = []
    stated = _STATED_GRADE.search(text)
    for s in ctx.sentences:
        words = s.text(text)
        kinds = [kind for word, kind in lexicons.accident_kinds() if word in words]
        if not _HAPPENED.search(words) or not kinds:
            continue
        figures: dict[str, int | float | None] = {
            k: (to_int(m[1].replace("两", "二")) if (m := rx.search(words)) else None)
            for k, rx in _FIGURES.items()
        }
        loss = _LOSS.search(words)
        factor = {"亿元": 100_000_000, "万元": 10_000, "元": 1}
        figures["direct_loss_cny"] = round(float(loss[1]) * factor[loss[2]]) if loss else None
        dates = [d for d in find_dates(words, "zh", ctx.default_year) if d.iso]
        dotted = list(DOTTED_DATE.finditer(text))
        date = dates[0].iso if dates else None
        grade = figures_grade(figures, GRADE_WORDS[stated[1]] if stated else None)
        out.append(
            make(
                text,
                ProposalKind.ACCIDENT,
                Span(s.start, s.end),
                0.8,
                "zh.accident_occurred",
                date=date,
                enterprise=_enterprise(words),
                kind=kinds[0],
                name=text[dotted[0].start() : dotted[0].end()] if dotted else None,
                **figures,
                **grade,
            )
        )
        break  # one accident per document: the first account of it
    return out


# -- findings ----------------------------------------------------------------------------------
_SUGGEST = re.compile(r"建议[^。]*")


def finding_rules(
    ctx: Context, person_posts: list[Proposal], accidents: list[Proposal]
) -> list[Proposal]:
    """钱某军，…总经理，…负有主要责任。建议…: the person, post, responsibility and sanction."""
    text = ctx.text
    entries = sorted(
        {p.start: p for p in person_posts if p.rule == "zh.name_then_titles"}.values(),
        key=lambda p: p.start,
    )
    out: list[Proposal] = []
    for i, entry in enumerate(entries):
        limit = entries[i + 1].start if i + 1 < len(entries) else len(text)
        para_end = text.find("\n", entry.end)
        end = min(limit, len(text) if para_end < 0 else para_end)
        segment = text[entry.start : end]
        phrase = next(((p, r) for p, r in lexicons.responsibilities() if p in segment), None)
        if phrase is None:
            continue
        suggestion = _SUGGEST.search(segment)
        sanction = (
            suggestion[0]
            if suggestion and any(w in suggestion[0] for w in lexicons.sanction_words())
            else None
        )
        quote_end = entry.start + segment.index(phrase[0]) + len(phrase[0])
        if suggestion:
            quote_end = max(quote_end, entry.start + suggestion.end())
        first_post = next(
            p for p in person_posts if p.start == entry.start and p.rule == entry.rule
        )
        out.append(
            make(
                text,
                ProposalKind.FINDING,
                Span(entry.start, quote_end),
                0.85,
                "zh.finding_entry",
                name=entry.data["name"],
                name_start=entry.data["name_start"],
                post=first_post.data["post"],
                title=first_post.data["title"],
                org=first_post.data["org"],
                role=first_post.data["role"],
                responsibility=phrase[1],
                responsibility_text=phrase[0],
                sanction=sanction,
                accident=accidents[0].id if accidents else None,
            )
        )
    return out
