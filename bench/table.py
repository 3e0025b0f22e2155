"""The one table the benchmark prints: its rows declared once, with what each should be."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

NOT_RUN = "–"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    target: str = ""
    unit: str = ""  # "x" ratio, "s", "ms", "B", "" count
    group: str = "data"  # data | neo4j | embedded | app: which part of the run fills it
    growth_of: str | None = None  # a ratio to the same measure at the previous size
    first_size_only: bool = False


MEASURES: tuple[Measure, ...] = (
    Measure("data.enterprises", "enterprises"),
    Measure("data.hazards", "hazards"),
    Measure("data.records", "graph records (nodes + relationships)"),
    Measure("data.generate_s", "generate (accgraph synth)", unit="s"),
    Measure("data.validate_s", "validate (read, check, build)", unit="s"),
    # Neo4j load
    Measure(
        "neo4j.load_vs_unwind", "Neo4j load: ours ÷ hand-written UNWIND", "≤ 1.0", "x", "neo4j"
    ),
    Measure(
        "neo4j.per_row_vs_unwind",
        "Neo4j load: per-row MERGE ÷ UNWIND (smallest size only)",
        "",
        "x",
        "neo4j",
        first_size_only=True,
    ),
    Measure("neo4j.load_s", "Neo4j load, ours (validate + apply)", "", "s", "neo4j"),
    Measure("neo4j.unwind_s", "Neo4j load, validate + UNWIND in 10k batches", "", "s", "neo4j"),
    Measure("neo4j.load_rounds", "Neo4j loads: interleaved rounds", "", "", "neo4j"),
    # Neo4j queries
    Measure("neo4j.chain_p50_vs_return1", "Neo4j chain p50 ÷ RETURN 1 p50", "", "x", "neo4j"),
    Measure("neo4j.chain_p95_vs_return1", "Neo4j chain p95 ÷ RETURN 1 p95", "≤ 5", "x", "neo4j"),
    Measure("neo4j.chain_p95_ms", "Neo4j chain p95", "", "ms", "neo4j"),
    Measure(
        "neo4j.chain_p95_growth",
        "Neo4j chain p95 ÷ previous size",
        "≤ 1.5",
        "x",
        "neo4j",
        growth_of="neo4j.chain_p95_ms",
    ),
    Measure(
        "neo4j.gaps_after_load_s",
        "Neo4j gap report right after a load (as the load leaves the plan cache)",
        "≤ 1 s at M",
        "s",
        "neo4j",
    ),
    Measure(
        "neo4j.gaps_cold_s",
        "Neo4j gap report, plan cache emptied (a restarted server)",
        "",
        "s",
        "neo4j",
    ),
    Measure("neo4j.gaps_planned_s", "Neo4j gap report, planned", "", "s", "neo4j"),
    Measure(
        "neo4j.gaps_growth",
        "Neo4j gap report ÷ previous size (planned)",
        "",
        "x",
        "neo4j",
        growth_of="neo4j.gaps_planned_s",
    ),
    # embedded store
    Measure("embedded.load_s", "embedded load (validate + apply + save)", "", "s", "embedded"),
    Measure("embedded.chain_p50_ms", "embedded chain p50", "", "ms", "embedded"),
    Measure("embedded.chain_p95_ms", "embedded chain p95", "", "ms", "embedded"),
    Measure(
        "embedded.chain_p95_growth",
        "embedded chain p95 ÷ previous size (the sizes' chain sets interleaved)",
        "≤ 1.5",
        "x",
        "embedded",
        growth_of="embedded.chain_p95_ms",
    ),
    Measure("embedded.gaps_s", "embedded gap report", "", "s", "embedded"),
    Measure(
        "embedded.gaps_growth",
        "embedded gap report ÷ previous size",
        "",
        "x",
        "embedded",
        growth_of="embedded.gaps_s",
    ),
    Measure("embedded.open_s", "embedded open: MemoryStore(path)", "", "s", "embedded"),
    Measure("embedded.stats_s", "accgraph stats (a process)", "≤ 0.3 s at M", "s", "embedded"),
    Measure(
        "embedded.stats_vs_empty",
        "accgraph stats ÷ the same on an empty store",
        "",
        "x",
        "embedded",
    ),
    Measure(
        "embedded.bytes_per_record",
        "embedded memory once open, per record",
        "≤ 1000",
        "B",
        "embedded",
    ),
    # the app in Chromium, embedded store
    Measure(
        "app.overview.first",
        "Overview, first visit (right after the server answers)",
        "≤ 3 s at M, ≤ 10 s at L",
        "s",
        "app",
    ),
    Measure(
        "app.overview.first_warmed",
        "Overview, first visit once the server has made it (app_support.warm_up)",
        "",
        "s",
        "app",
    ),
    Measure("app.overview.next", "Overview, next visit", "≤ 1.5 s", "s", "app"),
    Measure("app.hazard.first", "hazard deep link, first visit", "", "s", "app"),
    Measure("app.hazard.next", "hazard deep link, next visit", "", "s", "app"),
    Measure(
        "app.overview_all.next",
        "Overview, next visit, until its charts are drawn",
        "",
        "s",
        "app",
    ),
    Measure("app.bare.first", "a one-line Streamlit page, first visit (baseline)", "", "s", "app"),
    Measure("app.bare.next", "a one-line Streamlit page, next visit (baseline)", "", "s", "app"),
    Measure("app.overview_next_vs_bare", "Overview next visit ÷ one-line page", "", "x", "app"),
)


def fill_growth(sizes: list[dict[str, float]]) -> None:
    """Growth rows: each size's figure ÷ the previous size's (the first size has none)."""
    for measure in MEASURES:
        if measure.growth_of is None:
            continue
        for previous, current in pairwise(sizes):
            a, b = current.get(measure.growth_of), previous.get(measure.growth_of)
            if a is not None and b:
                current[measure.key] = a / b


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return NOT_RUN
    if math.isnan(value):
        return "nan"
    match unit:
        case "x":
            return f"{value:.2f}"
        case "s":
            return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
        case "ms":
            return f"{value:.1f} ms"
        case "B":
            return f"{value:,.0f} B"
        case _:
            return f"{value:,.0f}"


def render(labels: list[str], sizes: list[dict[str, float]], notes: list[dict[str, str]]) -> str:
    """The table as Markdown: one row per measure, one column per size.

    ``notes``: per size, group -> why that part has no figures ("not run (...)" or
    "FAILED: ..."); its cells say so, and the reasons of failures follow the table.
    """
    head = ["measure", "should be", *labels]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in MEASURES:
        cells = []
        for figures, note in zip(sizes, notes, strict=True):
            if m.key not in figures and m.group in note:
                cells.append(note[m.group].split(":")[0])
            else:
                cells.append(_cell(figures.get(m.key), m.unit))
        lines.append("| " + " | ".join([m.label, m.target, *cells]) + " |")
    for label, note in zip(labels, notes, strict=True):
        for group, why in note.items():
            if why.startswith("FAILED"):
                lines.append(f"{label}, {group}: {why}")
    return "\n".join(lines)
