"""Hazard / accident: the accountability chain on a day, drawn and tabled, with its basis."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_support import cached_answers, exports, frames, graph_view, i18n, timeline_view
from app_support.i18n import t
from app_support.model import name_of, parse_day, subject_label
from app_support.pickers import subject_picker
from app_support.store import get_store, token
from app_support.store_catalog import named_ids
from app_support.ui import (
    adopt_param,
    caption_pairs,
    day_input,
    md,
    remember_param,
    set_params,
    table,
)
from graph_model.accountability import SubjectNotFound
from graph_model.chain_compare import compare
from graph_model.timeline import default_range

tok = token()
# entries read as the page names nodes: not a province's every node before the page starts
catalog = cached_answers.store_catalog(tok)
lang = i18n.lang()

st.title(f"{t('page_chain')}")
if cached_answers.is_empty(tok):
    st.info(t("store_empty"), icon=":material/info:")
    st.stop()

# -- which subject -------------------------------------------------------------------------
wanted = st.query_params.get("hazard") or st.query_params.get("accident")
adopt_param("hazard", "chain_subject")
adopt_param("accident", "chain_subject")


def find(query: str | None) -> list[str]:
    """The store's search; the options and their enterprises named in two round trips."""
    found = cached_answers.search(tok, ("Hazard", "Accident"), query)
    catalog.want(found, follow=("enterprise_id",))
    return found


pick_col, search_col, day_col = st.columns([3, 2, 1])
subject_id = subject_picker(
    t("ch_pick"),
    "chain_subject",
    find,
    lambda i: subject_label(catalog, catalog[i], lang) if i in catalog else i,
    pick_col=pick_col,
    search_col=search_col,
    search_key="chain_search",
    search_placeholder="HZ-011, 硝化, Haitong…",
)
if not subject_id:
    st.stop()
if subject_id not in catalog:
    st.error(f"{t('ch_not_found')} {md(subject_id)}", icon=":material/search_off:")
    st.stop()

node = catalog[subject_id]
is_hazard = "Hazard" in node["labels"]
param_name = "hazard" if is_hazard else "accident"
remember_param(param_name, "chain_subject", subject_id)
set_params(**{("accident" if is_hazard else "hazard"): None})
if st.session_state.get("_chain_last") not in (None, subject_id) and wanted != subject_id:
    set_params(as_of=None)  # another subject: its own day, not the last one's
st.session_state["_chain_last"] = subject_id
own_day = parse_day(str(node.get("found_on") or node.get("occurred_on") or "")) or date.today()
with day_col:
    as_of = day_input(f"chain_as_of|{subject_id}", own_day)

try:
    chain = cached_answers.chain(tok, subject_id, as_of)
except SubjectNotFound as exc:
    st.error(md(exc.args[0]), icon=":material/search_off:")
    st.stop()

catalog.want(named_ids(chain))  # every node the chain's views name, at once

# -- header --------------------------------------------------------------------------------
s = chain.subject
st.subheader(f"{md(s.id)} · {md(i18n.pick(s.title, s.title_zh))}")
caption_pairs(
    [
        (t("kind"), i18n.label_name(s.kind.capitalize())),
        (t("grade"), i18n.subject_grade_name(s.kind, s.grade, catalog.get(s.id, {}))),
        (t("enterprise"), name_of(catalog, s.enterprise_id)),
        (t("ch_subject_date"), s.date),
        (t("as_of"), chain.as_of),
    ]
)
# the chain in numbers, as badges (numbers and the app's own wording only)
badges = [
    f":blue-badge[:material/groups: {t('ch_people')}: {len({e.person_id for e in chain.entries})}]",
    (
        f":red-badge[:material/person_off: {t('ch_gaps')}: {len(chain.gaps)}]"
        if chain.gaps
        else f":green-badge[:material/check: {t('ch_no_gaps')}]"
    ),
]
if s.kind == "accident":
    badges.append(f":orange-badge[{t('ch_outside_short')}: {len(chain.findings_not_in_chain)}]")
    badges.append(f":orange-badge[{t('ch_levels_short')}: {len(chain.levels_without_findings)}]")
st.markdown(" ".join(badges))

names = {g.subject_id: name_of(catalog, g.subject_id) for g in chain.gaps}
for e in chain.entries:
    for link in e.path:
        names.setdefault(link.start, name_of(catalog, link.start))
        names.setdefault(link.end, name_of(catalog, link.end))

# -- graph and table -----------------------------------------------------------------------
graph_col, table_col = st.columns([3, 2], gap="medium")
with graph_col:
    st.markdown(f"**{t('ch_chain')}**")
    rows_needed = len(chain.levels()) + 1
    height = max(420, rows_needed * graph_view.LAYER_GAP + 60)
    with st.container(key="chain_graph"):
        # a gap's post's organization, and the organizations' regions: two reads at most
        gap_ids = {g.subject_id for g in chain.gaps}
        catalog.want(gap_ids, follow=("org_id",))
        catalog.want(
            gap_ids | {str(catalog.get(i, {}).get("org_id") or "") for i in gap_ids},
            follow=("region_id",),
        )
        post_orgs = {
            g.subject_id: str(catalog[g.subject_id].get("org_id") or "")
            for g in chain.gaps
            if g.subject_id in catalog
        }
        # the principals' regions (name and level) draw city and district in tiers
        gap_orgs = {g.subject_id for g in chain.gaps} | set(post_orgs.values())
        org_regions = {
            o: str(catalog[o].get("region_id"))
            for o in gap_orgs
            if catalog.get(o, {}).get("region_id")
        }
        regions = {
            r: (name_of(catalog, r), str(catalog[r].get("level")))
            for r in {e.region_id for e in chain.entries} | set(org_regions.values())
            if r in catalog
        }
        st.iframe(
            graph_view.chain_html(chain, names, lang, height, post_orgs, regions, org_regions),
            height="content",
        )
    st.caption(t("ch_graph_help"))
with table_col:
    st.markdown(f"**{t('ch_table')}**")
    frame = frames.chain_table(chain, lang)
    without = set(chain.levels_without_findings)

    def highlight(df: pd.DataFrame) -> object:
        def row_style(row: pd.Series) -> list[str]:
            colour = "background-color: #fff3cd" if row["level_code"] in without else ""
            return [colour] * len(row)

        return df.style.apply(row_style, axis=1)

    selected = table(
        frame,
        "chain",
        name=f"chain-{subject_id}-{as_of}",
        style=highlight if without else None,
        height=min(38 + 35 * max(len(frame), 1), 560),
    )
    if without:
        st.caption(f":orange[■] {t('ch_highlight')}")
    gaps_frame = frames.chain_gaps_table(chain, catalog, lang)
    st.markdown(f"**{t('ch_gaps')}**")
    if len(gaps_frame):
        table(gaps_frame, "chain_gaps", name=f"chain-gaps-{subject_id}-{as_of}", selectable=False)
    else:
        st.success(t("ch_no_gaps"), icon=":material/check_circle:")

# -- findings (accidents), right under the chain they are compared with ------------------
if s.kind == "accident":
    st.subheader(t("ch_findings"))
    findings = frames.findings_table(chain, catalog, lang)
    outside = {f.person_id for f in chain.findings_not_in_chain}

    def mark_outside(df: pd.DataFrame) -> object:
        def row_style(row: pd.Series) -> list[str]:
            colour = "background-color: #fdecea" if row["person_id"] in outside else ""
            return [colour] * len(row)

        return df.style.apply(row_style, axis=1)

    if len(findings):
        table(
            findings,
            "findings",
            name=f"findings-{subject_id}",
            style=mark_outside,
            selectable=False,
        )
    else:
        st.caption(t("ov_none"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('ch_not_in_chain')}**")
        for f in chain.findings_not_in_chain:
            st.error(
                f"{md(name_of(catalog, f.person_id) or f.person_name)} ({md(f.person_id)}) — "
                f"{md(i18n.finding_name(f.responsibility))}",
                icon=":material/person_off:",
            )
        if not chain.findings_not_in_chain:
            st.caption(t("ov_none"))
    with right:
        st.markdown(f"**{t('ch_levels_without')}**")
        for level in chain.levels_without_findings:
            st.warning(md(i18n.level_name(level)), icon=":material/group_off:")
        if not chain.levels_without_findings:
            st.caption(t("ov_none"))

# -- the basis of a link -------------------------------------------------------------------
st.subheader(t("ch_basis"))
if chain.entries:
    labels = [
        f"{i18n.level_name(e.level)} · {i18n.pick(e.person_name, e.person_name_zh)}"
        for e in chain.entries
    ]
    default_index = 0
    if selected is not None:
        default_index = int(selected.name)
    index = st.selectbox(
        t("ch_basis_pick"),
        range(len(chain.entries)),
        index=default_index,
        format_func=lambda i: labels[i],
        key=f"chain_basis|{subject_id}|{default_index}",
    )
    entry = chain.entries[index]
    path_col, src_col = st.columns([3, 2])
    with path_col:
        st.markdown(f"**{t('ch_path')}**")
        table(
            frames.path_table(chain, index, catalog, lang),
            "chain_path",
            name=f"path-{subject_id}-{entry.person_id}",
            selectable=False,
        )
    with src_col:
        st.markdown(f"**{t('sources')}**")
        for sid in entry.source_ids:
            src = catalog.get(sid, {})
            with st.popover(
                f"{md(sid)} · {md(i18n.pick(src.get('title'), src.get('title_zh'))[:60])}",
                icon=":material/description:",
            ):
                st.markdown(f"**{md(i18n.pick(src.get('title'), src.get('title_zh')))}**")
                caption_pairs([(t("kind"), src.get("kind")), (t("date"), src.get("date") or "—")])
                url = exports.safe_url(src.get("url"))
                if url:
                    st.link_button(t("open") + " ↗", url)
                elif src.get("url"):
                    st.code(str(src.get("url")), language=None)

# -- accountability over time: one swim lane per level ----------------------------------
st.subheader(t("tl_title"))
st.caption(t("tl_help"))
first_day, last_day = default_range(node)
from_col, to_col, info_col = st.columns([1, 1, 4], vertical_alignment="bottom")
with from_col:
    tl_from = day_input(
        f"tl_from|{subject_id}", date.fromisoformat(first_day), label=t("from"), url_name="tl_from"
    )
with to_col:
    tl_to = day_input(
        f"tl_to|{subject_id}", date.fromisoformat(last_day), label=t("to"), url_name="tl_to"
    )
if tl_from > tl_to:
    st.warning(t("tl_empty"), icon=":material/date_range:")
    tl_from, tl_to = tl_to, tl_from
lifetime = timeline_view.timeline(tok, subject_id, tl_from, tl_to)
catalog.want(named_ids(lifetime))
lanes = timeline_view.lanes_frame(lifetime, catalog, lang)
with info_col:
    caption_pairs([(t("tl_stretches"), lifetime.stretches)])
if lanes.empty:
    st.caption(t("tl_empty"))
else:
    with st.container(key="timeline_lanes"):
        st.altair_chart(
            timeline_view.lanes_chart(lanes, timeline_view.marks_frame(lifetime, lang), lang),
            width="stretch",
        )
    with st.expander(t("tl_table")):
        table(
            timeline_view.lanes_table(lanes, lang),
            "timeline",
            name=f"timeline-{subject_id}",
            link=t("link"),
            selectable=False,
        )

# -- what changed between two days ---------------------------------------------------------
st.subheader(t("cmp_title"))
other_default = parse_day(str(node.get("deadline") or node.get("closed_on") or "")) or date.today()
day2_col, counts_col = st.columns([1, 3], vertical_alignment="bottom")
with day2_col:
    other_day = day_input(
        f"chain_compare|{subject_id}",
        other_default,
        label=t("cmp_day"),
        url_name="compare",
        help_text=t("cmp_help"),
    )
other_chain = cached_answers.chain(tok, subject_id, other_day)
catalog.want(named_ids(other_chain))
diff = compare(chain, other_chain)
with counts_col:
    added = sum(len(lc.added) for lc in diff.levels)
    removed = sum(len(lc.removed) for lc in diff.levels)
    st.caption(
        f"{md(chain.as_of)} → {md(other_day)}: "
        + t("cmp_counts").format(
            a=added, r=removed, o=len(diff.gaps_opened), c=len(diff.gaps_closed)
        )
    )
if diff.changed:
    changes = timeline_view.comparison_frame(diff, catalog, lang)
    colours = {
        "cmp_added": "background-color: #e8f5e9",
        "cmp_removed": "background-color: #fdecea",
        "cmp_gaps_opened": "background-color: #fdecea",
        "cmp_gaps_closed": "background-color: #e8f5e9",
    }

    def colour_changes(df: pd.DataFrame) -> object:
        def row_style(row: pd.Series) -> list[str]:
            return [colours.get(row["change_code"], "")] * len(row)

        return df.style.apply(row_style, axis=1)

    table(
        changes,
        "compare",
        name=f"compare-{subject_id}-{chain.as_of}-{other_day}",
        link=t("link"),
        hide=("change_code",),
        style=colour_changes,
    )
else:
    st.success(t("cmp_none"), icon=":material/check_circle:")

# -- exports -------------------------------------------------------------------------------
st.subheader(t("ch_exports"))
stem = exports.file_stem(f"chain-{subject_id}-{as_of}")
e1, e2, e3 = st.columns(3)
with e1:
    st.download_button(
        t("download_json"),
        icon=":material/download:",
        data=exports.chain_json(chain),
        file_name=f"{stem}.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
    )
with e2:

    def make_html() -> bytes:  # made on the click only: a page run does not pay for it
        origin = exports.dataset_origin(get_store())
        return exports.dossier_html(chain, catalog, lang, origin).encode("utf-8")

    st.download_button(
        t("download_html"),
        icon=":material/download:",
        data=make_html,
        file_name=f"{stem}-dossier.html",
        mime="text/html",
        key="dl_html",
        on_click="ignore",
    )
with e3:
    if exports.find_cjk_font():

        def make_pdf() -> bytes:
            return exports.dossier_pdf(chain, catalog, lang, exports.dataset_origin(get_store()))

        st.download_button(
            t("download_pdf"),
            icon=":material/picture_as_pdf:",
            data=make_pdf,
            file_name=f"{stem}-dossier.pdf",
            mime="application/pdf",
            key="dl_pdf",
            on_click="ignore",
        )
    else:
        st.warning(t("ch_pdf_missing"), icon=":material/font_download_off:")
