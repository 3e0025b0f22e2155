"""The commands over time and over the whole graph: ``timeline`` and ``spof``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from typing import Any

from accgraph.queries import UnknownId, _day, require_id, write_listing_json
from graph_model.store import GraphStore

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND_NAMES = ("timeline", "spof")


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from exc
    if n < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number")
    return n


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "timeline", help="who was accountable for a hazard or accident over a range of days"
    )
    p.add_argument("id", help="a hazard, accident or enterprise id")
    p.add_argument(
        "--from",
        dest="start",
        type=_day,
        help="first day (default: found_on; an accident: a year before it occurred)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_day,
        help="last day (default: closed_on or today; an accident: the day it occurred)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser(
        "spof", help="the posts whose vacancy would leave the most with nobody accountable"
    )
    p.add_argument("--as-of", type=_day, help="the day (default: today)")
    p.add_argument("--top", type=_positive, metavar="N", help="only the first N")
    p.add_argument(
        "--persons",
        action="store_true",
        help="rank persons by the subjects and departments they answer for instead",
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")


def run(args: argparse.Namespace, store: GraphStore) -> int:
    # imported here, not at the top: the CLI's parser imports this module for every command
    from accgraph import render_time
    from graph_model.accountability import SubjectNotFound
    from graph_model.fragility import person_load, single_points_of_failure
    from graph_model.timeline import timeline

    try:
        if args.command == "timeline":
            require_id(store, "chain", args.id)  # a hazard, accident or enterprise
            t = timeline(store, args.id, args.start, args.end)
            if args.format == "json":
                print(json.dumps(t.to_json(), ensure_ascii=False, indent=2))
            else:
                sys.stdout.write(render_time.timeline_table(t))
            return EXIT_OK
        if args.command == "spof":
            if args.persons:
                load = person_load(store, args.as_of, args.top)
                text: dict[str, Callable[[Any], str]] = {
                    "csv": render_time.load_csv,
                    "table": render_time.load_table,
                }
                result: Any = load
            else:
                result = single_points_of_failure(store, args.as_of, args.top)
                text = {"csv": render_time.spof_csv, "table": render_time.spof_table}
            if args.format == "json":  # one post or person per line (535k persons at P)
                key = "persons" if args.persons else "positions"
                listed = getattr(result, key)
                head = dataclasses.replace(result, **{key: ()}).to_json()
                write_listing_json(head, key, (x.to_json() for x in listed), sys.stdout)
            else:
                sys.stdout.write(text[args.format](result))
            return EXIT_OK
    except UnknownId as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SubjectNotFound as exc:
        print(f"accgraph: error: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    raise AssertionError(args.command)
