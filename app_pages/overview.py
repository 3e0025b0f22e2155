"""Overview: coverage per region and sector, gaps by kind, the five most fragile posts,
hazards and accidents by month."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_support import cached_answers, frames, i18n, overview_frames, timeline_view
from app_support.i18n import t
from app_support.model import with_label
from app_support.pickers import node_picker
from app_support.store import token
from app_support.ui import (
    day_input,
    download_csv,
    link_column,
    percent,
    table,
)
from graph_model.results import GAP_KINDS

tok = token()
catalog = cached_answers.catalog(tok)
cards = cached_answers.cards(tok)
lang = i18n.lang()

st.title(f"{t('page_overview')}")
st.caption(t("ov_intro"))
if not catalog:
    st.info(t("store_empty"), icon=":material/info:")
    st.stop()

regions = [n["id"] for n in with_label(catalog, "Region")]
sectors = [n["id"] for n in with_label(catalog, "Sector")]
c1, c2, c3 = st.columns([1, 2, 2])
with c1:
    as_of = day_input("ov_as_of", date.today())
with c2:
    region = node_picker(t("region"), "region", "ov_region", regions, catalog)
with c3:
    sector = node_picker(t("sector"), "sector", "ov_sector", sectors, catalog)

with st.spinner("…"):
    report = cached_answers.gaps(tok, as_of)
    cov = cached_answers.coverage_frames(tok, as_of)

# the region and sector filters reach every figure below: tiles, tables, gaps, charts, links
gap_frame = frames.gaps_frame(report, catalog, lang)
enterprises: set[str] | None = None
if region or sector:
    regions_in = cached_answers.subtree(tok, region) if region else None
    sectors_in = cached_answers.subtree(tok, sector) if sector else None
    if regions_in is not None:
        gap_frame = gap_frame[gap_frame["region_id"].isin(regions_in)]
    if sectors_in is not None:
        gap_frame = gap_frame[gap_frame["sector_id"].isin(sectors_in)]
    enterprises = {
        n["id"]
        for n in with_label(catalog, "Enterprise")
        if (regions_in is None or n.get("region_id") in regions_in)
        and (sectors_in is None or n.get("sector_id") in sectors_in)
    }
if region:
    within = cached_answers.subtree(tok, region)
    cov.enterprises = cov.enterprises[cov.enterprises["region_id"].isin(within)]
    cov.hazards = cov.hazards[cov.hazards["region_id"].isin(within)]
    cov.posts = cov.posts[cov.posts["region_id"].isin(within)]
if sector:
    within = cached_answers.subtree(tok, sector)
    cov.enterprises = cov.enterprises[cov.enterprises["sector_id"].isin(within)]
    cov.hazards = cov.hazards[cov.hazards["sector_id"].isin(within)]
    cov.posts = cov.posts[cov.posts["sector_id"].isin(within)]


def stale_note(day: str) -> None:
    """Say so when the day is far past the newest data: every open item then looks
    thousands of days overdue."""
    newest = overview_frames.newest_day(catalog)
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
    frame = overview_frames.action_frame(
        cached_answers.actions(tok, day),
        catalog,
        day,
        lang,
        cached_answers.subtree(tok, region) if region else None,
        cached_answers.subtree(tok, sector) if sector else None,
    )
    with st.container(key="ov_actions"):
        if len(frame):
            table(frame, "actions", name=f"actions-{day}", link=t("link"))
        else:
            st.success(t("act_none"), icon=":material/check_circle:")


stale_note(as_of)
action_list(as_of)

with st.container(key="ov_tiles"):
    tiles = st.columns(4)
    for column, (key, (share, part, whole)) in zip(
        tiles, overview_frames.totals(cov).items(), strict=True
    ):
        with column.container(border=True):
            st.metric(t(key), percent(share))
            st.progress(share or 0.0)
            st.caption(f"{part} / {whole}")

left, right = st.columns(2)
progress = {
    t(k): st.column_config.ProgressColumn(t(k), min_value=0, max_value=1, format="percent")
    for k in ("ov_supervised", "ov_chain_ok", "ov_posts_filled", "ov_five")
}
with left:
    st.subheader(t("ov_by_region"))
    frame = overview_frames.breakdown(cov, catalog, cards, "region_id", lang)
    st.dataframe(frame, hide_index=True, column_config={**progress, "id": None}, key="ov_regions")
    download_csv(frame, f"coverage-by-region-{as_of}", "ov_regions")
with right:
    st.subheader(t("ov_by_sector"))
    frame = overview_frames.breakdown(cov, catalog, cards, "sector_id", lang)
    st.dataframe(frame, hide_index=True, column_config={**progress, "id": None}, key="ov_sectors")
    download_csv(frame, f"coverage-by-sector-{as_of}", "ov_sectors")

st.subheader(t("ov_gaps"))
counts = {kind: int((gap_frame["kind"] == kind).sum()) for kind in GAP_KINDS}
with st.container(key="ov_gap_counts"):
    for row_start in range(0, len(GAP_KINDS), 5):
        columns = st.columns(5)
        for column, kind in zip(columns, GAP_KINDS[row_start : row_start + 5], strict=False):
            with column.container(border=True):
                st.metric(i18n.gap_kind_name(kind), counts[kind])
                st.page_link(
                    "app_pages/gaps.py",
                    label=t("ov_see_gaps") + " →",
                    query_params={
                        k: v
                        for k, v in {
                            "kind": kind,
                            "as_of": as_of,
                            "region": region,
                            "sector": sector,
                        }.items()
                        if v
                    },
                    disabled=counts[kind] == 0,
                )

st.subheader(t("ov_fragile"))
with st.container(key="ov_fragile"):
    fragile = timeline_view.fragile_within(
        timeline_view.fragile_posts(tok, as_of),
        catalog,
        cached_answers.subtree(tok, region) if region else None,
        cached_answers.subtree(tok, sector) if sector else None,
    )
    if fragile.positions:
        top = timeline_view.fragile_frame(fragile, catalog, lang).head(5)
        st.dataframe(
            top,
            hide_index=True,
            key="ov_fragile_table",
            column_config={"position_id": None, t("link"): link_column()},
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
        months = overview_frames.by_month(catalog, label, day_field, lang, enterprises)
        if len(months):
            st.bar_chart(
                months,
                x_label=t("month"),
                y_label=t("count"),
                height=300,
                color=overview_frames.grade_colours(months, lang),
            )
        else:
            st.caption(t("ov_none"))
