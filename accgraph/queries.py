"""The accountability commands: chain, gaps, person, org, vacancy."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from accgraph import render
from graph_model import accountability
from graph_model.results import GAP_KINDS
from graph_model.store import GraphStore

EXIT_OK, EXIT_USAGE = 0, 2


def _day(text: str) -> str:
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)")
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date on the calendar") from exc
    return text


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("chain", help="who was accountable for a hazard or accident on a day")
    p.add_argument("id", help="a hazard, accident or enterprise id")
    p.add_argument("--as-of", type=_day, help="the day (default: found_on / occurred_on)")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("gaps", help="coverage gaps on a day")
    p.add_argument("--as-of", type=_day, help="the day (default: today)")
    p.add_argument("--kind", choices=GAP_KINDS)
    p.add_argument("--region", help="a region id: that region and everything under it")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")

    for name, what in (("person", "a person"), ("org", "a department or government")):
        p = sub.add_parser(name, help=f"the portfolio of {what} on a day")
        p.add_argument("id")
        p.add_argument("--as-of", type=_day, help="the day (default: today)")
        p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("vacancy", help="what loses its accountable person if a post falls vacant")
    p.add_argument("position_id")
    p.add_argument("--as-of", type=_day, help="the day (default: today)")
    p.add_argument("--format", choices=("table", "json"), default="table")


def _emit(args: argparse.Namespace, result: Any, table: str) -> int:
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(table)
    return EXIT_OK


def run(args: argparse.Namespace, store: GraphStore) -> int:
    try:
        match args.command:
            case "chain":
                c = accountability.chain(store, args.id, args.as_of)
                return _emit(args, c, render.chain_table(c))
            case "gaps":
                report = accountability.gaps(store, args.as_of, args.kind, args.region)
                if args.format == "csv":
                    sys.stdout.write(render.gaps_csv(report))
                    return EXIT_OK
                return _emit(args, report, render.gaps_table(report))
            case "person":
                p = accountability.person_portfolio(store, args.id, args.as_of)
                return _emit(args, p, render.portfolio_table(p))
            case "org":
                p = accountability.org_portfolio(store, args.id, args.as_of)
                return _emit(args, p, render.portfolio_table(p))
            case "vacancy":
                v = accountability.vacancy_impact(store, args.position_id, args.as_of)
                return _emit(args, v, render.vacancy_table(v))
    except accountability.SubjectNotFound as exc:
        print(f"accgraph: error: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    raise AssertionError(args.command)


COMMAND_NAMES = ("chain", "gaps", "person", "org", "vacancy")
