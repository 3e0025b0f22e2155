"""Gaps: what nobody covers on a day, one table per kind; the fragile posts (the only post
at some level) and the load per person; and the vacancy impact of a post."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from app_support import cached_answers, frames, i18n, timeline_view
from app_support.i18n import t
from app_support.model import name_of
from app_support.overview_frames import page_rows
from app_support.pickers import node_picker, subject_picker
from app_support.store import token
from app_support.store_catalog import named_ids
from app_support.ui import adopt_param, caption_pairs, day_input, md, picker, remember_param, table
from graph_model.accountability import SubjectNotFound
from graph_model.results import GAP_KINDS

tok = token()
# entries read as the page names nodes: not a province's every node before the page starts
catalog = cached_answers.store_catalog(tok)
lang = i18n.lang()

st.title(f"{t('page_gaps')}")
if cached_answers.is_empty(tok):
    st.info(t("store_empty"), icon=":material/info:")
    st.stop()

regions = cached_answers.ids_with(tok, "Region")
sectors = cached_answers.ids_with(tok, "Sector")
catalog.want([*regions, *sectors])  # the filters' options, named in one read

VIEWS = ("gaps", "fragile", "vacancy")
VIEW_NAMES = {"gaps": "page_gaps", "fragile": "fr_view", "vacancy": "gp_vacancy"}
if st.query_params.get("position"):
    adopt_param("position", "gaps_view", lambda _v: "vacancy")
adopt_param("view", "gaps_view", lambda v: v if v in VIEWS else None)
if not st.session_state.get("gaps_view"):
    st.session_state["gaps_view"] = "gaps"
view = st.segmented_control(
    t("page_gaps"),
    VIEWS,
    key="gaps_view",
    required=True,
    format_func=lambda v: t(VIEW_NAMES[v], lang),
    label_visibility="collapsed",
)
remember_param("view", "gaps_view", None if view in ("gaps", "vacancy") else view)

if view == "fragile":
    st.caption(t("fr_help"))
    day_col, region_col, sector_col, _ = st.columns([1, 2, 2, 2])
    with day_col:
        as_of = day_input("fr_as_of", date.today())
    with region_col:
        region = node_picker(t("region"), "region", "gp_region", regions, catalog)
    with sector_col:
        sector = node_picker(t("sector"), "sector", "gp_sector", sectors, catalog)
    with st.spinner("…"):
        fragile = timeline_view.fragile_within(
            timeline_view.fragile_posts(tok, as_of),
            timeline_view.fragile_places(tok, as_of),
            cached_answers.subtree(tok, region) if region else None,
            cached_answers.subtree(tok, sector) if sector else None,
        )
        load = timeline_view.person_load(tok, as_of)
        catalog.want(named_ids((fragile, load)))
    with st.container(key="fragile_posts"):
        st.subheader(t("fr_view"))
        if fragile.positions:
            table(
                timeline_view.fragile_frame(fragile, catalog, lang),
                "fragile",
                name=f"fragile-posts-{as_of}",
                link=t("link"),
            )
        else:
            st.success(t("fr_none"), icon=":material/check_circle:")
    with st.container(key="person_load"):
        st.subheader(t("fr_load"))
        st.caption(t("fr_load_help"))
        table(
            timeline_view.load_frame(load, catalog, lang),
            "load",
            name=f"load-per-person-{as_of}",
            link=t("link"),
        )
    st.stop()

if view == "vacancy":
    st.caption(t("gp_vacancy_help"))
    adopt_param("position", "gp_position", lambda v: v)
    c1, c2, c3 = st.columns([3, 2, 1])

    def find(query: str | None) -> list[str]:
        """The store's search; the options and their organizations named in two reads."""
        found = cached_answers.search(tok, ("Position",), query)
        catalog.want(found, follow=("org_id",))
        return found

    position = subject_picker(
        t("gp_vacancy_post"),
        "gp_position",
        find,
        lambda p: (
            f"{name_of(catalog, p, lang)} · "
            f"{name_of(catalog, catalog[p].get('org_id'), lang)} ({p})"
            if p in catalog
            else p
        ),
        pick_col=c1,
        search_col=c2,
        search_key="gp_position_search",
    )
    with c3:
        as_of = day_input("gp_vacancy_as_of", date.today())
    remember_param("position", "gp_position", position)
    if not position:
        st.stop()
    try:
        impact = cached_answers.vacancy(tok, position, as_of)
    except SubjectNotFound as exc:
        st.error(md(exc.args[0]), icon=":material/search_off:")
        st.stop()
    catalog.want(named_ids(impact), follow=("holder_id",))
    caption_pairs(
        [
            (t("post"), name_of(catalog, position)),
            (t("organization"), name_of(catalog, impact.org_id)),
            (t("as_of"), impact.as_of),
        ]
    )
    m1, m2, m3 = st.columns(3)
    m1.metric(
        t("gp_holders"),
        ", ".join(name_of(catalog, h) for h in impact.holders) or t("vacant"),
    )
    m2.metric(t("gp_checked"), impact.subjects_checked)
    m3.metric(t("gp_lost"), len(impact.lost))
    st.subheader(t("gp_lost"))
    lost = frames.vacancy_tables(impact, catalog, lang)
    if len(lost):
        table(lost, "vacancy", name=f"vacancy-{position}-{as_of}", link=t("link"))
    else:
        st.success(t("gp_lost_none"), icon=":material/check_circle:")
    if impact.duties_unheld:
        st.subheader(t("gp_duties_unheld"))
        for duty in impact.duties_unheld:
            st.warning(f"{md(duty)} — {md(name_of(catalog, duty))}", icon=":material/gavel:")
    st.stop()

# -- gaps ----------------------------------------------------------------------------------
departments = cached_answers.departments(tok)
catalog.want(departments)
c1, c2, c3, c4 = st.columns([1, 2, 2, 2])
with c1:
    as_of = day_input("gp_as_of", date.today())
with c2:
    region = node_picker(t("region"), "region", "gp_region", regions, catalog)
with c3:
    sector = node_picker(t("sector"), "sector", "gp_sector", sectors, catalog)
with c4:
    department = node_picker(t("department"), "dept", "gp_dept", departments, catalog)

adopt_param("kind", "gp_kinds", lambda v: [k for k in v.split(",") if k in GAP_KINDS] or None)
kinds = st.multiselect(
    t("gp_kinds"),
    GAP_KINDS,
    **picker("gp_kinds"),
    format_func=lambda k: i18n.gap_kind_name(k, lang),
    placeholder=t("all"),
)
remember_param("kind", "gp_kinds", ",".join(kinds) if kinds else None)

# the gaps by what the filters read; names, wording and links only for the rows shown (and
# every row for the CSV): a province's 617k gaps named at once never finished
report, frame = cached_answers.gap_index(tok, as_of)
if region:
    frame = frame[frame["region_id"].isin(cached_answers.subtree(tok, region))]
if sector:
    frame = frame[frame["sector_id"].isin(cached_answers.subtree(tok, sector))]
if department:
    remit = cached_answers.org_portfolio(tok, department, as_of)
    frame = frames.within_remit(frame, department, {c.enterprise_id for c in remit.enterprises})


def shown_as(kind: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The rows of ``frame`` as the table shows them: their gaps named (the nodes they name
    read at once), worded and linked."""

    def finish(rows: pd.DataFrame) -> pd.DataFrame:
        gaps = [report.gaps[i] for i in rows["gap"]]
        catalog.want(named_ids(gaps), follow=("holder_id",))
        return frames.gap_kind_view(frames.gaps_frame(report, catalog, lang, gaps), kind, lang)

    return finish


shown = kinds or list(GAP_KINDS)
counts = frame["kind"].value_counts().to_dict() if len(frame) else {}
st.caption(" · ".join(f"{md(i18n.gap_kind_name(k))}: **{counts.get(k, 0)}**" for k in shown))
for kind in shown:
    part = frame[frame["kind"] == kind]
    with st.container(border=True, key=f"gap_{kind}"):
        st.markdown(f"#### {md(i18n.gap_kind_name(kind))} · {len(part)}")
        if len(part):
            table(
                part,
                f"gap_{kind}",
                name=f"gaps-{kind}-{as_of}",
                link=t("link"),
                page_rows=page_rows(),
                finish=shown_as(kind),
            )
        else:
            st.caption(t("gp_none"))
