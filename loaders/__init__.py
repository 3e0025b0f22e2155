"""Loaders: read a dataset (CSV folder, xlsx, JSON/YAML), validate all of it, build one batch,
and apply it to a store in one transaction. See ``load_path``."""

from __future__ import annotations

from loaders.load import LoadReport, load_path, load_under_lock, validate_path
from loaders.problems import InvalidDataset, Problem, Severity, UnreadableInput

__all__ = [
    "InvalidDataset",
    "LoadReport",
    "Problem",
    "Severity",
    "UnreadableInput",
    "load_path",
    "load_under_lock",
    "validate_path",
]
