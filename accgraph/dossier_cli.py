"""``accgraph dossier``: the chain of a subject on a day as a dossier to file (HTML, PDF or
JSON), the same document the app's export buttons give (``app_support.dossier``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accgraph.queries import UnknownId, _day, require_id
from graph_model.store import GraphStore

if TYPE_CHECKING:
    from graph_model.results import Chain
    from loaders.fingerprint import DatasetOrigin

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND_NAMES = ("dossier",)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "dossier",
        help="the chain of a hazard, accident or enterprise on a day as a dossier to file",
    )
    p.add_argument("id", help="a hazard, accident or enterprise id")
    p.add_argument("--as-of", type=_day, help="the day (default: found_on / occurred_on)")
    p.add_argument("--format", choices=("html", "pdf", "json"), default="html")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="the dossier's language")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def _origin(args: argparse.Namespace, store: GraphStore) -> DatasetOrigin:
    from loaders.fingerprint import origin_of, origin_of_report

    report = getattr(args, "data_report", None)  # --data: the one load of this call
    return origin_of_report(report) if report is not None else origin_of(store)


def _catalog(store: GraphStore, chain: Chain) -> dict[str, dict[str, Any]]:
    """The nodes the dossier names: ends of links, gaps' subjects, sources."""
    ids = {chain.subject.id, chain.subject.enterprise_id}
    for e in chain.entries:
        for link in e.path:
            ids |= {link.start, link.end, *link.source_ids}
    ids |= {g.subject_id for g in chain.gaps}
    ids |= {s for f in chain.findings for s in f.source_ids}
    return store.nodes(ids)


def _json(chain: Chain, origin: DatasetOrigin, language: str) -> bytes:
    from app_support.legal_basis import level_basis

    data = chain.to_json()
    data["dataset"] = {
        "fingerprint": origin.fingerprint,
        "illustrative": origin.illustrative,
        "loads": [vars(d) for d in origin.datasets],
    }
    data["basis"] = {str(level): level_basis(level, language) for level in chain.levels()}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write(path: Path, content: bytes) -> None:
    """All of it or nothing: a temporary file beside ``path``, then renamed over it."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".dossier-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace, store: GraphStore) -> int:
    # imported here, not at the top: the CLI's parser imports this module for every command
    from graph_model import accountability

    try:
        require_id(store, "chain", args.id)
        chain = accountability.chain(store, args.id, args.as_of)
    except UnknownId as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except accountability.SubjectNotFound as exc:
        print(f"accgraph: error: {exc.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    origin = _origin(args, store)
    if args.format == "json":
        content = _json(chain, origin, args.lang)
    else:
        from app_support import dossier  # the app's renderer; loaded only for this command
        from app_support.pdf_font import FontMissing

        catalog = _catalog(store, chain)
        if args.format == "html":
            content = dossier.dossier_html(chain, catalog, args.lang, origin).encode("utf-8")
        else:
            try:
                content = dossier.dossier_pdf(chain, catalog, args.lang, origin)
            except FontMissing as exc:
                print(f"accgraph: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
    try:
        _write(args.output, content)
    except OSError as exc:
        print(f"accgraph: error: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.output}: dossier of {chain.subject.id} as of {chain.as_of} ({args.format})")
    return EXIT_OK
