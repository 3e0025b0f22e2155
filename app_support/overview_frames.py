"""The overview's tables: coverage figures (``graph_model.overview``) as DataFrames, per
region and per sector, and counts by month for the charts."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app_support import i18n
from app_support.frames import deep_link
from app_support.model import Catalog, name_of
from graph_model.browse import NodeCard, top_of
from graph_model.overview import ActionItem, CoverageFigures, Person
from graph_model.results import GAP_KINDS, GapReport
from graph_model.schema import ACCIDENT_FIGURES, accident_grade_of
from graph_model.store.base import MonthCount


@dataclass
class Coverage:
    """Numerators and denominators, one row per enterprise / hazard / post."""

    enterprises: pd.DataFrame  # id, region_id, sector_id, supervised
    hazards: pd.DataFrame  # id, region_id, sector_id, chain_ok, major, five_ok
    posts: pd.DataFrame  # id, region_id, sector_id, filled


def coverage(figures: CoverageFigures) -> Coverage:
    def frame(rows: tuple[Any, ...], columns: list[str]) -> pd.DataFrame:
        # column by column: asdict() per row deep-copies, seconds for 15,000 hazards
        return pd.DataFrame({c: [getattr(r, c) for r in rows] for c in columns}, columns=columns)

    return Coverage(
        frame(figures.enterprises, ["id", "region_id", "sector_id", "supervised"]),
        frame(figures.hazards, ["id", "region_id", "sector_id", "chain_ok", "major", "five_ok"]),
        frame(figures.posts, ["id", "region_id", "sector_id", "filled"]),
    )


def _share(part: pd.Series) -> float | None:
    return float(part.mean()) if len(part) else None


def totals(cov: Coverage) -> dict[str, tuple[float | None, int, int]]:
    """metric -> (share, numerator, denominator)."""
    majors = cov.hazards[cov.hazards["major"]] if len(cov.hazards) else cov.hazards
    pairs = {
        "ov_supervised": cov.enterprises["supervised"] if len(cov.enterprises) else pd.Series(),
        "ov_chain_ok": cov.hazards["chain_ok"] if len(cov.hazards) else pd.Series(),
        "ov_posts_filled": cov.posts["filled"] if len(cov.posts) else pd.Series(),
        "ov_five": majors["five_ok"] if len(majors) else pd.Series(),
    }
    return {
        key: (_share(series), int(series.sum()) if len(series) else 0, len(series))
        for key, series in pairs.items()
    }


def gap_counts(
    report: GapReport, regions: set[str] | None, sectors: set[str] | None
) -> dict[str, int]:
    """Gaps per kind (every kind, 0 when none) in ``regions`` and ``sectors`` (``None``: all)."""
    counts = dict.fromkeys(GAP_KINDS, 0)
    for g in report.gaps:
        if regions is not None and g.region_id not in regions:
            continue
        if sectors is not None and g.sector_id not in sectors:
            continue
        counts[g.kind] = counts.get(g.kind, 0) + 1
    return counts


def within(cov: Coverage, regions: set[str] | None, sectors: set[str] | None) -> Coverage:
    """The rows in ``regions`` and ``sectors`` (``None``: all), as a new ``Coverage``: the one
    given is a cached resource shared by every visit, never changed."""
    if regions is None and sectors is None:
        return cov

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=frame.index)
        if regions is not None:
            mask &= frame["region_id"].isin(regions)
        if sectors is not None:
            mask &= frame["sector_id"].isin(sectors)
        return frame[mask]

    return Coverage(keep(cov.enterprises), keep(cov.hazards), keep(cov.posts))


def breakdown(
    cov: Coverage,
    catalog: Catalog,
    cards: Mapping[str, NodeCard],
    by: str,
    language: str | None = None,
) -> pd.DataFrame:
    """One row per region (``by="region_id"``) or top-level sector (``by="sector_id"``).
    Grouped in one pass per table (one filter per region was seconds at a city's size)."""
    t = lambda k: i18n.t(k, language)  # noqa: E731
    keys_of: dict[Any, str | None] = {}

    def group_key(value: Any) -> str | None:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        if value not in keys_of:
            keys_of[value] = str(value) if by == "region_id" else top_of(cards, str(value))
        return keys_of[value]

    def grouped(frame: pd.DataFrame, column: str | None) -> tuple[dict[str, int], dict[str, float]]:
        """Rows per group, and the share of ``column`` true per group."""
        if not len(frame):
            return {}, {}
        groups = frame.groupby([group_key(v) for v in frame[by]], dropna=True)
        sizes = {str(k): int(n) for k, n in groups.size().items()}
        shares = {str(k): float(v) for k, v in groups[column].mean().items()} if column else {}
        return sizes, shares

    majors = cov.hazards[cov.hazards["major"]] if len(cov.hazards) else cov.hazards
    e_n, e_share = grouped(cov.enterprises, "supervised")
    h_n, h_share = grouped(cov.hazards, "chain_ok")
    p_n, p_share = grouped(cov.posts, "filled")
    m_n, m_share = grouped(majors, "five_ok")
    keys = {k for k in (*e_n, *h_n, *p_n) if k}
    rows = []
    for key in sorted(keys):
        rows.append(
            {
                t("region") if by == "region_id" else t("sector"): name_of(catalog, key, language),
                "id": key,
                t("ov_enterprises"): e_n.get(key, 0),
                t("ov_supervised"): e_share.get(key),
                t("ov_open_hazards"): h_n.get(key, 0),
                t("ov_chain_ok"): h_share.get(key),
                t("ov_principal_posts"): p_n.get(key, 0),
                t("ov_posts_filled"): p_share.get(key),
                t("ov_major_open"): m_n.get(key, 0),
                t("ov_five"): m_share.get(key),
            }
        )
    frame = pd.DataFrame(rows)
    if by == "sector_id" and len(frame):
        frame = frame.drop(columns=[t("ov_principal_posts"), t("ov_posts_filled")])
    return frame


def month_fields(label: str) -> tuple[str, ...]:
    """What ``by_month`` needs of each hazard or accident: its grade, and an accident's
    figures (an accident given no grade is graded by them)."""
    return ("grade", *ACCIDENT_FIGURES) if label == "Accident" else ("grade",)


def by_month(counts: Iterable[MonthCount], label: str, language: str | None = None):
    """Counts per month (``YYYY-MM``) and grade, one column per grade, from the store's
    ``month_counts(label, date_key, month_fields(label))``. An accident given no grade counts
    under the grade its figures reach (the regulation's grade is the figures'), one with
    neither under "not graded", never under a blank name."""
    fields = month_fields(label)

    def grade(values: tuple[Any, ...]) -> str:
        props = dict(zip(fields, values, strict=True))
        code = accident_grade_of(props) if label == "Accident" else props.get("grade")
        return i18n.grade_name(code, language) if code else i18n.t("not_graded", language)

    rows = [(month, grade(values), n) for month, values, n in counts]
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows, columns=["month", "grade", "n"])
    table = frame.groupby(["month", "grade"])["n"].sum().unstack(fill_value=0).sort_index()
    months = pd.period_range(table.index.min(), table.index.max(), freq="M").astype(str)
    order = [i18n.grade_name(g, language) for g in GRADE_ORDER]
    columns = [c for c in order if c in table.columns]
    columns += [c for c in table.columns if c not in columns]
    return table.reindex(months, fill_value=0)[columns]


GRADE_ORDER = ("general", "relatively_large", "major", "especially_serious")
GRADE_COLOURS = {
    "general": "#90a4ae",
    "relatively_large": "#f9a825",
    "major": "#e65100",
    "especially_serious": "#b71c1c",
}


def grade_colours(frame: pd.DataFrame, language: str | None = None) -> list[str]:
    """The colour of each grade column of ``by_month``: the graver, the redder."""
    by_name = {i18n.grade_name(g, language): c for g, c in GRADE_COLOURS.items()}
    return [by_name.get(str(c), "#607d8b") for c in frame.columns]


# -- the managers' action list ---------------------------------------------------------------
def _who(people: tuple[Person, ...], language: str | None) -> str:
    if not people:
        return i18n.t("vacant", language)
    return "; ".join(
        i18n.pick(p.name, p.name_zh, language)
        + (f" · {i18n.pick(p.post, p.post_zh, language)}" if p.post or p.post_zh else "")
        for p in people
    )


PAGE_ROWS = 100  # rows of a paged table sent to the browser at once (the CSV holds all)
# The Overview shows the top of each list (the Gaps page is the list to work through): its
# tables of 100 rows were 3,000 of the page's 4,500 elements, ~0.25 s of every visit at M.
OVERVIEW_PAGE_ROWS = 25


def page_rows(default: int = PAGE_ROWS) -> int:
    """Rows per page of the paged tables (the Gaps page's; ``overview_page_rows`` for the
    Overview's): ``ACCGRAPH_PAGE_ROWS`` when it is a whole number from 1 to 10,000, else
    ``default``."""
    text = os.environ.get("ACCGRAPH_PAGE_ROWS", "")
    return int(text) if text.isdigit() and 1 <= int(text) <= 10_000 else default


def overview_page_rows() -> int:
    """Rows per page of the Overview's action list and coverage tables."""
    return page_rows(OVERVIEW_PAGE_ROWS)


ACTION_KEYS = (
    "grade",
    "hazard",
    "enterprise",
    "act_days_overdue",
    "act_deadline",
    "act_owner",
    "act_supervisor",
    "act_why",
)


def action_index(
    items: Sequence[ActionItem], regions: set[str] | None = None, sectors: set[str] | None = None
) -> pd.DataFrame:
    """The action list within the filters (a region or sector and everything below it,
    ``None`` for all), in its order (most urgent first): each row an item's place in
    ``items`` and its hazard. Nothing is named or worded here: ``action_frame`` does that for
    the rows shown (a province's list is 323k items; naming them all was seconds of every
    first visit)."""
    return pd.DataFrame(
        [
            (i, item.hazard_id)
            for i, item in enumerate(items)
            if (regions is None or item.region_id in regions)
            and (sectors is None or item.sector_id in sectors)
        ],
        columns=["item", "hazard_id"],
    )


def action_frame(
    items: Iterable[ActionItem],
    catalog: Catalog,
    as_of: str,
    language: str | None = None,
) -> pd.DataFrame:
    """One row per item, in the order given; ``catalog`` names their enterprises. Without its
    links: the hidden ``hazard_id`` column gives them to the rows shown (``with_links``)."""
    t = lambda k: i18n.t(k, language)  # noqa: E731
    rows = []
    for item in items:
        reasons = ", ".join(i18n.t(f"act_{r}", language) for r in item.reasons)
        rows.append(
            (
                i18n.grade_name(item.grade, language),
                f"{item.hazard_id} · {i18n.pick(item.title, item.title_zh, language)}",
                name_of(catalog, item.enterprise_id, language),
                item.days_overdue,
                item.deadline or "—",
                _who((item.owner,) if item.owner else (), language),
                _who(item.supervisors, language),
                reasons,
                item.hazard_id,
            )
        )
    frame = pd.DataFrame(rows, columns=[*(t(k) for k in ACTION_KEYS), "hazard_id"])
    frame.attrs["as_of"] = as_of
    return frame


def with_links(frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """The rows of ``action_frame`` with their deep links, as shown and downloaded (a new
    frame: the one given is left as it is)."""
    as_of = frame.attrs.get("as_of")
    shown = frame.drop(columns=["hazard_id"])
    shown[i18n.t("link", language)] = [
        deep_link("hazard", hazard=h, as_of=as_of) for h in frame["hazard_id"]
    ]
    return shown


DATE_KEYS = ("found_on", "occurred_on", "closed_on", "deadline", "date", "start", "end")
# the kinds of node that carry one of DATE_KEYS (the input format's hazards, accidents and
# sources; ``start``/``end`` are on relationships): the newest day is looked for in these
DATED_LABELS = ("Hazard", "Accident", "Source")
