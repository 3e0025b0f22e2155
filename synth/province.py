"""A synthetic province in the input format, written row by row (memory stays flat at any size).

Shaped like a Chinese province: cities with districts/counties, development zones and townships;
a Party committee and a government at every level, departments at province, city and district
level, deputies in charge (分管) of departments; posts with appointment histories, rotations
between posts and vacancies; industry, specialized and comprehensive supervision with overlaps
(two departments on one sector and region) and holes (a sector nobody supervises somewhere);
enterprises spread unevenly (Zipf) over regions and sectors; about five hazards per enterprise,
some major, overdue, closed or lacking one of the five implementations; accidents with findings;
emergency plans and drills.

Deterministic for a seed: the same call writes byte-identical files. Only the structure of the
province (a few thousand posts at most) is kept in memory; enterprises and everything under
them are written as they are made.
"""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from graph_model.schema import accident_grade

SIZES = {"S": 500, "M": 5_000, "L": 20_000, "P": 200_000}

# The generated history ends here; fixed so that the output never depends on today.
HORIZON = date(2025, 6, 30).toordinal()
FIRST = date(2012, 1, 1).toordinal()
HAZARDS_FROM = date(2016, 1, 1).toordinal()

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "title", "kind", "date"),
    "regions": ("id", "name", "name_zh", "level", "parent_id"),
    "sectors": ("id", "name", "name_zh", "parent_id"),
    "organizations": ("id", "name", "name_zh", "kind", "region_id", "parent_id", "source_id"),
    "enterprises": ("id", "name", "name_zh", "uscc", "sector_id", "region_id", "parent_id"),
    "persons": ("id", "name", "name_zh"),
    "positions": ("id", "org_id", "title", "title_zh", "role"),
    "appointments": ("person_id", "position_id", "start", "end", "source_id"),
    "assignments": ("position_id", "org_id", "start", "end", "source_id"),
    "supervision": (
        "org_id",
        "sector_id",
        "region_id",
        "enterprise_id",
        "kind",
        "start",
        "end",
        "source_id",
    ),
    "duties": ("id", "holder_id", "text", "text_zh", "basis", "source_id"),
    "hazards": (
        "id",
        "enterprise_id",
        "title",
        "title_zh",
        "grade",
        "found_on",
        "deadline",
        "closed_on",
        "owner_person_id",
        "measures",
        "funds_cny",
        "plan_id",
        "source_id",
    ),
    "accidents": (
        "id",
        "enterprise_id",
        "title",
        "title_zh",
        "occurred_on",
        "deaths",
        "missing",
        "serious_injuries",
        "direct_loss_cny",
        "grade",
        "source_id",
    ),
    "findings": ("accident_id", "person_id", "position_id", "responsibility", "sanction"),
    "emergency_plans": ("id", "holder_id", "title", "title_zh", "revised_on", "source_id"),
    "drills": ("id", "plan_id", "held_on", "source_id"),
}

SOURCES = (
    ("SRC-NOTICE", "Appointment and removal notices", "notice"),
    ("SRC-LIST", "Work-safety responsibility lists", "responsibility_list"),
    ("SRC-LAW", "Work Safety Law (2021)", "regulation"),
    ("SRC-SUP", "Division of supervision duties", "notice"),
    ("SRC-REG", "Hazard registers", "hazard_register"),
    ("SRC-INV", "Accident investigation reports", "investigation_report"),
)

# (id, English, Chinese, parent)
SECTORS = (
    ("chem", "Hazardous chemicals", "危险化学品", None),
    ("chem-prod", "Chemical production", "化工生产", "chem"),
    ("chem-store", "Chemical storage", "危化品储存", "chem"),
    ("chem-gas", "Filling stations", "加油加气站", "chem"),
    ("mine", "Non-coal mines", "非煤矿山", None),
    ("mine-metal", "Metal mines", "金属矿山", "mine"),
    ("mine-quarry", "Quarries", "采石场", "mine"),
    ("trade", "Industry and trade", "工贸", None),
    ("trade-metal", "Metallurgy", "冶金", "trade"),
    ("trade-light", "Light industry", "轻工", "trade"),
    ("trade-dust", "Combustible dust", "粉尘涉爆", "trade"),
    ("build", "Construction", "建筑施工", None),
    ("road", "Road transport", "道路运输", None),
    ("road-freight", "Freight", "货运", "road"),
    ("road-coach", "Coaches", "客运", "road"),
    ("port", "Ports", "港口", None),
    ("crowd", "Crowded places", "人员密集场所", None),
    ("crowd-mall", "Shopping malls", "商场", "crowd"),
    ("crowd-hotel", "Hotels", "宾馆", "crowd"),
    ("tour", "Scenic areas", "旅游景区", None),
    ("school", "Schools", "学校", None),
    ("hospital", "Hospitals", "医院", None),
    ("farm", "Agriculture and fishing", "农业渔业", None),
)
SECTOR_ZH = {sid: name_zh for sid, _, name_zh, _ in SECTORS}


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    name_zh: str
    industry: tuple[str, ...] = ()
    specialized: tuple[str, ...] = ()
    comprehensive: bool = False

    @property
    def head_zh(self) -> str:
        """Its principal's title: a bureau's 局长, a commission's 主任, fire and rescue's 支队长."""
        if self.name_zh.endswith("委员会"):
            return "主任"
        return "支队长" if self.code == "fr" else "局长"


# the principals of a region's Party committee and government, by the region's level
SECRETARY_ZH = {
    "province": "省委书记",
    "city": "市委书记",
    "county": "县委书记",
    "district": "区委书记",
    "township": "镇党委书记",
}
HEAD_ZH = {
    "province": "省长",
    "city": "市长",
    "county": "县长",
    "district": "区长",
    "township": "镇长",
}


DEPARTMENTS = (
    Department(
        "em",
        "Emergency Management Bureau",
        "应急管理局",
        ("chem", "mine", "trade"),
        comprehensive=True,
    ),
    Department("mi", "Industry and IT Bureau", "工业和信息化局", ("trade-light",)),
    Department("hc", "Housing and Construction Bureau", "住房和城乡建设局", ("build",)),
    Department("tr", "Transport Bureau", "交通运输局", ("road", "port")),
    Department("cm", "Commerce Bureau", "商务局", ("crowd-mall",)),
    Department("ct", "Culture and Tourism Bureau", "文化和旅游局", ("tour", "crowd-hotel")),
    Department("ed", "Education Bureau", "教育局", ("school",)),
    Department("hw", "Health Commission", "卫生健康委员会", ("hospital",)),
    Department("ag", "Agriculture Bureau", "农业农村局", ("farm",)),
    Department("fr", "Fire and Rescue", "消防救援", specialized=("crowd", "school", "hospital")),
    Department(
        "mr", "Market Regulation Bureau", "市场监督管理局", specialized=("chem-gas", "crowd-mall")
    ),
)

SYLLABLES = (
    ("an", "安"),
    ("bai", "白"),
    ("chang", "长"),
    ("dong", "东"),
    ("feng", "丰"),
    ("gao", "高"),
    ("hai", "海"),
    ("he", "河"),
    ("jin", "金"),
    ("lin", "林"),
    ("ming", "明"),
    ("nan", "南"),
    ("ping", "平"),
    ("qing", "青"),
    ("shan", "山"),
    ("tai", "泰"),
    ("xin", "新"),
    ("yang", "阳"),
    ("yun", "云"),
    ("zhou", "州"),
)
SURNAMES = (
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Huang", "黄"),
    ("Zhao", "赵"),
    ("Wu", "吴"),
    ("Zhou", "周"),
    ("Xu", "徐"),
    ("Sun", "孙"),
)
GIVEN = (
    ("wei", "伟"),
    ("fang", "芳"),
    ("min", "敏"),
    ("jing", "静"),
    ("qiang", "强"),
    ("lei", "磊"),
    ("jun", "军"),
    ("yong", "勇"),
    ("jie", "杰"),
    ("tao", "涛"),
    ("hua", "华"),
    ("ping", "平"),
)


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


@dataclass(frozen=True)
class Term:
    person: str
    start: int
    end: int | None  # None: still in office at the horizon


def holder_on(terms: list[Term], day: int) -> str | None:
    for term in terms:
        if term.start <= day and (term.end is None or day <= term.end):
            return term.person
    return None


@dataclass
class Jurisdiction:
    """A region with organizations of its own: where enterprises may sit, who supervises."""

    region: str
    code: str  # 6 digits for the USCC
    departments: list[tuple[str, list[Term]]] = field(default_factory=list)  # (post, terms)


@dataclass
class ProvinceSummary:
    folder: Path
    enterprises: int
    seed: int
    rows: dict[str, int]

    def describe(self) -> str:
        total = sum(self.rows.values())
        return (
            f"{self.folder}: a province of {self.enterprises} enterprises (seed {self.seed}), "
            f"{self.rows.get('hazards', 0)} hazards, {total} rows in {len(self.rows)} files"
        )


class _Writer:
    """One CSV writer per table; rows go to disk as they are made."""

    def __init__(self, folder: Path, stack: ExitStack):
        self.counts: Counter[str] = Counter()
        self._writers: dict[str, Any] = {}
        for table, columns in COLUMNS.items():
            fh: TextIO = stack.enter_context(
                (folder / f"{table}.csv").open("w", encoding="utf-8", newline="")
            )
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            self._writers[table] = writer

    def row(self, table: str, **values: object) -> None:
        self._writers[table].writerow(
            ["" if values.get(c) is None else values[c] for c in COLUMNS[table]]
        )
        self.counts[table] += 1


class Province:
    def __init__(self, out: _Writer, enterprises: int, seed: int):
        self.out = out
        self.n = enterprises
        self.rng = random.Random(seed)
        self._persons = 0
        # Leaders who left a post recently and may take another (rotation); bounded.
        self._pool: deque[tuple[int, str]] = deque(maxlen=64)
        self.jurisdictions: list[Jurisdiction] = []
        self.names: dict[str, str] = {}  # region id -> English name, for enterprise names
        self.head_zh: dict[str, str] = {}  # government id -> its head's title (市长, 区长…)

    # -- people and posts --------------------------------------------------------------------
    def person(self) -> str:
        self._persons += 1
        pid = f"P{self._persons:07d}"
        rng = self.rng
        (sur, sur_zh), (g1, g1_zh) = rng.choice(SURNAMES), rng.choice(GIVEN)
        if rng.random() < 0.6:
            g2, g2_zh = rng.choice(GIVEN)
        else:
            g2, g2_zh = "", ""
        self.out.row(
            "persons", id=pid, name=f"{sur} {g1.title()}{g2}", name_zh=sur_zh + g1_zh + g2_zh
        )
        return pid

    def post(
        self,
        pid: str,
        org: str,
        title: str,
        role: str,
        *,
        title_zh: str,
        vacancy: float = 0.05,
        never: float = 0.01,
        rotate: bool = True,
    ) -> list[Term]:
        """A post and its holders from before FIRST to the horizon: successive terms, gaps
        between some, a current vacancy with probability ``vacancy``."""
        self.out.row("positions", id=pid, org_id=org, title=title, title_zh=title_zh, role=role)
        rng = self.rng
        if rng.random() < never:
            return []
        terms: list[Term] = []
        day = FIRST - rng.randint(0, 1500)
        while day <= HORIZON:
            person = self._rotated(day) if rotate and rng.random() < 0.3 else None
            person = person or self.person()
            end: int | None = day + rng.randint(700, 2000)
            assert end is not None
            if end >= HORIZON:
                end = None
                if rng.random() < vacancy and day < HORIZON - 60:
                    end = rng.randint(day + 30, HORIZON - 20)
            terms.append(Term(person, day, end))
            self.out.row(
                "appointments",
                person_id=person,
                position_id=pid,
                start=_day(day),
                end=None if end is None else _day(end),
                source_id="SRC-NOTICE",
            )
            if end is None:
                break
            if rotate:
                self._pool.append((end, person))
            gap = rng.randint(20, 300) if rng.random() < 0.15 else 0
            day = end + 1 + gap
            if end >= HORIZON - 60:
                break  # left shortly before the horizon: vacant now
        return terms

    def _rotated(self, day: int) -> str | None:
        if self._pool and self._pool[0][0] < day:
            return self._pool.popleft()[1]
        return None

    # -- structure ---------------------------------------------------------------------------
    def region(self, rid: str, name: str, name_zh: str, level: str, parent: str | None) -> None:
        self.names[rid] = name
        self.out.row("regions", id=rid, name=name, name_zh=name_zh, level=level, parent_id=parent)

    def org(
        self, oid: str, name: str, name_zh: str, kind: str, region: str, parent: str | None
    ) -> None:
        self.out.row(
            "organizations",
            id=oid,
            name=name,
            name_zh=name_zh,
            kind=kind,
            region_id=region,
            parent_id=parent,
            source_id="SRC-NOTICE",
        )

    def place_name(self) -> tuple[str, str]:
        (a, a_zh), (b, b_zh) = self.rng.sample(SYLLABLES, 2)
        return (a + b).title(), a_zh + b_zh

    def territorial(self, rid: str, name: str, name_zh: str, level: str) -> tuple[str, str]:
        """The Party committee and the government of a region, each with its principal."""
        party, gov = f"{rid}-PC", f"{rid}-GOV"
        self.org(
            party, f"{name} Party Committee", f"中共{name_zh}委员会", "party_committee", rid, None
        )
        self.org(gov, f"{name} Government", f"{name_zh}人民政府", "government", rid, None)
        self.head_zh[gov] = HEAD_ZH[level]
        for oid, title, title_zh in (
            (party, "Secretary", SECRETARY_ZH[level]),
            (gov, "Head", HEAD_ZH[level]),
        ):
            terms = self.post(f"{oid}-P", oid, title, "principal", title_zh=title_zh, vacancy=0.04)
            if terms:
                self.duty(
                    f"{oid}-P",
                    "First responsible for work safety (党政同责)",
                    "安全生产第一责任人（党政同责）",
                )
        return party, gov

    def duty(self, holder: str, text: str, text_zh: str) -> None:
        self.out.row(
            "duties",
            id=f"DU-{holder}",
            holder_id=holder,
            text=text,
            text_zh=text_zh,
            basis="Work Safety Law art. 3",
            source_id="SRC-LIST",
        )

    def supervise(
        self,
        org: str,
        kind: str,
        region: str | None,
        sector: str | None = None,
        enterprise: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.out.row(
            "supervision",
            org_id=org,
            sector_id=sector and f"SEC-{sector}",
            region_id=region,
            enterprise_id=enterprise,
            kind=kind,
            start=_day(start or FIRST - 2000),
            end=None if end is None else _day(end),
            source_id="SRC-SUP",
        )

    def departments(self, rid: str, gov: str, level: str, *, holes: float) -> list[str]:
        """The departments of a government, their principals, their supervision rows (each
        industry row missing with probability ``holes``), deputies in charge of them."""
        rng = self.rng
        depts: list[str] = []
        jurisdiction = Jurisdiction(rid, "")
        moved = date(2019, 3, 1).toordinal() + rng.randint(0, 700)
        for dept in DEPARTMENTS:
            oid = f"{rid}-{dept.code.upper()}"
            depts.append(oid)
            self.org(oid, dept.name, dept.name_zh, "department", rid, gov)
            terms = self.post(
                f"{oid}-P", oid, "Director", "principal", title_zh=dept.head_zh, vacancy=0.06
            )
            jurisdiction.departments.append((f"{oid}-P", terms))
            if rng.random() < 0.3:
                self.post(
                    f"{oid}-D",
                    oid,
                    "Deputy Director",
                    "deputy",
                    title_zh="副" + dept.head_zh,
                    vacancy=0.1,
                )
            if dept.comprehensive:
                self.supervise(oid, "comprehensive", rid)
            for sector in dept.industry:
                if rng.random() < holes:
                    continue
                if level == "district" and rng.random() < 0.08:
                    # moved to another department: two dated rows, one after the other
                    successor = f"{rid}-{rng.choice(DEPARTMENTS[1:]).code.upper()}"
                    self.supervise(oid, "industry", rid, sector, end=moved - 1)
                    self.supervise(successor, "industry", rid, sector, start=moved)
                    continue
                self.supervise(oid, "industry", rid, sector)
                if level == "district" and rng.random() < 0.05:
                    # an overlap: a second department claims the same sector and region
                    other = next(d for d in DEPARTMENTS if d.code != dept.code and d.industry)
                    self.supervise(f"{rid}-{other.code.upper()}", "industry", rid, sector)
            for sector in dept.specialized:
                self.supervise(oid, "specialized", rid, sector)
            self.duty(
                f"{oid}-P",
                f"Leads the supervision of work safety by the {dept.name}",
                f"领导{dept.name_zh}的安全生产监督管理工作",
            )
        self.jurisdictions.append(jurisdiction)
        self.deputies(gov, depts)
        return depts

    def deputies(self, gov: str, depts: list[str]) -> None:
        """Deputy heads in charge (分管) of the departments, reshuffled once for some."""
        rng = self.rng
        posts = [f"{gov}-D{k}" for k in range(1, rng.randint(3, 5) + 1)]
        for pid in posts:
            title_zh = "副" + self.head_zh[gov]  # its territorial() named the head
            self.post(pid, gov, "Deputy Head", "deputy", title_zh=title_zh, vacancy=0.08)
        for oid in depts:
            if rng.random() < 0.04:
                continue  # nobody in charge: department_no_leader_in_charge
            first = rng.choice(posts)
            start = FIRST - rng.randint(0, 1000)
            if rng.random() < 0.5:
                reshuffle = rng.randint(date(2018, 1, 1).toordinal(), HORIZON - 100)
                self.assign(first, oid, start, reshuffle - 1)
                self.assign(rng.choice(posts), oid, reshuffle, None)
            else:
                self.assign(first, oid, start, None)

    def assign(self, post: str, org: str, start: int, end: int | None) -> None:
        self.out.row(
            "assignments",
            position_id=post,
            org_id=org,
            start=_day(start),
            end=None if end is None else _day(end),
            source_id="SRC-NOTICE",
        )

    def build_structure(self) -> list[tuple[Jurisdiction, str]]:
        """Province, cities, districts, zones, townships; returns where enterprises may sit:
        (the jurisdiction whose departments supervise there, region id)."""
        rng = self.rng
        for sid, kind_title, kind in SOURCES:
            self.out.row("sources", id=sid, title=kind_title, kind=kind, date="2025-01-01")
        for sid, name, name_zh, parent in SECTORS:
            self.out.row(
                "sectors",
                id=f"SEC-{sid}",
                name=name,
                name_zh=name_zh,
                parent_id=parent and f"SEC-{parent}",
            )
        self.region("PRV", "Haidong Province", "海东省", "province", None)
        _, gov = self.territorial("PRV", "Haidong Province", "海东省", "province")
        # The province supervises its mines everywhere; everything else is left to cities.
        for dept in DEPARTMENTS[:1]:
            oid = f"PRV-{dept.code.upper()}"
            self.org(oid, dept.name, dept.name_zh, "department", "PRV", gov)
            self.post(f"{oid}-P", oid, "Director", "principal", title_zh=dept.head_zh)
            self.supervise(oid, "comprehensive", "PRV")
            self.supervise(oid, "industry", "PRV", "mine")
            self.deputies(gov, [oid])
        places: list[tuple[Jurisdiction, str]] = []
        cities = max(3, min(16, round(math.sqrt(self.n) / 8)))
        for c in range(1, cities + 1):
            city = f"C{c:02d}"
            name, name_zh = self.place_name()
            self.region(city, f"{name} City", f"{name_zh}市", "city", "PRV")
            _, city_gov = self.territorial(city, f"{name} City", f"{name_zh}市", "city")
            # city departments leave some sectors to the districts (and some to nobody)
            self.departments(city, city_gov, "city", holes=0.35)
            # a tiny province (tests, smoke runs) keeps two districts a city
            for d in range(1, (rng.randint(3, 8) if self.n >= 100 else 2) + 1):
                district = f"{city}-D{d}"
                level = "county" if rng.random() < 0.3 else "district"
                dname, dname_zh = self.place_name()
                suffix, suffix_zh = ("County", "县") if level == "county" else ("District", "区")
                self.region(district, f"{dname} {suffix}", dname_zh + suffix_zh, level, city)
                _, dgov = self.territorial(
                    district, f"{dname} {suffix}", dname_zh + suffix_zh, level
                )
                self.departments(district, dgov, "district", holes=0.15)
                here = self.jurisdictions[-1]
                here.code = f"44{c:02d}{d:02d}"
                places.append((here, district))
                for t in range(1, rng.randint(1, 3) + 1):
                    town = f"{district}-T{t}"
                    tname, tname_zh = self.place_name()
                    self.region(town, f"{tname} Town", tname_zh + "镇", "township", district)
                    self.territorial(town, f"{tname} Town", tname_zh + "镇", "township")
                    places.append((here, town))
            for z in range(1, rng.randint(1, 2) + 1):
                zone = f"{city}-Z{z}"
                zname, zname_zh = self.place_name()
                self.region(zone, f"{zname} Development Zone", f"{zname_zh}开发区", "zone", city)
                committee = f"{zone}-ZC"
                self.org(
                    committee,
                    f"{zname} Development Zone Committee",
                    f"{zname_zh}开发区管委会",
                    "zone_committee",
                    zone,
                    None,
                )
                self.post(f"{committee}-P", committee, "Director", "principal", title_zh="主任")
                self.assign(f"{city_gov}-D1", committee, FIRST, None)
                bureau = f"{zone}-EM"
                self.org(bureau, "Zone Safety Bureau", "安全监管局", "department", zone, committee)
                terms = self.post(f"{bureau}-P", bureau, "Director", "principal", title_zh="局长")
                self.assign(f"{committee}-P", bureau, FIRST, None)
                self.supervise(bureau, "comprehensive", zone)
                self.supervise(bureau, "industry", zone, "chem")
                self.supervise(bureau, "industry", zone, "trade")
                jurisdiction = Jurisdiction(zone, f"44{c:02d}9{z}", [(f"{bureau}-P", terms)])
                places.append((jurisdiction, zone))
        return places

    # -- enterprises -------------------------------------------------------------------------
    def build_enterprises(self, places: list[tuple[Jurisdiction, str]]) -> None:
        rng = self.rng
        # Zipf: a few hub regions and sectors, a long tail of small ones.
        order = list(range(len(places)))
        rng.shuffle(order)
        place_weights = _cumulative([1 / (rank + 1) for rank in range(len(order))])
        leaves = [s for s, *_ in SECTORS if not any(p == s for *_, p in SECTORS)]
        rng.shuffle(leaves)
        sector_weights = _cumulative([1 / (rank + 1) ** 0.8 for rank in range(len(leaves))])
        groups: list[str] = []
        for i in range(self.n):
            jurisdiction, region = places[order[_pick(rng, place_weights)]]
            sector = leaves[_pick(rng, sector_weights)]
            eid = f"E{i:07d}"
            parent = None
            if i % 101 == 0 and len(groups) < 2000:
                groups.append(eid)
            elif groups and rng.random() < 0.05:
                parent = rng.choice(groups)
            self.out.row(
                "enterprises",
                id=eid,
                name=f"{self.names[region]} {sector.title()} Co. {i}",
                name_zh=f"{SECTOR_ZH[sector]}第{i}有限公司",
                uscc=_uscc(jurisdiction.code or "440000", i),
                sector_id=f"SEC-{sector}",
                region_id=region,
                parent_id=parent,
            )
            self.enterprise(eid, jurisdiction, region)

    def enterprise(self, eid: str, jurisdiction: Jurisdiction, region: str) -> None:
        rng = self.rng
        principal = self.post(
            f"{eid}-P",
            eid,
            "General Manager",
            "principal",
            title_zh="总经理",
            vacancy=0.03,
            rotate=False,
        )
        safety = self.post(
            f"{eid}-S",
            eid,
            "Safety Manager",
            "safety_manager",
            title_zh="安全管理负责人",
            vacancy=0.1,
            never=0.15,
            rotate=False,
        )
        plan = None
        if rng.random() < 0.85:
            plan = f"PL-{eid}"
            revised = rng.randint(date(2013, 1, 1).toordinal(), HORIZON)
            self.out.row(
                "emergency_plans",
                id=plan,
                holder_id=eid,
                title="Comprehensive emergency plan",
                title_zh="综合应急预案",
                revised_on=_day(revised),
                source_id="SRC-REG",
            )
            for k in range(rng.choice((0, 1, 1, 2, 3))):
                held = rng.randint(HAZARDS_FROM, HORIZON)
                self.out.row(
                    "drills",
                    id=f"DR-{eid}-{k}",
                    plan_id=plan,
                    held_on=_day(held),
                    source_id="SRC-REG",
                )
        if rng.random() < 0.02:
            # a key enterprise assigned to one department by name
            post = rng.choice(jurisdiction.departments)[0]
            self.supervise(post.removesuffix("-P"), "industry", None, enterprise=eid)
        for k in range(rng.choice((3, 4, 5, 5, 6, 7))):
            self.hazard(f"H-{eid}-{k}", eid, principal, safety, plan)
        if rng.random() < 0.02:
            self.accident(f"A-{eid}", eid, principal, safety, jurisdiction)

    def hazard(
        self, hid: str, eid: str, principal: list[Term], safety: list[Term], plan: str | None
    ) -> None:
        rng = self.rng
        found = rng.randint(HAZARDS_FROM, HORIZON)
        major = rng.random() < 0.08
        incomplete = major and rng.random() < 0.3  # lacks one of the five implementations
        missing = (
            rng.choice(("owner", "measures", "funds", "deadline", "plan")) if incomplete else ""
        )
        deadline = None if missing == "deadline" else found + rng.randint(15, 180)
        closed = found + rng.randint(1, 240) if rng.random() < 0.7 else None
        if closed is not None and closed > HORIZON:
            closed = None
        owner = holder_on(safety, found) or holder_on(principal, found)
        funds = rng.randint(1, 500) * 1000
        self.out.row(
            "hazards",
            id=hid,
            enterprise_id=eid,
            title="Major hazard" if major else "General hazard",
            title_zh="重大事故隐患" if major else "一般事故隐患",
            grade="major" if major else "general",
            found_on=_day(found),
            deadline=None if deadline is None else _day(deadline),
            closed_on=None if closed is None else _day(closed),
            owner_person_id=None if missing == "owner" else owner,
            measures=None if missing == "measures" else "Rectify and re-inspect",
            funds_cny=("0" if rng.random() < 0.5 else None) if missing == "funds" else funds,
            plan_id=None if missing == "plan" or not (major or rng.random() < 0.3) else plan,
            source_id="SRC-REG",
        )

    def accident(
        self,
        aid: str,
        eid: str,
        principal: list[Term],
        safety: list[Term],
        jurisdiction: Jurisdiction,
    ) -> None:
        rng = self.rng
        day = rng.randint(HAZARDS_FROM, HORIZON - 30)
        deaths = rng.choice((0, 0, 1, 1, 1, 2, 3, 4, 11))
        missing = rng.choice((0, 0, 0, 1))
        injuries = rng.choice((0, 1, 2, 5, 12))
        loss = rng.randint(1, 2000) * 10_000
        grade = accident_grade(deaths, missing, injuries, loss)
        self.out.row(
            "accidents",
            id=aid,
            enterprise_id=eid,
            title="Production safety accident",
            title_zh="生产安全事故",
            occurred_on=_day(day),
            deaths=deaths,
            missing=missing,
            serious_injuries=injuries,
            direct_loss_cny=loss,
            grade=grade if rng.random() < 0.8 else None,
            source_id="SRC-INV",
        )
        found: list[tuple[str, str, str]] = [
            (f"{eid}-P", "main", "Removed from post"),
            (f"{eid}-S", "direct", "Prosecuted"),
        ]
        post, terms = rng.choice(jurisdiction.departments)
        if rng.random() < 0.5:
            found.append((post, "supervisory", "Warning"))
        for pid, responsibility, sanction in found:
            who = holder_on({f"{eid}-P": principal, f"{eid}-S": safety}.get(pid, terms), day)
            if who is not None:
                self.out.row(
                    "findings",
                    accident_id=aid,
                    person_id=who,
                    position_id=pid,
                    responsibility=responsibility,
                    sanction=sanction,
                )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    """An index drawn with the given cumulative weights (bisect, like random.choices)."""
    return bisect(cumulative, rng.random() * cumulative[-1])


def _uscc(region_code: str, n: int) -> str:
    """91 (enterprise) + 6-digit region code + a 9-character code from ``n``, check digit."""
    # here, not at the top: importing ``loaders`` would make every CLI call (which reads
    # ``SIZES`` to build its parser) pay for the whole loader package
    from loaders.uscc import ALPHABET, check_character

    digits: list[str] = []
    for _ in range(9):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    body = "91" + region_code + "".join(reversed(digits))
    return body + check_character(body)


def write_province(folder: Path, enterprises: int, seed: int = 1) -> ProvinceSummary:
    """Write a province of ``enterprises`` enterprises as CSV files into ``folder``."""
    if enterprises < 1:
        raise ValueError("a province needs at least one enterprise")
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        out = _Writer(folder, stack)
        province = Province(out, enterprises, seed)
        places = province.build_structure()
        province.build_enterprises(places)
    return ProvinceSummary(folder, enterprises, seed, dict(out.counts))


def iter_sizes(text: str) -> Iterator[tuple[str, int]]:
    """``"S,M"`` or ``"S,300"`` -> (label, enterprises) pairs."""
    for part in text.split(","):
        key = part.strip()
        if not key:
            continue
        if key.upper() in SIZES:
            yield key.upper(), SIZES[key.upper()]
        elif key.isdigit() and int(key) > 0:
            yield key, int(key)
        else:
            raise ValueError(f"size {key!r}: expected one of {', '.join(SIZES)} or a number")
