"""Accountability Graph: the Streamlit entry point."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph_model.store import StoreUnavailable, open_store

st.set_page_config(page_title="Accountability Graph", layout="wide")
st.title("Accountability Graph · 安全生产责任图谱")

try:
    store = open_store()
except StoreUnavailable as exc:
    st.error(f"The graph store is unavailable: {exc}")
    st.stop()

stats = store.stats()
left, right = st.columns(2)
left.subheader("Nodes")
left.dataframe(pd.DataFrame(sorted(stats.labels.items()), columns=["label", "count"]))
right.subheader("Relationships")
right.dataframe(pd.DataFrame(sorted(stats.relationships.items()), columns=["type", "count"]))
