"""Plain-text and CSV renderings of the questions over time and over the whole graph:
timelines, single points of failure, load per person, chain comparisons."""

from __future__ import annotations

import csv
import io

from accgraph.render import _both, _SafeCsvWriter
from graph_model.chain_compare import ChainComparison
from graph_model.fragility import LoadReport, SpofReport
from graph_model.results import LEVEL_NAMES_ZH, LEVELS
from graph_model.timeline import Timeline

_MARK_NAMES = {"found": "found", "deadline": "deadline", "closed": "closed", "occurred": "occurred"}


def timeline_table(t: Timeline) -> str:
    s = t.subject
    lines = [
        f"{s.kind.capitalize()} {s.id}: {_both(s.title, s.title_zh)}",
        f"Enterprise {s.enterprise_id}: {s.enterprise_name or '-'}   from {t.start} to {t.end}"
        f"   ({t.stretches} stretch(es) without a change)",
        "Marks: " + (", ".join(f"{m.what} {m.day}" for m in t.marks) or "none"),
        "",
    ]
    for level in t.levels():
        periods = [p for p in t.periods if p.level == level]
        gaps = [g for g in t.gaps if g.level == level]
        lines.append(f"{level} · {LEVEL_NAMES_ZH[level]}")
        rows = [
            (p.start, p.end, f"{p.person_id:<8} {p.person_name or '-'}", _post(p), p.responsibility)
            for p in periods
        ]
        rows += [(g.start, g.end, f"!! {g.reason.upper()}", g.subject_id, "") for g in gaps]
        for start, end, who, post, why in sorted(rows):
            lines.append(f"  {start} – {end}  {who}  {post}  {why}".rstrip())
        if not rows:
            lines.append("  (nobody, no gap)")
        lines.append("")
    for m in t.marks:
        if not t.start <= m.day <= t.end:
            continue
        held, gaps = t.on(m.day)
        who = ", ".join(sorted({f"{p.level}:{p.person_id}" for p in held})) or "nobody"
        lines.append(f"On the {_MARK_NAMES[m.what]} day {m.day}: {who}")
        if gaps:
            lines.append(
                "    gaps: " + ", ".join(f"{g.level}:{g.reason}:{g.subject_id}" for g in gaps)
            )
    return "\n".join(lines).rstrip() + "\n"


def _post(p: object) -> str:
    position_id = getattr(p, "position_id", None)
    if not position_id:
        return ""
    return f"{position_id} {getattr(p, 'position_title', None) or ''}".rstrip()


def spof_table(report: SpofReport) -> str:
    lines = [f"Single points of failure as of {report.as_of}", ""]
    if not report.positions:
        lines.append("No post is the only one found at any level of any chain.")
    for i, p in enumerate(report.positions, 1):
        held = ", ".join(
            f"{h} {n}".rstrip() for h, n in zip(p.holders, p.holder_names, strict=True)
        )
        where = p.org_name or p.org_id or "-"
        lines.append(f"{i:>3}. {p.position_id:<9} {p.position_title or '-'} @ {where}")
        levels = ", ".join(f"{lv}={n}" for lv, n in p.by_level.items())
        lines.append(f"       held by {held or 'nobody'}")
        lines.append(f"       if vacant, {p.subjects_lost} subject(s) with nobody at: {levels}")
    return "\n".join(lines) + "\n"


SPOF_COLUMNS = (
    "as_of",
    "rank",
    "position_id",
    "position_title",
    "org_id",
    "org_name",
    "holders",
    "subjects_lost",
    *(f"lost_{lv}" for lv in LEVELS),
)


def spof_csv(report: SpofReport) -> str:
    out = io.StringIO()
    writer = _SafeCsvWriter(csv.writer(out, lineterminator="\n"))  # formulas neutralised
    writer.writerow(list(SPOF_COLUMNS))
    for i, p in enumerate(report.positions, 1):
        by_level = p.by_level
        writer.writerow(
            [
                report.as_of,
                i,
                p.position_id,
                p.position_title or "",
                p.org_id or "",
                p.org_name or "",
                ";".join(p.holders),
                p.subjects_lost,
                *(by_level.get(lv, 0) for lv in LEVELS),
            ]
        )
    return out.getvalue()


def load_table(report: LoadReport) -> str:
    lines = [f"Load per person as of {report.as_of}", ""]
    for i, p in enumerate(report.persons, 1):
        lines.append(
            f"{i:>3}. {p.person_id:<8} {p.person_name or '-'}: {len(p.subjects)} subject(s), "
            f"{len(p.departments)} department(s) in charge"
            + (f" ({', '.join(p.departments)})" if p.departments else "")
        )
        lines.append("       " + ", ".join(f"{lv}={n}" for lv, n in p.by_level.items()))
    if not report.persons:
        lines.append("Nobody is in any chain on this day.")
    return "\n".join(lines) + "\n"


def load_csv(report: LoadReport) -> str:
    out = io.StringIO()
    writer = _SafeCsvWriter(csv.writer(out, lineterminator="\n"))  # formulas neutralised
    writer.writerow(
        ["as_of", "rank", "person_id", "person_name", "subjects", "departments"]
        + [f"subjects_{lv}" for lv in LEVELS]
    )
    for i, p in enumerate(report.persons, 1):
        writer.writerow(
            [report.as_of, i, p.person_id, p.person_name, len(p.subjects), len(p.departments)]
            + [p.by_level.get(lv, 0) for lv in LEVELS]
        )
    return out.getvalue()


def comparison_table(c: ChainComparison) -> str:
    s = c.subject
    lines = [
        f"{s.kind.capitalize()} {s.id}: {_both(s.title, s.title_zh)}",
        f"Chain on {c.first} against {c.second}",
        "",
    ]
    for lc in c.levels:
        lines.append(f"{lc.level} · {LEVEL_NAMES_ZH[lc.level]}")
        for sign, entries in (("+", lc.added), ("-", lc.removed), ("=", lc.kept)):
            for e in entries:
                post = (
                    f"  {e.position_id} {e.position_title or ''}".rstrip() if e.position_id else ""
                )
                lines.append(
                    f"  {sign} {e.person_id:<8} {e.person_name or '-'}{post}  [{e.responsibility}]"
                )
        if not (lc.added or lc.removed or lc.kept):
            lines.append("  (nobody on either day)")
        lines.append("")
    for title, gaps in (
        ("Gaps opened", c.gaps_opened),
        ("Gaps closed", c.gaps_closed),
        ("Gaps on both days", c.gaps_kept),
    ):
        lines.append(f"{title} ({len(gaps)})")
        lines += [f"  {g.level}: {g.reason} {g.subject_id}" for g in gaps]
    lines.append("")
    lines.append("Changed." if c.changed else "No change.")
    return "\n".join(lines) + "\n"
