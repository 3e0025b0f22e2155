"""``python -m bench``: one table of ratios at each size, every baseline run beside its
contender in the same run (interleaved A B A B ..., medians), on synthetic provinces.

    .venv/bin/python -m bench                                # S, embedded store and app only
    .venv/bin/python -m bench --sizes S,M,L --neo4j bolt://127.0.0.1:7687   # EMPTIES that database
    .venv/bin/python -m bench --sizes S,M --start-neo4j      # a private Neo4j, stopped after

Only public APIs are used (``write_province``, ``validate_path``, ``load_path``, ``chain``,
``gaps``, ``MemoryStore``, ``Neo4jStore``, the ``accgraph`` command), so that the stores can
change underneath. Not a test: figures vary with the machine; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

from bench import app_timing, neo4j_baselines
from bench.table import MEASURES, fill_growth, render
from bench.timing import interleave, median, percentile, ratio, timed
from graph_model.accountability import chain, gaps
from graph_model.store import MemoryStore
from loaders import load_path, validate_path
from synth import write_province
from synth.province import HORIZON, iter_sizes

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date.fromordinal(HORIZON).isoformat()  # the last day of the generated history
WARM_UP = 5
# Chains are timed in sets, each subject once per set; a figure is the median over the sets.
# The p95 of one set of 100 is its fifth slowest chain, which one pause of the collector or
# the scheduler moves (the same code gave an embedded p95 of 6.6-9.6 ms at L in one minute).
CHAIN_SETS = 5
# A load at S takes 2-3 s, and one slow round of a 2-core machine decides a median of two:
# the same code gave ours ÷ UNWIND 1.24 and 1.27 in benches of two rounds, 0.80 and 0.83 in
# five and six (2026-12-04). Up to this many enterprises, loads get at least these rounds.
SMALL_LOAD = 2_000
SMALL_LOAD_ROUNDS = 5


def load_rounds(rounds: int, enterprises: int) -> int:
    """The interleaved rounds of the Neo4j loads at a size of ``enterprises``."""
    return max(rounds, SMALL_LOAD_ROUNDS) if enterprises <= SMALL_LOAD else rounds


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def sample_hazards(folder: Path, count: int) -> list[str]:
    """``count`` hazard ids spread evenly over the file (hubs and small regions alike)."""
    with (folder / "hazards.csv").open(encoding="utf-8", newline="") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def _chain_times(store: object, subjects: list[str]) -> list[list[float]]:
    """``CHAIN_SETS`` sets of one timing per subject, after a few untimed chains."""
    for subject in subjects[:WARM_UP]:
        chain(store, subject)  # type: ignore[arg-type]
    return [
        [timed(lambda s=s: chain(store, s)) for s in subjects]  # type: ignore[misc]
        for _ in range(CHAIN_SETS)
    ]


def set_median(sets: list[list[float]], p: float) -> float:
    """The median over the sets of each set's ``p``-th percentile."""
    return median([percentile(times, p) for times in sets])


def chain_growth(
    kept: list[tuple[dict[str, float], Path, list[str]]], results: list[dict[str, float]]
) -> None:
    """The embedded chain's p95 at each size ÷ at the size before, with the sizes' chain sets
    interleaved (a set at S, one at M, one at L, then again): each size's own figure is timed
    minutes apart from the others', and p95s of one or two milliseconds move with the
    machine in between (1.04-1.58 from S to M over three runs of unchanged code). Each
    round's ratio, then their median, as for Neo4j's chain ÷ ``RETURN 1``. ``results``: every
    size's figures, in order: a ratio only between sizes next to each other there."""
    if len(kept) < 2:
        return
    at = [next(j for j, r in enumerate(results) if r is figures) for figures, _, _ in kept]
    stores = [MemoryStore(path) for _, path, _ in kept]
    for store, (_, _, subjects) in zip(stores, kept, strict=True):
        for subject in subjects[:WARM_UP]:
            chain(store, subject)
    p95s: list[list[float]] = [[] for _ in kept]
    for _ in range(CHAIN_SETS):
        for i, (store, (_, _, subjects)) in enumerate(zip(stores, kept, strict=True)):
            times = [timed(lambda g=store, s=s: chain(g, s)) for s in subjects]  # type: ignore[misc]
            p95s[i].append(percentile(times, 95))
    for i in range(1, len(kept)):
        kept[i][0].pop("embedded.chain_p95_growth", None)  # not the sizes' own figures' ratio
        if at[i] == at[i - 1] + 1:
            each = zip(p95s[i], p95s[i - 1], strict=True)
            kept[i][0]["embedded.chain_p95_growth"] = median([ratio(a, b) for a, b in each])


def run_embedded(folder: Path, work: Path, subjects: list[str], rounds: int) -> dict[str, float]:
    out: dict[str, float] = {}
    home = work / "home"
    home.mkdir()
    path = home / "graph.json"
    out["embedded.load_s"] = timed(lambda: load_path(folder, MemoryStore(path)))
    store = MemoryStore(path)
    sets = _chain_times(store, subjects)
    out["embedded.chain_p50_ms"] = 1000 * set_median(sets, 50)
    out["embedded.chain_p95_ms"] = 1000 * set_median(sets, 95)
    report = interleave({"gaps": lambda: gaps(store, AS_OF)}, rounds)
    out["embedded.gaps_s"] = median(report["gaps"])
    opening = interleave({"open": lambda: MemoryStore(path)}, rounds)
    out["embedded.open_s"] = median(opening["open"])
    tracemalloc.start()
    try:
        opened = MemoryStore(path)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del opened
    out["embedded.held_bytes"] = held
    empty = work / "empty-home"
    empty.mkdir()
    stats = interleave(
        {"full": lambda: _stats_command(home), "empty": lambda: _stats_command(empty)}, rounds
    )
    out["embedded.stats_s"] = median(stats["full"])
    out["embedded.stats_vs_empty"] = ratio(median(stats["full"]), median(stats["empty"]))
    return out


def _stats_command(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["ACCGRAPH_HOME"] = str(home)
    subprocess.run(
        [sys.executable, "-m", "accgraph", "stats"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


_WARM_SERVERS: set[str] = set()


def run_neo4j(
    uri: str,
    folder: Path,
    subjects: list[str],
    rounds: int,
    per_row: bool,
    loads_rounds: int,
) -> dict[str, float]:
    """``loads_rounds``: the loads' rounds (``load_rounds``), ``rounds`` for the rest."""
    from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore

    out: dict[str, float] = {"neo4j.load_rounds": loads_rounds}
    store = Neo4jStore(Neo4jSettings(uri=uri))
    driver = neo4j_baselines.connect(uri)
    try:
        baseline: list[tuple[int, int]] = []

        def unwind() -> None:
            neo4j_baselines.unwind_load(driver, validate_path(folder)[1])
            # what it wrote, compared with ours below (the count store: a few ms of seconds)
            baseline[:] = [neo4j_baselines.count_graph(driver)]

        log("  Neo4j: loads, interleaved")
        # The first size measured on a server also warms it (its JIT, its write plans),
        # untimed; the next sizes find it warm.
        loads = interleave(
            {"ours": lambda: load_path(folder, store), "unwind": unwind},
            loads_rounds,
            before=store.clear,
            warm_up=uri not in _WARM_SERVERS,
        )
        _WARM_SERVERS.add(uri)
        out["neo4j.load_s"] = median(loads["ours"])
        out["neo4j.unwind_s"] = median(loads["unwind"])
        out["neo4j.load_vs_unwind"] = ratio(median(loads["ours"]), median(loads["unwind"]))
        if per_row:
            # Apart from ours, against UNWIND runs of its own: a per-row load leaves the
            # server's heap full of garbage that whoever runs next pays for. Interleaved
            # with the two, it always came before ours: ours ÷ UNWIND at S 1.08 and 0.97
            # in two runs, 0.94 and 0.77 without it (2026-12-02).
            slow = interleave(
                {
                    "unwind": unwind,
                    "per_row": lambda: neo4j_baselines.per_row_load(
                        driver, validate_path(folder)[1]
                    ),
                },
                rounds,
                before=store.clear,
            )
            out["neo4j.per_row_vs_unwind"] = ratio(median(slow["per_row"]), median(slow["unwind"]))
        # Right after a load: the server as the load leaves it (statistics resampled, the
        # first reads planned on them, ``neo4j_plans``); the plan cache emptied, as a
        # restarted server has it; then planned, for the growth with size.
        store.clear()
        load_path(folder, store)
        ours_graph = neo4j_baselines.count_graph(driver)
        if [ours_graph] != baseline:
            log(f"the baselines wrote {baseline} (nodes, rels), ours {ours_graph}")
        log("  Neo4j: gap reports")
        out["neo4j.gaps_after_load_s"] = timed(lambda: gaps(store, AS_OF))
        neo4j_baselines.fresh_plans(driver)
        out["neo4j.gaps_cold_s"] = timed(lambda: gaps(store, AS_OF))
        out["neo4j.gaps_planned_s"] = timed(lambda: gaps(store, AS_OF))
        for subject in subjects[:WARM_UP]:
            chain(store, subject)
            neo4j_baselines.return_one(driver)
        log("  Neo4j: chains")
        chains: list[list[float]] = []
        bare: list[list[float]] = []
        for _ in range(CHAIN_SETS):
            one_set: list[float] = []
            bare_set: list[float] = []
            for subject in subjects:  # interleaved: a chain, a bare round trip, ...
                one_set.append(timed(lambda s=subject: chain(store, s)))  # type: ignore[misc]
                bare_set.append(timed(lambda: neo4j_baselines.return_one(driver)))
            chains.append(one_set)
            bare.append(bare_set)
        out["neo4j.chain_p95_ms"] = 1000 * set_median(chains, 95)
        for p in (50, 95):  # each set's ratio, then their median
            each = zip(chains, bare, strict=True)
            out[f"neo4j.chain_p{p}_vs_return1"] = median(
                [ratio(percentile(c, p), percentile(b, p)) for c, b in each]
            )
        store.clear()
    finally:
        driver.close()
        store.close()
    return out


def run_size(
    label: str,
    enterprises: int,
    work: Path,
    *,
    seed: int,
    rounds: int,
    chains: int,
    neo4j_uri: str | None,
    per_row: bool,
    browser: bool,
    embedded: bool,
    kept: list[tuple[dict[str, float], Path, list[str]]] | None = None,
) -> tuple[dict[str, float], dict[str, str]]:
    """The figures of one size, and the parts that did not run (group -> why). ``kept``:
    where this size's figures, embedded store file and chain subjects are added, for
    ``chain_growth`` once every size has run (the store file is left in ``work``)."""
    figures: dict[str, float] = {"data.enterprises": enterprises}
    folder = work / "data"
    log(f"{label}: writing a province of {enterprises} enterprises")
    start = time.perf_counter()
    summary = write_province(folder, enterprises, seed)
    figures["data.generate_s"] = time.perf_counter() - start
    figures["data.hazards"] = summary.rows.get("hazards", 0)
    start = time.perf_counter()
    report, batch = validate_path(folder)
    figures["data.validate_s"] = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"bench: the generated dataset is invalid: {report.errors[0]}")
    figures["data.records"] = len(batch.nodes) + len(batch.rels)
    del batch
    subjects = sample_hazards(folder, chains)
    records = figures["data.records"]
    failed: dict[str, str] = {}
    if not browser:
        failed["app"] = "not run (--no-browser)"
    if not embedded:
        failed["embedded"] = failed["app"] = "not run (above --max-embedded)"
    if not neo4j_uri:
        failed["neo4j"] = "not run (no --neo4j)"

    def part(group: str, what: str, run: Callable[[], dict[str, float]]) -> None:
        # A part that fails (a store out of memory, a page that never finishes) is a
        # finding: its cells say so and the other parts still run.
        log(f"{label}: {what}")
        try:
            figures.update(run())
        except Exception as exc:
            why = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}"
            failed[group] = f"FAILED: {why}"
            log(f"{label}: {what} failed: {failed[group]}")
            # Where it failed, so that the finding can be followed up.
            for line in traceback.format_exc().splitlines()[-12:]:
                log(f"{label}:   {line}")

    if embedded:
        part("embedded", "embedded store", lambda: run_embedded(folder, work, subjects, rounds))
        if "embedded" not in failed and kept is not None:
            kept.append((figures, work / "home" / "graph.json", subjects))
    if "embedded.held_bytes" in figures:
        figures["embedded.bytes_per_record"] = figures.pop("embedded.held_bytes") / records
    if "app" not in failed and "embedded" in failed:
        failed["app"] = "not run (the embedded store failed)"
    if "app" not in failed:
        part("app", "the app in Chromium", lambda: _pages(work / "home", subjects[0], rounds))
    if neo4j_uri:
        part(
            "neo4j",
            f"Neo4j at {neo4j_uri}",
            lambda: run_neo4j(
                neo4j_uri,
                folder,
                subjects,
                rounds,
                per_row,
                load_rounds(rounds, enterprises),
            ),
        )
    return figures, failed


def _pages(home: Path, hazard: str, rounds: int) -> dict[str, float]:
    """The pages' times, each the median of ``rounds`` servers started afresh (a first
    visit is one per server: one sample was an hour's luck, 7.5 to 10.9 s at L), each
    round's one-line page beside its pages."""
    runs = [app_timing.page_times(home, hazard, AS_OF) for _ in range(rounds)]
    out = {f"app.{k}": median([run[k] for run in runs]) for k in runs[0]}
    out["app.overview_next_vs_bare"] = median(
        [ratio(run["overview.next"], run["bare.next"]) for run in runs]
    )
    # only the next visit of the full Overview measures it (its first comes after another)
    out.pop("app.overview_all.first", None)
    # a server started as above, its first visit once today's Overview is made
    warmed = [
        app_timing.page_times(home, hazard, AS_OF, only=["overview"], warmed=True)
        for _ in range(rounds)
    ]
    out["app.overview.first_warmed"] = median([w["overview.first"] for w in warmed])
    return out


@contextmanager
def private_neo4j() -> Iterator[str]:
    """A Neo4j of the benchmark's own (scripts/neo4j-local), on a free port, stopped after."""
    home = tempfile.mkdtemp(prefix="bench-neo4j-")
    env = dict(os.environ)
    env["NEO4J_LOCAL_HOME"] = home
    env["NEO4J_LOCAL_PORT"] = str(app_timing._free_port())
    script = str(ROOT / "scripts" / "neo4j-local")
    log("starting a private Neo4j (scripts/neo4j-local)")
    result = subprocess.run([script, "start"], env=env, check=True, capture_output=True, text=True)
    try:
        yield result.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([script, "stop"], env=env, check=False, capture_output=True)


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, load average {load}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="One table of ratios at each size; see bench/harness.py.",
    )
    parser.add_argument("--sizes", default="S", help="S, M, L, P or numbers (default S)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--neo4j", metavar="URI", help="also measure Neo4j at URI (its database is EMPTIED)"
    )
    parser.add_argument("--start-neo4j", action="store_true", help="start a private Neo4j")
    parser.add_argument("--no-browser", action="store_true", help="skip the app page times")
    parser.add_argument(
        "--max-embedded",
        type=int,
        default=20_000,
        metavar="N",
        help="sizes above N enterprises run on Neo4j only (default 20000, i.e. L)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per measure")
    parser.add_argument("--chains", type=int, default=100, help="chains timed per store")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    try:
        sizes = list(iter_sizes(args.sizes))
    except ValueError as exc:
        parser.error(str(exc))
    with suppress(KeyboardInterrupt), _neo4j(args) as uri:
        results: list[dict[str, float]] = []
        failures: list[dict[str, str]] = []
        kept: list[tuple[dict[str, float], Path, list[str]]] = []
        with tempfile.TemporaryDirectory(prefix="bench-") as root:
            for i, (label, enterprises) in enumerate(sizes):
                work = Path(root) / f"{i}-{label}"  # a size may be asked twice
                work.mkdir()
                figures, failed = run_size(
                    label,
                    enterprises,
                    work,
                    seed=args.seed,
                    rounds=args.rounds,
                    chains=args.chains,
                    neo4j_uri=uri,
                    per_row=i == 0,
                    browser=not args.no_browser,
                    embedded=enterprises <= args.max_embedded,
                    kept=kept,
                )
                shutil.rmtree(work / "data", ignore_errors=True)  # a province's is gigabytes
                results.append(figures)
                failures.append(failed)
            fill_growth(results)
            if len(kept) > 1:
                log("embedded chains, the sizes' sets interleaved")
                try:
                    chain_growth(kept, results)
                except Exception as exc:  # the run's other figures are still printed
                    why = f"FAILED: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"
                    log(f"the interleaved chain growth {why}")
                    for figures, failed in zip(results, failures, strict=True):
                        if figures.pop("embedded.chain_p95_growth", None) is not None:
                            failed["embedded"] = why
        labels = [label for label, _ in sizes]
        print(f"machine: {machine()}")
        print(f"as of {AS_OF}; {args.rounds} interleaved rounds, medians; seed {args.seed}")
        print(render(labels, results, failures))
        if args.json:
            document = {
                "machine": machine(),
                "sizes": dict(zip(labels, results, strict=True)),
                "not_run": dict(zip(labels, failures, strict=True)),
            }
            args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        return 0
    return 130


@contextmanager
def _neo4j(args: argparse.Namespace) -> Iterator[str | None]:
    if args.start_neo4j and not args.neo4j:
        with private_neo4j() as uri:
            yield uri
    else:
        yield args.neo4j


__all__ = ["MEASURES", "main"]
