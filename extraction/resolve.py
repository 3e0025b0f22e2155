"""Match what a document names to what the graph holds: persons by their names in both
languages (and ``aliases`` where a dataset gives them), narrowed by the post each held on the
document's date; organizations by name. One candidate: matched. Several: ambiguous, with the
candidates, never a guess. None: proposed as new."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extraction.extract import Extraction
from extraction.proposals import Proposal, ProposalKind
from graph_model.store import GraphStore, MemoryStore

MATCHED, AMBIGUOUS, NEW = "matched", "ambiguous", "new"

# The store protocol reads nodes by id only; matching by name needs the persons, organizations
# and accidents themselves (a few thousand at most in one jurisdiction's graph).
_NAMED_NODES = """
MATCH (n:Entity) WHERE n:Person OR n:Organization OR n:Accident OR n:Position
RETURN n.id AS id, properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'] AS labels
"""


def named_nodes(store: GraphStore) -> list[dict[str, Any]]:
    """Persons, organizations, positions and accidents: properties plus ``labels``."""
    if isinstance(store, MemoryStore):
        return [
            {**a["props"], "id": n, "labels": sorted(a["labels"])}
            for n, a in store.graph.nodes(data=True)
            if {"Person", "Organization", "Accident", "Position"} & set(a["labels"])
        ]
    rows = store.run_read(_NAMED_NODES)  # type: ignore[attr-defined]
    return [{**r["props"], "id": r["id"], "labels": sorted(r["labels"])} for r in rows]


def _fold(value: str) -> str:
    """Names compare without case, spaces, punctuation, or the words that abbreviations drop.

    >>> _fold("CPC Dalian Municipal Committee") == _fold("Dalian Municipal Party Committee")
    True
    >>> (
    ...     _fold("中共大连市委员会").endswith(_fold("市委")),
    ...     _fold("大连市人民政府").endswith(_fold("市政府")),
    ... )
    (True, True)
    """
    value = value.lower().replace("委员会", "委").replace("人民政府", "政府").replace("中共", "")
    value = re.sub(r"\b(?:the|of|cpc|party|people's|peoples)\b", " ", value)
    return re.sub(r"[\s,.'’()（）·]", "", value)


def _names(props: dict[str, Any]) -> set[str]:
    names = {str(props[k]) for k in ("name", "name_zh") if props.get(k)}
    aliases = props.get("aliases") or []
    if isinstance(aliases, str):
        aliases = re.split(r"[;|；]", aliases)
    names.update(str(a).strip() for a in aliases if str(a).strip())
    return {_fold(n) for n in names}


def _title_matches(title: str, props: dict[str, Any]) -> bool:
    """Mayor ~ "Mayor of Dalian"; 市长 ~ 大连市市长; but Mayor !~ "Executive Deputy Mayor"."""
    t = _fold(title)
    if not t:
        return False
    for key in ("title", "title_zh"):
        held = _fold(str(props.get(key) or ""))
        if held and (held == t or held.startswith(t) or held.endswith(t)):
            if key == "title" and held.endswith(t) and not held.startswith(t) and held != t:
                continue  # "executivedeputymayor" ends with "mayor": another post
            return True
    return False


def _valid_on(link: Any, day: str | None) -> bool:
    if day is None:
        return True
    return (link.valid_from or "") <= day and (link.valid_to is None or day <= link.valid_to)


@dataclass
class GraphIndex:
    """Persons, organizations, positions and accidents of the store, by what they are called."""

    store: GraphStore
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: GraphStore) -> GraphIndex:
        return cls(store, {n["id"]: n for n in named_nodes(store)})

    def _with_label(self, label: str) -> list[dict[str, Any]]:
        return [n for n in self.nodes.values() if label in n.get("labels", [])]

    def persons_named(self, name: str) -> list[str]:
        folded = _fold(name)
        return sorted(n["id"] for n in self._with_label("Person") if folded in _names(n))

    def orgs_named(self, name: str) -> list[str]:
        """Exact names first; else organizations whose name ends with it (市应急管理局)."""
        folded = _fold(name)
        orgs = self._with_label("Organization")
        exact = sorted(n["id"] for n in orgs if folded in _names(n))
        if exact or len(folded) < 2:
            return exact
        return sorted(n["id"] for n in orgs if any(x.endswith(folded) for x in _names(n)))

    def posts_held(self, person_id: str, day: str | None) -> list[tuple[str, str | None, Any]]:
        """(position, organization, link) of the posts a person held on ``day``."""
        return [
            (row.position_id, row.org_id, row.link)
            for row in self.store.appointments(person_id=person_id)
            if _valid_on(row.link, day)
        ]

    def accidents_on(self, day: str | None) -> list[str]:
        if not day:
            return []
        return sorted(n["id"] for n in self._with_label("Accident") if n.get("occurred_on") == day)


def _candidates(index: GraphIndex, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for i in ids:
        n = index.nodes.get(i, {})
        out.append({"id": i, "name": n.get("name"), "name_zh": n.get("name_zh")})
    return out


def resolve_person(
    index: GraphIndex, name: str, title: str | None, day: str | None, post_held: bool = True
) -> dict[str, Any]:
    """``post_held``: the document says the person holds ``title`` on ``day`` (not so for an
    appointment to a new post), so a namesake who held no such post is not taken for them."""
    ids = index.persons_named(name)
    if not ids:
        return {"status": NEW}
    holding = ids
    if title:
        holding = [
            i
            for i in ids
            if any(
                _title_matches(title, index.nodes.get(pos, {}))
                for pos, _, _ in index.posts_held(i, day)
            )
        ]
    if len(holding) == 1:
        by = "name_and_post_on_date" if title else "name"
        return {"status": MATCHED, "id": holding[0], "by": by}
    if len(ids) == 1 and not (post_held and title):
        return {"status": MATCHED, "id": ids[0], "by": "name"}
    # several namesakes, or one who held no such post that day: the reviewer decides
    return {
        "status": AMBIGUOUS,
        "candidates": _candidates(index, holding or ids),
        "or_new": not holding,
    }


def resolve_post(
    index: GraphIndex, person_id: str | None, title: str | None, org: str | None, day: str | None
) -> dict[str, Any]:
    """The position: one the person held on the day with this title, else one of this title
    in the organization, else new (with the organization matched, ambiguous or new)."""
    if person_id and title:
        held = [
            (pos, org_id, link)
            for pos, org_id, link in index.posts_held(person_id, day)
            if _title_matches(title, index.nodes.get(pos, {}))
        ]
        if len(held) == 1:
            pos, org_id, link = held[0]
            return {
                "status": MATCHED,
                "id": pos,
                "org": {"status": MATCHED, "id": org_id},
                "appointment": {"start": link.valid_from, "end": link.valid_to},
            }
    org_res = resolve_org(index, org) if org else {"status": NEW}
    if org_res["status"] == MATCHED and title:
        posts = [
            p
            for p in index.store.positions_of(org_res["id"])
            if _title_matches(title, index.nodes.get(p, {}))
        ]
        if len(posts) == 1:
            return {"status": MATCHED, "id": posts[0], "org": org_res}
        if len(posts) > 1:
            return {"status": AMBIGUOUS, "candidates": _candidates(index, posts), "org": org_res}
    return {"status": NEW, "org": org_res}


def resolve_org(index: GraphIndex, name: str) -> dict[str, Any]:
    ids = index.orgs_named(name)
    if len(ids) == 1:
        return {"status": MATCHED, "id": ids[0]}
    if ids:
        return {"status": AMBIGUOUS, "candidates": _candidates(index, ids)}
    return {"status": NEW}


def _resolve_one(index: GraphIndex, p: Proposal, day: str | None) -> dict[str, Any]:
    d = p.data
    day = d.get("date") or day
    if p.kind in (
        ProposalKind.PERSON_POST,
        ProposalKind.APPOINTMENT,
        ProposalKind.FINDING,
        ProposalKind.ASSIGNMENT,
    ):
        held = p.kind in (ProposalKind.PERSON_POST, ProposalKind.FINDING)
        person = resolve_person(index, d["name"], d.get("title"), day, post_held=held)
        person_id = person.get("id")
        out: dict[str, Any] = {
            "person": person,
            "position": resolve_post(index, person_id, d.get("title"), d.get("org"), day),
        }
        if p.kind is ProposalKind.ASSIGNMENT:
            out["org"] = resolve_org(index, d["org"])
        return out
    if p.kind is ProposalKind.ACCIDENT:
        ids = index.accidents_on(d.get("date"))
        accident = (
            {"status": MATCHED, "id": ids[0]}
            if len(ids) == 1
            else {"status": AMBIGUOUS, "candidates": _candidates(index, ids)}
            if ids
            else {"status": NEW}
        )
        enterprise = resolve_org(index, d["enterprise"]) if d.get("enterprise") else {"status": NEW}
        return {"accident": accident, "enterprise": enterprise}
    if p.kind is ProposalKind.MEETING:
        people = [d.get("chair"), *d.get("attendees", [])]
        return {"persons": {n: resolve_person(index, n, None, day) for n in people if n}}
    return {}


def resolve(extraction: Extraction, store: GraphStore) -> Extraction:
    """Fill each proposal's ``resolution`` against the store (in place; returned for chaining)."""
    index = GraphIndex.of(store)
    for p in extraction.proposals:
        p.resolution = _resolve_one(index, p, extraction.doc_date)
    return extraction
