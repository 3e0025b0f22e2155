"""Overview: coverage per region and sector, gaps by kind, the five most fragile posts,
hazards and accidents by month."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from app_support import (
    cached_answers,
    cards,
    frames,
    i18n,
    month_bars,
    overview_frames,
    timeline_view,
)
from app_support.i18n import t
from app_support.pickers import node_picker
from app_support.store import token
from app_support.ui import day_input, html_table, percent
from graph_model.results import GAP_KINDS

tok = token()
lang = i18n.lang()

st.title(f"{t('page_overview')}")
st.caption(t("ov_intro"))
if cached_answers.is_empty(tok):
    st.info(t("store_empty"), icon=":material/info:")
    st.stop()

# only the kinds of node the page names: no entry for each of a city's nodes
places = cached_answers.directory(tok, cached_answers.OVERVIEW_LABELS)
regions = cached_answers.ids_with(tok, "Region")
sectors = cached_answers.ids_with(tok, "Sector")
c1, c2, c3 = st.columns([1, 2, 2])
with c1:
    as_of = day_input("ov_as_of", date.today())
with c2:
    region = node_picker(t("region"), "region", "ov_region", regions, places)
with c3:
    sector = node_picker(t("sector"), "sector", "ov_sector", sectors, places)

with st.spinner("…"):
    counts = cached_answers.gap_counts(tok, as_of, region, sector)
    coverage = cached_answers.coverage_frames(tok, as_of)

# the region and sector filters reach every figure below: tiles, tables, gaps, charts, links;
# what comes from the cache is shared by every visit: filtered into new frames, never changed
regions_in = cached_answers.subtree(tok, region) if region else None
sectors_in = cached_answers.subtree(tok, sector) if sector else None
cov = overview_frames.within(coverage, regions_in, sectors_in)


def stale_note(day: str) -> None:
    """Say so when the day is far past the newest data: every open item then looks
    thousands of days overdue."""
    newest = cached_answers.newest_day(tok)
    if not newest:
        return
    years = (date.fromisoformat(day) - date.fromisoformat(newest)).days // 365
    if years < 1:
        return
    with st.container(key="ov_stale"):
        st.warning(
            t("act_stale").format(day=day, newest=newest, years=years), icon=":material/history:"
        )
        st.page_link(
            "app_pages/overview.py",
            label=t("act_stale_link") + f" ({newest}) →",
            query_params={
                k: v for k, v in {"as_of": newest, "region": region, "sector": sector}.items() if v
            },
        )


def action_list(day: str) -> None:
    """The managers' list: what needs action first, within the region and sector chosen."""
    st.subheader(t("act_title"))
    st.caption(t("act_intro"))
    listed = cached_answers.action_index(tok, day, region, sector)
    with st.container(key="ov_actions"):
        if len(listed.rows):
            html_table(
                listed.rows,
                "actions",
                name=f"actions-{day}",
                link=t("link"),
                page_rows=overview_frames.overview_page_rows(),
                finish=lambda shown: cached_answers.action_frame(tok, listed, day, lang, shown),
            )
        else:
            st.success(t("act_none"), icon=":material/check_circle:")


stale_note(as_of)
action_list(as_of)

# the figures as one block of HTML each, not ~50 elements to render (app_support/cards.py)
with st.container(key="ov_tiles"):
    st.html(
        cards.grid(
            [
                cards.Card(t(key), percent(share), share or 0.0, f"{part} / {whole}")
                for key, (share, part, whole) in overview_frames.totals(cov).items()
            ],
            columns=4,
        )
    )

# the tables as HTML, not data grids: no grid's code for the browser to load on any visit
# (app_support/html_tables.py)
shares = tuple(t(k) for k in ("ov_supervised", "ov_chain_ok", "ov_posts_filled", "ov_five"))
for column, (title, by, key) in zip(
    st.columns(2),
    (("ov_by_region", "region_id", "ov_regions"), ("ov_by_sector", "sector_id", "ov_sectors")),
    strict=True,
):
    with column:
        st.subheader(t(title))
        html_table(
            cached_answers.coverage_breakdown(tok, as_of, by, lang, region, sector),
            key,
            name=f"coverage-by-{by.removesuffix('_id')}-{as_of}",
            shares=shares,
            hide=("id",),
            row_id="id",
            page_rows=overview_frames.overview_page_rows(),
        )

st.subheader(t("ov_gaps"))
with st.container(key="ov_gap_counts"):
    filters = {"as_of": as_of, "region": region, "sector": sector, "lang": lang}
    st.html(
        cards.grid(
            [
                cards.Card(
                    i18n.gap_kind_name(kind),
                    str(counts[kind]),
                    link=t("ov_see_gaps") + " →",
                    href=frames.deep_link("gaps", kind=kind, **filters) if counts[kind] else "",
                )
                for kind in GAP_KINDS
            ],
            columns=5,
        )
    )

st.subheader(t("ov_fragile"))
with st.container(key="ov_fragile"):
    fragile = timeline_view.fragile_posts(tok, as_of)
    if regions_in is not None or sectors_in is not None:
        fragile = timeline_view.fragile_within(
            fragile, timeline_view.fragile_places(tok, as_of), regions_in, sectors_in
        )
    if fragile.positions:
        # the five shown, and the names of their posts, organizations and holders only
        five = replace(fragile, positions=fragile.positions[:5])
        shown = {i for p in five.positions for i in (p.position_id, p.org_id, *p.holders) if i}
        top = timeline_view.fragile_frame(five, cached_answers.entries(tok, shown), lang)
        html_table(
            top,
            "ov_fragile_table",
            name=f"fragile-posts-{as_of}",
            link=t("link"),
            row_id="position_id",
            download=False,  # the top five: the page it links to has them all, and their CSV
        )
        st.page_link(
            "app_pages/gaps.py",
            label=t("ov_fragile_all") + " →",
            query_params={
                k: v
                for k, v in {
                    "view": "fragile",
                    "as_of": as_of,
                    "region": region,
                    "sector": sector,
                }.items()
                if v
            },
        )
    else:
        st.caption(t("fr_none"))

charts = (
    ("ov_hazards_by_month", "Hazard", "found_on"),
    ("ov_accidents_by_month", "Accident", "occurred_on"),
)
for column, (title, label, day_field) in zip(st.columns(2), charts, strict=True):
    with column:
        st.subheader(t(title))
        months = cached_answers.by_month(tok, label, day_field, lang, region, sector)
        if len(months):
            # plain HTML, not a Vega chart nor SVG shown as markdown: nothing to load, compile
            # or turn into components in the browser on every visit (app_support/month_bars.py)
            with st.container(key=f"ov_chart_{label.lower()}"):
                st.html(
                    month_bars.html(
                        months,
                        overview_frames.grade_colours(months, lang),
                        title=t(title),
                        x_label=t("month"),
                        y_label=t("count"),
                    )
                )
        else:
            st.caption(t("ov_none"))
