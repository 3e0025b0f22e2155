"""Plain helpers over the node catalog (``queries.catalog``): search, names, trees, dates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from app_support.i18n import display_name, pick

Catalog = Mapping[str, Mapping[str, Any]]

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str | None) -> date | None:
    """A date from ``YYYY-MM-DD`` text, None when it is not one (deep links are user input)."""
    if not text or not ISO_DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def is_open(hazard: Mapping[str, Any], day: str) -> bool:
    """Open on ``day``: found on or before it, and not closed on or before it."""
    found = hazard.get("found_on")
    closed = hazard.get("closed_on")
    return bool(found) and str(found) <= day and (not closed or str(closed) > day)


def with_label(catalog: Catalog, label: str) -> list[Mapping[str, Any]]:
    return sorted((n for n in catalog.values() if label in n["labels"]), key=lambda n: n["id"])


def primary_label(node: Mapping[str, Any]) -> str:
    labels = list(node.get("labels", []))
    if "Enterprise" in labels:
        return "Enterprise"
    return labels[0] if labels else ""


def name_of(catalog: Catalog, node_id: str | None, language: str | None = None) -> str:
    """A node's display name; the id itself when the node is unknown."""
    if not node_id:
        return ""
    node = catalog.get(node_id)
    return display_name(node, language) if node else node_id


def subject_label(catalog: Catalog, node: Mapping[str, Any], language: str | None = None) -> str:
    """``HZ-011 · title · enterprise`` for pickers."""
    ent = catalog.get(str(node.get("enterprise_id") or ""))
    parts = [str(node["id"]), display_name(node, language)]
    if ent:
        parts.append(display_name(ent, language))
    return " · ".join(p for p in parts if p)


def search_text(catalog: Catalog, node: Mapping[str, Any]) -> str:
    """Everything a search may match: id, both names, the enterprise's names, the post's org."""
    keys = ("id", "name", "name_zh", "title", "title_zh", "text", "text_zh", "uscc")
    parts = [str(node.get(k) or "") for k in keys]
    for ref in ("enterprise_id", "org_id"):
        other = catalog.get(str(node.get(ref) or ""))
        if other:
            parts += [str(other.get("name") or ""), str(other.get("name_zh") or ""), other["id"]]
    return " ".join(parts).casefold()


def search(
    catalog: Catalog, labels: Iterable[str], query: str | None, limit: int = 500
) -> list[str]:
    """Ids of nodes with one of ``labels`` whose text contains every word of ``query``."""
    wanted = set(labels)
    words = (query or "").casefold().split()
    found = []
    for node_id in sorted(catalog):
        node = catalog[node_id]
        if not wanted.intersection(node["labels"]):
            continue
        if words:
            text = search_text(catalog, node)
            if not all(w in text for w in words):
                continue
        found.append(node_id)
        if len(found) >= limit:
            break
    return found


def ancestors(catalog: Catalog, node_id: str | None) -> list[str]:
    """The node and its parents (``parent_id``), nearest first (regions, sectors)."""
    chain: list[str] = []
    current = node_id
    while current and current in catalog and current not in chain:
        chain.append(current)
        current = catalog[current].get("parent_id")
    return chain


def root_of(catalog: Catalog, node_id: str | None) -> str | None:
    found = ancestors(catalog, node_id)
    return found[-1] if found else node_id


def descendants(catalog: Catalog, node_id: str) -> set[str]:
    """The node and everything whose parent chain passes through it."""
    return {n for n in catalog if node_id in ancestors(catalog, n)}


def region_of(catalog: Catalog, node_id: str | None) -> str | None:
    """The region of an enterprise, an organization, a post (through its org) or a hazard."""
    node = catalog.get(node_id or "")
    if not node:
        return None
    if node.get("region_id"):
        return str(node["region_id"])
    for ref in ("enterprise_id", "org_id", "holder_id"):
        if node.get(ref):
            return region_of(catalog, str(node[ref]))
    return None


def sector_of(catalog: Catalog, node_id: str | None) -> str | None:
    node = catalog.get(node_id or "")
    if not node:
        return None
    if node.get("sector_id"):
        return str(node["sector_id"])
    for ref in ("enterprise_id", "holder_id"):
        if node.get(ref):
            return sector_of(catalog, str(node[ref]))
    return None


def held_on(start: str | None, end: str | None, day: str) -> bool:
    return (not start or start <= day) and (not end or day <= end)


def bilingual(node: Mapping[str, Any]) -> str:
    """Both names, for exports read by people of either language."""
    en = display_name(node, "en")
    zh = display_name(node, "zh")
    return en if en == zh else f"{en} {zh}"


def pick_name(en: Any, zh: Any) -> str:
    return pick(en, zh)
