"""The document commands: ``extract`` (propose facts, each with its quote) and ``load-doc``
(load the reviewed ones). Nothing from a document is loaded unless it was accepted.

The extraction package (its rules load jieba and cn2an, about a second) is imported by the
functions that use it, not here: building the CLI's parser must stay cheap."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph_model.store import GraphStore

if TYPE_CHECKING:
    from extraction.extract import Extraction
    from extraction.proposals import Proposal

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
COMMAND_NAMES = ("extract", "load-doc")
# extraction.extract.LANGS, written out so that the parser does not load the rules
# (tests/test_stats_fast_imports.py holds the two equal)
LANGS = ("auto", "zh", "en")


def _day(text: str) -> str:
    from accgraph.queries import _day as day  # one definition of a valid day

    return day(text)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("extract", help="propose the facts a document states, each with its quote")
    p.add_argument("file", type=Path, help="a .txt, .md, .html, .docx or .pdf (with a text layer)")
    p.add_argument("--lang", choices=LANGS, default="auto")
    p.add_argument("--as-of", type=_day, help="the day the document speaks of (default: its date)")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("load-doc", help="load the accepted proposals of a document")
    p.add_argument("file", type=Path)
    p.add_argument("--accept-all", action="store_true", help="accept every proposal (no review)")
    p.add_argument("--accept", metavar="ID,ID…", help="the proposals accepted, e.g. X001,X004")
    p.add_argument(
        "--proposals",
        type=Path,
        metavar="FILE.json",
        help="proposals reviewed from 'extract --format json' (\"accepted\": true, edited data)",
    )
    p.add_argument("--lang", choices=LANGS, default="auto")
    p.add_argument("--as-of", type=_day)
    p.add_argument("--dry-run", action="store_true", help="validate only; write nothing")


def run(args: argparse.Namespace, store: GraphStore) -> int:
    from extraction import UnreadableDocument, read_document
    from extraction.extract import extract_document
    from extraction.resolve import resolve

    try:
        document = read_document(args.file)
    except UnreadableDocument as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "extract":
        extraction = resolve(extract_document(document, args.lang, args.as_of), store)
        if args.format == "json":
            print(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(render_table(extraction))
        return EXIT_OK
    return _load_doc(args, document, store)


# -- load-doc ----------------------------------------------------------------------------------
class _Refused(Exception):
    pass


def _reviewed(path: Path, text: str) -> tuple[list[Proposal], set[str]]:
    """Proposals as the reviewer left them, and those marked ``"accepted": true``."""
    from extraction.proposals import Proposal

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        items = raw["proposals"]
        proposals = [Proposal.from_json(item) for item in items]
    except (OSError, UnicodeDecodeError) as exc:
        raise _Refused(f"{path}: cannot read ({exc})") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise _Refused(
            f"{path}: not a proposals file from 'extract --format json' ({exc})"
        ) from None
    if raw.get("text") is not None and raw["text"] != text:
        raise _Refused(f"{path}: these proposals were made from another text than the document's")
    for p in proposals:
        if text[p.start : p.end] != p.quote:
            raise _Refused(
                f"{path}: {p.id}: the quote is not the document's text at [{p.start}, {p.end})"
            )
    accepted = {
        p.id for p, item in zip(proposals, items, strict=True) if item.get("accepted") is True
    }
    return proposals, accepted


def _load_doc(args: argparse.Namespace, document: Any, store: GraphStore) -> int:
    from extraction.dataset import NotLoadable, build_dataset, load_dataset
    from extraction.extract import Extraction, extract_document
    from extraction.resolve import resolve
    from loaders import InvalidDataset
    from loaders.history import record_load

    extraction = extract_document(document, args.lang, args.as_of)
    accepted: set[str] = set()
    try:
        if args.proposals is not None:
            reviewed, accepted = _reviewed(args.proposals, extraction.text)
            unresolved = [p for p in reviewed if not p.resolution]
            extraction.proposals = reviewed
            resolve(
                Extraction(
                    extraction.name,
                    extraction.lang,
                    extraction.doc_date,
                    extraction.text,
                    extraction.title,
                    unresolved,
                ),
                store,
            )
        else:
            resolve(extraction, store)
    except _Refused as exc:
        print(f"accgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.accept:
        accepted |= {i.strip() for i in args.accept.split(",") if i.strip()}
    if not args.accept_all and not accepted:
        print(
            f"accgraph: error: {args.file}: nothing accepted, nothing was loaded (review with "
            "'accgraph extract FILE', then --accept ID,… or --proposals FILE.json; "
            "--accept-all loads every proposal unreviewed)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        dataset = build_dataset(extraction, None if args.accept_all else accepted)
        report = load_dataset(dataset, store, name=document.name, dry_run=args.dry_run)
    except NotLoadable as exc:
        print(f"{args.file}: {exc}; nothing was loaded", file=sys.stderr)
        return EXIT_INVALID
    except InvalidDataset as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"{args.file}: the accepted proposals do not validate; nothing was loaded",
            file=sys.stderr,
        )
        return EXIT_INVALID
    for note in dataset.skipped:
        print(f"note: {note}", file=sys.stderr)
    rows = sum(report.rows.values())
    if report.applied is None:
        print(
            f"{args.file}: valid, {rows} rows as source {dataset.source_id}; "
            "dry run, nothing written"
        )
        return EXIT_OK
    record_load(report, store.backend, store.location)
    a = report.applied
    print(
        f"{args.file}: loaded {rows} rows as source {dataset.source_id} into {store.backend}: "
        f"nodes {a.nodes_created} created, {a.nodes_changed} changed; relationships "
        f"{a.rels_created} created, {a.rels_changed} changed"
    )
    return EXIT_OK


# -- the table ---------------------------------------------------------------------------------
def _safe(value: object) -> str:
    """Document text on a terminal: line breaks shown as ⏎, control characters as �."""
    text = str(value).replace("\n", " ⏎ ")
    return "".join(
        "�" if unicodedata.category(ch) in ("Cc", "Cf") and ch != " " else ch for ch in text
    )


def summary(p: Proposal) -> str:
    """One line that says what a proposal claims."""
    from extraction.proposals import ProposalKind

    d = p.data
    post = f"{d.get('post')} ({d.get('org') or '?'}; {d.get('role') or '?'})"
    match p.kind:
        case ProposalKind.PERSON_POST:
            return f"{d['name']} — {post}"
        case ProposalKind.APPOINTMENT:
            verb = "appointed" if d["change"] == "start" else "removed"
            return f"{d['name']} {verb}: {post} on {d.get('date') or '?'}"
        case ProposalKind.ASSIGNMENT:
            return (
                f"{d['name']} as {d['post']} in charge of {d['org']} (from {d.get('date') or '?'})"
            )
        case ProposalKind.MEETING:
            return (
                f"{d.get('title') or 'meeting'} on {d.get('date') or '?'} "
                f"at {d.get('place') or '?'}; chair {d.get('chair') or '?'}; "
                f"attendees {', '.join(d.get('attendees', [])) or '-'}"
            )
        case ProposalKind.DIRECTIVE:
            sectors = ", ".join(s["name"] for s in d.get("sectors", [])) or "no sector"
            binds = ", ".join(b["word"] for b in d.get("binds", []))
            return f"duty: {sectors}" + (f"; binds {binds}" if binds else "")
        case ProposalKind.ACCIDENT:
            figures = ", ".join(
                f"{k} {d[k]}"
                for k in ("deaths", "missing", "serious_injuries", "injuries", "direct_loss_cny")
                if d.get(k) is not None
            )
            return (
                f"{d.get('kind')} at {d.get('enterprise') or '?'} on {d.get('date') or '?'}; "
                f"{figures or 'no figures'}; "
                f"grade {d.get('grade') or '?'} ({d.get('grade_basis') or '-'})"
            )
        case ProposalKind.FINDING:
            return (
                f"{d['name']} ({d.get('post')}): {d['responsibility']}; "
                f"sanction: {d.get('sanction') or '-'}"
            )
    return ""


def _resolution(p: Proposal) -> str:
    parts = []
    for what, res in p.resolution.items():
        if what == "persons":
            res = {"status": ", ".join(f"{n} {r.get('id') or r['status']}" for n, r in res.items())}
        status = res.get("status")
        if status == "matched":
            parts.append(f"{what} {res['id']}")
        elif status == "ambiguous":
            parts.append(f"{what} AMBIGUOUS: " + " | ".join(c["id"] for c in res["candidates"]))
        elif status == "new":
            parts.append(f"{what} new")
        elif status:
            parts.append(f"{what}: {status}")
    return "; ".join(parts)


def render_table(ex: Extraction) -> str:
    lines = [
        f"{_safe(ex.name)}  lang {ex.lang}  date {ex.doc_date or '?'}  "
        f"{len(ex.proposals)} proposal(s)",
        "",
    ]
    for p in ex.proposals:
        lines.append(
            f"{p.id}  {p.kind.value:<12} {p.confidence:.2f}  {p.rule}  [{p.start}, {p.end})"
        )
        lines.append(f"      {_safe(summary(p))}")
        lines.append(f"      “{_safe(p.quote)}”")
        if p.resolution:
            lines.append(f"      graph: {_safe(_resolution(p))}")
    return "\n".join(lines) + "\n"
