"""One picker for a node chosen from a list (region, sector, department…): its value follows
the URL parameter it is named by, survives language switches, and is labelled by name and id.

Streamlit 1.67 can bind a widget to the URL itself (``bind="query-params"``), but it uses the
widget's key as the parameter's name, and a picker whose labels change with the language
needs one widget per language (see ``ui.picker_key``): the contract names (``?region=``,
``?dept=``) would become ``?gp_region|en=``. So the binding is done here, once, for every
picker."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_support.i18n import lang, t
from app_support.model import Catalog, name_of
from app_support.ui import adopt_param, picker, remember_param


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
