"""What a store finds in the graph: typed rows, before any rule of the contract is applied.

Each store walks its own graph (networkx in Python, Cypher on the Neo4j server) and returns
these rows; ``graph_model.rules`` turns them into chain levels, gaps and remits once, for
both. A store decides nothing: it reports what is there (read from relationships, never from
a copy of a foreign key in a node's properties) and filters only with conditions declared in
``graph_model.conditions`` (a link valid on D, a hazard open on D). The parity tests compare
these rows between the stores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph_model.results import Link
from graph_model.schema import TERRITORIAL_KINDS
from graph_model.vocabulary import Target


@dataclass(frozen=True, order=True)
class Reach:
    """A node above an enterprise in a tree (its sector or region, or one above), with the
    links that lead there from the enterprise (IN_SECTOR/SUBSECTOR_OF, IN_REGION/PART_OF)."""

    id: str
    path: tuple[Link, ...]


@dataclass(frozen=True, order=True)
class SupervisionFact:
    """A supervision row valid on the day: ``org_id`` supervises ``target_id`` (an
    ``enterprise``, a ``sector`` or a ``region``, ``target_label``), in ``region_id`` for a
    sector row."""

    org_id: str
    kind: str | None
    target_id: str
    target_label: str
    region_id: str | None
    link: Link


class OrgFact(NamedTuple):  # ~10^5 at P: a tuple, ~5x faster to make than a frozen dataclass
    """An organization, its kind and where it is (from its IN_REGION/IN_SECTOR links)."""

    id: str
    kind: str | None
    region_id: str | None
    sector_id: str | None = None
    region_link: Link | None = None


@dataclass(frozen=True, order=True)
class PostFact:
    """A post of an organization (any date), with its role and its POST_OF link."""

    position_id: str
    org_id: str | None
    role: str | None
    link: Link | None = None


@dataclass(frozen=True, order=True)
class HoldingFact:
    """An appointment valid on the day: ``person_id`` holds ``position_id``."""

    person_id: str
    position_id: str
    link: Link


@dataclass(frozen=True, order=True)
class OwnerFact:
    person_id: str
    link: Link


@dataclass(frozen=True, order=True)
class FindingRow:
    person_id: str
    position_id: str | None
    responsibility: str
    sanction: str | None
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class SubjectFacts:
    """A hazard, accident or enterprise on a day, and what is around its enterprise.

    ``supervision`` holds every row valid on the day aimed at the enterprise, at one of its
    ``sectors`` (only rows scoped to one of its ``regions``: the others never cover it, and
    a sector has one for every region of a province) or at one of its ``regions`` (which of
    them covers it is a rule); ``regional_orgs`` every organization in one of its regions.
    """

    subject_id: str
    subject_kind: str  # hazard, accident or enterprise
    enterprise_id: str | None  # None: a hazard or accident not linked to an enterprise
    at: Link | None  # the subject's AT link to its enterprise
    owners: tuple[OwnerFact, ...] = ()
    findings: tuple[FindingRow, ...] = ()
    sectors: tuple[Reach, ...] = ()
    regions: tuple[Reach, ...] = ()
    supervision: tuple[SupervisionFact, ...] = ()
    regional_orgs: tuple[OrgFact, ...] = ()


# Node id -> the properties a page shows of it (``named_reads.SHOWN``), not all of them.
Names = Mapping[str, Mapping[str, Any]]


def shown_name(props: Mapping[str, Any]) -> str | None:
    """The name a page shows of a node: its name, else its title, text or Chinese name.

    >>> shown_name({"title": "Boiler", "name_zh": "锅炉"}), shown_name({"name": ""})
    ('Boiler', None)
    """
    value = props.get("name") or props.get("title") or props.get("text") or props.get("name_zh")
    return None if value is None else str(value)


@dataclass(frozen=True)
class GapNames:
    """What a gap report shows of the nodes it names: each one's ``shown_name`` (a node
    without one is absent), and the Chinese name (``title_zh``) of a post an unheld duty
    names. A string per node, not its properties: a province's report names ~750k nodes."""

    shown: Mapping[str, str]
    posts_zh: Mapping[str, str]


@dataclass(frozen=True)
class ChainHead:
    """What a chain starts from: the subject's properties (plus ``labels``), the day its
    chain is for (the day asked, else the hazard's ``found_on``, the accident's
    ``occurred_on``, else today) and its facts that day (None: no hazard, accident or
    enterprise)."""

    info: Mapping[str, Any]
    day: str
    facts: SubjectFacts | None


@dataclass(frozen=True)
class PostsFacts:
    """The posts of some organizations, the assignments valid on the day to others, the posts
    those assignments come from, and every appointment valid on the day to any of the posts."""

    posts: tuple[PostFact, ...] = ()
    charges: tuple[ChargeRow, ...] = ()
    holdings: tuple[HoldingFact, ...] = ()


class HazardFact(NamedTuple):  # ~10^5 at P: a tuple, ~5x faster to make than a frozen dataclass
    """A hazard open on the day, with its five-implementation fields as stored (owner and
    plan: the ends of its OWNED_BY and USES_PLAN links)."""

    id: str
    enterprise_id: str | None
    grade: str | None
    owner_id: str | None
    measures: str | None
    funds_cny: float | int | None
    deadline: str | None
    plan_id: str | None


class PlanFact(NamedTuple):  # ~10^5 at P: a tuple, ~5x faster to make than a frozen dataclass
    """An emergency plan, its holder, when it was revised and its last drill up to the day."""

    id: str
    holder_id: str | None
    revised_on: str | None
    last_drill: str | None


class DutyFact(NamedTuple):  # ~10^5 at P: a tuple, ~5x faster to make than a frozen dataclass
    """A duty held by a post (duties held by organizations are never unheld)."""

    id: str
    position_id: str


class HeldPost(NamedTuple):  # ~10^5 at P: a tuple, ~5x faster to make than a frozen dataclass
    """A post, its organization and role, and whether anybody holds it on the day."""

    position_id: str
    org_id: str | None
    role: str | None
    held: bool


@dataclass(frozen=True)
class GraphFacts:
    """What the coverage gaps of a day are decided from: one pass over the whole graph."""

    organizations: tuple[OrgFact, ...]  # every organization, enterprises included
    enterprises: tuple[str, ...]
    region_parents: tuple[tuple[str, str], ...]  # (region, parent)
    sector_parents: tuple[tuple[str, str], ...]  # (sector, parent)
    posts: tuple[HeldPost, ...]
    supervision: tuple[SupervisionFact, ...]  # valid on the day
    charges: tuple[ChargeRow, ...]  # assignments valid on the day
    hazards: tuple[HazardFact, ...]  # open on the day
    duties: tuple[DutyFact, ...]
    plans: tuple[PlanFact, ...]
    # the appointments valid on the day, when the store found them in the pass that decides
    # ``posts[].held`` (both stores' ``graph_facts``); None: ``sweep`` reads the appointments
    # (not compared: two stores' facts are equal whether or not one kept them)
    holdings: tuple[HoldingFact, ...] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class GapFactsInTurn:
    """A gap report's facts in two turns: every fact but the open hazards first, then the
    hazards. A province's open hazards take the Neo4j server longest to read (~320k of a
    million); the report's other gaps are made while they still come."""

    facts: GraphFacts  # ``hazards`` is empty: they come from ``hazards``
    names: GapNames | None  # as ``GraphStore.gap_facts`` gives them
    # waits for the open hazards, then gives them with their names (None: ask ``names``)
    hazards: Callable[[], tuple[tuple[HazardFact, ...], GapNames | None]]


@dataclass(frozen=True)
class Below:
    """An enterprise below a sector or region (``top_id``), with the links from it up there."""

    top_id: str
    kind: str  # sector or region
    enterprise_id: str
    path: tuple[Link, ...]


@dataclass(frozen=True)
class RemitFacts:
    """What organizations' remits are decided from: their supervision rows valid on the day,
    the organizations themselves, and the enterprises below every sector and region those
    rows (or the organizations' own regions) name."""

    orgs: tuple[OrgFact, ...]
    supervision: tuple[SupervisionFact, ...]
    below: tuple[Below, ...]


def tops_below(
    orgs: tuple[OrgFact, ...], supervision: tuple[SupervisionFact, ...]
) -> tuple[list[str], list[str]]:
    """The sectors and the regions whose enterprises a remit needs (``Below`` rows): every
    sector or region a supervision row names, and the regions of territorial organizations."""
    sectors = {r.target_id for r in supervision if r.target_label == Target.SECTOR}
    regions = {r.target_id for r in supervision if r.target_label == Target.REGION}
    regions |= {r.region_id for r in supervision if r.region_id is not None}
    regions |= {o.region_id for o in orgs if o.kind in TERRITORIAL_KINDS and o.region_id}
    return sorted(sectors), sorted(regions)


def sector_regions(supervision: tuple[SupervisionFact, ...]) -> list[str]:
    """The regions of the rows aimed at a sector. Such a row covers the enterprises of its
    sector *within its region* only (``rules.covering_path``), so an enterprise under none of
    these regions needs no sector ``Below`` row: a city's departments supervise sectors that
    span the province (156,666 rows read for the 8,445 enterprises kept, at P)."""
    return sorted(
        {
            r.region_id
            for r in supervision
            if r.target_label == Target.SECTOR and r.region_id is not None
        }
    )


@dataclass(frozen=True)
class AppointmentRow:
    """A person's appointment to a post (any date), with the link that records it."""

    person_id: str
    position_id: str
    org_id: str | None
    role: str | None
    link: Link


@dataclass(frozen=True, order=True)
class ChargeRow:
    """A post in charge of an organization on a day (an assignment, 分管)."""

    position_id: str
    org_id: str
    link: Link


@dataclass(frozen=True)
class IncidentRow:
    """A hazard open on a day, or an accident on or before it, at an enterprise."""

    kind: str  # hazard or accident
    id: str
    enterprise_id: str
    date: str
    deadline: str | None
    link: Link
