"""The app's questions, answered once and kept.

Small answers are kept with ``st.cache_data`` (a copy per visit: the page may change it).
Large read-only ones (every node, the gap report, the Overview's figures and frames) are
kept with ``st.cache_resource``: one object shared by every visit and session, never copied
or pickled (at 46k nodes a copy per visit cost seconds). Their callers must not change them.

The large ones are built by ``app_support.frozen.built_whole`` (the cyclic collector kept
out of them).

Every function takes ``token`` first (see ``app_support.store.token``): it names the data the
store holds, so a load gives fresh answers. The store itself is opened by ``get_store``; every
answer comes through the ``GraphStore`` interface, ``graph_model.accountability`` (the
contract) or ``graph_model.browse`` / ``graph_model.overview``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from app_support import frames, overview_frames
from app_support.frozen import built_whole
from app_support.model import with_label
from app_support.store import get_store
from app_support.store_catalog import StoreCatalog
from graph_model import accountability, accountability_paths, browse, overview
from graph_model.browse import Appointment, Edge, Subgraph
from graph_model.facts import GraphFacts
from graph_model.results import Chain, GapReport, Portfolio, VacancyImpact
from graph_model.schema import Label
from graph_model.store import Stats
from graph_model.sweep import Sweep, sweep

TTL = 600  # seconds: Neo4j may change under the app's feet


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=8)
def store_catalog(token: str) -> StoreCatalog:
    """The catalog read as a page names nodes (``StoreCatalog``): a page that shows one
    subject's chain need not read a province's every node first."""
    return StoreCatalog(lambda ids: get_store().nodes(ids))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def search(token: str, labels: tuple[str, ...], query: str | None) -> list[str]:
    """A picker's options: the store's search (``GraphStore.search_nodes``)."""
    return get_store().search_nodes(list(labels), query, browse.SEARCH_LIMIT)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
@built_whole
def directory(token: str, labels: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The catalog's entries of the nodes with one of ``labels`` only: a page that names a
    few kinds of node (the Overview: regions, sectors, enterprises) need not make an entry
    for each of a city's 100k nodes."""
    return {c.id: c.as_dict() for c in get_store().node_cards(labels)}


def entries(token: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The catalog's entries of a few nodes, read when asked (e.g. the five posts shown)."""
    return {i: {**props, "id": i} for i, props in get_store().nodes(sorted(set(ids))).items()}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def is_empty(token: str) -> bool:
    """No node of any kind (the label index: no count of every node)."""
    store = get_store()
    return not any(store.ids_with_label(label) for label in Label)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=8)
def stats(token: str) -> Stats:
    return get_store().stats()


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def chain(token: str, subject_id: str, as_of: str | None) -> Chain:
    return accountability.chain(get_store(), subject_id, as_of)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
@built_whole
def facts(token: str, as_of: str) -> GraphFacts:
    """The whole graph's facts on ``as_of``: read once, for the gap report and the sweep."""
    return get_store().graph_facts(as_of)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=64)
@built_whole
def gaps(token: str, as_of: str) -> GapReport:
    return accountability.gaps(get_store(), as_of, facts=facts(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=8)
@built_whole
def gap_index(token: str, as_of: str) -> tuple[GapReport, pd.DataFrame]:
    """The day's report and ``frames.gap_index`` of it (what the Gaps page filters by), made
    together: a row's place points into that very report. Read-only."""
    report = gaps(token, as_of)
    return report, frames.gap_index(report)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def person_portfolio(token: str, person_id: str, as_of: str) -> Portfolio:
    return accountability.person_portfolio(get_store(), person_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def org_portfolio(token: str, org_id: str, as_of: str) -> Portfolio:
    return accountability.org_portfolio(get_store(), org_id, as_of)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def vacancy(token: str, position_id: str, as_of: str) -> VacancyImpact:
    return accountability.vacancy_impact(get_store(), position_id, as_of)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=8)
def appointments(token: str) -> list[Appointment]:
    return get_store().all_appointments()


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def subtree(token: str, node_id: str) -> set[str]:
    """A region or sector and everything below it."""
    return get_store().subtree(node_id)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def neighbourhood(
    token: str, node_id: str, depth: int, cap: int, types: tuple[str, ...]
) -> Subgraph:
    return browse.neighbourhood(get_store(), node_id, depth, cap, types)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def paths(token: str, a: str, b: str, types: tuple[str, ...]) -> list[list[Edge]]:
    return browse.shortest_paths(get_store(), a, b, types)


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=4)
@built_whole
def swept(token: str, as_of: str) -> Sweep:
    """Every enterprise's chain on ``as_of``, found set-wise (what the Overview reads)."""
    return sweep(get_store(), as_of, facts(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
@built_whole
def coverage(token: str, as_of: str) -> overview.CoverageFigures:
    """The overview's figures on ``as_of``."""
    return overview.coverage_figures(get_store(), as_of, gaps(token, as_of), swept(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
@built_whole
def coverage_frames(token: str, as_of: str) -> overview_frames.Coverage:
    """The overview's figures on ``as_of`` as tables (one row per enterprise, hazard, post)."""
    return overview_frames.coverage(coverage(token, as_of))


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
@built_whole
def actions(token: str, as_of: str) -> tuple[overview.ActionItem, ...]:
    """The open hazards that need action on ``as_of``, the most urgent first."""
    return overview.action_items(get_store(), as_of, gaps(token, as_of), swept(token, as_of))


# -- the Overview's tables, each made once per day, language and filter ------------------------
# the kinds of node the Overview reads whole: its places, and the enterprises' (what the
# monthly charts' region and sector filters keep); the hazards and accidents it charts are
# counted by the store (``by_month``), the action list's enterprises named page by page
OVERVIEW_LABELS = ("Region", "Sector", "Enterprise")


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def gap_counts(token: str, as_of: str, region: str | None, sector: str | None) -> dict[str, int]:
    """Gaps per kind within the filters, from the report itself (no table of every gap)."""
    return overview_frames.gap_counts(gaps(token, as_of), *_within(token, region, sector))


def _within(token: str, region: str | None, sector: str | None) -> tuple[Any, Any]:
    return (
        subtree(token, region) if region else None,
        subtree(token, sector) if sector else None,
    )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def coverage_breakdown(
    token: str, as_of: str, by: str, language: str, region: str | None, sector: str | None
) -> pd.DataFrame:
    """``overview_frames.breakdown`` within the filters: one row per region or sector."""
    cov = overview_frames.within(coverage_frames(token, as_of), *_within(token, region, sector))
    places = directory(token, OVERVIEW_LABELS)
    sector_cards = {c.id: c for c in get_store().node_cards(("Sector",))}
    return overview_frames.breakdown(cov, places, sector_cards, by, language)


@dataclass(frozen=True, eq=False)  # its identity: never hashed by its frame
class ActionList:
    """The day's action list within the filters: its items, ``overview_frames.action_index``
    of them (each row an item's place in ``items``), made together so that a row always
    points into this very list (cached apart, the items could be made again while an index
    of the old ones lived on), and the pages already worded, by language and rows."""

    items: tuple[overview.ActionItem, ...]
    rows: pd.DataFrame
    pages: dict[tuple[str, int, int], pd.DataFrame] = field(default_factory=dict)


PAGES_KEPT = 32  # worded pages kept per list: a page is 100 rows, a province's list 3,238 pages


@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=16)
@built_whole
def action_index(token: str, as_of: str, region: str | None, sector: str | None) -> ActionList:
    items = actions(token, as_of)
    return ActionList(items, overview_frames.action_index(items, *_within(token, region, sector)))


def action_frame(
    token: str, listed: ActionList, as_of: str, language: str, rows: pd.DataFrame
) -> pd.DataFrame:
    """``rows`` of ``listed.rows`` named and worded, with their links: a page shown (kept with
    the list, read-only), or every row for the CSV (made when asked, not kept). Only their
    enterprises' entries are read."""
    kept = 0 < len(rows) <= overview_frames.overview_page_rows()
    key = (language, int(rows.index[0]), int(rows.index[-1]) + 1) if kept else None
    if key in listed.pages:
        return listed.pages[key]
    picked = [listed.items[i] for i in rows["item"]]
    names = entries(token, sorted({item.enterprise_id for item in picked if item.enterprise_id}))
    frame = overview_frames.with_links(
        overview_frames.action_frame(picked, names, as_of, language), language
    )
    if key is not None:
        if len(listed.pages) >= PAGES_KEPT:
            listed.pages.pop(next(iter(listed.pages)), None)  # the oldest
        listed.pages[key] = frame
    return frame


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def ids_with(token: str, label: str) -> list[str]:
    """The ids of the nodes with ``label``, sorted (the store's label index)."""
    return sorted(get_store().ids_with_label(label))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def departments(token: str) -> list[str]:
    """The departments' ids, sorted: of the organizations that are not enterprises (a
    province's 200k enterprises are organizations too), those of kind department."""
    store = get_store()
    ids = sorted(
        set(store.ids_with_label("Organization")) - set(store.ids_with_label("Enterprise"))
    )
    return [i for i, node in store.nodes(ids).items() if node.get("kind") == "department"]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def newest_day(token: str) -> str | None:
    """The latest day the data carries (on hazards, accidents, sources), found by the store."""
    return get_store().newest_day(overview_frames.DATED_LABELS, overview_frames.DATE_KEYS)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def by_month(
    token: str,
    label: str,
    date_key: str,
    language: str,
    region: str | None,
    sector: str | None,
) -> pd.DataFrame:
    """Counts per month and grade of hazards or accidents, within the filters, counted by
    the store (a province's 1.2M hazards are a few hundred counts)."""
    enterprises: set[str] | None = None
    if region or sector:
        regions, sectors = _within(token, region, sector)
        enterprises = {
            n["id"]
            for n in with_label(directory(token, OVERVIEW_LABELS), "Enterprise")
            if (regions is None or n.get("region_id") in regions)
            and (sectors is None or n.get("sector_id") in sectors)
        }
    counts = get_store().month_counts(
        label, date_key, overview_frames.month_fields(label), enterprises
    )
    return overview_frames.by_month(counts, label, language)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def accountable_paths(
    token: str, a: str, b: str, as_of: str
) -> list[accountability_paths.AccountabilityPath]:
    return accountability_paths.find(get_store(), a, b, as_of)
