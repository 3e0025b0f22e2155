"""The app's pickers. One for a node chosen from a list (region, sector, department…): its
value follows the URL parameter it is named by, survives language switches, and is labelled
by name and id.

Streamlit 1.67 can bind a widget to the URL itself (``bind="query-params"``), but it uses the
widget's key as the parameter's name, and a picker whose labels change with the language
needs one widget per language (see ``ui.picker_key``): the contract names (``?region=``,
``?dept=``) would become ``?gp_region|en=``. So the binding is done here, once, for every
picker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_support.i18n import lang, t
from app_support.model import Catalog, name_of
from app_support.ui import adopt_param, picker, remember_param

Find = Callable[[str | None], list[str]]  # the ids a search finds, in order


def node_label(catalog: Catalog, node_id: str, language: str | None = None) -> str:
    """``Name (ID)`` in the language, or the id alone for a node the catalog lacks."""
    name = name_of(catalog, node_id, language)
    return f"{name} ({node_id})" if name and name != node_id else node_id


def node_picker(
    label: str,
    url_name: str,
    state_key: str,
    options: Sequence[str],
    catalog: Catalog,
    *,
    placeholder: str | None = None,
) -> str | None:
    """A selectbox of node ids bound to ``?url_name=``: a deep link's value is adopted when it
    is one of ``options`` (anything else is dropped), the choice is written back."""
    allowed = set(options)
    adopt_param(url_name, state_key, lambda v: v if v in allowed else None)
    language = lang()
    value = st.selectbox(
        label,
        list(options),
        index=None,
        **picker(state_key),
        placeholder=placeholder or t("all"),
        format_func=lambda node_id: node_label(catalog, node_id, language),
    )
    remember_param(url_name, state_key, value)
    return value


def subject_picker(
    label: str,
    state_key: str,
    find: Find,
    format_func: Callable[[str], str],
    *,
    pick_col: Any,
    search_col: Any,
    search_key: str,
    search_placeholder: str | None = None,
) -> str | None:
    """The one subject picker of the app (a hazard, a person, a post, any node): a search box
    narrows a selectbox of ids (``find``: the ids a query finds, the store's search), whose
    value lives under ``state_key`` whatever the language (deep links write it there first
    with ``adopt_param``). The value shown stays an option even when the search no longer
    finds it."""
    with search_col:
        query = st.text_input(
            t("search"), key=search_key, help=t("search_help"), placeholder=search_placeholder
        )
    options = find(query)
    current = st.session_state.get(state_key)
    if current and current not in options:
        options = [current, *options]
    with pick_col:
        chosen = st.selectbox(
            label,
            options,
            index=None,
            **picker(state_key),
            placeholder=label + "…",
            format_func=format_func,
        )
    if not options and query:
        with search_col:
            st.caption(t("no_match"))
    return chosen
