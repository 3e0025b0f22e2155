"""``accgraph synth OUT --enterprises N [--seed S]``: write a synthetic province (CSV folder).

It needs no store: the CLI runs it before opening one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from synth import SIZES, write_province

EXIT_OK, EXIT_USAGE = 0, 2


def _enterprises(text: str) -> int:
    """A number >= 1, or a size name (S, M, L, P)."""
    if text.upper() in SIZES:
        return SIZES[text.upper()]
    try:
        n = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of enterprises (or one of {', '.join(SIZES)})"
        ) from None
    if n < 1:
        raise argparse.ArgumentTypeError("a province needs at least 1 enterprise")
    return n


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "synth",
        help="write a synthetic province (a CSV folder in the input format) for benchmarks",
    )
    p.add_argument("out", type=Path, help="the folder to write (new or empty)")
    sizes = ", ".join(f"{k}={v:,}" for k, v in SIZES.items())
    p.add_argument(
        "--enterprises",
        type=_enterprises,
        required=True,
        metavar="N",
        help=f"how many enterprises (about 5 hazards each); or a size: {sizes}",
    )
    p.add_argument("--seed", type=int, default=1, help="same seed, same files (default 1)")


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(
            f"accgraph: error: {out} exists and is not an empty folder; choose a new one",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        summary = write_province(out, args.enterprises, args.seed)
    except OSError as exc:
        print(f"accgraph: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(summary.describe())
    return EXIT_OK
