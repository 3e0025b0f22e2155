"""Loaders: read a dataset (CSV folder, xlsx, JSON/YAML), validate all of it into one package
(report, batch, file hashes), and apply the package to a store all or nothing. See
``loaders.load``."""

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
