"""Who is accountable: chains, coverage gaps, portfolios and vacancy impact.

The semantics are those of ``docs/accountability.md`` part 1; the choices the contract
leaves open are written down in its part 2. Each store finds the facts in its own graph
(``subject_facts``, ``posts_facts``, ``graph_facts``, ``remit_facts``); the rules in
``graph_model.rules`` decide what they mean, once, for both; this module asks and names.

Examples run against the sample dataset (``data/sample``), loaded into ``store``.
"""

from __future__ import annotations

from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import repeat
from operator import attrgetter
from typing import Any

from graph_model import gap_wording, rules
from graph_model.conditions import valid_on
from graph_model.facts import (
    AppointmentRow,
    ChainHead,
    ChargeRow,
    GapNames,
    GraphFacts,
    Names,
    PostsFacts,
    SubjectFacts,
    shown_name,
)
from graph_model.gc_pause import gc_paused
from graph_model.posts_index import PostsIndex
from graph_model.results import (
    GAP_KINDS,
    LEVELS,
    Chain,
    ChainEntry,
    Charge,
    Covered,
    Finding,
    Gap,
    GapReport,
    Incident,
    Link,
    LostLevel,
    Portfolio,
    PostHeld,
    Subject,
    VacancyImpact,
    gaps_of,
)
from graph_model.rules import ChainLevels, Cover, GapRow, LevelRow
from graph_model.schema import OrgKind, Rel, Role
from graph_model.store.base import GraphStore
from graph_model.vocabulary import (
    ChargeBasis,
    GapKind,
    Level,
    RemitKind,
    Responsibility,
    SubjectKind,
)

__all__ = [
    "SubjectNotFound",
    "chain",
    "chains_of",
    "gaps",
    "org_portfolio",
    "person_portfolio",
    "today",
    "vacancy_impact",
]


class SubjectNotFound(LookupError):
    """The id names no hazard, accident or enterprise (or no node of the kind asked for)."""


def today() -> str:
    return date.today().isoformat()


# -- chains ----------------------------------------------------------------------------------
def chain(store: GraphStore, subject_id: str, as_of: str | None = None) -> Chain:
    """The accountability chain of a hazard, an accident or an enterprise on day ``as_of``
    (default: the hazard's ``found_on``, the accident's ``occurred_on``, else today).
    One question to the store (``chain_bundle``): the subject and the posts of every
    organization it may need; the rules keep those it needs, as ``chains_of`` does.

    Examples
    --------
    >>> c = chain(store, "HZ-001")
    >>> str(c.subject.kind), c.as_of == c.subject.date
    ('hazard', True)
    >>> [str(e.level) for e in c.entries][:1]
    ['enterprise']
    """
    head, facts, own, names = chain_inputs(store, subject_id, as_of)
    found = rules.chain_levels(facts, own)
    return assemble_chain(store, facts, found, head.info, head.day, names)


def chain_inputs(
    store: GraphStore, subject_id: str, as_of: str | None = None
) -> tuple[ChainHead, SubjectFacts, PostsFacts, Names]:
    """What ``chain`` decides from, in one question (``chain_bundle``): the head, its facts,
    exactly the posts ``posts_facts(*rules.chain_orgs(facts), day)`` returns, and names."""
    found_head, posts, names = store.chain_bundle(subject_id, as_of, today())
    head, facts = _checked(subject_id, found_head)
    orgs, charged = rules.chain_orgs(facts)
    # the bundle holds the posts of a superset of ``orgs``: the rules see only the wanted
    own = PostsIndex(posts).own(orgs, charged) if orgs else PostsFacts()
    return head, facts, own, names


def _checked(subject_id: str, head: ChainHead | None) -> tuple[ChainHead, SubjectFacts]:
    """The head and its facts, or ``SubjectNotFound`` saying why there are none."""
    if head is None:
        raise SubjectNotFound(f"no hazard, accident or enterprise with id {subject_id!r}")
    if head.facts is None:
        raise SubjectNotFound(f"{subject_id!r} is not a hazard, an accident or an enterprise")
    return head, head.facts


def chains_of(
    store: GraphStore, subject_ids: list[str], as_of: str | None = None
) -> dict[str, Chain]:
    """The chains of many subjects, each on ``as_of`` (default: its own day, as ``chain``),
    asked set-wise: one question for all the subjects, then one per distinct day for all
    their posts (so one chain per enterprise on a day costs two questions, not thousands).

    >>> sorted(chains_of(store, ["HZ-001", "ENT-001"], "2019-06-30"))
    ['ENT-001', 'HZ-001']
    """
    return {
        sid: assemble_chain(store, facts, rules.chain_levels(facts, own), info, day, shown)
        for sid, facts, own, info, day, shown in _read_set_wise(store, subject_ids, as_of)
    }


SubjectReads = tuple[str, SubjectFacts, PostsFacts, Mapping[str, Any], str, Names]


def _read_set_wise(
    store: GraphStore, subject_ids: list[str], as_of: str | None
) -> Iterator[SubjectReads]:
    """What each subject's chain is made of (its facts, exactly its posts, its head's info,
    its day, the names read), asked set-wise: one question for the heads, then one per
    distinct day for all their posts."""
    heads, names = store.chain_heads(list(dict.fromkeys(subject_ids)), as_of, today())
    by_day: dict[str, list[tuple[str, SubjectFacts]]] = defaultdict(list)
    for sid in dict.fromkeys(subject_ids):
        head, facts = _checked(sid, heads.get(sid))
        by_day[head.day].append((sid, facts))
    for day, subjects in by_day.items():
        wanted = {sid: rules.chain_orgs(facts) for sid, facts in subjects}
        orgs = sorted({o for os, _ in wanted.values() for o in os})
        charged = sorted({o for _, cs in wanted.values() for o in cs})
        posts, post_names = store.named_posts(orgs, charged, day) if orgs else (PostsFacts(), {})
        index = PostsIndex(posts) if len(subjects) > 1 else None
        shown = ChainMap(dict(post_names), dict(names))
        for sid, facts in subjects:
            own_orgs, own_charged = wanted[sid]
            if not own_orgs:
                own = PostsFacts()
            else:
                own = posts if index is None else index.own(own_orgs, own_charged)
            yield sid, facts, own, heads[sid].info, day, shown


def chain_posts(store: GraphStore, facts: SubjectFacts, day: str) -> PostsFacts:
    """The posts, assignments and appointments a chain needs (a second, set-wise question)."""
    orgs, charged = rules.chain_orgs(facts)
    return store.posts_facts(orgs, charged, day) if orgs else PostsFacts()


def _path_order(row: LevelRow) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((lk.start, lk.rel, lk.end, lk.key) for lk in row.path)


LEVEL_RANK = {str(level): n for n, level in enumerate(LEVELS)}


def level_index(level: str) -> int:
    """A level's place in ``LEVELS`` (a dict: ``LEVELS.index`` compares with each member)."""
    try:
        return LEVEL_RANK[level]
    except KeyError:
        raise ValueError(f"{level!r} is not a level") from None


def assemble_chain(
    store: GraphStore,
    facts: SubjectFacts,
    found: ChainLevels,
    info: Mapping[str, object],
    day: str,
    names: Mapping[str, Mapping[str, object]] | None = None,
) -> Chain:
    """Name and order what the rules found for a chain. ``names``: names already read
    (``named_posts``, ``chain_heads``); the store is asked only for those it lacks."""
    levels = rules.levels_of(facts.subject_kind)
    by_entry: dict[tuple[Level, str, str], list[LevelRow]] = defaultdict(list)
    for row in found.rows:
        by_entry[(row.level, row.person_id, row.position_id)].append(row)
    gaps = found.gaps

    ids: set[str] = set()
    for _, person, position in by_entry:
        ids |= {person, position}
    names = _named(store, names, ids)
    org_ids = {
        str(names[p]["org_id"])
        for _, _, p in by_entry
        if p in names and names[p].get("org_id") is not None
    }
    names = _named(store, names, org_ids)

    entries = []
    for (level, person, position), rows in by_entry.items():
        responsibility = rules.responsibility(level, rows)
        if responsibility == Responsibility.LEADERSHIP_SAFETY:
            rows = [r for r in rows if r.via_comprehensive]
        best = min(rows, key=_path_order)
        p = names.get(person, {})
        pos = names.get(position, {}) if position else {}
        org_id = pos.get("org_id") if position else None
        org = names.get(str(org_id), {}) if org_id else {}
        holds = best.path[-1] if best.path and best.path[-1].rel == Rel.HOLDS else None
        entries.append(
            ChainEntry(
                level=level,
                responsibility=responsibility,
                person_id=person,
                person_name=_text(p.get("name") or p.get("name_zh")),
                person_name_zh=_opt(p.get("name_zh")),
                position_id=position or None,
                position_title=_opt(pos.get("title")),
                position_title_zh=_opt(pos.get("title_zh")),
                org_id=_opt(org_id),
                org_name=_opt(org.get("name")),
                org_name_zh=_opt(org.get("name_zh")),
                region_id=_opt(org.get("region_id")),
                held_from=holds.valid_from if holds else None,
                held_to=holds.valid_to if holds else None,
                path=best.path,
            )
        )
    entries.sort(key=lambda e: (level_index(e.level), e.person_id, e.position_id or ""))

    findings: list[Finding] = []
    if facts.findings:
        people = _named(store, names, {f.person_id for f in facts.findings})
        findings = sorted(
            (
                Finding(
                    f.person_id,
                    _text(people.get(f.person_id, {}).get("name")),
                    f.position_id,
                    f.responsibility,
                    f.sanction,
                    f.source_ids,
                )
                for f in facts.findings
            ),
            key=lambda f: (f.person_id, f.position_id or "", f.responsibility),
        )
    not_in_chain: list[Finding] = []
    without: list[str] = []
    if facts.subject_kind == SubjectKind.ACCIDENT:
        in_chain = {e.person_id for e in entries}
        named = {f.person_id for f in findings}
        not_in_chain = [f for f in findings if f.person_id not in in_chain]
        for level in levels:
            persons = {e.person_id for e in entries if e.level == level}
            if persons and not persons & named:
                without.append(level)

    enterprise_ids = {facts.enterprise_id} if facts.enterprise_id else set()
    enterprise = _named(store, names, enterprise_ids).get(facts.enterprise_id or "", {})
    subject = Subject(
        id=facts.subject_id,
        kind=facts.subject_kind,
        title=_opt(info.get("title") or info.get("name")),
        title_zh=_opt(info.get("title_zh") or info.get("name_zh")),
        enterprise_id=facts.enterprise_id or "",
        enterprise_name=_opt(enterprise.get("name") or enterprise.get("name_zh")),
        date=_opt(info.get("found_on") or info.get("occurred_on")),
        grade=_opt(info.get("grade")),
    )
    return Chain(
        subject,
        day,
        tuple(entries),
        tuple(sorted(gaps, key=lambda g: (level_index(g.level), g.reason, g.subject_id))),
        tuple(findings),
        tuple(not_in_chain),
        tuple(without),
    )


def _named(
    store: GraphStore, names: Mapping[str, Mapping[str, object]] | None, ids: set[str]
) -> Mapping[str, Mapping[str, object]]:
    """``names`` with those of ``ids`` it lacks asked from the store (all of them when None)."""
    ids = {i for i in ids if i}
    if names is None:
        return store.names(ids)
    missing = ids - names.keys()
    return {**names, **store.names(missing)} if missing else names


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _text(value: object) -> str:
    return "" if value is None else str(value)


# -- coverage gaps ---------------------------------------------------------------------------
def gaps(
    store: GraphStore,
    as_of: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    *,
    facts: GraphFacts | None = None,
) -> GapReport:
    """Coverage gaps on ``as_of`` (default today), optionally of one kind or within a region
    (the region and everything under it); ``facts``: ``store.graph_facts(as_of)`` when the
    caller has read it already (the Overview reads the whole graph once per page).

    Examples
    --------
    >>> report = gaps(store, "2018-09-01")
    >>> sorted(report.counts) == sorted(GAP_KINDS)
    True
    >>> all(g.kind == "hazard_overdue" for g in gaps(store, "2018-09-01", "hazard_overdue").gaps)
    True
    """
    day = as_of or today()
    if kind is not None and kind not in GAP_KINDS:
        raise ValueError(f"unknown gap kind {kind!r} (one of {', '.join(GAP_KINDS)})")
    with gc_paused():  # ~100k acyclic objects built at once (``gc_pause``)
        return _gaps(store, day, kind, region, facts)


def _gaps(
    store: GraphStore, day: str, kind: str | None, region: str | None, facts: GraphFacts | None
) -> GapReport:
    within = None if region is None else store.region_descendants(region)
    on = date.fromisoformat(day)
    if facts is not None:
        made = _made_of(store, rules.coverage_gaps(facts, day), None, kind, within, on)
    else:
        # In two turns (``GapFactsInTurn``): a province's open hazards are still read while
        # the other gaps are made, the client's work beside the server's.
        with store.gap_facts_in_turn(day) as turn:
            rest = rules.coverage_gaps(turn.facts, day)  # no hazards: no hazard gaps
            made = _made_of(store, rest, turn.names, kind, within, on)
            hazards, names = turn.hazards()
            found = rules.hazard_gaps(hazards, turn.facts.organizations, day)
            made.update(_made_of(store, found, names, kind, within, on))
    return GapReport(day, tuple(g for k in GAP_KINDS for g in made.get(k, ())))


def _made_of(
    store: GraphStore,
    rows: list[GapRow],
    names: GapNames | None,
    kind: str | None,
    within: set[str] | None,
    on: date,
) -> dict[str, list[Gap]]:
    """The gaps of some rows (of ``kind`` only, within these regions), by kind, each kind's
    in the report's order; ``names``: None to ask the store."""
    if kind is not None:
        rows = [r for r in rows if r.kind == kind]
    if within is not None:
        rows = [r for r in rows if r.region_id in within]
    groups = [group for group in _in_report_order(rows) if group]
    if names is None:
        named = _named_ids([r for group in groups for r in group])
        names = _gap_names(store.names(sorted(i for i in named if i)))
    return {group[0].kind: _made([group], names, on) for group in groups}


def _in_report_order(rows: list[GapRow]) -> list[list[GapRow]]:
    """Each row once, by kind (``GAP_KINDS``) then subject, a list per kind: grouped by kind
    first and each group sorted by its subject alone (a province has ~600k rows; comparing
    (kind, subject) pairs took seconds)."""
    by_kind: dict[str, dict[GapRow, None]] = {k: {} for k in GAP_KINDS}
    for row in rows:
        by_kind[row.kind][row] = None  # a dict: each row once, in the order found
    subject = attrgetter("subject_id")
    return [sorted(group, key=subject) for group in by_kind.values()]


def _named_ids(rows: list[GapRow]) -> set[str | None]:
    """What a report names: its subjects, their sectors and regions, an unheld duty's post."""
    ids: set[str | None] = {r.subject_id for r in rows}
    ids |= {r.sector_id for r in rows if r.sector_id} | {r.region_id for r in rows if r.region_id}
    return ids | {str(v) for r in rows for k, v in r.facts if k == "position_id"}


def _gap_names(props: Names) -> GapNames:
    shown = {i: name for i, p in props.items() if (name := shown_name(p)) is not None}
    # a post's Chinese name is its ``title_zh`` (the positions' column)
    posts_zh = {i: str(p["title_zh"]) for i, p in props.items() if p.get("title_zh") is not None}
    return GapNames(shown, posts_zh)


def _name(names: Mapping[str, Mapping[str, object]], node_id: str | None) -> str | None:
    if node_id is None:
        return None
    return shown_name(names.get(node_id, {}))


# The kinds whose one fact is a date (``rules.coverage_gaps`` gives it), by that fact's name.
_DATED = {
    GapKind.HAZARD_OVERDUE: "deadline",
    GapKind.PLAN_STALE: "revised_on",
    GapKind.PLAN_NOT_DRILLED: "last_drill",
}


def _made(groups: Iterable[list[GapRow]], names: GapNames, on: date) -> list[Gap]:
    """The report's gaps from its rows, a kind's group at a time. The dated kinds (a
    province's 299k overdue hazards, its 276k plan gaps) are worded once per date: the hazards
    have a few thousand deadlines, the plans fewer dates still."""
    shown = names.shown.get
    made: list[Gap] = []
    for rows in groups:
        if not rows:
            continue
        kind = rows[0].kind
        field = _DATED.get(kind)
        if field is None:
            made += [_gap(row, names) for row in rows]
            continue
        made += _dated(kind, field, rows, shown, on)
    return made


def _dated(
    kind: str, field: str, rows: list[GapRow], shown: Callable[[str], str | None], on: date
) -> list[Gap]:
    """The gaps of a dated kind, worded once per date, made column by column with the
    per-row work in C (``zip``, ``map``, ``gaps_of``): a province has ~575k of them. Its
    report's gaps took a median 2.41 s from its rows by a Python loop over them calling
    ``gap_of``, 2.02 s this way (alternated ten times)."""
    overdue = kind == GapKind.HAZARD_OVERDUE
    _, subjects, regions, sectors, orgs, missing, dated = zip(*rows, strict=True)
    values: list[Any] = [value for ((_field, value),) in dated]  # each row's one fact
    if not overdue:
        values = [None if value is None else str(value) for value in values]
    details: dict[Any, str] = {}  # a date -> its gaps' detail and facts
    dated_facts: dict[Any, dict[str, Any]] = {}
    for value in dict.fromkeys(values):
        facts: dict[str, Any] = {field: value}
        if overdue:
            facts["days_overdue"] = (on - date.fromisoformat(str(value))).days
        details[value], dated_facts[value] = gap_wording.describe(kind, facts, "en"), facts
    own_facts = map(dict.copy, map(dated_facts.__getitem__, values))  # each gap its own
    return gaps_of(
        len(rows), repeat(kind), subjects, map(shown, subjects), map(details.__getitem__, values),
        missing, regions, sectors, orgs, own_facts,
    )  # fmt: skip


def _gap(row: GapRow, names: GapNames) -> Gap:
    """A gap row of a kind other than ``_DATED``'s with its facts made structured (kind +
    facts); the English wording of them (``detail``) comes from ``gap_wording``, which the app
    and the CLI use in both languages."""
    shown = names.shown
    subject_name = shown.get(row.subject_id)
    facts: dict[str, Any] = {}
    kind = row.kind
    if kind == GapKind.ENTERPRISE_NO_PRINCIPAL:
        facts = {"has_principal_post": bool(dict(row.facts).get("posts"))}
    elif kind == GapKind.DEPARTMENT_NO_LEADER_IN_CHARGE:
        facts = {"has_assigned_posts": bool(dict(row.facts).get("assigned_posts"))}
    elif kind == GapKind.SUPERVISION_OVERLAP:
        subject_name = f"{shown.get(row.sector_id or '')} in {shown.get(row.region_id or '')}"
        facts = {"orgs": list(dict(row.facts)["orgs"])}
    elif kind == GapKind.MAJOR_HAZARD_INCOMPLETE:
        facts = {"missing": list(row.missing)}
    elif kind == GapKind.DUTY_UNHELD:
        post = str(dict(row.facts)["position_id"])
        facts = {
            "position_id": post,
            "position_name": shown.get(post),
            "position_name_zh": names.posts_zh.get(post),
        }
    return Gap(
        kind,
        row.subject_id,
        subject_name,
        gap_wording.describe(kind, facts, "en"),
        row.missing,
        row.region_id,
        row.sector_id,
        row.org_id,
        facts,
    )


# -- portfolios ------------------------------------------------------------------------------
def _valid(link: Link, day: str) -> bool:
    return valid_on(link.valid_from, link.valid_to, day)


def _posts(store: GraphStore, rows: list[AppointmentRow], day: str) -> list[PostHeld]:
    ids = {r.person_id for r in rows} | {r.position_id for r in rows}
    ids |= {r.org_id for r in rows if r.org_id}
    names = store.nodes(sorted(ids))
    posts = [
        PostHeld(
            r.person_id,
            _name(names, r.person_id),
            r.position_id,
            _opt(names.get(r.position_id, {}).get("title")),
            r.org_id,
            _name(names, r.org_id),
            r.role,
            r.link.valid_from,
            r.link.valid_to,
            _valid(r.link, day),
            r.link.source_ids,
        )
        for r in rows
    ]
    return sorted(posts, key=lambda p: (p.start or "", p.position_id, p.person_id))


def _best_cover(rows: list[Cover]) -> list[Cover]:
    best: dict[tuple[str, str, str], Cover] = {}
    for row in rows:
        key = (row.enterprise_id, row.org_id, row.kind)
        order = tuple((lk.start, lk.rel, lk.end, lk.key) for lk in row.path)
        if key not in best or order < tuple(
            (lk.start, lk.rel, lk.end, lk.key) for lk in best[key].path
        ):
            best[key] = row
    return [best[k] for k in sorted(best)]


def _portfolio(
    store: GraphStore,
    subject_id: str,
    kind: str,
    day: str,
    posts: list[PostHeld],
    vacant: list[str],
    charges: list[Charge],
    leaders: list[Charge],
    holder_ids: list[str],
) -> Portfolio:
    orgs = sorted({c.org_id for c in charges if c.basis != ChargeBasis.ENTERPRISE})
    cover = _best_cover(rules.remit(store.remit_facts(orgs, day))) if orgs else []
    cover += [
        Cover(c.org_id, c.org_id, RemitKind.ENTERPRISE, (c.link,))
        for c in charges
        if c.basis == ChargeBasis.ENTERPRISE
    ]
    ids = {c.enterprise_id for c in cover}
    names = store.nodes(sorted(ids))
    enterprises = tuple(
        Covered(
            c.enterprise_id,
            _name(names, c.enterprise_id),
            _opt(names.get(c.enterprise_id, {}).get("sector_id")),
            _opt(names.get(c.enterprise_id, {}).get("region_id")),
            c.org_id,
            c.kind,
            c.path,
        )
        for c in sorted(cover, key=lambda c: (c.enterprise_id, c.org_id, c.kind))
    )
    sectors = sorted(
        {
            (lk.end, _sector_region(lk), lk.start)
            for c in cover
            for lk in c.path[-1:]
            if lk.rel == "SUPERVISES" and lk.end not in ids
        }
    )
    rows = store.incidents(sorted(ids), day) if ids else []
    info = store.nodes(sorted({r.id for r in rows}))
    incidents = tuple(
        sorted(
            (
                Incident(
                    r.kind,
                    r.id,
                    _name(info, r.id),
                    r.enterprise_id,
                    r.date,
                    _opt(info.get(r.id, {}).get("grade")),
                    rules.is_overdue(r.deadline, day),
                )
                for r in rows
            ),
            key=lambda i: (i.kind != SubjectKind.HAZARD, i.date, i.id),
        )
    )
    duties = store.duties_of(holder_ids) if holder_ids else []
    texts = store.nodes(sorted({d for d, _, _ in duties}))
    subject = store.nodes([subject_id]).get(subject_id, {})
    return Portfolio(
        subject_id,
        kind,
        _opt(subject.get("name") or subject.get("name_zh")),
        day,
        tuple(posts),
        tuple(vacant),
        tuple(charges),
        tuple(leaders),
        enterprises,
        tuple(sectors),
        incidents,
        tuple(sorted((d, _opt(texts.get(d, {}).get("text")), h) for d, h, _ in duties)),
    )


def _sector_region(link: Link) -> str | None:
    # a SUPERVISES key is org|kind|sector|region|enterprise|start
    parts = link.key.split("|")
    return parts[3] or None if len(parts) > 3 else None


def _charges(store: GraphStore, rows: list[ChargeRow], basis: str) -> list[Charge]:
    names = store.nodes(sorted({r.org_id for r in rows}))
    return sorted(
        (
            Charge(
                r.org_id,
                _name(names, r.org_id),
                _opt(names.get(r.org_id, {}).get("kind")),
                basis,
                r.position_id,
                r.link,
            )
            for r in rows
        ),
        key=lambda c: (c.org_id, c.position_id, c.link.key),
    )


def person_portfolio(store: GraphStore, person_id: str, as_of: str | None = None) -> Portfolio:
    """The posts a person held, what was in their charge on ``as_of``, and what that covers.

    Examples
    --------
    >>> p = person_portfolio(store, "P-001", "2018-09-01")
    >>> p.subject_name
    'Tan Chengxu'
    >>> [str(c.basis) for c in p.charges]
    ['principal']
    """
    day = as_of or today()
    node = store.nodes([person_id]).get(person_id)
    if node is None or "Person" not in node["labels"]:
        raise SubjectNotFound(f"no person with id {person_id!r}")
    rows = store.appointments(person_id=person_id)
    posts = _posts(store, rows, day)
    held = [r for r in rows if _valid(r.link, day)]
    org_kinds = store.nodes(sorted({r.org_id for r in held if r.org_id}))
    charges: list[Charge] = []
    for r in held:
        if r.org_id is None:
            continue
        org_kind = org_kinds.get(r.org_id, {}).get("kind")
        if org_kind == OrgKind.ENTERPRISE and r.role in rules.ENTERPRISE_ROLES:
            charges += _charges(
                store, [ChargeRow(r.position_id, r.org_id, r.link)], ChargeBasis.ENTERPRISE
            )
        elif r.role == Role.PRINCIPAL:
            charges += _charges(
                store, [ChargeRow(r.position_id, r.org_id, r.link)], ChargeBasis.PRINCIPAL
            )
    positions = sorted({r.position_id for r in held})
    charges += _charges(
        store, store.assignments(day, position_ids=positions), ChargeBasis.ASSIGNMENT
    )
    charges.sort(key=lambda c: (c.basis, c.org_id, c.position_id, c.link.key))
    return _portfolio(store, person_id, "person", day, posts, [], charges, [], positions)


def org_portfolio(store: GraphStore, org_id: str, as_of: str | None = None) -> Portfolio:
    """An organization's posts and holders, the leaders in charge of it, and its remit.

    Examples
    --------
    >>> p = org_portfolio(store, "ORG-002", "2018-09-01")
    >>> p.subject_kind, len(p.enterprises) > 0
    ('organization', True)
    """
    day = as_of or today()
    node = store.nodes([org_id]).get(org_id)
    if node is None or "Organization" not in node["labels"]:
        raise SubjectNotFound(f"no organization with id {org_id!r}")
    rows = store.appointments(org_id=org_id)
    posts = _posts(store, rows, day)
    held = {p.position_id for p in posts if p.held_on_day}
    vacant = [p for p in store.positions_of(org_id) if p not in held]
    own = Link(org_id, "SELF", org_id)
    if node.get("kind") == OrgKind.ENTERPRISE:
        charges = [
            Charge(
                org_id, _opt(node.get("name")), OrgKind.ENTERPRISE, ChargeBasis.ENTERPRISE, "", own
            )
        ]
    else:
        charges = [
            Charge(
                org_id,
                _opt(node.get("name")),
                _opt(node.get("kind")),
                ChargeBasis.PRINCIPAL,
                "",
                own,
            )
        ]
    positions = sorted(store.positions_of(org_id))
    charges += _charges(
        store, store.assignments(day, position_ids=positions), ChargeBasis.ASSIGNMENT
    )
    leaders = _charges(store, store.assignments(day, org_ids=[org_id]), ChargeBasis.ASSIGNMENT)
    return _portfolio(
        store, org_id, "organization", day, posts, vacant, charges, leaders, [org_id, *positions]
    )


# -- vacancy impact --------------------------------------------------------------------------
VACANCY_BATCH = 5_000  # subjects whose reads are one question: a city's post has ~50k


def _with_and_without(
    store: GraphStore, subjects: list[str], day: str, vacant: str
) -> Iterator[tuple[str, Chain, Chain]]:
    """Each subject's chain on ``day`` as it is and with ``vacant`` empty, read set-wise as
    ``chains_of`` reads them, a batch at a time: not three questions per subject (a city's
    principal post took 119 s on Neo4j at a province's size)."""
    for first in range(0, len(subjects), VACANCY_BATCH):
        batch = subjects[first : first + VACANCY_BATCH]
        for sid, facts, own, info, _, shown in _read_set_wise(store, batch, day):
            yield (
                sid,
                assemble_chain(store, facts, rules.chain_levels(facts, own), info, day, shown),
                assemble_chain(
                    store, facts, rules.chain_levels(facts, own, vacant=vacant), info, day, shown
                ),
            )


def vacancy_impact(store: GraphStore, position_id: str, as_of: str | None = None) -> VacancyImpact:
    """What would lose its last accountable person, at which level, if the post were vacant
    on ``as_of`` (default today); and who remains accountable above.

    Examples
    --------
    >>> impact = vacancy_impact(store, "POS-014", "2018-09-01")
    >>> impact.subjects_checked > 0
    True
    """
    day = as_of or today()
    node = store.nodes([position_id]).get(position_id)
    if node is None or "Position" not in node["labels"]:
        raise SubjectNotFound(f"no position with id {position_id!r}")
    org_id = _opt(node.get("org_id"))
    holders = (
        sorted(
            {
                r.person_id
                for r in store.appointments(org_id=org_id)
                if r.position_id == position_id and _valid(r.link, day)
            }
        )
        if org_id
        else []
    )
    orgs = [c.org_id for c in store.assignments(day, position_ids=[position_id])]
    org = store.nodes([org_id]).get(org_id, {}) if org_id else {}
    enterprises: set[str] = set()
    if org.get("kind") == OrgKind.ENTERPRISE:
        enterprises.add(str(org_id))
    elif org_id and node.get("role") == Role.PRINCIPAL:
        orgs.append(org_id)
    enterprises |= {c.enterprise_id for c in rules.remit(store.remit_facts(sorted(set(orgs)), day))}
    subjects = sorted(enterprises)
    subjects += sorted(r.id for r in store.incidents(subjects, day) if r.kind == SubjectKind.HAZARD)
    lost: list[LostLevel] = []
    for subject, before, after in _with_and_without(store, subjects, day, position_id):
        for level in LEVELS:
            mine = [
                e.person_id
                for e in before.entries
                if e.level == level and e.position_id == position_id
            ]
            if mine and not any(e.level == level for e in after.entries):
                above = tuple(
                    (e.level, e.person_id, e.position_id)
                    for e in after.entries
                    if level_index(e.level) > level_index(level)
                )
                lost.append(
                    LostLevel(
                        subject,
                        before.subject.kind,
                        before.subject.title,
                        level,
                        tuple(sorted(set(mine))),
                        above,
                    )
                )
    duties = sorted(d for d, _, _ in store.duties_of([position_id])) if holders else []
    return VacancyImpact(
        position_id,
        _opt(node.get("title")),
        org_id,
        day,
        tuple(holders),
        len(subjects),
        tuple(lost),
        tuple(duties),
    )
