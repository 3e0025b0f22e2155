"""The baseline of the app's page times: a Streamlit page with one line and nothing else,
served and timed the same way (``app_timing.page_times``). What a page costs above it is
ours; below it is Streamlit's and the browser's own."""

import streamlit as st

st.write("bare")
