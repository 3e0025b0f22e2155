"""Seeded random datasets in the input format (``docs/data-format.md``, contract v1).

``generate(seed)`` returns a VALID dataset (it may load with warnings: overlapping
appointments to a principal post, hazard plan ids that name no plan) as a JSON-style dict of
tables, every cell a string (blank = ``""``). The same seed always gives the same dataset.
Write it with ``json.dump`` and load the file, or write CSVs with ``write_dataset``.

It is meant to reach the corners of the accountability rules on both stores: vacancies
between terms, open-ended and expired terms, overlapping appointments, organizations and
enterprises without a principal post, assignments of posts nobody holds, supervision of all
three kinds (by sector + region, by enterprise, comprehensive over all sectors), overlapping
and expired supervision, hazards missing some of the five implementations, accidents with
findings naming people outside any chain, stale and undrilled plans.

>>> a, b = generate(7), generate(7)
>>> a == b and a != generate(8)
True
>>> sorted(a) == sorted(TABLE_NAMES)
True
>>> all(isinstance(v, str) for rows in a.values() for row in rows for v in row.values())
True
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph_model.schema import accident_grade
from loaders.tables import TABLES
from loaders.uscc import ALPHABET, check_character

Tables = dict[str, list[dict[str, str]]]

FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2020, 12, 31)
TABLE_NAMES = tuple(t.name for t in TABLES)
COLUMNS = {t.name: tuple(c.name for c in t.columns) for t in TABLES}


@dataclass(frozen=True)
class Size:
    provinces: int
    cities: tuple[int, int]
    children: tuple[int, int]  # districts, counties and zones per city
    township_p: float
    departments: tuple[int, int]  # industry or specialized departments per city/district
    enterprises: tuple[int, int]
    hazards: tuple[int, int]  # per enterprise


SIZES = {
    "tiny": Size(1, (1, 1), (1, 2), 0.3, (1, 2), (2, 4), (0, 2)),
    "small": Size(1, (1, 2), (1, 2), 0.35, (1, 2), (4, 7), (0, 2)),
    "medium": Size(2, (1, 2), (2, 3), 0.4, (1, 3), (10, 16), (0, 3)),
}

_DEPARTMENTS = (
    ("Industry and information technology bureau", "工业和信息化局", "industry"),
    ("Housing and construction bureau", "住房和城乡建设局", "industry"),
    ("Transport bureau", "交通运输局", "industry"),
    ("Commerce bureau", "商务局", "industry"),
    ("Market regulation bureau", "市场监督管理局", "specialized"),
    ("Fire rescue detachment", "消防救援支队", "specialized"),
)
_SECTORS = (
    "Dangerous chemicals",
    "Construction",
    "Road transport",
    "Mining",
    "Trade",
    "Special equipment",
    "Fireworks",
    "Metallurgy",
)


def _day(d: date) -> str:
    return d.isoformat()


class _Builder:
    def __init__(self, seed: int, size: Size):
        self.rng = random.Random(seed)
        self.size = size
        self.t: Tables = {name: [] for name in TABLE_NAMES}
        self.counters: dict[str, int] = {}
        self.sources: list[str] = []
        self.region_level: dict[str, str] = {}
        self.region_parent: dict[str, str | None] = {}
        self.sector_ids: list[str] = []
        self.org_kind: dict[str, str] = {}
        self.org_region: dict[str, str] = {}
        self.territorial: dict[str, list[str]] = {}  # region -> its territorial orgs
        self.departments: list[tuple[str, str]] = []  # (org, kind of supervision it does)
        self.posts: dict[str, list[tuple[str, str]]] = {}  # org -> [(position, role)]
        self.terms: dict[str, list[tuple[str, str, str]]] = {}  # position -> [(person, s, e)]
        self.persons: list[str] = []
        self.enterprises: list[str] = []
        self.plans: list[str] = []
        self.supervision_keys: set[tuple[str, ...]] = set()

    # -- helpers ---------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}-{n:03d}"

    def add(self, table: str, **values: str | None) -> dict[str, str]:
        unknown = set(values) - set(COLUMNS[table])
        assert not unknown, (table, unknown)
        row = {c: (values.get(c) or "") for c in COLUMNS[table]}
        self.t[table].append(row)
        return row

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def source(self, p: float = 0.5) -> str:
        return self.rng.choice(self.sources) if self.sources and self.chance(p) else ""

    def date_between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def any_day(self) -> date:
        return self.date_between(FIRST_DAY, LAST_DAY)

    def interval(self, p_open_start: float = 0.3, p_end: float = 0.35) -> tuple[str, str]:
        """A validity interval: start blank (since ever) or a day, end blank or a later day."""
        start = None if self.chance(p_open_start) else self.any_day()
        end = None
        if self.chance(p_end):
            end = self.date_between(start or FIRST_DAY, LAST_DAY)
        return (_day(start) if start else "", _day(end) if end else "")

    def person(self, fresh_p: float = 0.55) -> str:
        if self.persons and not self.chance(fresh_p):
            return self.rng.choice(self.persons)
        pid = self.new_id("P")
        n = len(self.persons) + 1
        self.add(
            "persons",
            id=pid,
            name=f"Person {n}" if self.chance(0.9) else "",
            name_zh=f"人员{n}" if self.chance(0.5) else "",
            source_id=self.source(0.2),
        )
        if not self.t["persons"][-1]["name"] and not self.t["persons"][-1]["name_zh"]:
            self.t["persons"][-1]["name_zh"] = f"人员{n}"
        self.persons.append(pid)
        return pid

    # -- places, sectors, sources ----------------------------------------------------------
    def build_sources(self) -> None:
        kinds = ("notice", "responsibility_list", "regulation", "investigation_report")
        for i in range(self.rng.randint(2, 4)):
            sid = self.new_id("S")
            self.add(
                "sources",
                id=sid,
                title=f"Source {i + 1}",
                kind=self.rng.choice(kinds) if self.chance(0.9) else "",
                date=_day(self.any_day()) if self.chance(0.7) else "",
                url=f"https://example.org/{sid}" if self.chance(0.3) else "",
            )
            self.sources.append(sid)

    def region(self, level: str, parent: str | None) -> str:
        rid = self.new_id("R")
        self.add(
            "regions",
            id=rid,
            name=f"{level.title()} {rid}",
            name_zh=f"区域{rid[2:]}" if self.chance(0.5) else "",
            level=level,
            parent_id=parent,
            source_id=self.source(0.2),
        )
        self.region_level[rid] = level
        self.region_parent[rid] = parent
        return rid

    def build_regions(self) -> None:
        s = self.size
        for _ in range(s.provinces):
            province = self.region("province", None)
            for _ in range(self.rng.randint(*s.cities)):
                city = self.region("city", province)
                for _ in range(self.rng.randint(*s.children)):
                    level = self.rng.choice(("district", "district", "county", "zone"))
                    child = self.region(level, city)
                    if level != "zone" and self.chance(s.township_p):
                        for _ in range(self.rng.randint(1, 2)):
                            self.region("township", child)

    def build_sectors(self) -> None:
        names = list(_SECTORS)
        self.rng.shuffle(names)
        for root_name in names[: self.rng.randint(2, 3)]:
            root = self.sector(root_name, None)
            for i in range(self.rng.randint(1, 3)):
                child = self.sector(f"{root_name} / {i + 1}", root)
                if self.chance(0.4):
                    for j in range(self.rng.randint(1, 2)):
                        self.sector(f"{root_name} / {i + 1} / {j + 1}", child)

    def sector(self, name: str, parent: str | None) -> str:
        sid = self.new_id("SEC")
        self.add("sectors", id=sid, name=name, parent_id=parent, source_id=self.source(0.2))
        self.sector_ids.append(sid)
        return sid

    # -- organizations and posts -----------------------------------------------------------
    def org(self, kind: str, region: str | None, name: str, parent: str | None = None) -> str:
        oid = self.new_id("ORG")
        self.add(
            "organizations",
            id=oid,
            name=f"{name} ({region or 'no region'})",
            name_zh=f"单位{oid[4:]}" if self.chance(0.4) else "",
            kind=kind,
            region_id=region,
            parent_id=parent,
            source_id=self.source(0.3),
        )
        self.org_kind[oid] = kind
        if region:
            self.org_region[oid] = region
        return oid

    def position(self, org: str, role: str, title: str) -> str:
        pid = self.new_id("POS")
        self.add(
            "positions",
            id=pid,
            org_id=org,
            title=title,
            title_zh=f"职务{pid[4:]}" if self.chance(0.3) else "",
            role=role,
            source_id=self.source(0.3),
        )
        self.posts.setdefault(org, []).append((pid, role))
        return pid

    def principal(self, org: str, title: str, p_missing: float = 0.12) -> None:
        if not self.chance(p_missing):
            self.position(org, "principal", title)

    def build_organizations(self) -> None:
        s = self.size
        for region, level in self.region_level.items():
            orgs: list[str] = []
            gov: str | None = None
            if level == "zone":
                zc = self.org("zone_committee", region, "Zone administrative committee")
                self.principal(zc, "Zone committee director")
                for _ in range(self.rng.randint(0, 2)):
                    self.position(zc, "deputy", "Deputy director")
                orgs.append(zc)
                gov = zc
                if self.chance(0.4):
                    pc = self.org("party_committee", region, "Zone Party working committee")
                    self.principal(pc, "Party secretary")
                    orgs.append(pc)
            elif level != "township" or self.chance(0.8):
                pc = self.org("party_committee", region, "Party committee")
                self.principal(pc, "Party secretary")
                if self.chance(0.5):
                    self.position(pc, "deputy", "Deputy party secretary")
                if self.chance(0.3):
                    self.position(pc, "member", "Standing committee member")
                orgs.append(pc)
                if level != "township" or self.chance(0.6):
                    gov = self.org("government", region, "People's government")
                    self.principal(gov, "Mayor / head")
                    for _ in range(self.rng.randint(1, 3)):
                        self.position(gov, "deputy", "Deputy mayor / head")
                    orgs.append(gov)
            self.territorial[region] = orgs
            if level == "township":
                continue
            # departments: an emergency management bureau and a few others
            if level != "zone" or self.chance(0.5):
                emb = self.org("department", region, "Emergency management bureau", gov)
                self.principal(emb, "Director")
                self.departments.append((emb, "comprehensive"))
            count = self.rng.randint(*s.departments) if level != "zone" else self.rng.randint(0, 1)
            for name, name_zh, kind in self.rng.sample(_DEPARTMENTS, count):
                dept = self.org("department", region, name, gov if self.chance(0.8) else None)
                if self.chance(0.3):
                    self.t["organizations"][-1]["name_zh"] = name_zh
                self.principal(dept, "Director")
                if self.chance(0.4):
                    self.position(dept, "deputy", "Deputy director")
                self.departments.append((dept, kind))
            if level == "city" and self.chance(0.4):
                where = region if self.chance(0.7) else None  # an organization without region
                committee = self.org("committee", where, "Work safety committee", gov)
                self.principal(committee, "Chair", 0.5)
                self.departments.append((committee, "industry"))

    def build_enterprises(self) -> None:
        s = self.size
        regions = [r for r, lv in self.region_level.items() if lv not in ("province",)]
        also_org = []
        for i in range(self.rng.randint(*s.enterprises)):
            eid = self.new_id("E")
            region = self.rng.choice(regions) if not self.chance(0.08) else None
            sector = self.rng.choice(self.sector_ids) if not self.chance(0.1) else None
            parent = (
                self.rng.choice(self.enterprises) if self.enterprises and self.chance(0.1) else None
            )
            self.add(
                "enterprises",
                id=eid,
                name=f"Enterprise {i + 1} Co., Ltd." if self.chance(0.95) else "",
                name_zh=f"企业{i + 1}有限公司",
                uscc=self.uscc() if self.chance(0.8) else "",
                sector_id=sector,
                region_id=region,
                parent_id=parent,
                source_id=self.source(0.4),
            )
            self.enterprises.append(eid)
            self.org_kind[eid] = "enterprise"
            if region:
                self.org_region[eid] = region
            if self.chance(0.1):
                also_org.append((eid, region))
            self.principal(eid, "Legal representative / general manager", 0.1)
            if self.chance(0.15):
                self.position(eid, "principal", "Chairman")
            if self.chance(0.7):
                self.position(eid, "safety_manager", "Safety director")
            if self.chance(0.2):
                self.position(eid, self.rng.choice(("deputy", "member")), "Deputy manager")
        rows = {r["id"]: r for r in self.t["enterprises"]}
        for eid, region in also_org:
            # an enterprise may also be listed among the organizations: the rows complement
            # each other (one of them may leave the region blank) but never contradict
            where = self.rng.choice(("both", "organizations", "enterprises"))
            if where == "organizations":
                rows[eid]["region_id"] = ""
            self.add(
                "organizations",
                id=eid,
                name="",
                name_zh=f"企业{eid[2:]}",
                kind="enterprise",
                region_id=region if where != "enterprises" else None,
                source_id=self.source(0.3),
            )

    def uscc(self) -> str:
        head = "91" + "".join(self.rng.choice("0123456789") for _ in range(6))
        body = "".join(self.rng.choice(ALPHABET) for _ in range(9))
        first17 = head + body
        return first17 + check_character(first17)

    # -- who held which post when ----------------------------------------------------------
    def build_appointments(self) -> None:
        for org in sorted(self.posts):
            for pos, _role in self.posts[org]:
                self.terms[pos] = []
                if self.chance(0.08):
                    continue  # never held by anyone
                cursor: date | None = None if self.chance(0.3) else self.any_day()
                first = True
                while True:
                    start = cursor
                    length = self.rng.randint(120, 1600)
                    end = (start or self.date_between(FIRST_DAY, date(2016, 6, 30))) + timedelta(
                        days=length
                    )
                    open_ended = end > LAST_DAY or self.chance(0.15)
                    who = self.person(0.7 if first else 0.45)
                    first = False
                    self.appoint(pos, who, start, None if open_ended else end)
                    if open_ended:
                        break
                    gap = self.rng.randint(1, 300) if self.chance(0.4) else 1
                    cursor = end + timedelta(days=gap)
                    if cursor > LAST_DAY or self.chance(0.1):
                        break  # expired: nobody since
                if self.chance(0.12):  # a second holder in the same period (warns on principal)
                    person, s, _e = self.rng.choice(self.terms[pos])
                    start = (date.fromisoformat(s) if s else FIRST_DAY) + timedelta(
                        days=self.rng.randint(1, 200)
                    )
                    start = min(start, LAST_DAY)
                    other = self.person(0.5) if self.chance(0.7) else person
                    if (other, _day(start)) not in {(p, s2) for p, s2, _ in self.terms[pos]}:
                        end = start + timedelta(days=self.rng.randint(30, 500))
                        self.appoint(pos, other, start, end if self.chance(0.7) else None)

    def appoint(self, pos: str, person: str, start: date | None, end: date | None) -> None:
        s, e = (_day(start) if start else ""), (_day(end) if end else "")
        if e and e > _day(LAST_DAY):
            e = _day(LAST_DAY)
        self.terms[pos].append((person, s, e))
        self.add(
            "appointments",
            person_id=person,
            position_id=pos,
            start=s,
            end=e,
            source_id=self.source(0.5),
        )

    def build_assignments(self) -> None:
        leaders: dict[str, list[str]] = {}  # region -> posts that can be in charge
        for region, orgs in self.territorial.items():
            for org in orgs:
                for pos, role in self.posts.get(org, []):
                    if role in ("deputy", "member") or (role == "principal" and self.chance(0.2)):
                        leaders.setdefault(region, []).append(pos)
        charged = [d for d, _ in self.departments]
        charged += [o for o, k in self.org_kind.items() if k == "zone_committee"]
        seen: set[tuple[str, str, str]] = set()
        for org in charged:
            region = self.org_region.get(org)
            pool = list(leaders.get(region or "", []))
            parent = self.region_parent.get(region or "")
            if parent and (not pool or self.chance(0.3)):
                pool += leaders.get(parent, [])
            if not pool:
                continue
            for _ in range(self.rng.choice((0, 1, 1, 1, 2))):
                pos = self.rng.choice(pool)
                start, end = self.interval(0.3, 0.3)
                if (pos, org, start) in seen:
                    continue
                seen.add((pos, org, start))
                self.add(
                    "assignments",
                    position_id=pos,
                    org_id=org,
                    start=start,
                    end=end,
                    source_id=self.source(0.5),
                )

    # -- supervision -----------------------------------------------------------------------
    def supervise(
        self,
        org: str,
        kind: str,
        sector: str | None = None,
        region: str | None = None,
        enterprise: str | None = None,
        interval: tuple[str, str] | None = None,
    ) -> None:
        start, end = interval or self.interval(0.4, 0.25)
        key = (org, kind, sector or "", region or "", enterprise or "", start)
        if key in self.supervision_keys:
            return
        self.supervision_keys.add(key)
        self.add(
            "supervision",
            org_id=org,
            sector_id=sector,
            region_id=region,
            enterprise_id=enterprise,
            kind=kind,
            start=start,
            end=end,
            source_id=self.source(0.5),
        )

    def nearby_region(self, region: str | None) -> str:
        regions = list(self.region_level)
        if region is None or self.chance(0.1):
            return self.rng.choice(regions)
        if self.chance(0.15) and self.region_parent.get(region):
            return str(self.region_parent[region])
        if self.chance(0.15):
            below = [r for r, p in self.region_parent.items() if p == region]
            if below:
                return self.rng.choice(below)
        return region

    def build_supervision(self) -> None:
        cells: list[tuple[str, str]] = []
        for org, kind in self.departments:
            region = self.org_region.get(org)
            if kind == "comprehensive":
                if self.chance(0.85):
                    self.supervise(org, "comprehensive", None, self.nearby_region(region))
                if self.chance(0.2):
                    sector = self.rng.choice(self.sector_ids)
                    self.supervise(org, "comprehensive", sector, self.nearby_region(region))
                continue
            for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3))):
                sector = self.rng.choice(self.sector_ids)
                where = self.nearby_region(region)
                self.supervise(org, kind, sector, where)
                if kind == "industry":
                    cells.append((sector, where))
        industry = [o for o, k in self.departments if k == "industry"]
        for sector, where in cells:  # overlapping industry supervision of one cell
            if self.chance(0.2) and len(industry) > 1:
                self.supervise(self.rng.choice(industry), "industry", sector, where)
        for ent in self.enterprises:  # supervision assigned to one enterprise
            if self.chance(0.25) and self.departments:
                org, kind = self.rng.choice(self.departments)
                kind = kind if self.chance(0.7) else self.rng.choice(("industry", "specialized"))
                if self.chance(0.05):  # odd but valid: an enterprise supervises another
                    org = self.rng.choice(self.enterprises)
                self.supervise(org, kind, enterprise=ent)
        # now and then a territorial organization supervises (e.g. a zone committee)
        for orgs in self.territorial.values():
            for org in orgs:
                if self.chance(0.05):
                    region = self.org_region.get(org)
                    self.supervise(org, "industry", self.rng.choice(self.sector_ids), region)

    # -- duties, hazards, accidents, plans -------------------------------------------------
    def build_duties(self) -> None:
        positions = [p for posts in self.posts.values() for p, _ in posts]
        orgs = sorted(self.org_kind)
        for i in range(self.rng.randint(2, 8)):
            holder = self.rng.choice(positions) if self.chance(0.7) else self.rng.choice(orgs)
            self.add(
                "duties",
                id=self.new_id("DUTY"),
                holder_id=holder,
                text=f"Duty {i + 1}" if self.chance(0.9) else "",
                text_zh=f"职责{i + 1}" if self.chance(0.4) else "",
                basis="Work Safety Law art. 21" if self.chance(0.5) else "",
                source_id=self.source(0.5),
            )

    def build_plans(self) -> None:
        holders = list(self.enterprises) + [o for o, _ in self.departments]
        for holder in holders:
            if not self.chance(0.45):
                continue
            pid = self.new_id("PLAN")
            r = self.rng.random()
            if r < 0.15:
                revised = ""
            elif r < 0.2:
                revised = self.rng.choice(("2016-02-29", "2017-02-28", "2017-03-01"))
            elif r < 0.35:
                revised = _day(self.date_between(FIRST_DAY, date(2016, 12, 31)))
            else:
                revised = _day(self.any_day())
            self.add(
                "emergency_plans",
                id=pid,
                holder_id=holder,
                title=f"Plan {pid}",
                revised_on=revised,
                source_id=self.source(0.4),
            )
            self.plans.append(pid)
            for _ in range(self.rng.choice((0, 0, 1, 2, 3))):
                self.add(
                    "drills",
                    id=self.new_id("DRILL"),
                    plan_id=pid,
                    held_on=_day(self.any_day()),
                    source_id=self.source(0.3),
                )

    def holders_on(self, pos: str, day: str) -> list[str]:
        return [p for p, s, e in self.terms.get(pos, []) if (s or "") <= day <= (e or "9999")]

    def build_hazards(self) -> None:
        for ent in self.enterprises:
            for _ in range(self.rng.randint(*self.size.hazards)):
                found = self.any_day()
                deadline = (
                    found + timedelta(days=self.rng.randint(0, 400)) if self.chance(0.75) else None
                )
                closed = (
                    found + timedelta(days=self.rng.randint(0, 700)) if self.chance(0.45) else None
                )
                if closed and closed > LAST_DAY:
                    closed = LAST_DAY
                owner = ""
                if self.chance(0.7):
                    own_posts = [p for p, _ in self.posts.get(ent, [])]
                    held = [h for p in own_posts for h in self.holders_on(p, _day(found))]
                    owner = self.rng.choice(held) if held and self.chance(0.7) else self.person()
                plan = ""
                r = self.rng.random()
                if r < 0.5 and self.plans:
                    plan = self.rng.choice(self.plans)
                elif r < 0.6:
                    plan = f"PLAN-NONE-{self.rng.randint(1, 99)}"  # names no plan: a warning
                funds = self.rng.choice(("", "", "0", "20000", "1,200,000.50", "350000"))
                self.add(
                    "hazards",
                    id=self.new_id("HZ"),
                    enterprise_id=ent,
                    title=f"Hazard at {ent}",
                    title_zh="隐患" if self.chance(0.3) else "",
                    grade="major" if self.chance(0.45) else "general",
                    found_on=_day(found),
                    deadline=_day(deadline) if deadline else "",
                    closed_on=_day(closed) if closed else "",
                    owner_person_id=owner,
                    measures="Repair and monitor" if self.chance(0.7) else "",
                    funds_cny=funds,
                    plan_id=plan,
                    source_id=self.source(0.5),
                )

    def build_accidents(self) -> None:
        responsibilities = (
            "direct",
            "main",
            "main_leadership",
            "important_leadership",
            "leadership",
            "supervisory",
            "other",
        )
        all_posts = [p for posts in self.posts.values() for p, _ in posts]
        for ent in self.enterprises:
            if not self.chance(0.35):
                continue
            occurred = self.any_day()
            figures = {
                "deaths": self.rng.choice(("", "0", "0", "1", "2", "3", "5", "12", "31")),
                "missing": self.rng.choice(("", "0", "0", "1", "2")),
                "serious_injuries": self.rng.choice(("", "0", "1", "5", "10", "50", "120")),
                "direct_loss_cny": self.rng.choice(
                    ("", "0", "120000", "9999999", "10,000,000", "55000000.5", "150000000")
                ),
            }
            grade = accident_grade(
                *(int(figures[k] or 0) for k in ("deaths", "missing", "serious_injuries")),
                float((figures["direct_loss_cny"] or "0").replace(",", "")),
            )
            aid = self.new_id("ACC")
            self.add(
                "accidents",
                id=aid,
                enterprise_id=ent,
                title=f"Accident at {ent}",
                occurred_on=_day(occurred),
                grade=grade if self.chance(0.6) else "",
                source_id=self.source(0.6),
                **figures,
            )
            day = _day(occurred)
            candidates = [
                (h, p) for p, _ in self.posts.get(ent, []) for h in self.holders_on(p, day)
            ]
            candidates += [
                (h, p)
                for p in self.rng.sample(all_posts, min(6, len(all_posts)))
                for h in self.holders_on(p, day)
            ]
            seen: set[tuple[str, str]] = set()
            for _ in range(self.rng.randint(0, 4)):
                if candidates and self.chance(0.75):
                    person, post = self.rng.choice(candidates)
                    post = post if self.chance(0.7) else ""
                else:
                    person, post = self.person(0.5), ""  # nobody the chain would find
                if (person, post) in seen:
                    continue
                seen.add((person, post))
                self.add(
                    "findings",
                    accident_id=aid,
                    person_id=person,
                    position_id=post,
                    responsibility=self.rng.choice(responsibilities),
                    sanction="Dismissed" if self.chance(0.4) else "",
                    source_id=self.source(0.5),
                )


def generate(seed: int, size: str = "small") -> Tables:
    """A valid random dataset, the same for the same ``seed`` and ``size``
    (``tiny``, ``small`` or ``medium``)."""
    b = _Builder(seed, SIZES[size])
    b.build_sources()
    b.build_regions()
    b.build_sectors()
    b.build_organizations()
    b.build_enterprises()
    b.build_appointments()
    b.build_assignments()
    b.build_supervision()
    b.build_duties()
    b.build_plans()
    b.build_hazards()
    b.build_accidents()
    return b.t


def write_dataset(tables: Tables, folder: Path) -> Path:
    """Write the tables as a folder of CSV files (header row first, UTF-8); return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        if not rows:
            continue
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS[name]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def turning_days(tables: Tables) -> list[str]:
    """The days the data turns on: a term, an assignment or a supervision row starts or ends,
    a hazard is found, due or closed, a plan turns three years old (D with revised_on on the
    same calendar day three years before, 29 February included), a drill drops out of the
    365-day window."""
    days = {
        row[col]
        for table, cols in (
            ("appointments", ("start", "end")),
            ("assignments", ("start", "end")),
            ("supervision", ("start", "end")),
            ("hazards", ("found_on", "deadline", "closed_on")),
            ("emergency_plans", ("revised_on",)),
        )
        for row in tables.get(table, [])
        for col in cols
        if row.get(col)
    }
    for row in tables.get("emergency_plans", []):
        if row["revised_on"]:
            revised = date.fromisoformat(row["revised_on"])
            if (revised.month, revised.day) == (2, 28):
                days.add(f"{revised.year + 3}-02-29" if (revised.year + 3) % 4 == 0 else "")
            if (revised.month, revised.day) != (2, 29):
                days.add(revised.replace(year=revised.year + 3).isoformat())
    for row in tables.get("drills", []):
        held = date.fromisoformat(row["held_on"])
        days |= {_day(held + timedelta(days=364)), _day(held + timedelta(days=365))}
    return sorted(d for d in days if d)


def as_of_days(tables: Tables, seed: int, count: int = 3) -> list[str]:
    """Days worth asking about: alternately a random day of 2015–2020 and a turning day."""
    rng = random.Random(seed * 7919 + 1)
    turning = turning_days(tables)
    days = []
    for i in range(count):
        if turning and i % 2 == 1:
            days.append(rng.choice(turning))
        else:
            start = FIRST_DAY.toordinal()
            days.append(date.fromordinal(rng.randint(start, LAST_DAY.toordinal())).isoformat())
    return days


def datasets(sizes: tuple[str, ...] = ("tiny", "small")) -> Any:
    """A hypothesis strategy of ``(seed, size, tables)``; shrinking lowers the seed."""
    from hypothesis import strategies as st

    return st.tuples(st.integers(0, 10**6), st.sampled_from(sizes)).map(
        lambda t: (t[0], t[1], generate(t[0], t[1]))
    )
