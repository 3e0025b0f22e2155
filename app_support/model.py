"""Plain display helpers over a catalog of nodes (``StoreCatalog``, a directory): names,
labels, picker texts, and the one check of a date typed into a URL. Rules (what is open,
held, below what) live in ``graph_model``; search in ``graph_model.browse``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from app_support.i18n import display_name

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
