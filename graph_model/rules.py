"""The rules of the accountability contract, each written once, over the facts a store finds.

Stores report what is in the graph (``graph_model.facts``); the functions here decide what it
means: which supervision row covers an enterprise (``covering_path``), which level a kind of
supervision gives (``LEVEL_OF_KIND``), which posts count at a level, when a level has
``no_post``, a ``post_vacant`` or ``no_assignment`` (``chain_levels``), the responsibility of
an entry (``responsibility``), the ten coverage gaps (``coverage_gaps``), and the remit of an
organization (``remit``). Calendar conditions are declared in ``graph_model.conditions``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, NamedTuple

from graph_model.conditions import is_blank
from graph_model.dates import drill_window_start, minus_years
from graph_model.facts import (
    ChargeRow,
    GraphFacts,
    HazardFact,
    HoldingFact,
    OrgFact,
    PostFact,
    PostsFacts,
    RemitFacts,
    SubjectFacts,
    SupervisionFact,
)
from graph_model.results import ChainGap, Link
from graph_model.schema import TERRITORIAL_KINDS, HazardGrade, OrgKind, Role, SupervisionKind
from graph_model.vocabulary import (
    SUPERVISION_LEVELS,
    GapKind,
    GapReason,
    Implementation,
    Level,
    RemitKind,
    Responsibility,
    SubjectKind,
    Target,
)

Path = tuple[Link, ...]

LEVEL_OF_KIND: dict[str, Level] = {
    SupervisionKind.INDUSTRY: Level.INDUSTRY_SUPERVISION,
    SupervisionKind.SPECIALIZED: Level.SPECIALIZED_SUPERVISION,
    SupervisionKind.COMPREHENSIVE: Level.COMPREHENSIVE_SUPERVISION,
}
assert set(LEVEL_OF_KIND.values()) == set(SUPERVISION_LEVELS)

# The posts that answer at the enterprise level; at every other level, the principal's.
ENTERPRISE_ROLES = (Role.PRINCIPAL, Role.SAFETY_MANAGER)
PRINCIPAL_ROLES = (Role.PRINCIPAL,)
# Organizations whose principal post must be held (a vacant one is a coverage gap).
PUBLIC_KINDS = frozenset({*TERRITORIAL_KINDS, OrgKind.DEPARTMENT})


class GapRow(NamedTuple):  # a province's report makes ~600k: a tuple is made ~5x faster
    """One coverage gap as the rules find it; ``facts`` feed the human-readable detail."""

    kind: GapKind
    subject_id: str
    region_id: str | None = None
    sector_id: str | None = None
    org_id: str | None = None
    missing: tuple[str, ...] = ()
    facts: tuple[tuple[str, Any], ...] = ()


# A ``GapRow`` made by one C call from a tuple of its seven fields in order: a province's
# report makes ~600k, and ``GapRow._make`` (a Python function checking the length) took a
# sixth of the hazard loop. The loops below write their tuples out field by field.
_row_of = partial(tuple.__new__, GapRow)
if len(GapRow._fields) != 7:  # the tuples written below have seven fields
    raise ImportError("rules: GapRow's fields changed; update the loops that make its rows")


@dataclass(frozen=True)
class LevelRow:
    """A person a chain level found: the holder on D of ``position_id``, reached by
    ``path`` from the subject. ``via_comprehensive``: at ``leadership_in_charge``, the
    department was found through comprehensive supervision."""

    level: Level
    person_id: str
    position_id: str
    org_id: str | None
    role: str | None
    path: Path
    via_comprehensive: bool = False


@dataclass
class ChainLevels:
    """What the rules found for a chain: the people at each level and the gaps."""

    rows: list[LevelRow] = field(default_factory=list)
    gaps: set[ChainGap] = field(default_factory=set)
    reached: set[Level] = field(default_factory=set)  # levels where something was found


# -- where an enterprise sits, and who covers it ---------------------------------------------
def ancestors(parents: Mapping[str, str], node: str | None) -> list[str]:
    """The node and every node above it along ``parents`` (a tree; a cycle stops).

    >>> ancestors({"A": "B", "B": "C"}, "A")
    ['A', 'B', 'C']
    """
    found: list[str] = []
    while node is not None and node not in found:
        found.append(node)
        node = parents.get(node)
    return found


def covering_path(
    row: SupervisionFact,
    enterprise_id: str,
    sectors: Mapping[str, Path],
    regions: Mapping[str, Path],
) -> Path | None:
    """How a supervision row covers an enterprise whose sectors and regions (each with the
    path from the enterprise) are given, or None when it does not.

    A row aimed at the enterprise covers it; a row aimed at a sector covers the enterprises
    of that sector or one below it within the row's region or one below; a row aimed at a
    region covers them only for comprehensive supervision (of all sectors).
    """
    if row.target_label == Target.ENTERPRISE:
        return (row.link,) if row.target_id == enterprise_id else None
    if row.target_label == Target.SECTOR:
        if row.target_id in sectors and row.region_id is not None and row.region_id in regions:
            return (*sectors[row.target_id], *regions[row.region_id], row.link)
        return None
    if row.kind == SupervisionKind.COMPREHENSIVE and row.target_id in regions:
        return (*regions[row.target_id], row.link)
    return None


def territorial_path(org: OrgFact, regions: Mapping[str, Path]) -> Path | None:
    """How a Party committee, government or zone committee answers for an enterprise: it sits
    in one of the enterprise's regions (or one above). None for any other organization."""
    region = org.region_id
    if org.kind not in TERRITORIAL_KINDS or region is None or region not in regions:
        return None
    return (*regions[region], *((org.region_link,) if org.region_link else ()))


# -- chains ----------------------------------------------------------------------------------
def chain_orgs(facts: SubjectFacts) -> tuple[list[str], list[str]]:
    """The organizations whose posts a chain needs, and those whose leaders in charge it
    needs (the supervising ones)."""
    if facts.enterprise_id is None:
        return [], []
    sectors = {r.id: r.path for r in facts.sectors}
    regions = {r.id: r.path for r in facts.regions}
    supervising = sorted(
        {
            row.org_id
            for row in facts.supervision
            if covering_path(row, facts.enterprise_id, sectors, regions) is not None
        }
    )
    territorial = {o.id for o in facts.regional_orgs if territorial_path(o, regions) is not None}
    return sorted({facts.enterprise_id, *supervising, *territorial}), supervising


class PostIndex:
    """The posts, assignments and holdings a chain reads, indexed by organization and post.

    Built from one chain's ``PostsFacts``, or once from the whole graph's (``sweep``): a
    level reads only the entries of the organizations and posts it asks for, so both give
    the same answers.
    """

    __slots__ = ("charges_to", "holders", "post_by_id", "posts_of")

    def __init__(self, posts: PostsFacts, vacant: str | None = None):
        self.holders: dict[str, list[HoldingFact]] = defaultdict(list)
        for h in posts.holdings:
            if h.position_id != vacant:
                self.holders[h.position_id].append(h)
        self.posts_of: dict[str, list[PostFact]] = defaultdict(list)
        self.post_by_id: dict[str, PostFact] = {}
        for p in posts.posts:
            self.post_by_id[p.position_id] = p
            if p.org_id is not None:
                self.posts_of[p.org_id].append(p)
        self.charges_to: dict[str, list[ChargeRow]] = defaultdict(list)
        for c in posts.charges:
            self.charges_to[c.org_id].append(c)


@dataclass(frozen=True)
class Above:
    """What is above an enterprise: its sectors and regions (with the path to each), the
    supervision rows aimed at them, and the organizations in its regions. Every enterprise
    with the same sector and region has the same ``Above`` (paths aside), hence the same
    levels above it (``levels_above``)."""

    sectors: Mapping[str, Path]
    regions: Mapping[str, Path]
    supervision: tuple[SupervisionFact, ...]  # rows aimed at a sector or region (not at it)
    regional_orgs: tuple[OrgFact, ...]


def chain_levels(facts: SubjectFacts, posts: PostsFacts, vacant: str | None = None) -> ChainLevels:
    """Who answers at each level of a chain, and the gaps where nobody does.

    ``vacant``: a post treated as held by nobody (what vacancy impact asks).
    """
    index = PostIndex(posts, vacant)
    out = ChainLevels()
    if facts.owners:
        out.reached.add(Level.HAZARD_OWNER)
    for owner in facts.owners:
        out.rows.append(
            LevelRow(Level.HAZARD_OWNER, owner.person_id, "", None, None, (owner.link,))
        )
    enterprise = facts.enterprise_id
    if enterprise is not None:
        base: Path = (facts.at,) if facts.at else ()
        own = [r for r in facts.supervision if r.target_label == Target.ENTERPRISE]
        above = Above(
            {r.id: r.path for r in facts.sectors},
            {r.id: r.path for r in facts.regions},
            tuple(r for r in facts.supervision if r.target_label != Target.ENTERPRISE),
            facts.regional_orgs,
        )
        enterprise_levels(out, enterprise, own, index, base)
        merge_above(out, levels_above(above, index), base)
    none_found(out, facts.subject_kind, facts.subject_id, enterprise)
    return out


def enterprise_levels(
    out: ChainLevels,
    enterprise: str,
    supervision: Iterable[SupervisionFact],
    index: PostIndex,
    base: Path = (),
) -> None:
    """The levels an enterprise finds by itself: its own posts, and the supervision rows
    aimed at it (rows aimed at another enterprise find nothing)."""
    _at_posts(out, index, Level.ENTERPRISE, enterprise, ENTERPRISE_ROLES, base)
    _supervision(out, index, supervision, enterprise, {}, {}, base)


def levels_above(above: Above, index: PostIndex) -> ChainLevels:
    """The levels found above an enterprise (supervision of its sectors and regions, the
    territorial organizations), with paths from the enterprise; the same for every
    enterprise with the same ``Above``."""
    out = ChainLevels()
    _supervision(out, index, above.supervision, None, above.sectors, above.regions, ())
    for org_fact in above.regional_orgs:
        reach = territorial_path(org_fact, above.regions)
        if reach is not None:
            _at_posts(out, index, Level.PRINCIPAL_LEADERSHIP, org_fact.id, PRINCIPAL_ROLES, reach)
    return out


def merge_above(out: ChainLevels, above: ChainLevels, base: Path = ()) -> None:
    """Add the levels above an enterprise to its chain, behind ``base`` (the subject's link
    to the enterprise)."""
    if base:
        out.rows.extend(replace(r, path=(*base, *r.path)) for r in above.rows)
    else:
        out.rows.extend(above.rows)
    out.gaps |= above.gaps
    out.reached |= above.reached


def none_found(
    out: ChainLevels, subject_kind: str, subject_id: str, enterprise: str | None
) -> None:
    """A ``none_found`` gap at every level of the chain where nothing was found."""
    for level in levels_of(subject_kind):
        if level in out.reached:
            continue
        subject = subject_id if level == Level.HAZARD_OWNER else enterprise
        if subject is not None:
            out.gaps.add(ChainGap(level, GapReason.NONE_FOUND, subject))


def _at_posts(
    out: ChainLevels,
    index: PostIndex,
    level: Level,
    org: str,
    roles: tuple[str, ...],
    path: Path,
) -> None:
    out.reached.add(level)
    mine = [p for p in index.posts_of.get(org, ()) if p.role in roles]
    if not any(p.role == Role.PRINCIPAL for p in mine):
        out.gaps.add(ChainGap(level, GapReason.NO_POST, org))
    for post in mine:
        reach = (*path, *((post.link,) if post.link else ()))
        _holders_at(out, level, post, index.holders, reach, org_id=org)


def _supervision(
    out: ChainLevels,
    index: PostIndex,
    rows: Iterable[SupervisionFact],
    enterprise: str | None,
    sectors: Mapping[str, Path],
    regions: Mapping[str, Path],
    base: Path,
) -> None:
    """The supervision levels and the leaders in charge of the supervising organizations."""
    found: dict[str, list[tuple[Level, Path]]] = defaultdict(list)
    for row in rows:
        reach = covering_path(row, enterprise or "", sectors, regions)
        if reach is None or row.kind not in LEVEL_OF_KIND:
            continue
        level, path = LEVEL_OF_KIND[row.kind], (*base, *reach)
        found[row.org_id].append((level, path))
        _at_posts(out, index, level, row.org_id, PRINCIPAL_ROLES, path)
    for org, ways in found.items():
        for level, path in ways:
            charges = index.charges_to.get(org, ())
            if not charges:
                out.gaps.add(ChainGap(Level.LEADERSHIP_IN_CHARGE, GapReason.NO_ASSIGNMENT, org))
            if charges:
                out.reached.add(Level.LEADERSHIP_IN_CHARGE)
            for charge in charges:
                post = index.post_by_id.get(
                    charge.position_id, PostFact(charge.position_id, None, None)
                )
                _holders_at(
                    out,
                    Level.LEADERSHIP_IN_CHARGE,
                    post,
                    index.holders,
                    (*path, charge.link),
                    org_id=post.org_id,
                    via_comprehensive=level == Level.COMPREHENSIVE_SUPERVISION,
                )


def _holders_at(
    out: ChainLevels,
    level: Level,
    post: PostFact,
    holders: Mapping[str, list[HoldingFact]],
    path: Path,
    *,
    org_id: str | None,
    via_comprehensive: bool = False,
) -> None:
    found = holders.get(post.position_id, [])
    if not found:
        out.gaps.add(ChainGap(level, GapReason.POST_VACANT, post.position_id))
    for h in found:
        out.rows.append(
            LevelRow(
                level,
                h.person_id,
                post.position_id,
                org_id,
                post.role,
                (*path, h.link),
                via_comprehensive,
            )
        )


def levels_of(subject_kind: str) -> list[Level]:
    """The levels a chain has: the hazard owner only for a hazard."""
    return [lv for lv in Level if lv != Level.HAZARD_OWNER or subject_kind == SubjectKind.HAZARD]


def responsibility(level: Level, rows: Iterable[LevelRow]) -> Responsibility:
    """The responsibility a person carries at a level, from the rows that put them there."""
    rows = list(rows)
    if level == Level.ENTERPRISE:
        if any(r.role == Role.PRINCIPAL for r in rows):
            return Responsibility.ENTERPRISE_FIRST_RESPONSIBLE
        return Responsibility.ENTERPRISE_MANAGEMENT
    if level == Level.HAZARD_OWNER:
        return Responsibility.RECTIFICATION
    if level in SUPERVISION_LEVELS:
        return Responsibility(level.value)
    if level == Level.LEADERSHIP_IN_CHARGE:
        if any(r.via_comprehensive for r in rows):
            return Responsibility.LEADERSHIP_SAFETY
        return Responsibility.LEADERSHIP_DIRECT
    return Responsibility.LEADERSHIP_FIRST


# -- coverage gaps ---------------------------------------------------------------------------
def is_overdue(deadline: str | None, day: str) -> bool:
    """A deadline passed before ``day`` (the deadline day itself is not late)."""
    return not is_blank(deadline) and str(deadline) < day


def missing_implementations(hazard: HazardFact) -> tuple[Implementation, ...]:
    """Which of the five implementations a major hazard lacks (none for another grade)."""
    if hazard.grade != HazardGrade.MAJOR:
        return ()
    present = {
        Implementation.OWNER: not is_blank(hazard.owner_id),
        Implementation.MEASURES: not is_blank(hazard.measures),
        Implementation.FUNDS: (hazard.funds_cny or 0) > 0,
        Implementation.DEADLINE: not is_blank(hazard.deadline),
        Implementation.PLAN: not is_blank(hazard.plan_id),
    }
    return tuple(name for name in Implementation if not present[name])


class SupervisionIndex:
    """Supervision rows by what they are aimed at: the rows that can cover an enterprise
    are looked up through its own id and its sectors and regions (``candidates``) instead
    of testing every row against it.

    A superset of what ``covering_path`` accepts, never a decision: a row aimed at the
    enterprise, a sector row of one of its sectors *and* regions, a row aimed at one of its
    regions. ``covering_path`` still decides which of them cover it.
    """

    __slots__ = ("at_cell", "at_target")

    def __init__(self, rows: Iterable[SupervisionFact]):
        self.at_target: dict[str, list[SupervisionFact]] = defaultdict(list)
        self.at_cell: dict[tuple[str, str], list[SupervisionFact]] = defaultdict(list)
        for row in rows:
            if row.target_label == Target.SECTOR:
                if row.region_id is not None:  # a sector row without a region covers nothing
                    self.at_cell[(row.target_id, row.region_id)].append(row)
            else:
                self.at_target[row.target_id].append(row)

    def candidates(
        self, enterprise_id: str, sectors: Iterable[str], regions: Iterable[str]
    ) -> list[SupervisionFact]:
        return [*self.at_target.get(enterprise_id, ()), *self.through(sectors, regions)]

    def through(self, sectors: Iterable[str], regions: Iterable[str]) -> list[SupervisionFact]:
        """The rows that can cover the enterprises of these sectors and regions through them
        (not those aimed at an enterprise): the same for all of them."""
        regions = list(regions)
        found: list[SupervisionFact] = []
        for sector in sectors:
            for region in regions:
                found += self.at_cell.get((sector, region), ())
        for region in regions:
            found += self.at_target.get(region, ())
        return found


def coverage_gaps(facts: GraphFacts, day: str) -> list[GapRow]:
    """Every coverage gap on ``day``, unordered."""
    region_parents, sector_parents = dict(facts.region_parents), dict(facts.sector_parents)
    held: dict[str, bool] = {}
    principals: dict[str, list[str]] = defaultdict(list)
    post_org: dict[str, str | None] = {}
    principal = Role.PRINCIPAL
    for p in facts.posts:  # ~200k at P: one pass
        position, of = p.position_id, p.org_id
        held[position] = p.held
        post_org[position] = of
        if of is not None and p.role == principal:
            principals[of].append(position)
    # Only industry supervision makes an enterprise supervised (``enterprise_unsupervised``).
    industry = SupervisionIndex(r for r in facts.supervision if r.kind == SupervisionKind.INDUSTRY)
    rows: list[GapRow] = []

    # The region and sector of an organization (an enterprise, a plan's holder...).
    located = {o.id: (o.region_id, o.sector_id) for o in facts.organizations}
    nowhere: tuple[str | None, str | None] = (None, None)

    def where(org_id: str | None) -> tuple[str | None, str | None]:
        return located.get(org_id or "", nowhere)

    # Whether industry supervision covers an enterprise through its sector and region is the
    # same for every enterprise of a (sector, region): decided once per pair, with the trees
    # walked once. Only a row aimed at the enterprise itself is tried for each one.
    Area = tuple[dict[str, Path], dict[str, Path], bool]  # sectors, regions, covered
    by_area: dict[tuple[str | None, str | None], Area] = {}
    for ent in facts.enterprises:
        region, sector = located.get(ent, nowhere)  # ``where``, without a call per enterprise
        area = by_area.get((sector, region))
        if area is None:
            sectors: dict[str, Path] = dict.fromkeys(ancestors(sector_parents, sector), ())
            regions: dict[str, Path] = dict.fromkeys(ancestors(region_parents, region), ())
            covers = any(
                covering_path(row, ent, sectors, regions) is not None
                for row in industry.through(sectors, regions)
            )  # none of them is aimed at an enterprise (ids are unique): ``ent`` is not read
            area = by_area[(sector, region)] = (sectors, regions, covers)
        sectors, regions, covered = area
        if not covered:
            for row in industry.at_target.get(ent, ()):
                if covering_path(row, ent, sectors, regions) is not None:
                    covered = True
                    break
        if not covered:
            rows.append(GapRow(GapKind.ENTERPRISE_UNSUPERVISED, ent, region, sector))
        mine = principals.get(ent, [])
        if not any(map(held.get, mine)):  # no generator object made per enterprise
            rows.append(
                GapRow(
                    GapKind.ENTERPRISE_NO_PRINCIPAL,
                    ent,
                    region,
                    sector,
                    facts=(("posts", len(mine)),),
                )
            )

    supervising = {row.org_id for row in facts.supervision}
    assigned: dict[str, list[str]] = defaultdict(list)
    for charge in facts.charges:
        assigned[charge.org_id].append(charge.position_id)
    for org in facts.organizations:
        if org.kind not in PUBLIC_KINDS:
            continue
        for pos in principals.get(org.id, []):
            if not held.get(pos):
                rows.append(
                    GapRow(GapKind.POST_VACANT, pos, region_id=org.region_id, org_id=org.id)
                )
        if org.kind == OrgKind.DEPARTMENT and org.id in supervising:
            posts = assigned.get(org.id, [])
            if not any(held.get(p) for p in posts):
                rows.append(
                    GapRow(
                        GapKind.DEPARTMENT_NO_LEADER_IN_CHARGE,
                        org.id,
                        region_id=org.region_id,
                        org_id=org.id,
                        facts=(("assigned_posts", len(posts)),),
                    )
                )

    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in facts.supervision:
        if (
            row.kind == SupervisionKind.INDUSTRY
            and row.target_label == Target.SECTOR
            and not is_blank(row.region_id)
        ):
            cells[(row.target_id, str(row.region_id))].add(row.org_id)
    for (sector, region), by in sorted(cells.items()):
        if len(by) > 1:
            rows.append(
                GapRow(
                    GapKind.SUPERVISION_OVERLAP,
                    f"{sector}|{region}",
                    region_id=region,
                    sector_id=sector,
                    facts=(("orgs", tuple(sorted(by))),),
                )
            )

    rows += _hazard_rows(facts.hazards, located, day)

    for duty in facts.duties:
        if held.get(duty.position_id, False):
            continue
        org_id = post_org.get(duty.position_id)
        rows.append(
            GapRow(
                GapKind.DUTY_UNHELD,
                duty.id,
                org_id=org_id,
                region_id=where(org_id)[0],
                facts=(("position_id", duty.position_id),),
            )
        )

    # A province has ~170k plans: the loop reads each fact's fields once and makes its rows
    # as plain tuples (``_row_of``); ``is_blank`` is written out (a call per plan and date).
    row_of = _row_of
    stale_before, first_drill_day = minus_years(day, 3), drill_window_start(day)
    stale_kind, undrilled_kind = GapKind.PLAN_STALE, GapKind.PLAN_NOT_DRILLED
    for plan_id, holder, revised_on, last_drill in facts.plans:
        revised = revised_on is not None and revised_on != ""  # not is_blank
        if revised and str(revised_on) > day:
            continue  # revised after D: not considered
        region, sector = located.get(holder or "", nowhere)
        if not revised or str(revised_on) < stale_before:
            facts_of = (("revised_on", revised_on),)
            rows.append(row_of((stale_kind, plan_id, region, sector, holder, (), facts_of)))
        if last_drill is None or last_drill == "" or str(last_drill) < first_drill_day:
            facts_of = (("last_drill", last_drill),)
            rows.append(row_of((undrilled_kind, plan_id, region, sector, holder, (), facts_of)))
    return rows


def hazard_gaps(
    hazards: Iterable[HazardFact], organizations: Iterable[OrgFact], day: str
) -> list[GapRow]:
    """The coverage gaps of open hazards on ``day`` (overdue; major, lacking some of the
    five implementations), unordered: those ``coverage_gaps`` finds of them, for hazards
    read apart from the other facts (``GapFactsInTurn``)."""
    return _hazard_rows(hazards, {o.id: (o.region_id, o.sector_id) for o in organizations}, day)


def _hazard_rows(
    hazards: Iterable[HazardFact],
    located: Mapping[str, tuple[str | None, str | None]],
    day: str,
) -> list[GapRow]:
    """A province has ~320k open hazards: each fact's fields are read once, the grade is
    tested before ``missing_implementations`` is called (only a major hazard can lack any),
    ``is_overdue`` is written out, the rows are made by ``_row_of``."""
    rows: list[GapRow] = []
    row_of = _row_of
    nowhere: tuple[str | None, str | None] = (None, None)
    overdue_kind, incomplete_kind = GapKind.HAZARD_OVERDUE, GapKind.MAJOR_HAZARD_INCOMPLETE
    major = HazardGrade.MAJOR
    for hz in hazards:
        hazard, enterprise, deadline = hz.id, hz.enterprise_id, hz.deadline
        region, sector = located.get(enterprise or "", nowhere)
        if hz.grade == major:
            missing = missing_implementations(hz)
            if missing:
                made = (incomplete_kind, hazard, region, sector, enterprise, missing, ())
                rows.append(row_of(made))
        if deadline is not None and deadline != "" and str(deadline) < day:  # is_overdue
            late = (overdue_kind, hazard, region, sector, enterprise, (), (("deadline", deadline),))
            rows.append(row_of(late))
    return rows


# -- remits ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cover:
    """An enterprise within an organization's remit on a day, and why (``kind``: the
    supervision kind, or ``territorial``)."""

    org_id: str
    enterprise_id: str
    kind: str
    path: Path


def remit(facts: RemitFacts) -> list[Cover]:
    """The enterprises within some organizations' remit, each with every way it is."""
    sectors_of: dict[str, dict[str, Path]] = defaultdict(dict)  # enterprise -> sector -> path
    regions_of: dict[str, dict[str, Path]] = defaultdict(dict)
    below: dict[str, list[str]] = defaultdict(list)
    for b in facts.below:
        places = sectors_of if b.kind == Target.SECTOR else regions_of
        places[b.enterprise_id][b.top_id] = b.path
        below[b.top_id].append(b.enterprise_id)
    covers: list[Cover] = []
    for row in facts.supervision:
        if row.kind is None:
            continue
        candidates = (
            [row.target_id] if row.target_label == Target.ENTERPRISE else below[row.target_id]
        )
        for ent in candidates:
            path = covering_path(row, ent, sectors_of[ent], regions_of[ent])
            if path is not None:
                covers.append(Cover(row.org_id, ent, row.kind, path))
    for org in facts.orgs:
        for ent in below.get(org.region_id or "", []):
            path = territorial_path(org, regions_of[ent])
            if path is not None:
                covers.append(Cover(org.id, ent, RemitKind.TERRITORIAL, path))
    return covers
