"""Accepted proposals -> rows of the data format's tables -> the loaders' validation -> the
store. The document becomes a ``source`` and every row cites it; what already exists is
referenced by id (no duplicates), and links that exist already keep their sources and gain
the document's."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction import lexicons
from extraction.extract import Extraction
from extraction.proposals import Proposal, ProposalKind
from extraction.resolve import AMBIGUOUS, MATCHED
from graph_model.schema import GraphBatch, Rel, RelRecord, SourceKind
from graph_model.store import GraphStore
from loaders import InvalidDataset, LoadReport, validate_path

TABLE_ORDER = (
    "sources", "organizations", "enterprises", "persons", "positions",
    "appointments", "assignments", "duties", "accidents", "findings",
)  # fmt: skip


class NotLoadable(Exception):
    """An accepted proposal that cannot become rows; the message says which and why."""


@dataclass
class DocumentDataset:
    source_id: str
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # accepted, kept in the document only

    def add(self, table: str, row: dict[str, Any]) -> None:
        rows = self.tables.setdefault(table, [])
        if "id" in row and any(r["id"] == row["id"] for r in rows):
            return  # named twice in the document (a person, then the finding): one row
        if row not in rows:
            rows.append(row)


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:10].upper()


def _is_zh(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _named(name: str) -> dict[str, str]:
    return {"name_zh": name, "name": name} if _is_zh(name) else {"name": name}


def source_kind(extraction: Extraction) -> str:
    """An investigation report when the document finds persons responsible, else a notice."""
    report = any(p.kind is ProposalKind.FINDING for p in extraction.proposals)
    return (SourceKind.INVESTIGATION_REPORT if report else SourceKind.NOTICE).value


def source_id_of(extraction: Extraction) -> str:
    """The same text always gets the same id, so loading it again merges."""
    return f"DOC-{_hash(extraction.text)}"


class _Builder:
    def __init__(self, extraction: Extraction, accepted: list[Proposal]) -> None:
        self.ex = extraction
        self.accepted = accepted
        self.ds = DocumentDataset(source_id_of(extraction))
        self.src = self.ds.source_id
        title = extraction.title or extraction.name or self.src
        self.ds.add(
            "sources",
            {
                "id": self.src,
                "title": title,
                "kind": source_kind(extraction),
                "date": extraction.doc_date,
            },
        )

    def _chosen(self, p: Proposal, what: str, res: dict[str, Any]) -> str | None:
        if res.get("status") == MATCHED:
            return str(res["id"])
        if res.get("status") == AMBIGUOUS:
            ids = ", ".join(c["id"] for c in res.get("candidates", []))
            raise NotLoadable(
                f"{p.id}: {what} is ambiguous ({ids}): choose one in the proposals file"
            )
        return None

    def person(self, p: Proposal) -> str:
        res = p.resolution.get("person", {})
        found = self._chosen(p, f"person {p.data['name']!r}", res)
        if found:
            return found
        pid = f"DP-{_hash(p.data['name'])}"
        self.ds.add("persons", {"id": pid, **_named(p.data["name"]), "source_id": self.src})
        return pid

    def org(self, p: Proposal, name: str | None, res: dict[str, Any], kind: str | None) -> str:
        found = self._chosen(p, f"organization {name!r}", res)
        if found:
            return found
        if not name:
            raise NotLoadable(
                f"{p.id}: the post names no organization: add one in the proposals file"
            )
        oid = f"DORG-{_hash(name)}"
        kind = kind or lexicons.org_kind(name) or "department"
        self.ds.add(
            "organizations", {"id": oid, **_named(name), "kind": kind, "source_id": self.src}
        )
        return oid

    def position(self, p: Proposal) -> tuple[str, dict[str, Any]]:
        res = p.resolution.get("position", {})
        found = self._chosen(p, f"post {p.data.get('post')!r}", res)
        if found:
            return found, res
        org_id = self.org(p, p.data.get("org"), res.get("org", {}), p.data.get("org_kind"))
        title = p.data.get("title") or p.data.get("post")
        posid = f"DPOS-{_hash(org_id, title)}"
        row = {
            "id": posid,
            "org_id": org_id,
            "role": p.data.get("role") or "member",
            "source_id": self.src,
        }
        row.update(
            {"title_zh": p.data["post"], "title": p.data["post"]}
            if _is_zh(str(title))
            else {"title": p.data["post"]}
        )
        self.ds.add("positions", row)
        return posid, res

    def build(self) -> DocumentDataset:
        for p in self.accepted:
            handler = getattr(self, f"_{p.kind.value}")
            handler(p)
        return self.ds

    def _person_post(self, p: Proposal) -> None:
        person = self.person(p)
        position, res = self.position(p)
        held = res.get("appointment")
        if held is not None:  # the graph has it already: the document becomes one more source
            start, end = held.get("start"), held.get("end")
        else:  # named with the post on the document's date: held from then, as far as we know
            start, end = p.data.get("date") or self.ex.doc_date, None
        self.ds.add(
            "appointments",
            {
                "person_id": person,
                "position_id": position,
                "start": start,
                "end": end,
                "source_id": self.src,
            },
        )

    def _appointment(self, p: Proposal) -> None:
        person = self.person(p)
        position, res = self.position(p)
        date = p.data.get("date")
        if p.data["change"] == "start":
            row = {"start": date, "end": None}
        else:
            held = res.get("appointment") or {}
            row = {"start": held.get("start"), "end": date}
        self.ds.add(
            "appointments",
            {"person_id": person, "position_id": position, **row, "source_id": self.src},
        )

    def _assignment(self, p: Proposal) -> None:
        self.person(p)
        position, _ = self.position(p)
        org = self.org(p, p.data["org"], p.resolution.get("org", {}), p.data.get("org_kind"))
        self.ds.add(
            "assignments",
            {
                "position_id": position,
                "org_id": org,
                "start": p.data.get("date"),
                "source_id": self.src,
            },
        )

    def _accident(self, p: Proposal) -> None:
        self._accident_id(p)

    def _accident_id(self, p: Proposal) -> str:
        res = p.resolution.get("accident", {})
        found = self._chosen(p, "the accident", res)
        if found:
            return found
        if not p.data.get("date"):
            raise NotLoadable(
                f"{p.id}: the accident has no full date: add one in the proposals file"
            )
        ent_name = p.data.get("enterprise")
        ent_res = p.resolution.get("enterprise", {})
        enterprise = self._chosen(p, f"enterprise {ent_name!r}", ent_res)
        if enterprise is None:
            if not ent_name:
                raise NotLoadable(f"{p.id}: the accident names no enterprise")
            enterprise = f"DENT-{_hash(ent_name)}"
            self.ds.add(
                "enterprises", {"id": enterprise, **_named(ent_name), "source_id": self.src}
            )
        aid = f"DACC-{_hash(p.data['date'], ent_name)}"
        title = " ".join(
            str(x) for x in (ent_name, p.data.get("name") or "", p.data.get("kind")) if x
        )
        row: dict[str, Any] = {
            "id": aid,
            "enterprise_id": enterprise,
            "title": title,
            "occurred_on": p.data["date"],
            "source_id": self.src,
        }
        for key in ("deaths", "missing", "serious_injuries", "direct_loss_cny"):
            if p.data.get(key) is not None:
                row[key] = p.data[key]
        if p.data.get("grade_basis") == "figures":
            row["grade"] = p.data["grade"]
        self.ds.add("accidents", row)
        return aid

    def _finding(self, p: Proposal) -> None:
        person = self.person(p)
        position, _ = self.position(p)
        accident = next((a for a in self.accepted if a.id == p.data.get("accident")), None)
        if accident is None:
            raise NotLoadable(
                f"{p.id}: accept the accident it refers to ({p.data.get('accident')}) too"
            )
        self.ds.add(
            "findings",
            {
                "accident_id": self._accident_id(accident),
                "person_id": person,
                "position_id": position,
                "responsibility": p.data["responsibility"],
                "sanction": p.data.get("sanction"),
                "source_id": self.src,
            },
        )

    def _meeting(self, p: Proposal) -> None:
        self.ds.skipped.append(
            f"{p.id}: a meeting has no table in the data format; kept in the document"
        )

    def _directive(self, p: Proposal) -> None:
        holder = p.data.get("holder_id")
        if not holder:
            self.ds.skipped.append(
                f"{p.id}: a directive loads as a duty once it names its holder_id "
                "(a post or organization id) in the proposals file"
            )
            return
        did = f"DDUTY-{_hash(self.src, p.start)}"
        text_key = "text_zh" if _is_zh(p.quote) else "text"
        sectors = ", ".join(s["name"] for s in p.data.get("sectors", []))
        self.ds.add(
            "duties",
            {
                "id": did,
                "holder_id": holder,
                text_key: p.quote,
                "basis": f"{self.src} [{p.start}, {p.end}) {sectors}".strip(),
                "source_id": self.src,
            },
        )


def build_dataset(extraction: Extraction, accepted_ids: set[str] | None) -> DocumentDataset:
    """Rows for the accepted proposals (all of them when ``accepted_ids`` is None)."""
    accepted = [p for p in extraction.proposals if accepted_ids is None or p.id in accepted_ids]
    unknown = (accepted_ids or set()) - {p.id for p in extraction.proposals}
    if unknown:
        raise NotLoadable(f"no proposal {', '.join(sorted(unknown))} in this document")
    return _Builder(extraction, accepted).build()


def _existing_sources(
    store: GraphStore, batch: GraphBatch
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Sources of the appointments and assignments in ``batch`` that the store holds already."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for person in {r.start for r in batch.rels if r.type is Rel.HOLDS}:
        for row in store.appointments(person_id=person):
            out[(Rel.HOLDS.value, row.link.key)] = row.link.source_ids
    for rel in batch.rels:
        if rel.type is Rel.IN_CHARGE_OF and rel.props.get("start"):
            for charge in store.assignments(str(rel.props["start"]), position_ids=[rel.start]):
                out[(Rel.IN_CHARGE_OF.value, charge.link.key)] = charge.link.source_ids
    return out


def _merge_sources(store: GraphStore, batch: GraphBatch) -> GraphBatch:
    existing = _existing_sources(store, batch)
    rels = []
    for rel in batch.rels:
        earlier = existing.get((rel.type.value, rel.key), ())
        if earlier:
            sources = sorted({*earlier, *rel.props.get("source_ids", [])})  # type: ignore[misc]
            rel = RelRecord(
                rel.type, rel.start, rel.end, rel.key, {**rel.props, "source_ids": sources}
            )
        rels.append(rel)
    return GraphBatch(batch.nodes, rels, batch.functional)


def load_dataset(
    ds: DocumentDataset, store: GraphStore, *, name: str, dry_run: bool = False
) -> LoadReport:
    """Validate the rows as any dataset is validated, then apply them in one transaction."""
    tables = {t: ds.tables[t] for t in TABLE_ORDER if ds.tables.get(t)}
    with tempfile.TemporaryDirectory(prefix="accgraph-doc-") as tmp:
        path = Path(tmp) / f"{Path(name).stem or 'document'}.proposals.json"
        path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
        report, batch = validate_path(path, store)
    if not report.ok:
        raise InvalidDataset(report.problems)
    if not dry_run:
        report.applied = store.apply(_merge_sources(store, batch))
    return report
