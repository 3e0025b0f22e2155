"""What the app shows of the questions over time and over the whole graph: the swim lanes of
a timeline, a two-day comparison, the fragile posts and the load per person, as DataFrames
(and the lanes as an Altair chart), in the chosen language; and their cached answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from app_support import cached_answers, i18n
from app_support.columns import Column, hidden, table_frame
from app_support.frames import deep_link
from app_support.frozen import built_whole
from app_support.model import Catalog, name_of
from app_support.store import get_store
from graph_model import fragility
from graph_model import timeline as timelines
from graph_model.chain_compare import ChainComparison
from graph_model.results import LEVELS

if TYPE_CHECKING:
    import altair as alt

TTL = 600
GAP_COLOUR = "#d32f2f"
PERSON_COLOURS = ("#1565c0", "#2e7d32", "#6a1b9a", "#9a6700", "#00838f", "#5d4037", "#283593")
MARK_COLOURS = {
    "found": "#455a64",
    "deadline": "#ff6f00",
    "closed": "#2e7d32",
    "occurred": "#b71c1c",
}


# -- cached answers --------------------------------------------------------------------------
@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def timeline(token: str, subject_id: str, start: str | None, end: str | None) -> timelines.Timeline:
    return timelines.timeline(get_store(), subject_id, start, end)


# kept as resources, never copied: every enterprise's entries (tens of thousands of rows at a
# city's size) from the sweep the Overview reads too (``cached_answers.swept``), not another
@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
@built_whole
def snapshot(token: str, as_of: str) -> fragility.Snapshot:
    return fragility.snapshot(get_store(), as_of, cached_answers.swept(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
def fragile_posts(token: str, as_of: str) -> fragility.SpofReport:
    return fragility.single_points_of_failure(get_store(), as_of, snap=snapshot(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
@built_whole
def fragile_places(token: str, as_of: str) -> dict[str, dict]:
    """The catalog's entries that ``fragile_within`` reads: each lost subject's, and its
    enterprise's (read only when a region or sector filter is on)."""
    subjects = {s for p in fragile_posts(token, as_of).positions for s, _ in p.lost}
    found = cached_answers.entries(token, subjects)
    owners = {str(n["enterprise_id"]) for n in found.values() if n.get("enterprise_id")}
    return {**cached_answers.entries(token, owners - found.keys()), **found}


def person_load(token: str, as_of: str) -> fragility.LoadReport:
    return fragility.person_load(get_store(), as_of, snap=snapshot(token, as_of))


# -- swim lanes ------------------------------------------------------------------------------
def _after(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def lanes_frame(
    t: timelines.Timeline, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    """One row per bar: a person's period or a gap period, in a lane of its level. Bars of
    the same post share a row of the lane, so a handover reads left to right."""
    tr = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for p in t.periods:
        rows.append(
            {
                "level_code": p.level,
                "slot_key": p.position_id or p.person_id,
                "kind": "person",
                "label": name_of(catalog, p.person_id, language) or p.person_name,
                "person_id": p.person_id,
                "post": name_of(catalog, p.position_id, language) if p.position_id else "",
                "responsibility": i18n.responsibility_name(p.responsibility, language),
                "start": p.start,
                "end": p.end,
                "url": deep_link("portfolio", person=p.person_id, as_of=p.start),
            }
        )
    for g in t.gaps:
        rows.append(
            {
                "level_code": g.level,
                "slot_key": g.subject_id,
                "kind": "gap",
                "label": f"{i18n.gap_reason_name(g.reason, language)} · {g.subject_id}",
                "person_id": "",
                "post": name_of(catalog, g.subject_id, language),
                "responsibility": "",
                "start": g.start,
                "end": g.end,
                "url": deep_link("gaps", position=g.subject_id, as_of=g.start)
                if g.reason == "post_vacant"
                else None,
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["bar_end"] = frame["end"].map(_after)  # bars reach the end of their last day
    # a name inside a bar only where the bar is wide enough for it; the tooltip has the rest
    span = max((date.fromisoformat(t.end) - date.fromisoformat(t.start)).days + 1, 1)
    days = frame.apply(
        lambda r: (date.fromisoformat(r["end"]) - date.fromisoformat(r["start"])).days + 1, axis=1
    )
    # about 1000 px for the whole range, about 7 px per character
    frame["show_label"] = days * 1000 / span >= frame["label"].str.len() * 7 + 8
    firsts = frame.groupby(["level_code", "slot_key"])["start"].min().reset_index()
    firsts = firsts.sort_values(["level_code", "start", "slot_key"])
    firsts["slot"] = firsts.groupby("level_code").cumcount()
    frame = frame.merge(firsts[["level_code", "slot_key", "slot"]], on=["level_code", "slot_key"])
    frame["order"] = frame["level_code"].map(LEVELS.index)
    frame[tr("level")] = frame["level_code"].map(lambda lv: i18n.level_name(lv, language))
    return frame.sort_values(["order", "slot", "start"]).reset_index(drop=True)


def marks_frame(t: timelines.Timeline, language: str | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"day": m.day, "what": m.what, "name": i18n.t(f"mark_{m.what}", language)}
            for m in t.marks
            if t.start <= m.day <= _after(t.end)
        ],
        columns=["day", "what", "name"],
    )


def lanes_chart(
    frame: pd.DataFrame, marks: pd.DataFrame, language: str | None = None
) -> alt.LayerChart:
    # imported here: the Overview reads this module's cached answers (the fragile posts), and
    # Altair was a third of the imports of its first visit
    import altair as alt

    tr = lambda k: i18n.t(k, language)  # noqa: E731
    level = tr("level")
    order = [i18n.level_name(lv, language) for lv in LEVELS if lv in set(frame["level_code"])]
    persons = sorted(set(frame.loc[frame["kind"] == "person", "label"]))
    gaps = sorted(set(frame.loc[frame["kind"] == "gap", "label"]))
    domain = [*persons, *gaps]
    colours = [PERSON_COLOURS[i % len(PERSON_COLOURS)] for i in range(len(persons))]
    colours += [GAP_COLOUR] * len(gaps)
    slots = int(frame["slot"].max()) + 1
    base = alt.Chart(frame).encode(
        y=alt.Y(
            f"{level}:N", sort=order, title=None, axis=alt.Axis(labelLimit=200, labelFontSize=12)
        ),
        yOffset=alt.YOffset("slot:O", scale=alt.Scale(paddingInner=0.15)),
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, grid=True)),
    )
    bars = base.mark_bar(cornerRadius=3).encode(
        x2="bar_end:T",
        color=alt.Color("label:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        opacity=alt.condition("datum.kind == 'gap'", alt.value(0.8), alt.value(0.9)),
        href="url:N",
        tooltip=[
            alt.Tooltip(f"{level}:N"),
            alt.Tooltip("label:N", title=tr("person")),
            alt.Tooltip("post:N", title=tr("post")),
            alt.Tooltip("responsibility:N", title=tr("responsibility")),
            alt.Tooltip("start:N", title=tr("from")),
            alt.Tooltip("end:N", title=tr("to")),
        ],
    )
    text = (
        base.mark_text(align="left", baseline="middle", dx=4, color="white", fontSize=11, limit=220)
        .encode(text="label:N", href="url:N")
        .transform_filter("datum.show_label")
    )
    layers: list[alt.Chart] = [bars, text]
    if len(marks):
        rules = (
            alt.Chart(marks)
            .mark_rule(strokeDash=[5, 3], strokeWidth=2)
            .encode(
                x="day:T",
                color=alt.Color(
                    "name:N",
                    scale=alt.Scale(
                        domain=list(marks["name"]),
                        range=[MARK_COLOURS[w] for w in marks["what"]],
                    ),
                    legend=alt.Legend(title=None, orient="top"),
                ),
                tooltip=[alt.Tooltip("name:N", title=None), alt.Tooltip("day:N", title=None)],
            )
        )
        layers.append(rules)
    height = max(160, 30 * slots * len(order))
    return alt.layer(*layers).properties(height=height).resolve_scale(color="independent")


def lanes_table(frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    tr = lambda k: i18n.t(k, language)  # noqa: E731
    if frame.empty:
        return frame
    out = pd.DataFrame(
        {
            tr("level"): frame[tr("level")],
            tr("person"): frame["label"],
            tr("post"): frame["post"],
            tr("responsibility"): frame["responsibility"],
            tr("from"): frame["start"],
            tr("to"): frame["end"],
            tr("link"): frame["url"],
        }
    )
    return out


# -- two days --------------------------------------------------------------------------------
def comparison_frame(
    c: ChainComparison, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    tr = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for lc in c.levels:
        for change, entries in (
            ("cmp_added", lc.added),
            ("cmp_removed", lc.removed),
            ("cmp_kept", lc.kept),
        ):
            for e in entries:
                rows.append(
                    {
                        tr("level"): i18n.level_name(lc.level, language),
                        tr("cmp_change"): tr(change),
                        tr("person"): name_of(catalog, e.person_id, language) or e.person_name,
                        tr("post"): name_of(catalog, e.position_id, language)
                        if e.position_id
                        else "",
                        tr("responsibility"): i18n.responsibility_name(e.responsibility, language),
                        tr("link"): deep_link("portfolio", person=e.person_id, as_of=c.second),
                        "change_code": change,
                    }
                )
    for change, gaps in (("cmp_gaps_opened", c.gaps_opened), ("cmp_gaps_closed", c.gaps_closed)):
        for g in gaps:
            rows.append(
                {
                    tr("level"): i18n.level_name(g.level, language),
                    tr("cmp_change"): tr(change),
                    tr("person"): f"{i18n.gap_reason_name(g.reason, language)} · {g.subject_id}",
                    tr("post"): name_of(catalog, g.subject_id, language),
                    tr("responsibility"): "",
                    tr("link"): None,
                    "change_code": change,
                }
            )
    return pd.DataFrame(rows)


# -- fragile posts and load ------------------------------------------------------------------
def _place(catalog: Catalog, subject_id: str) -> tuple[str, str]:
    """The region and sector of a subject: its own, or its enterprise's (hazards, plans)."""
    node = catalog.get(subject_id) or {}
    if not node.get("region_id") and node.get("enterprise_id"):
        node = catalog.get(str(node["enterprise_id"])) or node
    return str(node.get("region_id") or ""), str(node.get("sector_id") or "")


def fragile_within(
    report: fragility.SpofReport,
    catalog: Catalog,
    regions: set[str] | None,
    sectors: set[str] | None,
) -> fragility.SpofReport:
    """The fragile posts as seen from a region and/or sector: each post keeps only the
    subjects there it would leave with nobody, posts with none are dropped, and the rest are
    ranked again (a city-wide ranking is not the region's)."""
    if regions is None and sectors is None:
        return report
    kept = []
    for post in report.positions:
        lost = tuple(
            (subject, level)
            for subject, level in post.lost
            if (regions is None or _place(catalog, subject)[0] in regions)
            and (sectors is None or _place(catalog, subject)[1] in sectors)
        )
        if lost:
            kept.append(replace(post, lost=lost))
    kept.sort(key=lambda p: (-p.subjects_lost, p.position_id))
    return replace(report, positions=tuple(kept))


def fragile_frame(
    report: fragility.SpofReport, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    def levels(p: fragility.FragilePost) -> str:
        return ", ".join(f"{i18n.level_name(lv, language)} {n}" for lv, n in p.by_level.items())

    columns: list[Column[tuple[int, fragility.FragilePost]]] = [
        Column("rank", lambda r: r[0]),
        Column(
            "post",
            lambda r: name_of(catalog, r[1].position_id, language) or r[1].position_title or "",
        ),
        Column(
            "organization",
            lambda r: name_of(catalog, r[1].org_id, language) if r[1].org_id else "",
        ),
        Column(
            "fr_holders", lambda r: ", ".join(name_of(catalog, h, language) for h in r[1].holders)
        ),
        Column("fr_lost", lambda r: r[1].subjects_lost),
        Column(
            "link",
            lambda r: deep_link("gaps", position=r[1].position_id, as_of=report.as_of),
        ),
        Column("fr_levels", lambda r: levels(r[1])),
        hidden("position_id", lambda r: r[1].position_id),
    ]
    return table_frame(enumerate(report.positions, 1), columns, language)


def load_frame(
    report: fragility.LoadReport, catalog: Catalog, language: str | None = None
) -> pd.DataFrame:
    def levels(p: fragility.PersonLoad) -> str:
        return ", ".join(f"{i18n.level_name(lv, language)} {n}" for lv, n in p.by_level.items())

    columns: list[Column[tuple[int, fragility.PersonLoad]]] = [
        Column("rank", lambda r: r[0]),
        Column("person", lambda r: name_of(catalog, r[1].person_id, language) or r[1].person_name),
        Column("fr_subjects", lambda r: len(r[1].subjects)),
        Column("fr_departments", lambda r: len(r[1].departments)),
        Column(
            "link",
            lambda r: deep_link("portfolio", person=r[1].person_id, as_of=report.as_of),
        ),
        Column("fr_levels", lambda r: levels(r[1])),
        hidden("person_id", lambda r: r[1].person_id),
    ]
    return table_frame(enumerate(report.persons, 1), columns, language)
