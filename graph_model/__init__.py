"""Accountability Graph: the model of the graph and the questions it answers."""
