"""What a store finds in the graph, before the shared rules turn it into answers.

Each store walks its own graph (networkx in Python, Cypher on the Neo4j server) and returns
these rows; ``accountability`` then applies the spec's rules for responsibility types, gaps,
de-duplication and ordering once, for both. The parity tests compare these rows too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph_model.results import Link


@dataclass(frozen=True)
class LevelRow:
    """One thing a chain level looked at.

    - ``person_id`` set: a holder on D of ``position_id`` (an entry);
    - ``position_id`` set, no person: a post nobody holds on D (``post_vacant``);
    - neither: ``org_id`` has no principal post (``no_post``), or, at
      ``leadership_in_charge``, no assignment valid on D (``no_assignment``).

    ``path`` leads from the subject to the person, the post or the organization.
    """

    level: str
    org_id: str | None
    position_id: str | None = None
    person_id: str | None = None
    role: str | None = None
    via_comprehensive: bool = False  # leadership_in_charge: department found at comprehensive
    path: tuple[Link, ...] = ()


@dataclass(frozen=True)
class FindingRow:
    person_id: str
    position_id: str | None
    responsibility: str
    sanction: str | None
    source_ids: tuple[str, ...]


@dataclass
class ChainFacts:
    subject_id: str
    subject_kind: str  # hazard, accident or enterprise
    enterprise_id: str | None  # None: a hazard or accident not linked to an enterprise
    rows: list[LevelRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)


@dataclass(frozen=True)
class GapRow:
    """One coverage gap as a store finds it; ``facts`` feed the human-readable detail."""

    kind: str
    subject_id: str
    region_id: str | None = None
    sector_id: str | None = None
    org_id: str | None = None
    missing: tuple[str, ...] = ()
    facts: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class AppointmentRow:
    """A person's appointment to a post (any date), with the link that records it."""

    person_id: str
    position_id: str
    org_id: str | None
    role: str | None
    link: Link


@dataclass(frozen=True)
class ChargeRow:
    """A post in charge of an organization on a day (an assignment, 分管)."""

    position_id: str
    org_id: str
    link: Link


@dataclass(frozen=True)
class CoverRow:
    """An enterprise within an organization's remit on a day, and why.

    ``kind``: ``industry``, ``specialized``, ``comprehensive`` (a supervision row covers it)
    or ``territorial`` (the organization is a Party committee, government or zone committee
    of a region above the enterprise's).
    """

    org_id: str
    enterprise_id: str
    kind: str
    path: tuple[Link, ...]


@dataclass(frozen=True)
class IncidentRow:
    """A hazard open on a day, or an accident on or before it, at an enterprise."""

    kind: str  # hazard or accident
    id: str
    enterprise_id: str
    date: str
    overdue: bool
    link: Link
