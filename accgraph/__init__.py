"""The ``accgraph`` command line of Accountability Graph."""
