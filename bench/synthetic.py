"""A synthetic city of a chosen size, in the input format, for benchmarks.

Shaped like the sample: a province, cities with districts, Party committees, governments and
departments with principals and deputies in charge, enterprises across a sector tree,
supervision of every kind, hazards, plans and drills. Deterministic for a given size.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from loaders.uscc import check_character

SECTORS = ["chem", "chem-store", "mine", "mine-metal", "crowd", "crowd-mall", "build", "road"]
PARENT = {"chem-store": "chem", "mine-metal": "mine", "crowd-mall": "crowd"}
DEPARTMENTS = {
    "emb": None,
    "ind": "chem",
    "nat": "mine",
    "fire": "crowd",
    "hous": "build",
    "tran": "road",
}


def _uscc(n: int) -> str:
    body = f"91210200{n:09d}"
    return body + check_character(body)


def city(enterprises: int, seed: int = 7) -> dict[str, list[dict[str, str]]]:
    rng = random.Random(seed)
    t: dict[str, list[dict[str, str]]] = {
        k: []
        for k in (
            "sources",
            "regions",
            "organizations",
            "enterprises",
            "persons",
            "positions",
            "appointments",
            "assignments",
            "sectors",
            "supervision",
            "hazards",
            "emergency_plans",
            "drills",
        )
    }
    t["sources"].append({"id": "S", "title": "synthetic", "kind": "other"})
    t["regions"].append({"id": "R", "name": "Province", "level": "province"})
    for s in SECTORS:
        parent = f"SEC-{PARENT[s]}" if s in PARENT else ""
        t["sectors"].append({"id": f"SEC-{s}", "name": s, "parent_id": parent})
    cities = max(1, enterprises // 2000)
    districts = 8
    person = 0

    def post(pid: str, org: str, role: str, filled: float = 0.9) -> None:
        nonlocal person
        t["positions"].append({"id": pid, "org_id": org, "title": role, "role": role})
        day = f"{rng.randint(2015, 2018)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        if rng.random() < filled:
            person += 1
            t["persons"].append({"id": f"P{person}", "name": f"Person {person}"})
            t["appointments"].append(
                {"person_id": f"P{person}", "position_id": pid, "start": day, "source_id": "S"}
            )

    regions = []
    for c in range(cities):
        rc = f"R{c}"
        t["regions"].append({"id": rc, "name": f"City {c}", "level": "city", "parent_id": "R"})
        for kind in ("party_committee", "government"):
            org = f"{kind[:3].upper()}{c}"
            t["organizations"].append({"id": org, "name": org, "kind": kind, "region_id": rc})
            post(f"POS-{org}", org, "principal")
        for d in range(districts):
            rd = f"R{c}-{d}"
            regions.append(rd)
            t["regions"].append({"id": rd, "name": rd, "level": "district", "parent_id": rc})
            gov = f"GOV{c}-{d}"
            t["organizations"].append(
                {"id": gov, "name": gov, "kind": "government", "region_id": rd}
            )
            post(f"POS-{gov}", gov, "principal")
        for dep, sector in DEPARTMENTS.items():
            org = f"{dep.upper()}{c}"
            t["organizations"].append(
                {
                    "id": org,
                    "name": org,
                    "kind": "department",
                    "region_id": rc,
                    "parent_id": f"GOV{c}",
                }
            )
            post(f"POS-{org}", org, "principal")
            post(f"POS-{org}-dep", f"GOV{c}", "deputy")
            t["assignments"].append(
                {
                    "position_id": f"POS-{org}-dep",
                    "org_id": org,
                    "start": "2015-01-01",
                    "source_id": "S",
                }
            )
            kind = "comprehensive" if sector is None else "industry"
            if dep == "fire":
                kind = "specialized"
            t["supervision"].append(
                {
                    "org_id": org,
                    "sector_id": f"SEC-{sector}" if sector else "",
                    "region_id": rc,
                    "kind": kind,
                    "start": "2015-01-01",
                    "source_id": "S",
                }
            )
    for e in range(enterprises):
        eid = f"E{e}"
        t["enterprises"].append(
            {
                "id": eid,
                "name": f"Enterprise {e}",
                "uscc": _uscc(e),
                "sector_id": f"SEC-{rng.choice(SECTORS)}",
                "region_id": rng.choice(regions),
                "source_id": "S",
            }
        )
        post(f"POS-{eid}", eid, "principal")
        post(f"POS-{eid}-s", eid, "safety_manager", 0.7)
        t["emergency_plans"].append(
            {
                "id": f"PL{e}",
                "holder_id": eid,
                "title": "plan",
                "revised_on": f"201{rng.randint(4, 9)}-03-01",
            }
        )
        if rng.random() < 0.5:
            t["drills"].append({"id": f"D{e}", "plan_id": f"PL{e}", "held_on": "2018-05-01"})
        for h in range(3):
            found = f"201{rng.randint(6, 9)}-0{rng.randint(1, 9)}-15"
            t["hazards"].append(
                {
                    "id": f"H{e}-{h}",
                    "enterprise_id": eid,
                    "title": "hazard",
                    "grade": rng.choice(["general", "general", "major"]),
                    "found_on": found,
                    "deadline": found.replace("-15", "-28"),
                    "owner_person_id": "",
                    "measures": rng.choice(["", "fix"]),
                    "funds_cny": str(rng.randint(0, 9) * 1000),
                    "plan_id": f"PL{e}",
                    "source_id": "S",
                }
            )
    return t


def write(tables: dict[str, list[dict[str, str]]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        if not rows:
            continue
        columns = sorted({k for r in rows for k in r})
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder
