"""Synthetic datasets in the input format: a province of any size, for benchmarks and demos.

See ``synth.province.write_province`` (and ``accgraph synth OUT --enterprises N``).
"""

from __future__ import annotations

from synth.province import SIZES, ProvinceSummary, write_province

__all__ = ["SIZES", "ProvinceSummary", "write_province"]
