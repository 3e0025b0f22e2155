"""What the Documents page needs: read an upload or pasted text, extract and resolve, show the
text with its proposals highlighted (escaped), turn the reviewer's table back into proposals,
and load the accepted ones."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from app_support.ui import md
from extraction import UnreadableDocument
from extraction.dataset import DocumentDataset, NotLoadable, build_dataset, load_dataset
from extraction.documents import FORMATS, Document, parse_document
from extraction.extract import Extraction, extract_document
from extraction.proposals import Proposal
from extraction.resolve import MATCHED, resolve
from graph_model.store import GraphStore
from loaders import InvalidDataset, LoadReport

UPLOAD_TYPES = sorted(ext.lstrip(".") for ext in FORMATS)
EDITABLE = ("name", "post", "org", "date")  # what a reviewer may correct in a proposal
COLUMNS = ("accept", "id", "kind", "claim", "quote", *EDITABLE, "graph_id", "graph", "confidence",
           "rule")  # fmt: skip


def document_from_upload(name: str, data: bytes) -> Document:
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnreadableDocument(f"{name}: unknown document type")
    return parse_document(Path(name).name, fmt, data)


def document_from_text(text: str) -> Document:
    return parse_document("pasted.txt", "text", text.encode("utf-8"))


def digest(document: Document, lang: str, as_of: str | None) -> str:
    key = f"{document.name}\x00{lang}\x00{as_of}\x00{document.text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def extract(document: Document, lang: str, as_of: str | None, store: GraphStore) -> Extraction:
    return resolve(extract_document(document, lang, as_of), store)


def highlighted(text: str, proposals: list[Proposal]) -> str:
    """The text as inert markdown, the quoted spans on a coloured background, line by line."""
    covered = [False] * len(text)
    for p in proposals:
        for i in range(p.start, min(p.end, len(text))):
            covered[i] = True
    lines: list[str] = []
    current: list[str] = []
    run: list[str] = []
    run_covered = False

    def flush_run() -> None:
        if run:
            piece = md("".join(run))
            current.append(f":orange-background[{piece}]" if run_covered else piece)
            run.clear()

    for ch, cov in zip(text, covered, strict=True):
        if ch == "\n":
            flush_run()
            lines.append("".join(current))
            current.clear()
            continue
        if cov != run_covered:
            flush_run()
            run_covered = cov
        run.append(ch)
    flush_run()
    lines.append("".join(current))
    return "  \n".join(line for line in lines)


def graph_summary(p: Proposal) -> tuple[str, str]:
    """(the person's id in the graph or "", a word on every resolution)."""
    person = p.resolution.get("person", {})
    chosen = str(person.get("id", "")) if person.get("status") == MATCHED else ""
    parts = []
    for what, res in p.resolution.items():
        status = res.get("status") if isinstance(res, dict) else None
        if status == MATCHED:
            parts.append(f"{what}: {res['id']}")
        elif status == "ambiguous":
            parts.append(f"{what}: ? " + " | ".join(c["id"] for c in res["candidates"]))
        elif status:
            parts.append(f"{what}: {status}")
    return chosen, "; ".join(parts)


def proposals_frame(ex: Extraction, claim: Any) -> pd.DataFrame:
    """One row per proposal, nothing accepted until the reviewer ticks it."""
    rows = []
    for p in ex.proposals:
        chosen, graph = graph_summary(p)
        rows.append(
            {
                "accept": False,
                "id": p.id,
                "kind": p.kind.value,
                "claim": claim(p),
                "quote": p.quote,
                **{k: "" if p.data.get(k) is None else str(p.data.get(k)) for k in EDITABLE},
                "graph_id": chosen,
                "graph": graph,
                "confidence": p.confidence,
                "rule": p.rule,
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def reviewed(ex: Extraction, frame: pd.DataFrame, store: GraphStore) -> tuple[Extraction, set[str]]:
    """The reviewer's edits applied to the proposals, re-resolved where they changed; and the
    ids accepted. A person id typed in ``graph_id`` settles an ambiguous or new person."""
    by_id = {p.id: p for p in ex.proposals}
    accepted: set[str] = set()
    changed: list[Proposal] = []
    out: list[Proposal] = []
    for row in frame.to_dict("records"):
        p = by_id.get(str(row["id"]))
        if p is None:
            continue
        if bool(row.get("accept")):
            accepted.add(p.id)
        data = dict(p.data)
        edited = False
        for key in EDITABLE:
            if key not in data:
                continue
            value = str(row.get(key) or "").strip() or None
            if value != (None if data.get(key) is None else str(data[key])):
                data[key], edited = value, True
        q = replace(p, data=data, resolution=dict(p.resolution))
        if edited:
            changed.append(q)
        out.append(q)
    fresh = replace(ex, proposals=changed)
    resolve(fresh, store)
    for q, row in zip(out, frame.to_dict("records"), strict=False):
        person_id = str(row.get("graph_id") or "").strip()
        if person_id and "person" in q.resolution:
            q.resolution["person"] = {"status": MATCHED, "id": person_id, "by": "reviewer"}
    return replace(ex, proposals=out), accepted


@dataclass
class LoadOutcome:
    dataset: DocumentDataset | None = None
    report: LoadReport | None = None
    error: str | None = None
    problems: list[str] | None = None


def load(ex: Extraction, accepted: set[str], store: GraphStore) -> LoadOutcome:
    if not accepted:
        return LoadOutcome(error="nothing accepted")
    try:
        dataset = build_dataset(ex, accepted)
        report = load_dataset(dataset, store, name=ex.name or "document")
    except NotLoadable as exc:
        return LoadOutcome(error=str(exc))
    except InvalidDataset as exc:
        return LoadOutcome(error="invalid", problems=[str(p) for p in exc.problems])
    return LoadOutcome(dataset, report)
