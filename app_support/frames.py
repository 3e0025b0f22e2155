"""Tables (pandas DataFrames) built from results, in the chosen language.

Column names are the wording of the current language; ids stay as they are. Each table is
what the page shows and what its CSV download holds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from app_support import i18n
from app_support.model import Catalog, name_of
from graph_model import gap_wording
from graph_model.browse import Appointment
from graph_model.results import Chain, GapReport, Portfolio, VacancyImpact
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
    t = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for e in chain.entries:
        rows.append(
            {
                t("level"): i18n.level_name(e.level, language),
                t("person"): i18n.pick(e.person_name, e.person_name_zh, language),
                t("responsibility"): i18n.responsibility_name(e.responsibility, language),
                t("post"): i18n.pick(e.position_title, e.position_title_zh, language),
                t("organization"): i18n.pick(e.org_name, e.org_name_zh, language),
                t("from"): e.held_from or "",
                t("to"): e.held_to or ("" if not e.held_from else i18n.t("now", language)),
                t("sources"): ", ".join(e.source_ids),
                "person_id": e.person_id,
                "position_id": e.position_id or "",
                "level_code": e.level,
            }
        )
    columns = [
        t("level"),
        t("person"),
        t("responsibility"),
        t("post"),
        t("organization"),
        t("from"),
        t("to"),
        t("sources"),
        "person_id",
        "position_id",
        "level_code",
    ]
    return pd.DataFrame(rows, columns=columns)


def chain_gaps_table(chain: Chain, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("level"): i18n.level_name(g.level, language),
                t("kind"): i18n.gap_reason_name(g.reason, language),
                t("id"): g.subject_id,
                t("name"): name_of(catalog, g.subject_id, language),
            }
            for g in chain.gaps
        ],
        columns=[t("level"), t("kind"), t("id"), t("name")],
    )


def path_table(chain: Chain, index: int, catalog: Catalog, language: str | None = None):
    """The links of one entry's path, with their dates and sources."""
    t = lambda k: i18n.t(k, language)  # noqa: E731
    entry = chain.entries[index]
    return pd.DataFrame(
        [
            {
                t("from"): f"{name_of(catalog, lk.start, language)} ({lk.start})",
                t("ex_rel"): i18n.rel_name(lk.rel, language),
                t("to"): f"{name_of(catalog, lk.end, language)} ({lk.end})",
                t("date"): (
                    f"{lk.valid_from or '…'} – {lk.valid_to or '…'}"
                    if lk.valid_from or lk.valid_to
                    else ""
                ),
                t("sources"): ", ".join(lk.source_ids),
            }
            for lk in entry.path
        ],
        columns=[t("from"), t("ex_rel"), t("to"), t("date"), t("sources")],
    )


def findings_table(
    chain: Chain, catalog: Catalog | None = None, language: str | None = None
) -> pd.DataFrame:
    """The auditor's comparison: each finding with the person's name, post and the chain
    level(s) the person sits at on the day, or "not in the chain". ``person_id`` is kept for
    styling and hidden by the page."""
    t = lambda k: i18n.t(k, language)  # noqa: E731
    catalog = catalog or {}
    levels: dict[str, list[str]] = {}
    posts: dict[str, str] = {}
    for e in chain.entries:
        name = i18n.level_name(e.level, language)
        if name not in levels.setdefault(e.person_id, []):
            levels[e.person_id].append(name)
        post = i18n.pick(e.position_title, e.position_title_zh, language)
        if post:
            posts.setdefault(e.person_id, post)
    rows = []
    for f in chain.findings:
        post = name_of(catalog, f.position_id, language) if f.position_id else ""
        rows.append(
            {
                t("person"): name_of(catalog, f.person_id, language) or f.person_name,
                t("post"): post or posts.get(f.person_id, ""),
                t("ch_chain_level"): " · ".join(levels.get(f.person_id, []))
                or t("ch_not_in_chain_short"),
                t("responsibility"): i18n.finding_name(f.responsibility, language),
                t("ch_sanction"): f.sanction or "",
                t("sources"): ", ".join(f.source_ids),
                "person_id": f.person_id,
            }
        )
    columns = [
        t("person"),
        t("post"),
        t("ch_chain_level"),
        t("responsibility"),
        t("ch_sanction"),
        t("sources"),
        "person_id",
    ]
    return pd.DataFrame(rows, columns=columns)


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


def gaps_frame(report: GapReport, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    """Every gap, with what the filters need (region and sector ids, the department)."""
    rows = []
    for g in report.gaps:
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
                "department": name_of(catalog, g.org_id, language),
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
            "department",
            "link",
        ],
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
    t = lambda k: i18n.t(k, language)  # noqa: E731
    part = frame[frame["kind"] == kind]
    view = pd.DataFrame(
        {
            t("id"): part["subject_id"],
            t("name"): part["subject_name"],
            t("detail"): part["detail"],
            t("region"): part["region"],
            t("sector"): part["sector"],
            t("department"): part["department"],
            t("link"): part["link"],
        }
    )
    if kind == "major_hazard_incomplete":
        view.insert(2, t("gp_missing"), part["missing"])
    return view.reset_index(drop=True)


def vacancy_tables(
    impact: VacancyImpact, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for lost in impact.lost:
        rows.append(
            {
                t("id"): lost.subject_id,
                t("kind"): i18n.label_name(lost.subject_kind.capitalize(), language),
                t("name"): name_of(catalog, lost.subject_id, language),
                t("level"): i18n.level_name(lost.level, language),
                t("holder"): ", ".join(name_of(catalog, p, language) for p in lost.lost_person_ids),
                t("gp_remaining"): "; ".join(
                    f"{i18n.level_name(lv, language)}: {name_of(catalog, p, language)}"
                    for lv, p, _ in lost.remaining_above
                ),
                t("link"): subject_link(catalog, lost.subject_id, impact.as_of),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            t("id"),
            t("kind"),
            t("name"),
            t("level"),
            t("holder"),
            t("gp_remaining"),
            t("link"),
        ],
    )


# -- portfolios ------------------------------------------------------------------------------
def posts_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("person"): name_of(catalog, x.person_id, language),
                "person_id": x.person_id,
                t("post"): name_of(catalog, x.position_id, language),
                "position_id": x.position_id,
                t("organization"): name_of(catalog, x.org_id, language),
                t("role"): x.role or "",
                t("from"): x.start or "",
                t("to"): x.end or "",
                t("as_of"): x.held_on_day,
                t("sources"): ", ".join(x.source_ids),
                t("link"): subject_link(
                    catalog,
                    x.person_id if p.subject_kind == "organization" else x.org_id or "",
                    p.as_of,
                ),
            }
            for x in p.posts
        ],
        columns=[
            t("person"),
            "person_id",
            t("post"),
            "position_id",
            t("organization"),
            t("role"),
            t("from"),
            t("to"),
            t("as_of"),
            t("sources"),
            t("link"),
        ],
    )


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
    t = lambda k: i18n.t(k, language)  # noqa: E731
    chosen = [c for c in p.charges if (c.basis == ChargeBasis.ASSIGNMENT) == assigned]
    return pd.DataFrame(
        [
            {
                t("organization"): name_of(catalog, c.org_id, language),
                t("id"): c.org_id,
                t("kind"): i18n.org_kind_name(c.org_kind, language) if c.org_kind else "",
                t("pf_basis"): i18n.basis_name(c.basis, language),
                t("post"): name_of(catalog, c.position_id, language),
                t("from"): c.link.valid_from or "",
                t("to"): c.link.valid_to or "",
                t("sources"): ", ".join(c.link.source_ids),
                t("link"): subject_link(catalog, c.org_id, p.as_of),
            }
            for c in chosen
        ],
        columns=[
            t("organization"),
            t("id"),
            t("kind"),
            t("pf_basis"),
            t("post"),
            t("from"),
            t("to"),
            t("sources"),
            t("link"),
        ],
    )


def leaders_table(p: Portfolio, catalog: Catalog, language: str | None = None) -> pd.DataFrame:
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("post"): name_of(catalog, c.position_id, language),
                t("id"): c.position_id,
                t("from"): c.link.valid_from or "",
                t("to"): c.link.valid_to or "",
                t("sources"): ", ".join(c.link.source_ids),
                t("link"): subject_link(catalog, c.position_id, p.as_of),
            }
            for c in p.leaders_in_charge
        ],
        columns=[t("post"), t("id"), t("from"), t("to"), t("sources"), t("link")],
    )


def enterprises_table(p: Portfolio, catalog: Catalog, language: str | None = None):
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("enterprise"): name_of(catalog, c.enterprise_id, language),
                t("id"): c.enterprise_id,
                t("sector"): name_of(catalog, c.sector_id, language),
                t("region"): name_of(catalog, c.region_id, language),
                t("kind"): c.kind,
                t("organization"): name_of(catalog, c.org_id, language),
                t("link"): subject_link(catalog, c.enterprise_id, p.as_of),
            }
            for c in p.enterprises
        ],
        columns=[
            t("enterprise"),
            t("id"),
            t("sector"),
            t("region"),
            t("kind"),
            t("organization"),
            t("link"),
        ],
    )


def incidents_table(p: Portfolio, catalog: Catalog, language: str | None = None):
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("id"): x.id,
                t("kind"): i18n.label_name(x.kind.capitalize(), language),
                t("title"): name_of(catalog, x.id, language),
                t("enterprise"): name_of(catalog, x.enterprise_id, language),
                t("date"): x.date,
                t("grade"): i18n.grade_name(x.grade, language),
                t("pf_overdue"): x.overdue,
                t("link"): subject_link(catalog, x.id, p.as_of),
            }
            for x in p.incidents
        ],
        columns=[
            t("id"),
            t("kind"),
            t("title"),
            t("enterprise"),
            t("date"),
            t("grade"),
            t("pf_overdue"),
            t("link"),
        ],
    )


def duties_table(p: Portfolio, catalog: Catalog, language: str | None = None):
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("id"): duty,
                t("pf_duties"): name_of(catalog, duty, language) or text or "",
                t("holder"): name_of(catalog, holder, language),
            }
            for duty, text, holder in p.duties
        ],
        columns=[t("id"), t("pf_duties"), t("holder")],
    )


def vacant_posts_table(p: Portfolio, catalog: Catalog, language: str | None = None):
    t = lambda k: i18n.t(k, language)  # noqa: E731
    return pd.DataFrame(
        [
            {
                t("post"): name_of(catalog, pos, language),
                t("id"): pos,
                t("role"): (catalog.get(pos) or {}).get("role", ""),
                t("link"): subject_link(catalog, pos, p.as_of),
            }
            for pos in p.vacant_posts
        ],
        columns=[t("post"), t("id"), t("role"), t("link")],
    )
