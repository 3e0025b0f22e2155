"""Accountability Graph: the Streamlit entry point (navigation, language, the store)."""

from __future__ import annotations

import streamlit as st
from neo4j.exceptions import DriverError, Neo4jError

from app_support import i18n
from app_support.i18n import t
from app_support.store import get_store, resolve_config
from app_support.ui import adopt_param, md, param, store_banner
from graph_model.store import StoreUnavailable

st.set_page_config(
    page_title="Accountability Graph · 安全生产责任图谱",
    page_icon="⚖️",
    layout="wide",
    initial_sidebar_state="expanded",
)

adopt_param("lang", i18n.LANG_KEY, lambda v: v if v in i18n.LANGS else None)

pages = {
    "overview": st.Page(
        "app_pages/overview.py",
        title=t("page_overview"),
        icon="📊",
        url_path="overview",
        default=True,
    ),
    "hazard": st.Page("app_pages/hazard.py", title=t("page_chain"), icon="🔗", url_path="hazard"),
    "portfolio": st.Page(
        "app_pages/portfolio.py", title=t("page_portfolio"), icon="👤", url_path="portfolio"
    ),
    "gaps": st.Page("app_pages/gaps.py", title=t("page_gaps"), icon="⚠️", url_path="gaps"),
    "explore": st.Page(
        "app_pages/explore.py", title=t("page_explore"), icon="🧭", url_path="explore"
    ),
    "data": st.Page("app_pages/data.py", title=t("page_data"), icon="🗂️", url_path="data"),
}
current = st.navigation(list(pages.values()), position="top")

# A deep link to the root (``/?hazard=HZ-1``) opens the view it names.
if current is pages["overview"]:
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
with st.sidebar:
    st.markdown(f"### ⚖️ {t('app_title')}")
    st.caption(t("app_tagline"))
    st.radio(
        t("language") + " / Language",
        i18n.LANGS,
        format_func=lambda v: {"en": "English", "zh": "中文"}[v],
        key=i18n.LANG_KEY,
        horizontal=True,
    )
    backend = t("store_neo4j") if config.backend == "neo4j" else t("store_memory")
    st.caption(f"{t('store')}: **{backend}**  \n{md(config.location)}")

try:
    get_store(config)
except StoreUnavailable as exc:
    store_banner(str(exc))
    st.stop()

try:
    current.run()
except (StoreUnavailable, DriverError, Neo4jError) as exc:
    # Neo4j went away (or refused) while the page was reading: say where and why
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    store_banner(f"{config.location}: {reason}")
