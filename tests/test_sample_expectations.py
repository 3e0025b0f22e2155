"""Hand-derived expectations on the sample dataset (data/sample), checked on both stores.

Every expected value below was worked out by hand from docs/accountability.md and the
CSV rows of data/sample (not by running the code). The comment above each expectation says
which rows it comes from. Abbreviations used in the comments:
  ancestors: R-003/R-004/R-005/R-006/R-007/R-008 -> R-002 -> R-001; R-011 -> R-004;
             R-010 -> R-009 -> R-001.  SEC-002/003/004 -> SEC-001; SEC-012 -> SEC-011 ->
             SEC-010; SEC-021/022/023 -> SEC-020; SEC-041 -> SEC-040; SEC-051/052/053 -> SEC-050.
  "sup." = supervision.csv, "app." = appointments.csv, "asg." = assignments.csv.
"""

from __future__ import annotations

import pytest

from graph_model.accountability import chain, gaps, vacancy_impact
from graph_model.store import GraphStore
from loaders import load_path
from tests.conftest import SAMPLE

# level names
ENT, OWN, IND, SPE, COM, LIC, PRI = (
    "enterprise",
    "hazard_owner",
    "industry_supervision",
    "specialized_supervision",
    "comprehensive_supervision",
    "leadership_in_charge",
    "principal_leadership",
)
# responsibilities
FIRST = "enterprise_first_responsible"
MGMT = "enterprise_management"
RECT = "rectification"
INDR = "industry_supervision"
SPER = "specialized_supervision"
COMR = "comprehensive_supervision"
SAFE = "leadership_safety"
DIRECT = "leadership_direct"
LFIRST = "leadership_first"


@pytest.fixture
def sample(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


# ---------------------------------------------------------------------------------------------
# 1. Chains: (subject, as_of or None for the default) -> (entries, gaps)
#    entries: (level, person_id, position_id, responsibility); gaps: (level, reason, subject_id)
# ---------------------------------------------------------------------------------------------
CHAINS: dict[tuple[str, str | None], tuple[list[tuple], list[tuple]]] = {}

# HZ-011: ENT-009 (SEC-004, R-006), found_on 2018-11-20, owner P-222.
# enterprise: POS-117 principal held by P-221 (app. from 2018-01-01), POS-118 safety mgr P-222.
# industry: sup. ORG-010 SEC-001@R-002 (ancestor of SEC-004/R-006) and ORG-013 SEC-004@R-002;
#   POS-010 held by P-110 (to 2018-12-31); POS-014 P-115 ended 2018-09-30, P-116 starts
#   2019-02-01 -> post_vacant POS-014.
# specialized: ORG-014 by enterprise_id ENT-009 (from 2017-01-01) -> POS-016 P-118 (the
#   SEC-001 specialized row only starts 2019-01-01).
# comprehensive: ORG-010 all@R-002 -> P-110.
# leadership: asg. POS-007->ORG-010 (found at comprehensive: leadership_safety), held by P-102
#   (from 2018-04-01); POS-008->ORG-013, ORG-014 (direct), held by P-104 (from 2018-07-01).
# principal: R-006: ORG-026 has no positions -> no_post; ORG-027 POS-039 P-138;
#   POS-001 never appointed -> post_vacant; POS-003 P-001 from 2018-08-01.
CHAINS[("HZ-011", None)] = (
    [
        (ENT, "P-221", "POS-117", FIRST),
        (ENT, "P-222", "POS-118", MGMT),
        (OWN, "P-222", None, RECT),
        (IND, "P-110", "POS-010", INDR),
        (SPE, "P-118", "POS-016", SPER),
        (COM, "P-110", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (LIC, "P-104", "POS-008", DIRECT),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-138", "POS-039", LFIRST),
    ],
    [
        (IND, "post_vacant", "POS-014"),
        (PRI, "no_post", "ORG-026"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-011 again on 2019-02-01 (rotations): POS-010 P-111 from 2019-01-01 (P-110 moved to
# POS-018); POS-014 P-116 from 2019-02-01 -> no industry gap any more. ORG-014's SEC-001@R-002
# specialized row is now valid too, but it is the same organization (one entry, P-118).
CHAINS[("HZ-011", "2019-02-01")] = (
    [
        (ENT, "P-221", "POS-117", FIRST),
        (ENT, "P-222", "POS-118", MGMT),
        (OWN, "P-222", None, RECT),
        (IND, "P-111", "POS-010", INDR),
        (IND, "P-116", "POS-014", INDR),
        (SPE, "P-118", "POS-016", SPER),
        (COM, "P-111", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (LIC, "P-104", "POS-008", DIRECT),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-138", "POS-039", LFIRST),
    ],
    [
        (PRI, "no_post", "ORG-026"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-004: ENT-003 (SEC-002, R-003), found_on 2018-11-15, owner P-209, no measures.
# enterprise: POS-105 P-207 ended 2018-09-30, P-208 starts 2019-02-01 -> post_vacant POS-105;
#   POS-106 P-209.
# industry: ORG-010 SEC-001@R-002 -> P-110 @ POS-010.
# specialized: no row valid (ORG-014 SEC-001 starts 2019-01-01) -> none_found ENT-003.
# comprehensive: ORG-010 all@R-002 -> P-110; ORG-018 all@R-003 has no positions -> no_post.
# leadership: POS-007->ORG-010 P-102 (safety); ORG-018 has no assignment -> no_assignment.
# principal: R-003 ORG-003 POS-006 P-003, R-002 POS-003 P-001 (both from 2018-08-01),
#   POS-001 vacant.
CHAINS[("HZ-004", None)] = (
    [
        (ENT, "P-209", "POS-106", MGMT),
        (OWN, "P-209", None, RECT),
        (IND, "P-110", "POS-010", INDR),
        (COM, "P-110", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-003", "POS-006", LFIRST),
    ],
    [
        (ENT, "post_vacant", "POS-105"),
        (SPE, "none_found", "ENT-003"),
        (COM, "no_post", "ORG-018"),
        (LIC, "no_assignment", "ORG-018"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-004 on 2019-02-01: POS-105 P-208 (from 2019-02-01); POS-010 P-111; ORG-014's specialized
# SEC-001@R-002 row (from 2019-01-01) now covers ENT-003 -> P-118 @ POS-016, and its leader
# POS-008 (P-104, direct) joins leadership_in_charge.
CHAINS[("HZ-004", "2019-02-01")] = (
    [
        (ENT, "P-208", "POS-105", FIRST),
        (ENT, "P-209", "POS-106", MGMT),
        (OWN, "P-209", None, RECT),
        (IND, "P-111", "POS-010", INDR),
        (SPE, "P-118", "POS-016", SPER),
        (COM, "P-111", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (LIC, "P-104", "POS-008", DIRECT),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-003", "POS-006", LFIRST),
    ],
    [
        (COM, "no_post", "ORG-018"),
        (LIC, "no_assignment", "ORG-018"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-006: ENT-017 (SEC-053, R-004), found_on 2018-04-12, owner P-236.
# enterprise: POS-131 P-235, POS-132 P-236.
# industry: ORG-010 SEC-050@R-002 (2016) and ORG-015 SEC-050@R-002 (from 2018-01-01):
#   POS-010 P-110, POS-017 P-119.  specialized: none -> none_found ENT-017.
# comprehensive: ORG-010 @R-002 (P-110) and ORG-022 @R-004 (POS-033 P-133).
# leadership: POS-007->ORG-010 P-102 (from 2018-04-01, safety); POS-032->ORG-022 P-132
#   (safety: ORG-022 found at comprehensive); POS-008->ORG-015 vacant 2018-03-01..06-30
#   -> post_vacant POS-008.
# principal: R-004 ORG-020 POS-030 P-130, ORG-021 POS-031 P-131; POS-001 and POS-003 (before
#   2018-08-01) vacant.
CHAINS[("HZ-006", None)] = (
    [
        (ENT, "P-235", "POS-131", FIRST),
        (ENT, "P-236", "POS-132", MGMT),
        (OWN, "P-236", None, RECT),
        (IND, "P-110", "POS-010", INDR),
        (IND, "P-119", "POS-017", INDR),
        (COM, "P-110", "POS-010", COMR),
        (COM, "P-133", "POS-033", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (LIC, "P-132", "POS-032", SAFE),
        (PRI, "P-130", "POS-030", LFIRST),
        (PRI, "P-131", "POS-031", LFIRST),
    ],
    [
        (SPE, "none_found", "ENT-017"),
        (LIC, "post_vacant", "POS-008"),
        (PRI, "post_vacant", "POS-001"),
        (PRI, "post_vacant", "POS-003"),
    ],
)

# HZ-008: ENT-014 (SEC-011, R-008), found_on 2019-02-20, owner blank.
# enterprise: POS-127 P-231, POS-128 P-232.  hazard_owner: none_found HZ-008.
# industry: ORG-017 SEC-010@R-002 -> POS-019 P-121 (ORG-043's SEC-010@R-009 is Benxi).
# specialized: none -> none_found ENT-014.  comprehensive: ORG-010 -> POS-010 P-111 (2019).
# leadership: ORG-017 has no assignment -> no_assignment ORG-017; POS-007->ORG-010 P-102.
# principal: R-008 ORG-030 POS-042 P-142 (from 2017-07-01), ORG-031 POS-043 P-143;
#   R-002 POS-003 P-001, POS-001 vacant.
CHAINS[("HZ-008", None)] = (
    [
        (ENT, "P-231", "POS-127", FIRST),
        (ENT, "P-232", "POS-128", MGMT),
        (IND, "P-121", "POS-019", INDR),
        (COM, "P-111", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-142", "POS-042", LFIRST),
        (PRI, "P-143", "POS-043", LFIRST),
    ],
    [
        (OWN, "none_found", "HZ-008"),
        (SPE, "none_found", "ENT-014"),
        (LIC, "no_assignment", "ORG-017"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-009: ENT-006 (SEC-021, R-007), found_on 2018-10-16, owner P-216.
# enterprise: POS-111 P-215, POS-112 P-216.
# industry: no industry row covers SEC-021/SEC-020 -> none_found ENT-006.
# specialized: ORG-011 SEC-020@R-002 -> POS-012 P-113.  comprehensive: ORG-010 P-110.
# leadership: POS-007->ORG-010 P-102 (safety); POS-009->ORG-011 P-105 (direct).
# principal: R-007 ORG-028 POS-040 P-139, ORG-029 POS-041 P-140; POS-003 P-001; POS-001 vacant.
CHAINS[("HZ-009", None)] = (
    [
        (ENT, "P-215", "POS-111", FIRST),
        (ENT, "P-216", "POS-112", MGMT),
        (OWN, "P-216", None, RECT),
        (SPE, "P-113", "POS-012", SPER),
        (COM, "P-110", "POS-010", COMR),
        (LIC, "P-102", "POS-007", SAFE),
        (LIC, "P-105", "POS-009", DIRECT),
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-139", "POS-040", LFIRST),
        (PRI, "P-140", "POS-041", LFIRST),
    ],
    [
        (IND, "none_found", "ENT-006"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# HZ-019: ENT-002 (SEC-003, R-003), found_on 2017-03-14, owner P-206.
# enterprise: POS-103 P-205, POS-104 P-206 (both from 2016-04-01).
# industry: ORG-010 SEC-001@R-002 -> P-110 (ORG-022's SEC-003@R-004 is not an ancestor region).
# specialized: none -> none_found ENT-002.  comprehensive: ORG-010 P-110; ORG-018 no_post.
# leadership: POS-007 held by P-101 until 2018-03-31 (safety); ORG-018 no_assignment.
# principal: POS-001, POS-003, POS-006 all vacant before 2018-08-01 -> no entries, 3 gaps.
CHAINS[("HZ-019", None)] = (
    [
        (ENT, "P-205", "POS-103", FIRST),
        (ENT, "P-206", "POS-104", MGMT),
        (OWN, "P-206", None, RECT),
        (IND, "P-110", "POS-010", INDR),
        (COM, "P-110", "POS-010", COMR),
        (LIC, "P-101", "POS-007", SAFE),
    ],
    [
        (SPE, "none_found", "ENT-002"),
        (COM, "no_post", "ORG-018"),
        (LIC, "no_assignment", "ORG-018"),
        (PRI, "post_vacant", "POS-001"),
        (PRI, "post_vacant", "POS-003"),
        (PRI, "post_vacant", "POS-006"),
    ],
)

# HZ-015: ENT-008 (SEC-023, R-007), found_on 2018-07-28, owner P-219.
# enterprise: POS-115 P-219; POS-116 never appointed -> post_vacant POS-116.
# industry: ORG-016 SEC-023@R-002 -> POS-018 P-120 (to 2018-12-31).
# specialized: ORG-011 SEC-020@R-002 -> POS-012 P-113.  comprehensive: ORG-010 P-110.
# leadership: POS-007->ORG-010 P-102 (safety); POS-009->ORG-011, ORG-016 P-105 (direct).
# principal: R-007 P-139 @ POS-040, P-140 @ POS-041; POS-001 vacant; POS-003 vacant until
#   2018-07-31 (P-001 from 2018-08-01).
_HZ015_COMMON = [
    (ENT, "P-219", "POS-115", FIRST),
    (OWN, "P-219", None, RECT),
    (IND, "P-120", "POS-018", INDR),
    (SPE, "P-113", "POS-012", SPER),
    (COM, "P-110", "POS-010", COMR),
    (LIC, "P-102", "POS-007", SAFE),
    (LIC, "P-105", "POS-009", DIRECT),
]
CHAINS[("HZ-015", None)] = (
    [*_HZ015_COMMON, (PRI, "P-139", "POS-040", LFIRST), (PRI, "P-140", "POS-041", LFIRST)],
    [
        (ENT, "post_vacant", "POS-116"),
        (PRI, "post_vacant", "POS-001"),
        (PRI, "post_vacant", "POS-003"),
    ],
)
# HZ-015 on 2018-08-15: the mayor POS-003 is now held by P-001 (app. from 2018-08-01).
CHAINS[("HZ-015", "2018-08-15")] = (
    [
        *_HZ015_COMMON,
        (PRI, "P-001", "POS-003", LFIRST),
        (PRI, "P-139", "POS-040", LFIRST),
        (PRI, "P-140", "POS-041", LFIRST),
    ],
    [
        (ENT, "post_vacant", "POS-116"),
        (PRI, "post_vacant", "POS-001"),
    ],
)

# ACC-001: ENT-016 (SEC-012, R-010), occurred_on 2018-06-05 (no hazard_owner level).
# enterprise: POS-060 P-160 (from 2015-03-01), POS-061 P-161 (from 2017-02-01); POS-062 is a
#   deputy post and is not looked at.
# industry: ORG-042 by enterprise_id ENT-016 (from 2017-01-01) -> POS-053 P-151;
#   ORG-043 SEC-010@R-009 -> POS-054 P-152.  specialized: none -> none_found ENT-016.
# comprehensive: ORG-042 all@R-009 -> P-151; ORG-046 all@R-010 -> POS-058 P-156.
# leadership: POS-052->ORG-042, ORG-043 P-150 (ORG-042 found at comprehensive: safety);
#   POS-057->ORG-046 P-155 (safety).
# principal: R-010 ORG-044 POS-055 P-153, ORG-045 POS-056 P-154; R-009 POS-050, POS-051 never
#   appointed -> post_vacant; R-001 has no organization.
CHAINS[("ACC-001", None)] = (
    [
        (ENT, "P-160", "POS-060", FIRST),
        (ENT, "P-161", "POS-061", MGMT),
        (IND, "P-151", "POS-053", INDR),
        (IND, "P-152", "POS-054", INDR),
        (COM, "P-151", "POS-053", COMR),
        (COM, "P-156", "POS-058", COMR),
        (LIC, "P-150", "POS-052", SAFE),
        (LIC, "P-155", "POS-057", SAFE),
        (PRI, "P-153", "POS-055", LFIRST),
        (PRI, "P-154", "POS-056", LFIRST),
    ],
    [
        (SPE, "none_found", "ENT-016"),
        (PRI, "post_vacant", "POS-050"),
        (PRI, "post_vacant", "POS-051"),
    ],
)

# Default as-of days, from hazards.csv found_on / accidents.csv occurred_on.
DEFAULT_DAY = {
    "HZ-011": "2018-11-20",
    "HZ-004": "2018-11-15",
    "HZ-006": "2018-04-12",
    "HZ-008": "2019-02-20",
    "HZ-009": "2018-10-16",
    "HZ-019": "2017-03-14",
    "HZ-015": "2018-07-28",
    "ACC-001": "2018-06-05",
}


def _ids(key: tuple[str, str | None]) -> str:
    return f"{key[0]}@{key[1] or 'default'}"


@pytest.mark.parametrize("key", list(CHAINS), ids=_ids)
def test_chain_entries_and_gaps(sample: GraphStore, key: tuple[str, str | None]) -> None:
    subject, day = key
    expected_entries, expected_gaps = CHAINS[key]
    c = chain(sample, subject, day)
    assert c.as_of == (day or DEFAULT_DAY[subject])
    got_entries = [(e.level, e.person_id, e.position_id, e.responsibility) for e in c.entries]
    assert got_entries == expected_entries
    got_gaps = [(g.level, g.reason, g.subject_id) for g in c.gaps]
    assert got_gaps == expected_gaps
    # the JSON form carries the same lists
    data = c.to_json()
    assert [
        (e["level"], e["person_id"], e["position_id"], e["responsibility"]) for e in data["entries"]
    ] == expected_entries
    assert [(g["level"], g["reason"], g["subject_id"]) for g in data["gaps"]] == expected_gaps


# 5. Every entry's path starts at the subject and every entry has sources (every row of the
#    sample has a source_id, so every link on a path has one).
@pytest.mark.parametrize("key", list(CHAINS), ids=_ids)
def test_chain_paths_start_at_subject_and_have_sources(
    sample: GraphStore, key: tuple[str, str | None]
) -> None:
    subject, day = key
    data = chain(sample, subject, day).to_json()
    assert data["entries"]
    for entry in data["entries"]:
        assert entry["path"], entry
        assert entry["path"][0]["from"] == subject, entry
        assert entry["source_ids"], entry


# ---------------------------------------------------------------------------------------------
# 2. ACC-001 findings (findings.csv: six rows for ACC-001)
# ---------------------------------------------------------------------------------------------
# findings.csv: P-160, P-161, P-162, P-163, P-156, P-155.
# not in chain: P-162 (POS-062 is a deputy post, in no level) and P-163 (no post at all).
# levels with entries: enterprise (P-160 named), industry (P-151, P-152: neither named),
#   comprehensive (P-156 named), leadership_in_charge (P-155 named), principal (P-153, P-154:
#   neither named) -> industry_supervision, principal_leadership.
def test_acc001_findings(sample: GraphStore) -> None:
    c = chain(sample, "ACC-001")
    assert c.subject.kind == "accident"
    assert sorted(f.person_id for f in c.findings) == [
        "P-155",
        "P-156",
        "P-160",
        "P-161",
        "P-162",
        "P-163",
    ]
    assert {(f.person_id, f.responsibility) for f in c.findings} == {
        ("P-160", "main_leadership"),
        ("P-161", "main"),
        ("P-162", "direct"),
        ("P-163", "direct"),
        ("P-156", "supervisory"),
        ("P-155", "important_leadership"),
    }
    assert sorted(f.person_id for f in c.findings_not_in_chain) == ["P-162", "P-163"]
    assert list(c.levels_without_findings) == [IND, PRI]
    data = c.to_json()
    assert sorted(f["person_id"] for f in data["findings_not_in_chain"]) == ["P-162", "P-163"]
    assert data["levels_without_findings"] == [IND, PRI]
    assert not any(e.level == OWN for e in c.entries)
    assert not any(g.level == OWN for g in c.gaps)


# ---------------------------------------------------------------------------------------------
# 3. Coverage gaps: day -> {kind: [subject ids in order]}, plus missing lists
# ---------------------------------------------------------------------------------------------
COVERAGE: dict[str, dict[str, list[str]]] = {}
MISSING: dict[str, dict[str, list[str]]] = {}

# 2019-06-30
# enterprise_unsupervised: only ENT-006 (SEC-021 < SEC-020) has no industry row; every other
#   enterprise's sector has an ancestor with an industry row in an ancestor region (ENT-016 by
#   enterprise_id and by ORG-043 SEC-010@R-009).
# enterprise_no_principal: POS-123 P-227 ended 2019-04-30 -> ENT-012.
# post_vacant: POS-001, POS-050, POS-051 never appointed; POS-035 P-135 ended 2019-05-14.
#   (POS-014 has P-116 from 2019-02-01; POS-003/POS-006 from 2018-08-01.)
# department_no_leader_in_charge: ORG-017, ORG-018 have supervision rows but no asg. rows.
# supervision_overlap: SEC-050@R-002 has ORG-010 (2016) and ORG-015 (2018-01-01).
# major_hazard_incomplete: open majors HZ-002, 003, 004, 005, 006, 007, 008, 010, 013, 017
#   (HZ-001 closed 2018-12-20, HZ-015 closed 2018-10-25); incomplete: HZ-003 owner blank,
#   HZ-004 measures blank, HZ-005 funds 0, HZ-006 deadline blank, HZ-007 plan blank,
#   HZ-008 owner blank + funds blank.
# hazard_overdue: open with deadline < D: HZ-004 (05-31), HZ-005 (2018-12-31), HZ-007 (03-31),
#   HZ-008 (05-31), HZ-012 (06-20), HZ-013 (06-15), HZ-017 (05-10), HZ-022 (2018-07-11);
#   HZ-010's deadline is D itself; HZ-023 found after D.
# duty_unheld: position holders: only DUTY-008 (POS-001) is unheld.
# plan_stale (cut 2016-06-30; PLAN-016 revised after D is not considered): PLAN-002
#   (2015-04-20), PLAN-003 (blank), PLAN-006 (2016-06-29), PLAN-010 (2015-01-10),
#   PLAN-015 (2016-03-01).
# plan_not_drilled (window 2018-07-01..2019-06-30, drills.csv): PLAN-003, 009 no drill;
#   PLAN-004 (2018-05-20), PLAN-007 (2018-06-30), PLAN-010 (2016-05-01) too early;
#   PLAN-012 (2019-07-05) after D.
COVERAGE["2019-06-30"] = {
    "enterprise_unsupervised": ["ENT-006"],
    "enterprise_no_principal": ["ENT-012"],
    "post_vacant": ["POS-001", "POS-035", "POS-050", "POS-051"],
    "department_no_leader_in_charge": ["ORG-017", "ORG-018"],
    "supervision_overlap": ["SEC-050|R-002"],
    "major_hazard_incomplete": ["HZ-003", "HZ-004", "HZ-005", "HZ-006", "HZ-007", "HZ-008"],
    "hazard_overdue": [
        "HZ-004",
        "HZ-005",
        "HZ-007",
        "HZ-008",
        "HZ-012",
        "HZ-013",
        "HZ-017",
        "HZ-022",
    ],
    "duty_unheld": ["DUTY-008"],
    "plan_stale": ["PLAN-002", "PLAN-003", "PLAN-006", "PLAN-010", "PLAN-015"],
    "plan_not_drilled": ["PLAN-003", "PLAN-004", "PLAN-007", "PLAN-009", "PLAN-010", "PLAN-012"],
}
MISSING["2019-06-30"] = {
    "HZ-003": ["owner"],
    "HZ-004": ["measures"],
    "HZ-005": ["funds"],
    "HZ-006": ["deadline"],
    "HZ-007": ["plan"],
    "HZ-008": ["owner", "funds"],
}

# 2018-04-12
# enterprise_unsupervised: ENT-006 only (same rows valid).
# enterprise_no_principal: none (POS-105 P-207 until 2018-09-30, POS-123 P-227 until 2019).
# post_vacant: POS-001, POS-050, POS-051 never; POS-003, POS-006 before 2018-08-01.
# department_no_leader_in_charge: ORG-013/014/015 only have POS-008 (vacant
#   2018-03-01..06-30); ORG-017, ORG-018 no assignment.
# supervision_overlap: SEC-050|R-002 (ORG-015 from 2018-01-01).
# major_hazard_incomplete: the only major found by D is HZ-006 (found on D) -> [deadline].
# hazard_overdue: open hazards on D: HZ-006 (no deadline) only -> none.
# duty_unheld: DUTY-007 (POS-003), DUTY-008 (POS-001), DUTY-013 (POS-008).
# plan_stale (cut 2015-04-12; PLAN-001 revised 2018-05-10 and PLAN-016 are after D, not
#   considered): PLAN-003 (blank), PLAN-010 (2015-01-10). PLAN-002 (2015-04-20) is after cut.
# plan_not_drilled (window 2017-04-13..2018-04-12): no drill in drills.csv falls in the window
#   (PLAN-001's 2017-06-15 would, but PLAN-001 is not considered) -> every considered plan.
COVERAGE["2018-04-12"] = {
    "enterprise_unsupervised": ["ENT-006"],
    "enterprise_no_principal": [],
    "post_vacant": ["POS-001", "POS-003", "POS-006", "POS-050", "POS-051"],
    "department_no_leader_in_charge": ["ORG-013", "ORG-014", "ORG-015", "ORG-017", "ORG-018"],
    "supervision_overlap": ["SEC-050|R-002"],
    "major_hazard_incomplete": ["HZ-006"],
    "hazard_overdue": [],
    "duty_unheld": ["DUTY-007", "DUTY-008", "DUTY-013"],
    "plan_stale": ["PLAN-003", "PLAN-010"],
    "plan_not_drilled": [f"PLAN-{n:03d}" for n in range(2, 16)] + ["PLAN-017"],
}
MISSING["2018-04-12"] = {"HZ-006": ["deadline"]}

# 2018-11-15
# enterprise_no_principal: POS-105 vacant 2018-10-01..2019-01-31 -> ENT-003.
# post_vacant: POS-001, POS-050, POS-051; POS-014 vacant 2018-10-01..2019-01-31.
# department_no_leader_in_charge: POS-008 held by P-104 since 2018-07-01 -> ORG-017, ORG-018.
# major_hazard_incomplete: open majors HZ-001 (closed 2018-12-20, complete), HZ-004 (found on
#   D, measures), HZ-005 (funds), HZ-006 (deadline), HZ-007 (plan); HZ-015 closed 2018-10-25.
# hazard_overdue: HZ-022 (deadline 2018-07-11, never closed) only; the others' deadlines are
#   on or after D, HZ-009 closed 2018-10-29, HZ-011 found 2018-11-20.
# duty_unheld: DUTY-008 (POS-001), DUTY-012 (POS-014), DUTY-016 (POS-105).
# plan_stale (cut 2015-11-15; PLAN-016 not considered): PLAN-002, PLAN-003, PLAN-010.
# plan_not_drilled (window 2017-11-16..2018-11-15): drilled in window: PLAN-002 (2018-09-12),
#   004 (2018-05-20), 006 (2018-07-01), 007 (2018-06-30), 011 (2018-10-20), 017 (2018-11-11).
COVERAGE["2018-11-15"] = {
    "enterprise_unsupervised": ["ENT-006"],
    "enterprise_no_principal": ["ENT-003"],
    "post_vacant": ["POS-001", "POS-014", "POS-050", "POS-051"],
    "department_no_leader_in_charge": ["ORG-017", "ORG-018"],
    "supervision_overlap": ["SEC-050|R-002"],
    "major_hazard_incomplete": ["HZ-004", "HZ-005", "HZ-006", "HZ-007"],
    "hazard_overdue": ["HZ-022"],
    "duty_unheld": ["DUTY-008", "DUTY-012", "DUTY-016"],
    "plan_stale": ["PLAN-002", "PLAN-003", "PLAN-010"],
    "plan_not_drilled": [
        "PLAN-001",
        "PLAN-003",
        "PLAN-005",
        "PLAN-008",
        "PLAN-009",
        "PLAN-010",
        "PLAN-012",
        "PLAN-013",
        "PLAN-014",
        "PLAN-015",
    ],
}
MISSING["2018-11-15"] = {
    "HZ-004": ["measures"],
    "HZ-005": ["funds"],
    "HZ-006": ["deadline"],
    "HZ-007": ["plan"],
}

KIND_ORDER = list(COVERAGE["2019-06-30"])  # the spec's table order


@pytest.mark.parametrize("day", list(COVERAGE))
def test_coverage_gaps(sample: GraphStore, day: str) -> None:
    expected = COVERAGE[day]
    r = gaps(sample, day)
    assert r.as_of == day
    expected_pairs = [(kind, s) for kind in KIND_ORDER for s in expected[kind]]
    assert [(g.kind, g.subject_id) for g in r.gaps] == expected_pairs
    assert r.counts == {kind: len(expected[kind]) for kind in KIND_ORDER}
    missing = {g.subject_id: list(g.missing) for g in r.gaps if g.kind == "major_hazard_incomplete"}
    assert missing == MISSING[day]
    data = r.to_json()
    assert data["counts"] == {kind: len(expected[kind]) for kind in KIND_ORDER}


# ---------------------------------------------------------------------------------------------
# 4. Vacancy impact
# ---------------------------------------------------------------------------------------------
# POS-019 (director of ORG-017 natural resources, held by P-121) on 2019-06-30: ORG-017's only
# supervision row is industry SEC-010@R-002, which covers ENT-014 (SEC-011, R-008) alone
# (ENT-016 is in Benxi). ENT-014's only industry supervisor is ORG-017, so ENT-014 and its
# hazard open on that day, HZ-008 (HZ-008 is ENT-014's only hazard), lose industry_supervision.
# Above it remain: comprehensive P-111 @ POS-010, leadership P-102 @ POS-007 (for ORG-010),
# principal P-001 @ POS-003, P-142 @ POS-042, P-143 @ POS-043.
def test_vacancy_impact_natural_resources_director(sample: GraphStore) -> None:
    impact = vacancy_impact(sample, "POS-019", "2019-06-30")
    assert impact.holders == ("P-121",)
    lost = sorted((x.subject_id, x.level, x.lost_person_ids) for x in impact.lost)
    assert lost == [
        ("ENT-014", IND, ("P-121",)),
        ("HZ-008", IND, ("P-121",)),
    ]
    hz = next(x for x in impact.lost if x.subject_id == "HZ-008")
    assert list(hz.remaining_above) == [
        (COM, "P-111", "POS-010"),
        (LIC, "P-102", "POS-007"),
        (PRI, "P-001", "POS-003"),
        (PRI, "P-142", "POS-042"),
        (PRI, "P-143", "POS-043"),
    ]
    assert impact.duties_unheld == ()


# POS-013 (director of ORG-012 housing & construction, P-114) on 2019-06-30: ORG-012's only row
# is industry SEC-030@R-002 -> ENT-005 (SEC-030, R-005), whose only industry supervisor it is.
# ENT-005's hazards open on that day: HZ-017 (HZ-016 closed 2018-05-18). Both lose
# industry_supervision.
def test_vacancy_impact_housing_director(sample: GraphStore) -> None:
    impact = vacancy_impact(sample, "POS-013", "2019-06-30")
    assert impact.holders == ("P-114",)
    lost = sorted((x.subject_id, x.level, x.lost_person_ids) for x in impact.lost)
    assert lost == [
        ("ENT-005", IND, ("P-114",)),
        ("HZ-017", IND, ("P-114",)),
    ]
