"""Accountability Graph: the Streamlit entry point (navigation, language, the store)."""

from __future__ import annotations

import streamlit as st

from app_support import cards, html_tables, i18n, month_bars
from app_support.i18n import t
from app_support.store import get_store, resolve_config
from app_support.ui import adopt_param, md, param, remember_param, store_banner
from graph_model.store import StoreUnavailable
from graph_model.store.config import store_errors

st.set_page_config(
    page_title="Accountability Graph · 安全生产责任图谱",
    page_icon=":material/balance:",
    layout="wide",
    initial_sidebar_state="collapsed",
)

adopt_param("lang", i18n.LANG_KEY, lambda v: v if v in i18n.LANGS else None)

pages = {
    "overview": st.Page(
        "app_pages/overview.py",
        title=t("page_overview"),
        icon=":material/dashboard:",
        url_path="home",  # served at the root; the name only reserves a path
        default=True,
    ),
    "hazard": st.Page(
        "app_pages/hazard.py",
        title=t("page_chain"),
        icon=":material/account_tree:",
        url_path="hazard",
    ),
    "portfolio": st.Page(
        "app_pages/portfolio.py",
        title=t("page_portfolio"),
        icon=":material/badge:",
        url_path="portfolio",
    ),
    "gaps": st.Page(
        "app_pages/gaps.py", title=t("page_gaps"), icon=":material/report:", url_path="gaps"
    ),
    "explore": st.Page(
        "app_pages/explore.py",
        title=t("page_explore"),
        icon=":material/explore:",
        url_path="explore",
    ),
    "data": st.Page(
        "app_pages/data.py", title=t("page_data"), icon=":material/database:", url_path="data"
    ),
    "documents": st.Page(
        "app_pages/documents.py",
        title=t("page_documents"),
        icon=":material/description:",
        url_path="documents",
    ),
    # the Overview under its own name too (a default page answers only at the root, and
    # ``/overview`` said "Page not found"); registered last, so links go to the root
    "overview_alias": st.Page(
        "app_pages/overview.py",
        title=t("page_overview"),
        url_path="overview",
        visibility="hidden",
    ),
}
current = st.navigation(list(pages.values()), position="top")

# A deep link to the root (``/?hazard=HZ-1``) opens the view it names: on the session's
# first run only, where the visit began. Later in a session the Overview can be reached with
# another page's parameters still in its address (the top navigation, the browser's back
# button); forwarding then sent the user back to the page they had just left.
first_run = "_accgraph_session_began" not in st.session_state
st.session_state["_accgraph_session_began"] = True
if first_run and current in (pages["overview"], pages["overview_alias"]):
    for name, target in (
        ("hazard", "hazard"),
        ("accident", "hazard"),
        ("person", "portfolio"),
        ("org", "portfolio"),
        ("position", "gaps"),
        ("kind", "gaps"),
        ("node", "explore"),
    ):
        if param(name):
            st.switch_page(pages[target], query_params=st.query_params.to_dict())

config = resolve_config()
backend = t("store_neo4j") if config.backend == "neo4j" else t("store_memory")
with st.sidebar:
    st.markdown(f"### :material/balance: {t('app_title')}")
    st.caption(t("app_tagline"))
    st.caption(f"{t('store')}: **{backend}**  \n{md(config.location)}")

# less empty space above the page, and the look of the figure cards, tables and monthly charts;
# static CSS, no data
st.html(
    "<style>[data-testid='stMainBlockContainer']{padding-top:4.6rem;padding-bottom:3rem}"
    "[data-testid='stMainBlockContainer'] h1{font-size:2.1rem;padding-top:0.2rem}"
    f"{cards.CSS}{html_tables.CSS}{month_bars.CSS}</style>"
)

# the header: the product's name, and the language switch on every page
if st.session_state.get(i18n.LANG_KEY) not in i18n.LANGS:
    st.session_state[i18n.LANG_KEY] = "en"
with st.container(key="app_header"):
    name_col, lang_col = st.columns([5, 1], vertical_alignment="center")
    name_col.markdown(f":material/balance: **{t('app_title')}** · :gray[{t('app_tagline')}]")
    with lang_col:
        st.segmented_control(
            t("language"),
            i18n.LANGS,
            format_func=lambda v: {"en": "English", "zh": "中文"}[v],
            key=i18n.LANG_KEY,
            required=True,
            label_visibility="collapsed",
            width="stretch",
        )
# an address that names the language (a card's link names it) follows a switch, so that a
# reload or a shared link shows the language on screen
if param("lang") and param("lang") != st.session_state[i18n.LANG_KEY]:
    remember_param("lang", i18n.LANG_KEY, st.session_state[i18n.LANG_KEY])

hint = "store_down_hint" if config.backend == "neo4j" else "store_file_hint"
try:
    store = get_store(config)
except StoreUnavailable as exc:
    store_banner(str(exc), hint)
    st.stop()
for notice in store.notices:  # e.g. an unreadable store file replaced by its backup
    st.warning(md(notice), icon=":material/restore:")

try:
    current.run()
except store_errors() as exc:
    # Neo4j went away (or refused) while the page was reading: say where and why
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    store_banner(f"{config.location}: {reason}", hint)
