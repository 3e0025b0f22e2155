"""The ``accgraph`` command line.

Exit codes: 0 ok, 1 invalid input (report on stderr), 2 usage, connection or environment
error (one line on stderr).

Start-up is kept cheap: this module and the subcommand modules import at their top only what
building the parser needs; each command imports its own code when it runs (the loaders, a
store's code, the document rules), so ``stats`` on the embedded store loads neither networkx
nor the Neo4j driver.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from accgraph import documents_cli, dossier_cli, queries, synth_cli, time_cli
from accgraph.terminal import safe_output
from graph_model.store import (
    BACKENDS,
    GraphStore,
    Stats,
    StoreUnavailable,
    default_backend,
    open_store,
)
from graph_model.store.config import StoreConfig
from graph_model.store.load_lock import LOAD_WAIT_S
from graph_model.store.memory_file import stored_stats
from graph_model.store.memory_gc import heap_frozen

if TYPE_CHECKING:
    from loaders import InvalidDataset, LoadReport

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A wrong call: exit 2 with a one-line reason."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise UsageError(message)


Command = Callable[[argparse.Namespace, GraphStore], int]
COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        COMMANDS[name] = fn
        return fn

    return register


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="accgraph", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        help="where the graph lives (default: neo4j when NEO4J_URI is set, else memory)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="load PATH into a fresh embedded store for this one call (nothing is kept)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("load", help="validate a dataset and load it into the store")
    p.add_argument("path", type=Path, help="a folder of CSV files, an .xlsx, .json or .yaml")
    p.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--encoding",
        type=_encoding,
        metavar="NAME",
        help="encoding of the CSV/JSON/YAML files, e.g. gb18030 or utf-8 "
        "(default: UTF-8, else GB18030 with a warning)",
    )
    p.add_argument(
        "--wait",
        type=_seconds,
        default=LOAD_WAIT_S,
        metavar="SECONDS",
        help=f"wait this long for another load to finish, then give up (default {LOAD_WAIT_S:g}; "
        "0: don't wait)",
    )
    p.add_argument(
        "--offline-import",
        type=Path,
        metavar="NEO4J_HOME",
        help="first load only (首次导入): write the dataset with Neo4j's offline importer "
        "(neo4j-admin database import) into the local server of NEO4J_HOME "
        "(scripts/neo4j-local), which must be stopped and hold no database yet; then start it "
        "at the port of NEO4J_URI (else NEO4J_LOCAL_PORT). Validated first as any load",
    )

    p = sub.add_parser("stats", help="counts per node label and relationship type")
    p.add_argument("--format", choices=("table", "json"), default="table")
    queries.add_parsers(sub)
    synth_cli.add_parser(sub)
    for name in queries.COMMAND_NAMES:
        COMMANDS[name] = queries.run
    time_cli.add_parsers(sub)
    for name in time_cli.COMMAND_NAMES:
        COMMANDS[name] = time_cli.run
    documents_cli.add_parsers(sub)
    for name in documents_cli.COMMAND_NAMES:
        COMMANDS[name] = documents_cli.run
    dossier_cli.add_parsers(sub)
    for name in dossier_cli.COMMAND_NAMES:
        COMMANDS[name] = dossier_cli.run
    return parser


def _encoding(name: str) -> str:
    from loaders.text_encoding import encoding_name

    try:
        encoding_name(name)
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {name!r} (e.g. utf-8, gb18030, utf-16)"
        ) from None
    return name


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds")
    return value


def _print_problems(report: LoadReport) -> None:
    for line in report.text_lines():
        print(line, file=sys.stderr)  # sys.stderr at call time: the escaping stream


@command("load")
def _load(args: argparse.Namespace, store: GraphStore) -> int:
    from accgraph import progress_bar
    from loaders import InvalidDataset, load_under_lock

    bar = progress_bar.for_stderr(enabled=args.format == "text")

    def waiting(message: str) -> None:
        print(f"accgraph: {message}", file=sys.stderr, flush=True)

    try:
        report = load_under_lock(
            args.path,
            store,
            dry_run=args.dry_run,
            wait_s=args.wait,
            on_wait=waiting,
            encoding=args.encoding,
            progress=bar,
        )
    except InvalidDataset as exc:
        if bar is not None:
            bar.finish()
        return _print_invalid(args.path, exc, "loaded")
    finally:
        if bar is not None:
            bar.finish()
    _print_problems(report)
    return _print_loaded(args, report, store.backend)


def _print_invalid(path: Path, exc: InvalidDataset, verb: str) -> int:
    """Every problem of a dataset that was refused, then one line: nothing was written."""
    from loaders import LoadReport

    failed = LoadReport(str(path), problems=exc.problems)
    for line in failed.text_lines():
        print(line, file=sys.stderr)
    print(f"{path}: {failed.counts()}; nothing was {verb}", file=sys.stderr)
    return EXIT_INVALID


def _print_loaded(args: argparse.Namespace, report: LoadReport, backend: str) -> int:
    from loaders import Severity, wording

    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = sum(report.rows.values())
    warnings = wording.count(len(report.warnings), Severity.WARNING)
    if report.applied is None:
        print(
            f"{args.path}: valid, {rows} rows in {len(report.rows)} tables, "
            f"{warnings}; dry run, nothing written"
        )
    else:
        a = report.applied
        print(
            f"{args.path}: loaded {rows} rows from {len(report.rows)} tables into "
            f"{backend}: nodes {a.nodes_created} created, {a.nodes_changed} changed; "
            f"relationships {a.rels_created} created, {a.rels_changed} changed, "
            f"{a.rels_removed} removed; {warnings}"
        )
    return EXIT_OK


def _offline_import(args: argparse.Namespace) -> int:
    """``load --offline-import``: no store is opened (the server is stopped)."""
    from accgraph import progress_bar
    from graph_model.store.neo4j_import import ImportRefused
    from loaders import InvalidDataset
    from loaders.offline_import import ImportTimes, offline_import

    if args.dry_run or args.data is not None or args.backend == "memory":
        raise UsageError(
            "--offline-import writes Neo4j: not with --dry-run, --data or --backend memory"
        )
    if (os.environ.get("NEO4J_DATABASE") or "neo4j") != "neo4j":
        raise UsageError("--offline-import writes the default database 'neo4j' (NEO4J_DATABASE)")
    bar = progress_bar.for_stderr(enabled=args.format == "text")
    times = ImportTimes()
    try:
        report, uri = offline_import(
            args.path,
            args.offline_import,
            uri=os.environ.get("NEO4J_URI"),
            encoding=args.encoding,
            wait_s=args.wait,
            on_wait=lambda message: print(f"accgraph: {message}", file=sys.stderr, flush=True),
            progress=bar,
            times=times,
        )
    except InvalidDataset as exc:
        if bar is not None:
            bar.finish()
        return _print_invalid(args.path, exc, "imported")
    except ImportRefused as exc:
        print(f"accgraph: error: offline import refused: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if bar is not None:
            bar.finish()
    _print_problems(report)
    code = _print_loaded(args, report, "neo4j")
    if args.format == "text":
        print(f"the server runs at {uri} (NEO4J_URI={uri}); {times.text()}")
    return code


@command("stats")
def _stats(args: argparse.Namespace, store: GraphStore) -> int:
    return _print_stats(args, store.stats())


def _summary_stats(args: argparse.Namespace) -> Stats | None:
    """The embedded store's counts from the summary kept beside its file (no graph read),
    or None: another backend, ``--data``, or no summary for this version of the file."""
    if args.command != "stats" or args.data is not None:
        return None
    if (args.backend or default_backend()) != "memory":
        return None
    return stored_stats(Path(StoreConfig.embedded().location))


def _print_stats(args: argparse.Namespace, counts: Stats) -> int:
    stats = counts.as_dict()
    if args.format == "json":
        print(json.dumps(stats, indent=2, sort_keys=True))
        return EXIT_OK
    for section, section_counts in stats.items():
        print(f"{section}:")
        width = max((len(k) for k in section_counts), default=0)
        for name, n in section_counts.items():
            print(f"  {name:<{width}}  {n:>7}")
        if not section_counts:
            print("  (none)")
    return EXIT_OK


def _open(args: argparse.Namespace) -> GraphStore:
    if args.data is not None:
        from graph_model.store.memory import MemoryStore
        from loaders import InvalidDataset, load_path

        if args.backend == "neo4j":
            raise UsageError(
                "--data uses a fresh embedded store; to fill Neo4j run "
                "'accgraph --backend neo4j load PATH'"
            )
        store = MemoryStore()
        try:
            # kept for what the answer came from (the dossier's fingerprint)
            args.data_report = load_path(args.data, store)
        except InvalidDataset as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            raise
        return store
    return open_store(args.backend)


@safe_output
def main(argv: Sequence[str] | None = None) -> int:
    # the driver logs every retry of a lost connection; the one-line reason says it all
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if (summary := _summary_stats(args)) is not None:  # before any other import
        try:
            _print_stats(args, summary)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return EXIT_OK
        except BrokenPipeError:
            return _pipe_closed()
        except OSError as exc:
            return _environment_error(exc)
    from loaders import InvalidDataset, UnreadableInput  # what every other command may raise

    if args.command == "synth":  # writes files only: no store to open
        return synth_cli.run(args)
    if args.command == "load" and args.offline_import is not None:
        try:  # the server is stopped: no store to open before
            return _offline_import(args)
        except (StoreUnavailable, UsageError, UnreadableInput) as exc:
            print(f"accgraph: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        store = _open(args)
    except InvalidDataset:
        print(f"{args.data}: invalid dataset; nothing was loaded", file=sys.stderr)
        return EXIT_INVALID
    except (StoreUnavailable, UsageError, UnreadableInput) as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        for notice in store.notices:
            print(f"accgraph: warning: {notice}", file=sys.stderr)
        with heap_frozen():  # the graph just read: no collector pass walks it again
            code = COMMANDS[args.command](args, store)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _pipe_closed()
    except (StoreUnavailable, UsageError, UnreadableInput) as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        return _environment_error(exc)
    finally:
        store.close()


def _pipe_closed() -> int:
    """The reader (``| head``) has what it wanted: stop quietly, and keep Python from
    complaining when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _environment_error(exc: OSError) -> int:
    """stdout on a full disk, a vanished folder...: one line."""
    where = f"{exc.filename}: " if exc.filename else ""
    print(f"accgraph: error: {where}{exc.strerror or exc}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
