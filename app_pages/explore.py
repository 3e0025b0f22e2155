"""Explore: a node's neighbourhood, paths between two nodes, and (on Neo4j) a read-only
Cypher console with saved audit cached_answers."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from app_support import cached_answers, graph_view, i18n
from app_support.cypher_library import EXAMPLE_QUERY, LIBRARY, SavedQuery
from app_support.i18n import t
from app_support.model import name_of, primary_label
from app_support.pickers import subject_picker
from app_support.store import get_store, token
from app_support.store_catalog import named_ids
from app_support.ui import adopt_param, day_input, download_csv, md, picker, remember_param
from graph_model.browse import Edge
from graph_model.schema import Label, Rel
from graph_model.store import ReadOnlyViolation

RELATIONSHIP_TYPES = [r.value for r in Rel]

tok = token()
# entries read as the page names nodes: not a province's every node before the page starts
catalog = cached_answers.store_catalog(tok)
empty = cached_answers.is_empty(tok)
lang = i18n.lang()
EVERY_LABEL = tuple(label.value for label in Label)

st.title(f"{t('page_explore')}")
VIEWS = ("neighbourhood", "paths", "console")
adopt_param("view", "ex_view", lambda v: v if v in VIEWS else None)
if not st.session_state.get("ex_view"):
    st.session_state["ex_view"] = "neighbourhood"
view = st.segmented_control(
    t("page_explore"),
    VIEWS,
    key="ex_view",
    required=True,
    format_func=lambda v: {
        "neighbourhood": t("ex_neighbourhood", lang),
        "paths": t("ex_paths", lang),
        "console": t("ex_console", lang),
    }[v],
    label_visibility="collapsed",
)
remember_param("view", "ex_view", None if view == "neighbourhood" else view)


def node_label(node_id: str) -> str:
    node = catalog.get(node_id)
    if not node:
        return node_id
    label = i18n.label_name(primary_label(node), lang)
    return f"{label} · {name_of(catalog, node_id, lang)} ({node_id})"


def node_picker(label: str, key: str, url_name: str) -> str | None:
    adopt_param(url_name, key)
    pick_col, search_col = st.columns([3, 2])

    def find(query: str | None) -> list[str]:
        found = cached_answers.search(tok, EVERY_LABEL, query)
        catalog.want(found)  # the options named in one round trip
        return found

    chosen = subject_picker(
        label,
        key,
        find,
        node_label,
        pick_col=pick_col,
        search_col=search_col,
        search_key=f"{key}|search",
    )
    remember_param(url_name, key, chosen)
    return chosen


def edges_frame(edges: list[Edge]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("from"): e.start,
                t("from") + " · " + t("name"): name_of(catalog, e.start),
                t("ex_rel"): i18n.rel_name(e.type, lang),
                t("to"): e.end,
                t("to") + " · " + t("name"): name_of(catalog, e.end),
                t("valid_from"): e.props.get("start") or "",
                t("valid_to"): e.props.get("end") or "",
                t("sources"): ", ".join(str(s) for s in e.props.get("source_ids") or []),
            }
            for e in edges
        ]
    )


def ordered(path: list[Edge], start: str) -> list[str]:
    """The nodes of a path from ``start``, whatever the links' directions."""
    nodes = [start]
    for edge in path:
        nodes.append(edge.end if edge.start == nodes[-1] else edge.start)
    return nodes


def accountability_paths(a: str, b: str, day: str) -> None:
    """Each level at which one node answers for the other on ``day``, with its links."""
    found = cached_answers.accountable_paths(tok, a, b, day)
    catalog.want(named_ids(found))
    if not found:
        st.info(t("ex_no_accountability"), icon=":material/block:")
        return
    with st.container(key="ex_accountability"):
        for i, p in enumerate(found, start=1):
            e = p.entry
            st.markdown(
                f"**{i}. {md(i18n.level_name(e.level, lang))}** · "
                f"{md(i18n.pick(e.person_name, e.person_name_zh, lang))} · "
                f"{md(i18n.responsibility_name(e.responsibility, lang))}"
            )
            frame = pd.DataFrame(
                [
                    {
                        t("from"): name_of(catalog, lk.start, lang),
                        t("ex_rel"): i18n.rel_name(lk.rel, lang),
                        t("to"): name_of(catalog, lk.end, lang),
                        t("from") + " (" + t("date") + ")": lk.valid_from or "",
                        t("to") + " (" + t("date") + ")": lk.valid_to or "",
                        t("sources"): ", ".join(lk.source_ids),
                    }
                    for lk in e.path
                ]
            )
            st.dataframe(frame, hide_index=True, key=f"ex_acc_{i}")
            download_csv(frame, f"accountability-{a}-{b}-{day}-{i}", f"ex_acc_{i}")


def use_saved(saved: SavedQuery) -> None:
    """Put a saved query and its parameters in the console (before its widgets exist)."""
    st.session_state["ex_cypher"] = saved.cypher
    st.session_state["ex_params"] = json.dumps(saved.params, ensure_ascii=False)


def cell(value: object) -> object:
    """A console value a table can show: nodes, relationships and paths as text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


if view == "neighbourhood":
    if empty:
        st.info(t("store_empty"), icon=":material/info:")
        st.stop()
    node_id = node_picker(t("ex_node"), "ex_node", "node")
    adopt_param("depth", "ex_depth", lambda v: int(v) if v.isdigit() and 1 <= int(v) <= 4 else None)
    adopt_param("cap", "ex_cap", lambda v: int(v) if v.isdigit() and 5 <= int(v) <= 400 else None)
    st.session_state.setdefault("ex_depth", 1)
    st.session_state.setdefault("ex_cap", 60)
    c1, c2, c3 = st.columns([1, 1, 3])
    with c1:
        depth = st.slider(t("ex_depth"), 1, 4, key="ex_depth")
    with c2:
        cap = st.number_input(t("ex_cap"), 5, 400, step=5, key="ex_cap")
    remember_param("depth", "ex_depth", None if depth == 1 else str(depth))
    remember_param("cap", "ex_cap", None if cap == 60 else str(int(cap)))
    with c3:
        types = st.multiselect(
            t("ex_rel_types"),
            RELATIONSHIP_TYPES,
            **picker("ex_types"),
            placeholder=t("all"),
            format_func=lambda r: i18n.rel_name(r, lang),
        )
    if not node_id:
        st.stop()
    sub = cached_answers.neighbourhood(tok, node_id, int(depth), int(cap), tuple(types))
    catalog.want(x for e in sub.edges for x in (e.start, e.end))
    if sub.truncated:
        st.warning(f"{t('ex_truncated')} {int(cap)}.", icon=":material/content_cut:")
    graph_col, list_col = st.columns([3, 2])
    with graph_col, st.container(key="explore_graph"):
        st.iframe(graph_view.subgraph_html(sub, [node_id], lang, 680), height="content")
    with list_col:
        nodes = pd.DataFrame(
            [
                {
                    t("id"): n,
                    t("kind"): i18n.label_name(primary_label(p)),
                    t("name"): i18n.display_name(p),
                }
                for n, p in sub.nodes.items()
            ]
        )
        st.markdown(f"**{t('ex_nodes')}** · {len(nodes)}")
        st.dataframe(nodes, hide_index=True, height=250, key="ex_nodes_tbl")
        download_csv(nodes, f"neighbourhood-{node_id}-nodes", "ex_nodes")
        edges = edges_frame(sub.edges)
        st.markdown(f"**{t('ex_edges')}** · {len(edges)}")
        st.dataframe(edges, hide_index=True, height=250, key="ex_edges_tbl")
        download_csv(edges, f"neighbourhood-{node_id}-links", "ex_edges")

elif view == "paths":
    if empty:
        st.info(t("store_empty"), icon=":material/info:")
        st.stop()
    a = node_picker(t("ex_from"), "ex_a", "from")
    b = node_picker(t("ex_to"), "ex_b", "to")
    mode_col, day_col = st.columns([3, 1])
    with mode_col:
        adopt_param("links", "ex_links", lambda v: v if v in ("accountability", "any") else None)
        if not st.session_state.get("ex_links"):
            st.session_state["ex_links"] = "accountability"
        links = st.segmented_control(
            t("ex_links"),
            ("accountability", "any"),
            key="ex_links",
            required=True,
            format_func=lambda v: t(f"ex_links_{v}", lang),
        )
        remember_param("links", "ex_links", None if links == "accountability" else links)
    if links == "accountability":
        with day_col:
            day = day_input("ex_as_of", date.today())
        if not (a and b):
            st.stop()
        accountability_paths(a, b, day)
        st.stop()
    types = st.multiselect(
        t("ex_rel_types"),
        RELATIONSHIP_TYPES,
        **picker("ex_path_types"),
        placeholder=t("all"),
        format_func=lambda r: i18n.rel_name(r, lang),
    )
    if not (a and b):
        st.stop()
    st.caption(t("ex_any_note"))
    found = cached_answers.paths(tok, a, b, tuple(types))
    if not found:
        st.info(t("ex_no_path"), icon=":material/block:")
        st.stop()
    catalog.want(x for path in found for e in path for x in (e.start, e.end))
    sub, positions = graph_view.path_layout(found, catalog, a)
    with st.container(key="path_graph"):
        height = max(260, 140 * len(found) + 120)
        st.iframe(
            graph_view.subgraph_html(sub, [a, b], lang, height, positions=positions),
            height="content",
        )
    for i, path in enumerate(found, start=1):
        st.markdown(f"**{i}.** " + " → ".join(md(name_of(catalog, n)) for n in ordered(path, a)))
        frame = edges_frame(path)
        st.dataframe(frame, hide_index=True, key=f"ex_path_{i}")
        download_csv(frame, f"path-{a}-{b}-{i}", f"ex_path_{i}")

else:
    store = get_store()
    on_neo4j = store.has_console
    if not on_neo4j:
        st.info(t("ex_console_memory"), icon=":material/info:")
    else:
        if "ex_params" not in st.session_state:
            st.session_state["ex_params"] = "{}"
        with st.form("ex_console_form", border=True):
            query = st.text_area(
                t("ex_query"),
                key="ex_cypher",
                height=160,
                placeholder=EXAMPLE_QUERY,
            )
            c1, c2, c3 = st.columns([3, 1, 1])
            with c1:
                params_text = st.text_input(t("ex_params"), key="ex_params")
            with c2:
                limit = st.number_input(t("ex_limit"), 1, 10000, 200, key="ex_limit")
            with c3:
                timeout = st.number_input(t("ex_timeout"), 1, 120, 10, key="ex_timeout")
            submitted = st.form_submit_button(t("ex_run"), type="primary")
        if submitted and query.strip():
            try:
                params = json.loads(params_text or "{}")
                if not isinstance(params, dict):
                    raise ValueError("parameters must be a JSON object")
            except ValueError as exc:
                st.error(f"{t('ex_failed')} {md(exc)}", icon=":material/error:")
                st.stop()
            try:
                columns, rows, truncated = store.read_only_query(
                    query, params, limit=int(limit), timeout_s=float(timeout)
                )
            except ReadOnlyViolation as exc:
                st.error(f"**{t('ex_refused')}** {md(exc)}", icon=":material/lock:")
            except Exception as exc:  # a syntax error, a timeout: show it, no traceback
                code = getattr(exc, "code", None) or type(exc).__name__
                message = getattr(exc, "message", None) or str(exc)
                st.error(f"{t('ex_failed')} {md(code)} — {md(message)}", icon=":material/error:")
            else:
                if truncated:
                    st.warning(
                        f"{t('ex_truncated_rows')} {int(limit)}.", icon=":material/content_cut:"
                    )
                frame = pd.DataFrame(
                    [{c: cell(r.get(c)) for c in columns} for r in rows], columns=columns
                )
                st.dataframe(frame, hide_index=True, key="ex_result")
                download_csv(frame, "cypher-result", "ex_result")

    st.subheader(t("ex_library"))
    for saved in LIBRARY:
        with st.expander(i18n.pick(saved.title, saved.title_zh)):
            st.code(saved.cypher, language="cypher")
            if saved.params:
                st.code(json.dumps(saved.params, ensure_ascii=False), language="json")
            if on_neo4j:
                st.button(t("ex_use"), key=f"ex_use|{saved.key}", on_click=use_saved, args=(saved,))
