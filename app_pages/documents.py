"""Documents: drop a notice or report, read it with its proposals highlighted, accept, edit or
reject each, and load the accepted ones (nothing loads that was not ticked)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from accgraph.documents_cli import summary
from app_support import documents, i18n
from app_support.i18n import t
from app_support.store import after_write, get_store, resolve_config
from app_support.ui import md
from extraction import UnreadableDocument
from extraction.extract import LANGS

config = resolve_config()
store = get_store(config)

st.title(t("page_documents"))
st.caption(t("doc_intro"))

upload_col, options_col = st.columns([3, 1])
with upload_col:
    upload = st.file_uploader(
        t("doc_upload"), type=documents.UPLOAD_TYPES, key="doc_file", help=t("doc_upload_help")
    )
    pasted = st.text_area(t("doc_paste"), key="doc_text", height=120)
with options_col:
    lang = st.selectbox(t("doc_lang"), LANGS, key="doc_lang")
    as_of_day = st.date_input(t("as_of"), value=None, key="doc_as_of", help=t("doc_as_of_help"))
as_of = as_of_day.isoformat() if isinstance(as_of_day, date) else None

try:
    if upload is not None:
        document = documents.document_from_upload(upload.name, upload.getvalue())
    elif pasted.strip():
        document = documents.document_from_text(pasted)
    else:
        st.info(t("doc_none"), icon=":material/upload_file:")
        st.stop()
except UnreadableDocument as exc:
    st.error(f"{t('doc_unreadable')} {md(exc)}", icon=":material/block:")
    st.stop()

key = documents.digest(document, lang, as_of)
if st.session_state.get("doc_key") != key:
    with st.spinner("…"):
        st.session_state["doc_extraction"] = documents.extract(document, lang, as_of, store)
    st.session_state["doc_key"] = key
extraction = st.session_state["doc_extraction"]

st.subheader(md(extraction.title or document.name))
st.caption(
    f"{t('doc_lang')}: {extraction.lang} · {t('doc_date')}: {md(extraction.doc_date or '?')} · "
    f"{len(extraction.proposals)} {t('doc_proposals')}"
)
with st.container(border=True, height=320, key="doc_text_view"):
    st.markdown(documents.highlighted(extraction.text, extraction.proposals))

st.subheader(t("doc_review"))
st.caption(t("doc_review_help"))
frame = documents.proposals_frame(extraction, summary)
edited = st.data_editor(
    frame,
    key="doc_editor",
    hide_index=True,
    disabled=["id", "kind", "claim", "quote", "graph", "confidence", "rule"],
    column_config={
        "accept": st.column_config.CheckboxColumn(t("doc_accept"), default=False),
        "claim": st.column_config.TextColumn(t("doc_claim"), width="large"),
        "quote": st.column_config.TextColumn(t("doc_quote"), width="large"),
        "graph_id": st.column_config.TextColumn(t("doc_graph_id"), help=t("doc_graph_id_help")),
        "graph": st.column_config.TextColumn(t("doc_graph"), width="medium"),
        "confidence": st.column_config.NumberColumn(format="%.2f", width="small"),
    },
)

if st.button(t("doc_load"), type="primary", key="doc_load"):
    proposals, accepted = documents.reviewed(extraction, edited, store)
    outcome = documents.load(proposals, accepted, store)
    if outcome.error == "nothing accepted":
        st.warning(t("doc_nothing_accepted"), icon=":material/warning:")
    elif outcome.error == "invalid":
        st.error(t("doc_invalid"), icon=":material/error:")
        for problem in outcome.problems or []:
            st.markdown(f"- {md(problem)}")
    elif outcome.error:
        st.error(md(outcome.error), icon=":material/error:")
    elif outcome.dataset is not None and outcome.report is not None:
        after_write(config)
        applied = outcome.report.applied
        st.success(
            f"{t('doc_loaded')} {len(accepted)} · {t('source')}: {md(outcome.dataset.source_id)} · "
            f"{t('dt_added')}: {applied.nodes_created + applied.rels_created if applied else 0} · "
            f"{t('dt_changed')}: {applied.nodes_changed + applied.rels_changed if applied else 0}",
            icon=":material/check_circle:",
        )
        for note in outcome.dataset.skipped:
            st.caption(md(note))

_ = i18n  # the language switch lives in app.py; labels come through t()
