"""Plain-text renderings for people reading a terminal: grouped, bilingual, vacancies marked."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from graph_model.gap_wording import describe, kind_name
from graph_model.results import LEVEL_NAMES_ZH, Chain, GapReport, Portfolio, VacancyImpact
from graph_model.text_safety import spreadsheet_safe


def _both(en: str | None, zh: str | None) -> str:
    if en and zh and en != zh:
        return f"{en} {zh}"
    return en or zh or "-"


def chain_table(chain: Chain) -> str:
    s = chain.subject
    lines = [
        f"{s.kind.capitalize()} {s.id}: {_both(s.title, s.title_zh)}",
        f"Enterprise {s.enterprise_id}: {s.enterprise_name or '-'}"
        f"   grade {s.grade or '-'}   date {s.date or '-'}   as of {chain.as_of}",
        "",
    ]
    for level in chain.levels():
        entries = [e for e in chain.entries if e.level == level]
        gaps = [g for g in chain.gaps if g.level == level]
        lines.append(f"{level} · {LEVEL_NAMES_ZH[level]}")
        for e in entries:
            end = e.held_to or f"in post on {chain.as_of}"
            held = f"{e.held_from or '…'} – {end}" if e.position_id else ""
            post = _both(e.position_title, e.position_title_zh) if e.position_id else ""
            where = f" @ {_both(e.org_name, e.org_name_zh)}" if e.org_id else ""
            lines.append(
                f"  {e.person_id:<8} {_both(e.person_name, e.person_name_zh)}  [{e.responsibility}]"
            )
            if post or where:
                lines.append(f"           {post}{where}  {held}".rstrip())
            lines.append(f"           sources: {', '.join(e.source_ids) or '-'}")
        for g in gaps:
            lines.append(f"  !! {g.reason.upper()}: {g.subject_id}")
        if not entries and not gaps:
            lines.append("  (nobody)")
        lines.append("")
    if s.kind == "accident":
        lines.append("Investigation findings · 调查认定")
        for f in chain.findings:
            mark = "  (not in chain)" if f in chain.findings_not_in_chain else ""
            lines.append(
                f"  {f.person_id:<8} {f.person_name}  [{f.responsibility}] "
                f"{f.sanction or ''}{mark}".rstrip()
            )
        if not chain.findings:
            lines.append("  (none recorded)")
        lines.append(
            "Levels with entries but no findings: "
            + (", ".join(chain.levels_without_findings) or "none")
        )
    return "\n".join(lines).rstrip() + "\n"


def gaps_table(
    report: GapReport, language: str = "en", names: Mapping[str, str] | None = None
) -> str:
    """The gaps by kind; ``names``: the subjects' names in ``language`` (default: the names
    the gaps carry, in English)."""
    names = names or {}
    zh = language == "zh"
    title = f"覆盖缺口（截至 {report.as_of}）" if zh else f"Coverage gaps as of {report.as_of}"
    lines = [title, ""]
    for kind, n in report.counts.items():
        if not n:
            continue
        lines.append(f"{kind_name(kind, language)} ({n})" if zh else f"{kind} ({n})")
        for g in report.gaps:
            if g.kind == kind:
                detail = describe(g.kind, g.facts, language, _namer(names))
                name = names.get(g.subject_id) or g.subject_name or "-"
                lines.append(f"  {g.subject_id:<18} {name}  — {detail}")
        lines.append("")
    lines.append(
        ("数量：" if zh else "counts: ") + ", ".join(f"{k}={v}" for k, v in report.counts.items())
    )
    return "\n".join(lines) + "\n"


def _namer(names: Mapping[str, str]) -> Any:
    """``describe``'s namer over ``names``, or None (the facts' own names) when empty."""
    return (lambda node_id: names.get(node_id, "")) if names else None


def gaps_csv(
    report: GapReport, language: str = "en", names: Mapping[str, str] | None = None
) -> str:
    """One row per gap; cells that a spreadsheet would run as a formula start with ``'``.
    Rows end with ``\n`` (a ``\r`` would be escaped on its way to the terminal)."""
    names = names or {}
    out = io.StringIO()
    writer = _SafeCsvWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow(
        [
            "as_of",
            "kind",
            "subject_id",
            "subject_name",
            "detail",
            "missing",
            "region_id",
            "sector_id",
            "org_id",
        ]
    )
    for g in report.gaps:
        writer.writerow(
            [
                report.as_of,
                g.kind,
                g.subject_id,
                names.get(g.subject_id) or g.subject_name or "",
                describe(g.kind, g.facts, language, _namer(names)),
                ";".join(g.missing),
                g.region_id or "",
                g.sector_id or "",
                g.org_id or "",
            ]
        )
    return out.getvalue()


class _SafeCsvWriter:
    """csv.writer whose cells pass through ``spreadsheet_safe`` (quotes: the csv module)."""

    def __init__(self, writer: Any):
        self.writer = writer

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])


def portfolio_table(p: Portfolio) -> str:
    lines = [
        f"{p.subject_kind.capitalize()} {p.subject_id}: {p.subject_name or '-'}   as of {p.as_of}",
        "",
        "Posts · 职务",
    ]
    for post in p.posts:
        mark = "*" if post.held_on_day else " "
        who = f"{post.person_id} {post.person_name or ''}  " if p.subject_kind != "person" else ""
        lines.append(
            f" {mark} {who}{post.position_id} {post.position_title or '-'} @ "
            f"{post.org_name or '-'}  {post.start or '…'} – {post.end or 'open'}  "
            f"[{', '.join(post.source_ids) or '-'}]"
        )
    for pos in p.vacant_posts:
        lines.append(f"   {pos}  VACANT on {p.as_of}")
    lines += ["", "In charge · 分管/主管"]
    for c in p.charges:
        via = f", via {c.position_id}" if c.position_id else ""
        lines.append(f"  {c.org_id:<10} {c.org_name or '-'}  ({c.basis}{via})")
    if p.leaders_in_charge:
        lines += ["", "Leaders in charge of it"]
        for c in p.leaders_in_charge:
            lines.append(f"  {c.position_id}  [{', '.join(c.link.source_ids) or '-'}]")
    lines += ["", f"Enterprises ({len({e.enterprise_id for e in p.enterprises})})"]
    for e in p.enterprises:
        lines.append(
            f"  {e.enterprise_id:<8} {e.enterprise_name or '-'}  via {e.org_id} ({e.kind})"
        )
    hazards = [i for i in p.incidents if i.kind == "hazard"]
    accidents = [i for i in p.incidents if i.kind == "accident"]
    lines += ["", f"Open hazards ({len(hazards)}, overdue {sum(i.overdue for i in hazards)})"]
    for i in hazards:
        lines.append(
            f"  {i.id:<8} {i.title or '-'} [{i.grade}] found {i.date}"
            f"{'  OVERDUE' if i.overdue else ''}"
        )
    lines += ["", f"Accidents ({len(accidents)})"]
    for i in accidents:
        lines.append(f"  {i.id:<8} {i.title or '-'} [{i.grade}] {i.date}")
    if p.duties:
        lines += ["", "Duties · 责任清单"]
        for duty, text, holder in p.duties:
            lines.append(f"  {duty:<9} {text or '-'}  (held by {holder})")
    return "\n".join(lines) + "\n"


def vacancy_table(v: VacancyImpact) -> str:
    lines = [
        f"If {v.position_id} ({v.position_title or '-'}) were vacant on {v.as_of}",
        f"held on {v.as_of} by: {', '.join(v.holders) or 'nobody (already vacant)'}; "
        f"{v.subjects_checked} enterprises and open hazards checked",
        "",
    ]
    if not v.lost:
        lines.append("Nothing loses its last accountable person at any level.")
    for lost in v.lost:
        lines.append(
            f"{lost.subject_kind} {lost.subject_id} {lost.subject_name or ''}: "
            f"nobody left at {lost.level} (was {', '.join(lost.lost_person_ids)})"
        )
        above = sorted({f"{lv}:{p}" for lv, p, _ in lost.remaining_above})
        lines.append(f"    still accountable above: {', '.join(above) or 'nobody'}")
    if v.duties_unheld:
        lines += ["", f"Duties left unheld: {', '.join(v.duties_unheld)}"]
    return "\n".join(lines) + "\n"
