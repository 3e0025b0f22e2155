"""Tables (pandas DataFrames) built from results, in the chosen language.

Column names are the wording of the current language; ids stay as they are. Each table is
what the page shows and what its CSV download holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pandas as pd

from app_support import i18n
from app_support.columns import Column, hidden, table_frame
from app_support.model import Catalog, name_of
from graph_model import gap_wording
from graph_model.browse import Appointment
from graph_model.results import (
    Chain,
    ChainEntry,
    ChainGap,
    Charge,
    Finding,
    Gap,
    GapReport,
    Link,
    LostLevel,
    Portfolio,
    VacancyImpact,
)
from graph_model.vocabulary import ChargeBasis

LINK_BASE = "./"  # deep links are relative to the app's root


def deep_link(page: str, **params: str | None) -> str:
    """``./hazard?hazard=HZ-1&as_of=...`` (values URL-encoded)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v})
    return f"{LINK_BASE}{page}" + (f"?{query}" if query else "")


def subject_link(catalog: Catalog, node_id: str, as_of: str | None = None) -> str | None:
    """Where a node's own view is: a chain, a portfolio, a vacancy impact, the gaps of a
    sector in a region."""
    node = catalog.get(node_id)
    if "|" in node_id:  # supervision_overlap: SECTOR|REGION
        sector, _, region = node_id.partition("|")
        return deep_link("gaps", sector=sector, region=region, as_of=as_of)
    if not node:
        return None
    labels = set(node["labels"])
    if "Hazard" in labels:
        return deep_link("hazard", hazard=node_id)
    if "Accident" in labels:
        return deep_link("hazard", accident=node_id)
    if "Enterprise" in labels or "Organization" in labels:
        return deep_link("portfolio", org=node_id, as_of=as_of)
    if "Person" in labels:
        return deep_link("portfolio", person=node_id, as_of=as_of)
    if "Position" in labels:
        return deep_link("gaps", position=node_id, as_of=as_of)
    if "Duty" in labels or "EmergencyPlan" in labels:
        holder = str(node.get("holder_id") or "")
        return subject_link(catalog, holder, as_of) if holder in catalog else None
    return None


# -- chain -----------------------------------------------------------------------------------
def chain_table(chain: Chain, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[ChainEntry]] = [
        Column("level", lambda e: i18n.level_name(e.level, language)),
        Column("person", lambda e: i18n.pick(e.person_name, e.person_name_zh, language)),
        Column("responsibility", lambda e: i18n.responsibility_name(e.responsibility, language)),
        Column("post", lambda e: i18n.pick(e.position_title, e.position_title_zh, language)),
        Column("organization", lambda e: i18n.pick(e.org_name, e.org_name_zh, language)),
        Column("from", lambda e: e.held_from or ""),
        Column(
            "to",
            lambda e: (
                e.held_to or ("" if not e.held_from else i18n.open_end(chain.as_of, language))
            ),
        ),
        Column("sources", lambda e: ", ".join(e.source_ids)),
        hidden("person_id", lambda e: e.person_id),
        hidden("position_id", lambda e: e.position_id or ""),
        hidden("level_code", lambda e: e.level),
    ]
    return table_frame(chain.entries, columns, language)


def chain_gaps_table(chain: Chain, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[ChainGap]] = [
        Column("level", lambda g: i18n.level_name(g.level, language)),
        Column("kind", lambda g: i18n.gap_reason_name(g.reason, language)),
        Column("id", lambda g: g.subject_id),
        Column("name", lambda g: name_of(catalog, g.subject_id, language)),
    ]
    return table_frame(chain.gaps, columns, language)


def path_table(
    chain: Chain, index: int, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    """The links of one entry's path, with their dates and sources."""

    def named(node_id: str) -> str:
        return f"{name_of(catalog, node_id, language)} ({node_id})"

    columns: list[Column[Link]] = [
        Column("from", lambda lk: named(lk.start)),
        Column("ex_rel", lambda lk: i18n.rel_name(lk.rel, language)),
        Column("to", lambda lk: named(lk.end)),
        Column(
            "date",
            lambda lk: (
                f"{lk.valid_from or '…'} – {lk.valid_to or '…'}"
                if lk.valid_from or lk.valid_to
                else ""
            ),
        ),
        Column("sources", lambda lk: ", ".join(lk.source_ids)),
    ]
    return table_frame(chain.entries[index].path, columns, language)


def findings_table(
    chain: Chain, catalog: Catalog | None = None, language: str | None = None
) -> pd.DataFrame:
    """The auditor's comparison: each finding with the person's name, post and the chain
    level(s) the person sits at on the day, or "not in the chain". ``person_id`` is kept for
    styling and hidden by the page."""
    catalog = {} if catalog is None else catalog
    levels: dict[str, list[str]] = {}
    posts: dict[str, str] = {}
    for e in chain.entries:
        name = i18n.level_name(e.level, language)
        if name not in levels.setdefault(e.person_id, []):
            levels[e.person_id].append(name)
        post = i18n.pick(e.position_title, e.position_title_zh, language)
        if post:
            posts.setdefault(e.person_id, post)

    def post_of(f: Finding) -> str:
        post = name_of(catalog, f.position_id, language) if f.position_id else ""
        return post or posts.get(f.person_id, "")

    columns: list[Column[Finding]] = [
        Column("person", lambda f: name_of(catalog, f.person_id, language) or f.person_name),
        Column("post", post_of),
        Column(
            "ch_chain_level",
            lambda f: (
                " · ".join(levels.get(f.person_id, [])) or i18n.t("ch_not_in_chain_short", language)
            ),
        ),
        Column("responsibility", lambda f: i18n.finding_name(f.responsibility, language)),
        Column("ch_sanction", lambda f: f.sanction or ""),
        Column("sources", lambda f: ", ".join(f.source_ids)),
        hidden("person_id", lambda f: f.person_id),
    ]
    return table_frame(chain.findings, columns, language)


def timeline_rows(
    chain: Chain,
    appointments: list[Appointment],
    catalog: Catalog,
    start: str,
    end: str,
    language: str | None = None,
) -> pd.DataFrame:
    """Who held each post of the chain between ``start`` and ``end``, and when it was vacant
    (bars clipped to the window)."""
    posts: list[str] = []
    for e in chain.entries:
        if e.position_id and e.position_id not in posts:
            posts.append(e.position_id)
    for g in chain.gaps:
        if g.reason == "post_vacant" and g.subject_id not in posts:
            posts.append(g.subject_id)
    rows: list[dict[str, Any]] = []
    window_end = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    for pos in posts:
        post_name = f"{name_of(catalog, pos, language)} ({pos})"
        held = sorted(
            (a for a in appointments if a.position_id == pos),
            key=lambda a: a.start or "",
        )
        covered: list[tuple[str, str]] = []
        for a in held:
            a_start = max(a.start or start, start)
            a_end_excl = (
                (date.fromisoformat(a.end) + timedelta(days=1)).isoformat() if a.end else window_end
            )
            a_end_excl = min(a_end_excl, window_end)
            if a_start >= a_end_excl:
                continue
            covered.append((a_start, a_end_excl))
            rows.append(
                {
                    "post": post_name,
                    "holder": name_of(catalog, a.person_id, language),
                    "person_id": a.person_id,
                    "start": a_start,
                    "end": a_end_excl,
                    "vacant": False,
                }
            )
        cursor = start
        for a_start, a_end in sorted(covered):
            if a_start > cursor:
                rows.append(_vacant(post_name, cursor, a_start, language))
            cursor = max(cursor, a_end)
        if cursor < window_end:
            rows.append(_vacant(post_name, cursor, window_end, language))
    return pd.DataFrame(rows, columns=["post", "holder", "person_id", "start", "end", "vacant"])


def _vacant(post: str, start: str, end: str, language: str | None) -> dict[str, Any]:
    return {
        "post": post,
        "holder": i18n.t("vacant", language),
        "person_id": "",
        "start": start,
        "end": end,
        "vacant": True,
    }


# -- gaps ------------------------------------------------------------------------------------
def overlap_name(
    catalog: Catalog, sector_id: str | None, region_id: str | None, language: str | None
) -> str:
    """What an overlap is about: a sector in a region, worded in the language."""
    sector, region = name_of(catalog, sector_id, language), name_of(catalog, region_id, language)
    return f"{region}·{sector}" if (language or i18n.lang()) == "zh" else f"{sector} in {region}"


def gaps_frame(
    report: GapReport,
    catalog: Catalog,
    language: str | None = None,
    gaps: Iterable[Gap] | None = None,
) -> pd.DataFrame:
    """Every gap (or those of ``gaps``, of ``report``: a page of the Gaps page's tables),
    named, worded and linked, with their region, sector and organization ids."""
    rows = []
    for g in report.gaps if gaps is None else gaps:
        rows.append(
            {
                "kind": g.kind,
                "subject_id": g.subject_id,
                "subject_name": (
                    overlap_name(catalog, g.sector_id, g.region_id, language)
                    if g.kind == "supervision_overlap"
                    else name_of(catalog, g.subject_id, language) or g.subject_name or ""
                ),
                "detail": gap_wording.describe(
                    g.kind,
                    g.facts,
                    language or i18n.lang(),
                    lambda node_id: name_of(catalog, node_id, language),
                ),
                "missing": ", ".join(i18n.five_name(m, language) for m in g.missing),
                "region_id": g.region_id or "",
                "region": name_of(catalog, g.region_id, language),
                "sector_id": g.sector_id or "",
                "sector": name_of(catalog, g.sector_id, language),
                "org_id": g.org_id or "",
                "orgs": tuple(g.facts.get("orgs", ())),
                # the organization concerned: a hazard's or plan's enterprise, a post's or
                # duty's organization (a Party committee, a government, a department)
                "organization": name_of(catalog, g.org_id, language),
                "link": subject_link(catalog, g.subject_id, report.as_of),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "kind",
            "subject_id",
            "subject_name",
            "detail",
            "missing",
            "region_id",
            "region",
            "sector_id",
            "sector",
            "org_id",
            "orgs",
            "organization",
            "link",
        ],
    )


GAP_INDEX = ("kind", "gap", "subject_id", "region_id", "sector_id", "org_id", "orgs")


def gap_index(report: GapReport) -> pd.DataFrame:
    """One row per gap of ``report`` (``gap``: its place in ``report.gaps``) with only what the
    Gaps page filters and counts by: no name, wording or link. A province has 617k gaps; the
    page makes those for the rows it shows (``gaps_frame`` of their gaps), the CSV for all.

    >>> from graph_model.results import Gap
    >>> g = Gap("hazard_overdue", "HZ-1", "Leak", "overdue", region_id="R-1", org_id="E-1")
    >>> gap_index(GapReport("2019-06-30", (g,))).to_dict("records")
    [{'kind': 'hazard_overdue', 'gap': 0, 'subject_id': 'HZ-1', 'region_id': 'R-1', \
'sector_id': '', 'org_id': 'E-1', 'orgs': ()}]
    """
    return pd.DataFrame(
        [
            (
                g.kind,
                i,
                g.subject_id,
                g.region_id or "",
                g.sector_id or "",
                g.org_id or "",
                tuple(g.facts.get("orgs", ())),
            )
            for i, g in enumerate(report.gaps)
        ],
        columns=list(GAP_INDEX),
    )


def within_remit(frame: pd.DataFrame, department: str, enterprises: set[str]) -> pd.DataFrame:
    """The gaps a department answers for: its own (posts, duties, plans), those of the
    enterprises it supervises on the day (their hazards and plans carry the enterprise as
    ``org_id``, an enterprise's own gap carries it as subject), and overlaps it is part of."""
    if not len(frame):
        return frame
    mine = {department, *enterprises}
    keep = frame["org_id"].isin(mine) | frame["subject_id"].isin(mine)
    keep |= frame["orgs"].apply(lambda orgs: department in orgs)
    return frame[keep]


def gap_kind_view(frame: pd.DataFrame, kind: str, language: str | None = None) -> pd.DataFrame:
    """The columns shown for one kind of gap, in the current language."""
    part = frame[frame["kind"] == kind]
    columns: list[Column[Any]] = [
        Column("id", lambda r: r["subject_id"]),
        Column("name", lambda r: r["subject_name"]),
        Column("detail", lambda r: r["detail"]),
        Column("region", lambda r: r["region"]),
        Column("sector", lambda r: r["sector"]),
        Column("organization", lambda r: r["organization"]),
        Column("link", lambda r: r["link"]),
    ]
    if kind == "major_hazard_incomplete":
        columns.insert(2, Column("gp_missing", lambda r: r["missing"]))
    return table_frame((row for _, row in part.iterrows()), columns, language)


def vacancy_tables(
    impact: VacancyImpact, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    def remaining(lost: LostLevel) -> str:
        return "; ".join(
            f"{i18n.level_name(lv, language)}: {name_of(catalog, p, language)}"
            for lv, p, _ in lost.remaining_above
        )

    columns: list[Column[LostLevel]] = [
        Column("id", lambda x: x.subject_id),
        Column("kind", lambda x: i18n.label_name(x.subject_kind.capitalize(), language)),
        Column("name", lambda x: name_of(catalog, x.subject_id, language)),
        Column("level", lambda x: i18n.level_name(x.level, language)),
        Column(
            "holder",
            lambda x: ", ".join(name_of(catalog, p, language) for p in x.lost_person_ids),
        ),
        Column("gp_remaining", remaining),
        Column("link", lambda x: subject_link(catalog, x.subject_id, impact.as_of)),
    ]
    return table_frame(impact.lost, columns, language)


# -- portfolios ------------------------------------------------------------------------------
def posts_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    onward = (lambda x: x.person_id) if p.subject_kind == "organization" else (lambda x: x.org_id)
    columns: list[Column[Any]] = [
        Column("person", lambda x: name_of(catalog, x.person_id, language)),
        hidden("person_id", lambda x: x.person_id),
        Column("post", lambda x: name_of(catalog, x.position_id, language)),
        hidden("position_id", lambda x: x.position_id),
        Column("organization", lambda x: name_of(catalog, x.org_id, language)),
        Column("role", lambda x: i18n.role_name(x.role, language) if x.role else ""),
        Column("from", lambda x: x.start or ""),
        Column("to", lambda x: x.end or ""),
        Column("as_of", lambda x: x.held_on_day),
        Column("sources", lambda x: ", ".join(x.source_ids)),
        Column("link", lambda x: subject_link(catalog, onward(x) or "", p.as_of)),
    ]
    return table_frame(p.posts, columns, language)


def post_timeline(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    today = date.today().isoformat()
    rows = []
    for x in p.posts:
        end_excl = (
            (date.fromisoformat(x.end) + timedelta(days=1)).isoformat()
            if x.end
            else max(today, p.as_of)
        )
        label = (
            name_of(catalog, x.position_id, language)
            if p.subject_kind == "person"
            else f"{name_of(catalog, x.position_id, language)}"
        )
        rows.append(
            {
                "post": f"{label} ({x.position_id})",
                "holder": name_of(catalog, x.person_id, language),
                "start": x.start or "1990-01-01",
                "end": end_excl,
            }
        )
    return pd.DataFrame(rows, columns=["post", "holder", "start", "end"])


def charges_table(
    p: Portfolio,
    catalog: Catalog,
    language: str | None = None,
    *,
    assigned: bool = True,
) -> pd.DataFrame:
    """The organizations in the subject's charge on the day: ``assigned`` the ones a leader's
    post is in charge of (分管), otherwise the ones they head or run. Kept apart because a
    director's own bureau listed under "In charge of" reads as a 分管 assignment."""
    chosen = [c for c in p.charges if (c.basis == ChargeBasis.ASSIGNMENT) == assigned]
    columns: list[Column[Charge]] = [
        Column("organization", lambda c: name_of(catalog, c.org_id, language)),
        Column("id", lambda c: c.org_id),
        Column("kind", lambda c: i18n.org_kind_name(c.org_kind, language) if c.org_kind else ""),
        Column("pf_basis", lambda c: i18n.basis_name(c.basis, language)),
        Column("post", lambda c: name_of(catalog, c.position_id, language)),
        Column("from", lambda c: c.link.valid_from or ""),
        Column("to", lambda c: c.link.valid_to or ""),
        Column("sources", lambda c: ", ".join(c.link.source_ids)),
        Column("link", lambda c: subject_link(catalog, c.org_id, p.as_of)),
    ]
    return table_frame(chosen, columns, language)


def leaders_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[Charge]] = [
        Column("post", lambda c: name_of(catalog, c.position_id, language)),
        Column("id", lambda c: c.position_id),
        Column("from", lambda c: c.link.valid_from or ""),
        Column("to", lambda c: c.link.valid_to or ""),
        Column("sources", lambda c: ", ".join(c.link.source_ids)),
        Column("link", lambda c: subject_link(catalog, c.position_id, p.as_of)),
    ]
    return table_frame(p.leaders_in_charge, columns, language)


def enterprises_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[Any]] = [
        Column("enterprise", lambda c: name_of(catalog, c.enterprise_id, language)),
        Column("id", lambda c: c.enterprise_id),
        Column("sector", lambda c: name_of(catalog, c.sector_id, language)),
        Column("region", lambda c: name_of(catalog, c.region_id, language)),
        Column("kind", lambda c: i18n.remit_kind_name(c.kind, language)),
        Column("organization", lambda c: name_of(catalog, c.org_id, language)),
        Column("link", lambda c: subject_link(catalog, c.enterprise_id, p.as_of)),
    ]
    return table_frame(p.enterprises, columns, language)


def incidents_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[Any]] = [
        Column("id", lambda x: x.id),
        Column("kind", lambda x: i18n.label_name(x.kind.capitalize(), language)),
        Column("title", lambda x: name_of(catalog, x.id, language)),
        Column("enterprise", lambda x: name_of(catalog, x.enterprise_id, language)),
        Column("date", lambda x: x.date),
        Column(
            "grade",
            lambda x: i18n.subject_grade_name(x.kind, x.grade, catalog.get(x.id, {}), language),
        ),
        Column("pf_overdue", lambda x: x.overdue),
        Column("link", lambda x: subject_link(catalog, x.id, p.as_of)),
    ]
    return table_frame(p.incidents, columns, language)


def duties_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[tuple[str, str, str]]] = [
        Column("id", lambda d: d[0]),
        Column("pf_duties", lambda d: name_of(catalog, d[0], language) or d[1] or ""),
        Column("holder", lambda d: name_of(catalog, d[2], language)),
    ]
    return table_frame(p.duties, columns, language)


def vacant_posts_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    columns: list[Column[str]] = [
        Column("post", lambda pos: name_of(catalog, pos, language)),
        Column("id", lambda pos: pos),
        Column("role", lambda pos: i18n.role_name((catalog.get(pos) or {}).get("role"), language)),
        Column("link", lambda pos: subject_link(catalog, pos, p.as_of)),
    ]
    return table_frame(p.vacant_posts, columns, language)
