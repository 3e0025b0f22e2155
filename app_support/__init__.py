"""What the app's pages share: cached answers, tables, drawings, wording, exports. The
command line uses its exports too (``accgraph dossier``)."""
