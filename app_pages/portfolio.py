"""Person and organization: what they answer for on a day, their post history, onward links."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from app_support import cached_answers, frames, i18n, timeline_view
from app_support.i18n import t
from app_support.model import name_of
from app_support.pickers import subject_picker
from app_support.store import token
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

tok = token()
# entries read as the page names nodes: not a province's every node before the page starts
catalog = cached_answers.store_catalog(tok)
lang = i18n.lang()

st.title(f"{t('page_portfolio')}")
if cached_answers.is_empty(tok):
    st.info(t("store_empty"), icon=":material/info:")
    st.stop()

if st.query_params.get("org"):
    adopt_param("org", "pf_kind", lambda _v: "org")
if st.query_params.get("person"):
    adopt_param("person", "pf_kind", lambda _v: "person")
kind_col, pick_col, search_col, day_col = st.columns([1, 3, 2, 1])
with kind_col:
    kind = st.radio(
        t("pf_kind"),
        ("person", "org"),
        key="pf_kind",
        format_func=lambda k: t("pf_person", lang) if k == "person" else t("pf_org", lang),
    )
labels = ("Person",) if kind == "person" else ("Organization",)
state_key = f"pf_subject|{kind}"
adopt_param(kind, state_key)


def find(query: str | None) -> list[str]:
    """The store's search; the options named in one round trip."""
    found = cached_answers.search(tok, labels, query)
    catalog.want(found)
    return found


subject_id = subject_picker(
    t("pf_person") if kind == "person" else t("pf_org"),
    state_key,
    find,
    lambda i: f"{name_of(catalog, i, lang)} ({i})",
    pick_col=pick_col,
    search_col=search_col,
    search_key=f"pf_search|{kind}",
)
with day_col:
    as_of = day_input("pf_as_of", date.today())
if not subject_id:
    st.stop()
remember_param(kind, state_key, subject_id)
set_params(**{("person" if kind == "org" else "org"): None})

try:
    if kind == "person":
        pf = cached_answers.person_portfolio(tok, subject_id, as_of)
    else:
        pf = cached_answers.org_portfolio(tok, subject_id, as_of)
except SubjectNotFound as exc:
    st.error(md(exc.args[0]), icon=":material/search_off:")
    st.stop()

# every node the portfolio's tables name, then their holders (a duty's) and the subject's
# region: two round trips, whatever the size of a city's remit
catalog.want(named_ids(pf), follow=("holder_id", "region_id"))
node = catalog.get(subject_id, {})
st.subheader(f"{md(name_of(catalog, subject_id))} · {md(subject_id)}")
# an English page also gives the Chinese name (the one the notices use); a Chinese page
# stays Chinese
other = i18n.display_name(node, "zh") if lang == "en" else ""
caption_pairs(
    [
        ("", other) if other != name_of(catalog, subject_id) else ("", None),
        (t("kind"), node.get("kind")),
        (t("region"), name_of(catalog, node.get("region_id"))),
        (t("as_of"), pf.as_of),
    ]
)

posts = frames.posts_table(pf, catalog, lang)
charges = frames.charges_table(pf, catalog, lang)
heads = frames.charges_table(pf, catalog, lang, assigned=False)
enterprises = frames.enterprises_table(pf, catalog, lang)
incidents = frames.incidents_table(pf, catalog, lang)
duties = frames.duties_table(pf, catalog, lang)
held_now = int(posts[t("as_of")].sum()) if len(posts) else 0
overdue = int(incidents[t("pf_overdue")].sum()) if len(incidents) else 0

tiles = [
    (t("pf_posts"), f"{held_now} / {len(posts)}"),
    (t("pf_heads"), len(heads)),
    (t("pf_charges"), len(charges)),
    (t("pf_enterprises"), len(enterprises)),
    (t("pf_incidents"), len(incidents)),
    (t("pf_duties"), len(duties)),
]
if kind == "org":
    tiles.append((t("pf_vacant"), len(pf.vacant_posts)))
# how many of them are overdue, under the count (in its value, a city's "4425 (3970 overdue)"
# was cut off)
overdue_note = {t("pf_incidents"): f"{overdue} {t('pf_overdue').lower()}" if overdue else None}
with st.container(key="pf_tiles"):
    for column, (label, value) in zip(st.columns(len(tiles)), tiles, strict=True):
        with column.container(border=True):
            st.metric(
                label,
                value,
                delta=overdue_note.get(label),
                delta_color="inverse",
                delta_arrow="off",
            )

# counts open their lists
tab_specs = [
    ("posts", f"{t('pf_posts')} ({len(posts)})"),
    ("heads", f"{t('pf_heads')} ({len(heads)})"),
    ("charges", f"{t('pf_charges')} ({len(charges)})"),
    ("enterprises", f"{t('pf_enterprises')} ({len(enterprises)})"),
    ("incidents", f"{t('pf_incidents')} ({len(incidents)})"),
    ("duties", f"{t('pf_duties')} ({len(duties)})"),
]
if kind == "org":
    tab_specs.insert(2, ("leaders", f"{t('pf_leaders')} ({len(pf.leaders_in_charge)})"))
    tab_specs.append(("vacant", f"{t('pf_vacant')} ({len(pf.vacant_posts)})"))
tabs = dict(zip([k for k, _ in tab_specs], st.tabs([label for _, label in tab_specs]), strict=True))
stem = f"{subject_id}-{as_of}"
with tabs["posts"]:
    table(
        posts,
        "pf_posts",
        name=f"posts-{stem}",
        link=t("link"),
    )
    st.markdown(f"**{t('pf_post_history')}**")
    history = frames.post_timeline(pf, catalog, lang)
    if len(history):
        colour_by = "post:N" if kind == "person" else "holder:N"
        chart = (
            alt.Chart(history)
            .mark_bar(cornerRadius=3, height=16)
            .encode(
                y=alt.Y("post:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
                x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
                x2="end:T",
                # the people's palette of the swim lanes: red means "vacant" in this app
                color=alt.Color(
                    colour_by,
                    legend=None,
                    scale=alt.Scale(range=list(timeline_view.PERSON_COLOURS)),
                ),
                tooltip=[
                    alt.Tooltip("post:N", title=t("post")),
                    alt.Tooltip("holder:N", title=t("holder")),
                    alt.Tooltip("start:N", title=t("from")),
                    alt.Tooltip("end:N", title=t("to")),
                ],
            )
        )
        text = (
            alt.Chart(history)
            .mark_text(align="left", dx=4, color="white", fontSize=11)
            .encode(y=alt.Y("post:N", sort=None), x="start:T", text="holder:N")
        )
        rule = (
            alt.Chart(pd.DataFrame({"day": [pf.as_of]}))
            .mark_rule(color="#ff6f00", strokeDash=[4, 3])
            .encode(x="day:T")
        )
        st.altair_chart(
            (chart + text + rule).properties(height=max(110, 28 * history["post"].nunique())),
            width="stretch",
        )
with tabs["heads"]:
    table(heads, "pf_heads", name=f"heads-{stem}", link=t("link"))
with tabs["charges"]:
    table(charges, "pf_charges", name=f"charges-{stem}", link=t("link"))
if "leaders" in tabs:
    with tabs["leaders"]:
        table(
            frames.leaders_table(pf, catalog, lang),
            "pf_leaders",
            name=f"leaders-{stem}",
            link=t("link"),
        )
with tabs["enterprises"]:
    table(enterprises, "pf_enterprises", name=f"enterprises-{stem}", link=t("link"))
with tabs["incidents"]:
    table(incidents, "pf_incidents", name=f"incidents-{stem}", link=t("link"))
with tabs["duties"]:
    table(duties, "pf_duties", name=f"duties-{stem}", selectable=False)
if "vacant" in tabs:
    with tabs["vacant"]:
        table(
            frames.vacant_posts_table(pf, catalog, lang),
            "pf_vacant",
            name=f"vacant-{stem}",
            link=t("link"),
        )
