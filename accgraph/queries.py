"""The accountability commands: chain, gaps, person, org, vacancy."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import re
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from graph_model.schema import Label
from graph_model.store import GraphStore
from graph_model.vocabulary import GapKind

if TYPE_CHECKING:  # the parser imports this module for every command: nothing heavy here
    from graph_model.results import GapReport

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
    p.add_argument(
        "--compare",
        nargs=2,
        type=_day,
        metavar=("D1", "D2"),
        help="what changed between the chain on D1 and on D2 (instead of --as-of)",
    )

    p = sub.add_parser("gaps", help="coverage gaps on a day")
    p.add_argument("--as-of", type=_day, help="the day (default: today)")
    p.add_argument("--kind", choices=tuple(GapKind))  # results.GAP_KINDS, without the results
    p.add_argument("--region", help="a region id: that region and everything under it")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the language of the details in table and CSV (JSON keeps English `detail`)",
    )

    for name, what in (("person", "a person"), ("org", "a department or government")):
        p = sub.add_parser(name, help=f"the portfolio of {what} on a day")
        p.add_argument("id")
        p.add_argument("--as-of", type=_day, help="the day (default: today)")
        p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("vacancy", help="what loses its accountable person if a post falls vacant")
    p.add_argument("position_id")
    p.add_argument("--as-of", type=_day, help="the day (default: today)")
    p.add_argument("--format", choices=("table", "json"), default="table")


def _zh_name(props: dict[str, Any]) -> str:
    for base in ("name", "title", "text"):
        if props.get(f"{base}_zh") or props.get(base):
            return str(props.get(f"{base}_zh") or props.get(base))
    return ""


def gap_names(store: GraphStore, report: Any, language: str) -> dict[str, str]:
    """The Chinese names of the gaps' subjects and of the nodes their details name (``--lang
    zh``; English keeps the names the gaps carry)."""
    from graph_model.gap_wording import named_in

    if language != "zh":
        return {}
    ids = {g.subject_id for g in report.gaps} | {i for g in report.gaps for i in named_in(g.facts)}
    parts = {p for i in ids if "|" in i for p in i.split("|")}  # an overlap: SECTOR|REGION
    # the shown properties of each (one record at Neo4j, not one per node with all of its
    # properties: 11 s for a province's 500k names, against 41 s); a duty's Chinese text is
    # not one of them
    props = store.names(ids | parts)
    props.update(store.nodes({g.subject_id for g in report.gaps if g.kind == GapKind.DUTY_UNHELD}))
    found = {i: _zh_name(p) for i, p in props.items()}
    for i in ids:
        if "|" in i:
            sector, _, region = i.partition("|")
            found[i] = f"{found.get(region, region)}·{found.get(sector, sector)}"
    return {i: n for i, n in found.items() if n}


def _emit(args: argparse.Namespace, result: Any, table: str) -> int:
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(table)
    return EXIT_OK


def write_gaps_json(report: GapReport, out: TextIO) -> None:
    """``report.to_json()`` with one gap per line (``write_listing_json``)."""
    head = dataclasses.replace(report, gaps=()).to_json()  # every key, the gaps left out
    head["counts"] = report.counts
    write_listing_json(head, "gaps", (gap.to_json() for gap in report.gaps), out)


def write_listing_json(head: dict[str, Any], key: str, items: Iterable[Any], out: TextIO) -> None:
    """A report's JSON (``head``, its keys in order) with its long list (``key``) written one
    item per line, each as it is made: json's indenting encoder is Python (30 s for a
    province's 617k gaps, the whole text held in memory), its compact one is C (4 s). The
    other keys are indented as ``_emit`` does."""
    compact = json.JSONEncoder(ensure_ascii=False)
    out.write("{")
    for n, (name, value) in enumerate(head.items()):
        out.write(("\n  " if n == 0 else ",\n  ") + compact.encode(name) + ": ")
        if name != key:
            out.write(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            continue
        out.write("[")
        written = False
        for item in items:
            out.write((",\n    " if written else "\n    ") + compact.encode(item))
            written = True
        out.write("\n  ]" if written else "]")
    out.write("\n}\n")


# What each command's id must name; the messages say "no <what> <id> in the store".
SUBJECT_KINDS: dict[str, tuple[str, tuple[Label, ...]]] = {
    "chain": ("hazard, accident or enterprise", (Label.HAZARD, Label.ACCIDENT, Label.ENTERPRISE)),
    "person": ("person", (Label.PERSON,)),
    "org": ("organization", (Label.ORGANIZATION,)),
    "vacancy": ("position", (Label.POSITION,)),
    "region": ("region", (Label.REGION,)),
}


class UnknownId(LookupError):
    """An id given on the command line names nothing of the kind asked for."""


def require_id(store: GraphStore, what: str, given: str) -> None:
    """Raise ``UnknownId`` ("no region with id 'r-003' in the store (did you mean R-003?)") unless
    ``given`` is an id of that kind: a filter on an unknown id would read as "nothing
    there"."""
    noun, labels = SUBJECT_KINDS[what]
    found = store.labels_of([given]).get(given, frozenset())
    if found & set(labels):
        return
    known = sorted({i for label in labels for i in store.ids_with_label(label)})
    same_case = [i for i in known if i.casefold() == given.casefold()]
    close = same_case or difflib.get_close_matches(given, known, n=1, cutoff=0.8)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise UnknownId(f"no {noun} with id '{given}' in the store{hint}")


def run(args: argparse.Namespace, store: GraphStore) -> int:
    try:
        return _run(args, store)
    except UnknownId as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace, store: GraphStore) -> int:
    # imported here, not at the top: the CLI's parser imports this module for every command
    from accgraph import render
    from graph_model import accountability

    if args.command == "gaps" and args.region is not None:
        require_id(store, "region", args.region)
    if args.command in ("chain", "person", "org"):
        require_id(store, args.command, args.id)
    if args.command == "vacancy":
        require_id(store, "vacancy", args.position_id)
    try:
        match args.command:
            case "chain" if args.compare:
                from accgraph.render_time import comparison_table
                from graph_model.chain_compare import compare_chains

                diff = compare_chains(store, args.id, *args.compare)
                return _emit(args, diff, comparison_table(diff))
            case "chain":
                c = accountability.chain(store, args.id, args.as_of)
                return _emit(args, c, render.chain_table(c))
            case "gaps":
                report = accountability.gaps(store, args.as_of, args.kind, args.region)
                if args.format == "json":  # English details, the names the gaps carry
                    write_gaps_json(report, sys.stdout)
                    return EXIT_OK
                names = gap_names(store, report, args.lang)
                if args.format == "csv":
                    sys.stdout.write(render.gaps_csv(report, args.lang, names))
                    return EXIT_OK
                sys.stdout.write(render.gaps_table(report, args.lang, names))
                return EXIT_OK
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
