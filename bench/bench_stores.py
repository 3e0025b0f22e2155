"""Benchmark: load, chains and gaps on a synthetic city, embedded store (and Neo4j when
``NEO4J_URI`` is set). Prints each measure beside the saved baseline, with the ratio.

    .venv/bin/python -m bench.bench_stores                  # compare with bench/baseline.json
    .venv/bin/python -m bench.bench_stores --save-baseline  # record this run as the baseline
    .venv/bin/python -m bench.bench_stores --enterprises 5000

Not a test: numbers vary with the machine; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synthetic import city, write
from graph_model.accountability import chain, gaps
from graph_model.store import GraphStore, MemoryStore
from loaders import load_path, validate_path

BASELINE = Path(__file__).with_name("baseline.json")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(store: GraphStore, folder: Path, hazards: list[str], prefix: str) -> dict[str, float]:
    out: dict[str, float] = {}
    out[f"{prefix}.load_s"], _ = timed(lambda: load_path(folder, store))
    out[f"{prefix}.reload_s"], _ = timed(lambda: load_path(folder, store))
    seconds, _ = timed(lambda: [chain(store, h) for h in hazards])
    out[f"{prefix}.chain_ms"] = 1000 * seconds / len(hazards)
    out[f"{prefix}.gaps_s"], _ = timed(lambda: gaps(store, "2019-06-30"))
    return out


def run(enterprises: int) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(city(enterprises), Path(tmp) / "city")
        results["validate_s"], _ = timed(lambda: validate_path(folder))
        hazards = [f"H{e}-0" for e in range(0, enterprises, max(1, enterprises // 50))]
        memory = MemoryStore(Path(tmp) / "graph.json")
        results |= measure(memory, folder, hazards, "memory")
        # Memory is traced in a second load of its own: tracing slows everything it watches.
        tracemalloc.start()
        load_path(folder, MemoryStore())
        results["memory.load_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if os.environ.get("NEO4J_URI"):
            from graph_model.store import open_store

            neo = open_store("neo4j")
            neo.clear()
            results |= measure(neo, folder, hazards, "neo4j")
            neo.clear()
            neo.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1000)
    parser.add_argument("--save-baseline", action="store_true")
    args = parser.parse_args()
    now = run(args.enterprises)
    key = str(args.enterprises)
    saved = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    base = saved.get(key, {})
    print(f"synthetic city, {args.enterprises} enterprises ({3 * args.enterprises} hazards)")
    print(f"{'measure':<22} {'baseline':>10} {'now':>10} {'now/base':>9}")
    for name, value in now.items():
        before = base.get(name)
        ratio = f"{value / before:9.2f}" if before else f"{'-':>9}"
        shown = f"{before:10.3f}" if before is not None else f"{'-':>10}"
        print(f"{name:<22} {shown} {value:10.3f} {ratio}")
    if args.save_baseline:
        saved[key] = now
        BASELINE.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n")
        print(f"saved as the baseline in {BASELINE}")


if __name__ == "__main__":
    main()
