"""Data: upload a dataset, read the validation report before anything loads, load it;
the load history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_support import cached_answers, i18n, upload
from app_support.i18n import t
from app_support.store import after_write, get_store, resolve_config, token
from app_support.ui import md, table
from graph_model.store import StoreUnavailable
from loaders import InvalidDataset, LoadReport
from loaders.history import load_history
from loaders.load import Stage

lang = i18n.lang()
config = resolve_config()
store = get_store(config)

st.title(f"{t('page_data')}")

st.subheader(t("dt_upload"))
st.caption(t("dt_upload_help"))
files = st.file_uploader(
    t("dt_upload"),
    type=["csv", "xlsx", "json", "yaml", "yml"],
    accept_multiple_files=True,
    key="dt_files",
    label_visibility="collapsed",
)

if files:
    problem = upload.kind_problem(files, lang)
    if problem:
        st.error(problem, icon=":material/block:")
    else:
        key = upload.digest(files)
        checked: upload.Validation | None = st.session_state.get("dt_validation")
        if checked is None or checked.digest != key:
            with st.spinner("…"):
                checked = upload.validate(files, store)
            previous = st.session_state.get("dt_validation")
            if previous is not None:
                previous.discard()  # another upload replaces it: its files go
            st.session_state["dt_validation"] = checked
        st.subheader(t("dt_report"))
        if checked.error or checked.report is None:
            st.error(f"{t('dt_unreadable')} {md(checked.error)}", icon=":material/block:")
        else:
            report = checked.report
            with st.container(key="dt_report"):
                if report.errors:
                    n = len(report.errors)
                    words = t("dt_error_one") if n == 1 else t("dt_errors")
                    st.error(f"**{n}** {words}", icon=":material/error:")
                else:
                    st.success(t("dt_ok"), icon=":material/check_circle:")
                if report.warnings:
                    st.warning(
                        f"**{len(report.warnings)}** "
                        + (t("dt_warning_one") if len(report.warnings) == 1 else t("dt_warnings")),
                        icon=":material/warning:",
                    )
                if report.problems:
                    problems = upload.problems_frame(report, lang)
                    error_word = upload.error_word(lang)

                    def colour(df: pd.DataFrame) -> object:
                        def row_style(row: pd.Series) -> list[str]:
                            error = row.iloc[0] == error_word
                            return ["background-color: #fdecea" if error else ""] * len(row)

                        return df.style.apply(row_style, axis=1)

                    table(
                        problems,
                        "dt_problems",
                        name="validation-report",
                        style=colour,
                        selectable=False,
                        column_config={
                            t("dt_severity"): st.column_config.TextColumn(width="small"),
                            t("dt_line"): st.column_config.NumberColumn(width="small"),
                            t("dt_message"): st.column_config.TextColumn(width="large"),
                        },
                    )
                rows = pd.DataFrame(
                    sorted(report.rows.items()), columns=[t("dt_file"), t("dt_rows")]
                )
                with st.expander(f"{t('dt_rows')} · {sum(report.rows.values())}"):
                    st.dataframe(rows, hide_index=True)
            # Once loaded, the button is gone: the same upload cannot be written twice.
            if checked.loadable and st.button(t("dt_load"), type="primary", key="dt_load"):
                waiting = st.empty()
                bar = st.progress(0.0)

                def progress(stage: Stage, done: int, total: int) -> None:
                    share = done / total if total else 1.0
                    bar.progress(share, text=f"{t('dt_stage_' + stage.value)} {share:.0%}")

                try:
                    loaded = upload.load(
                        checked,
                        store,
                        on_wait=lambda m: waiting.info(md(m), icon=":material/hourglass:"),
                        progress=progress,
                    )
                except InvalidDataset as exc:
                    bar.empty()
                    failed = LoadReport(str(checked.path), problems=exc.problems)
                    st.error(failed.counts(lang), icon=":material/error:")
                except StoreUnavailable as exc:  # another load, a full disk, Neo4j gone...
                    bar.empty()
                    waiting.empty()
                    st.error(f"{t('dt_not_loaded')} {md(str(exc))}", icon=":material/block:")
                else:
                    after_write(config)
                    applied = loaded.applied
                    st.session_state["dt_loaded"] = (
                        f"{t('dt_loaded')} {t('dt_added')}: "
                        f"{applied.nodes_created + applied.rels_created if applied else 0} · "
                        f"{t('dt_changed')}: "
                        f"{applied.nodes_changed + applied.rels_changed if applied else 0}"
                    )
                    st.rerun()
            elif checked.loaded:
                st.caption(t("dt_loaded_already"))

if st.session_state.get("dt_loaded"):
    st.success(st.session_state.pop("dt_loaded"), icon=":material/check_circle:")

st.subheader(t("dt_history"))
history = load_history()
if history.problem:
    st.warning(md(history.problem), icon=":material/warning:")
if history.skipped:
    st.warning(f"**{history.skipped}** {t('dt_history_skipped')}", icon=":material/warning:")
if history.entries:
    table(
        upload.history_frame(history.entries, lang),
        "dt_history",
        name="load-history",
        selectable=False,
    )
else:
    st.caption(t("dt_no_history"))

st.subheader(t("dt_stats"))
stats = cached_answers.stats(token(config))
left, right = st.columns(2)
with left:
    table(
        pd.DataFrame(
            [(i18n.label_name(k), k, v) for k, v in sorted(stats.labels.items())],
            columns=[t("kind"), "label", t("count")],
        ),
        "dt_labels",
        name="store-nodes",
        selectable=False,
    )
with right:
    table(
        pd.DataFrame(sorted(stats.relationships.items()), columns=["rel", t("count")]),
        "dt_rels",
        name="store-relationships",
        selectable=False,
    )
