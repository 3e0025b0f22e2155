"""What the graph is: node labels, relationship types, enums, in one place.

Every node carries the label ``Entity`` beside its own label, so that one uniqueness
constraint enforces the data format's single id namespace and one index finds any node by id.
Every relationship carries ``key`` (its identity, so that loading twice merges instead of
duplicating), ``source_ids`` and, where the data is dated, ``start``/``end``.

Dates are ISO ``YYYY-MM-DD`` strings in both stores: they compare correctly as strings, and
both stores then hold byte-identical values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

ENTITY = "Entity"


class Label(StrEnum):
    SOURCE = "Source"
    REGION = "Region"
    ORGANIZATION = "Organization"
    ENTERPRISE = "Enterprise"  # an Organization of kind enterprise also carries this label
    PERSON = "Person"
    POSITION = "Position"
    SECTOR = "Sector"
    DUTY = "Duty"
    HAZARD = "Hazard"
    ACCIDENT = "Accident"
    EMERGENCY_PLAN = "EmergencyPlan"
    DRILL = "Drill"


class Rel(StrEnum):
    PART_OF = "PART_OF"  # Region -> parent Region
    IN_REGION = "IN_REGION"  # Organization -> Region
    SUBORDINATE_TO = "SUBORDINATE_TO"  # Organization -> parent Organization
    IN_SECTOR = "IN_SECTOR"  # Enterprise -> Sector
    SUBSECTOR_OF = "SUBSECTOR_OF"  # Sector -> parent Sector
    POST_OF = "POST_OF"  # Position -> Organization
    HOLDS = "HOLDS"  # Person -> Position: an appointment (dated)
    IN_CHARGE_OF = "IN_CHARGE_OF"  # Position -> Organization: an assignment, 分管 (dated)
    SUPERVISES = "SUPERVISES"  # Organization -> Sector | Region | Enterprise (dated, kind)
    HELD_BY = "HELD_BY"  # Duty -> Position | Organization
    AT = "AT"  # Hazard | Accident -> Enterprise
    OWNED_BY = "OWNED_BY"  # Hazard -> Person (整改责任人)
    USES_PLAN = "USES_PLAN"  # Hazard -> EmergencyPlan
    PLAN_OF = "PLAN_OF"  # EmergencyPlan -> Organization
    DRILL_OF = "DRILL_OF"  # Drill -> EmergencyPlan
    FOUND_RESPONSIBLE = "FOUND_RESPONSIBLE"  # Person -> Accident: an investigation finding


# Relationships that a node has at most one of (its parent, its region...). When a re-load
# points one elsewhere or clears it, the old one is removed rather than kept beside the new.
FUNCTIONAL_RELS = frozenset(
    {
        Rel.PART_OF,
        Rel.IN_REGION,
        Rel.SUBORDINATE_TO,
        Rel.IN_SECTOR,
        Rel.SUBSECTOR_OF,
        Rel.POST_OF,
        Rel.HELD_BY,
        Rel.AT,
        Rel.OWNED_BY,
        Rel.USES_PLAN,
        Rel.PLAN_OF,
        Rel.DRILL_OF,
    }
)


class SourceKind(StrEnum):
    NOTICE = "notice"
    RESPONSIBILITY_LIST = "responsibility_list"
    REGULATION = "regulation"
    INVESTIGATION_REPORT = "investigation_report"
    HAZARD_REGISTER = "hazard_register"
    OTHER = "other"


class RegionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    COUNTY = "county"
    ZONE = "zone"
    TOWNSHIP = "township"


class OrgKind(StrEnum):
    PARTY_COMMITTEE = "party_committee"
    GOVERNMENT = "government"
    ZONE_COMMITTEE = "zone_committee"
    DEPARTMENT = "department"
    COMMITTEE = "committee"
    ENTERPRISE = "enterprise"


TERRITORIAL_KINDS = (OrgKind.PARTY_COMMITTEE, OrgKind.GOVERNMENT, OrgKind.ZONE_COMMITTEE)


class Role(StrEnum):
    PRINCIPAL = "principal"
    DEPUTY = "deputy"
    SAFETY_MANAGER = "safety_manager"
    MEMBER = "member"


class SupervisionKind(StrEnum):
    INDUSTRY = "industry"
    SPECIALIZED = "specialized"
    COMPREHENSIVE = "comprehensive"


class HazardGrade(StrEnum):
    GENERAL = "general"
    MAJOR = "major"


class AccidentGrade(StrEnum):
    GENERAL = "general"
    RELATIVELY_LARGE = "relatively_large"
    MAJOR = "major"
    ESPECIALLY_SERIOUS = "especially_serious"


class FindingResponsibility(StrEnum):
    DIRECT = "direct"
    MAIN = "main"
    MAIN_LEADERSHIP = "main_leadership"
    IMPORTANT_LEADERSHIP = "important_leadership"
    LEADERSHIP = "leadership"
    SUPERVISORY = "supervisory"
    OTHER = "other"


@dataclass(frozen=True)
class NodeRecord:
    """One node to upsert: its id, its labels (without ``Entity``) and its properties."""

    id: str
    labels: tuple[Label, ...]
    props: dict[str, object]


@dataclass(frozen=True)
class RelRecord:
    """One relationship to upsert, identified by ``(type, key)``."""

    type: Rel
    start: str
    end: str
    key: str
    props: dict[str, object]


@dataclass(frozen=True)
class FunctionalLink:
    """The one relationship of ``type`` a node should have now (``end`` None: none)."""

    type: Rel
    start: str
    end: str | None


@dataclass
class GraphBatch:
    """Everything one load writes, applied by a store all or nothing."""

    nodes: list[NodeRecord]
    rels: list[RelRecord]
    functional: list[FunctionalLink]


def accident_grade(deaths: int, missing: int, serious_injuries: int, loss_cny: float) -> str:
    """The grade of 生产安全事故报告和调查处理条例 art. 3: the highest any figure reaches.

    >>> accident_grade(12, 2, 0, 0)
    'major'
    >>> accident_grade(0, 0, 10, 0)
    'relatively_large'
    >>> accident_grade(2, 0, 9, 9_999_999)
    'general'
    """
    dead = deaths + missing  # missing persons count with deaths in practice
    if dead >= 30 or serious_injuries >= 100 or loss_cny >= 100_000_000:
        return AccidentGrade.ESPECIALLY_SERIOUS.value
    if dead >= 10 or serious_injuries >= 50 or loss_cny >= 50_000_000:
        return AccidentGrade.MAJOR.value
    if dead >= 3 or serious_injuries >= 10 or loss_cny >= 10_000_000:
        return AccidentGrade.RELATIVELY_LARGE.value
    return AccidentGrade.GENERAL.value


ACCIDENT_FIGURES = ("deaths", "missing", "serious_injuries", "direct_loss_cny")


def accident_grade_of(props: Mapping[str, Any]) -> str | None:
    """An accident's grade: as the data gives it, else the one its figures reach (a figure
    not given counts as none); ``None`` when neither a grade nor any figure is given.

    The data may leave the grade blank (a given one must agree with the figures), so a
    count by grade that read only the given grade put such accidents under no grade at all.

    >>> accident_grade_of({"grade": "major"})
    'major'
    >>> accident_grade_of({"deaths": 3})
    'relatively_large'
    >>> accident_grade_of({"title": "no figure"}) is None
    True
    """
    given = props.get("grade")
    if given:
        return str(given)
    figures = [props.get(k) for k in ACCIDENT_FIGURES]
    if all(v is None or v == "" for v in figures):
        return None
    try:
        deaths, missing, injuries = (int(float(v or 0)) for v in figures[:3])
        loss = float(figures[3] or 0)
    except (TypeError, ValueError):  # validated at load; a store edited by hand: no grade
        return None
    return accident_grade(deaths, missing, injuries, loss)
