"""The app's questions, answered once and kept (``st.cache_data``).

Every function takes ``token`` first (see ``app_support.store.token``): it names the data the
store holds, so a load gives fresh answers. The store itself is opened by ``get_store``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_support import graph_access
from app_support.store import get_store
from graph_model import accountability
from graph_model.results import Chain, GapReport, Portfolio, VacancyImpact
from graph_model.store import Stats

TTL = 600  # seconds: Neo4j may change under the app's feet


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def catalog(token: str) -> dict[str, dict[str, Any]]:
    """Every node by id: its properties plus ``labels``."""
    return {n["id"]: n for n in graph_access.all_nodes(get_store())}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def stats(token: str) -> Stats:
    return get_store().stats()


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def chain(token: str, subject_id: str, as_of: str | None) -> Chain:
    return accountability.chain(get_store(), subject_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def gaps(token: str, as_of: str) -> GapReport:
    return accountability.gaps(get_store(), as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def person_portfolio(token: str, person_id: str, as_of: str) -> Portfolio:
    return accountability.person_portfolio(get_store(), person_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def org_portfolio(token: str, org_id: str, as_of: str) -> Portfolio:
    return accountability.org_portfolio(get_store(), org_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def vacancy(token: str, position_id: str, as_of: str) -> VacancyImpact:
    return accountability.vacancy_impact(get_store(), position_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def appointments(token: str) -> list[dict[str, Any]]:
    return graph_access.all_appointments(get_store())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def neighbourhood(
    token: str, node_id: str, depth: int, cap: int, types: tuple[str, ...]
) -> graph_access.Subgraph:
    return graph_access.neighbourhood(get_store(), node_id, depth, cap, types)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def paths(token: str, a: str, b: str, types: tuple[str, ...]) -> list[list[graph_access.Edge]]:
    return graph_access.shortest_paths(get_store(), a, b, types)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def open_hazard_chains(token: str, as_of: str) -> dict[str, Chain]:
    """The chain, on ``as_of``, of every hazard open on that day."""
    from app_support.model import is_open

    nodes = catalog(token)
    store = get_store()
    return {
        n["id"]: accountability.chain(store, n["id"], as_of)
        for n in nodes.values()
        if "Hazard" in n["labels"] and is_open(n, as_of)
    }
