"""A load on top of stored data may not corrupt it: an id keeps its kind, and no cycle may be
closed through parent links already in the store. On both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.schema import Rel
from graph_model.store import GraphStore
from loaders import InvalidDataset, load_path
from tests.conftest import SAMPLE


def _folder(tmp_path: Path, **tables: str) -> Path:
    folder = tmp_path / "more"
    folder.mkdir(exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _refused(store: GraphStore, folder: Path) -> list[str]:
    """Load ``folder``; it must be refused and change nothing. Returns its errors."""
    before = (store.stats().as_dict(), store.nodes(["P-001", "ORG-010", "ENT-001", "R-001"]))
    with pytest.raises(InvalidDataset) as caught:
        load_path(folder, store)
    after = (store.stats().as_dict(), store.nodes(["P-001", "ORG-010", "ENT-001", "R-001"]))
    assert after == before
    return [str(p) for p in caught.value.problems if p.severity == "error"]


@pytest.fixture
def sample_store(store: GraphStore) -> GraphStore:
    load_path(SAMPLE, store)
    return store


# -- an id keeps its kind ------------------------------------------------------------------
def test_a_person_cannot_become_an_organization(sample_store: GraphStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path, organizations="id,name,kind,region_id\nP-001,Org,department,R-002\n")
    assert _refused(sample_store, folder) == [
        "organizations.csv:2: id: 'P-001' is already a Person in the store; an id keeps its "
        "kind (this row would make it an Organization)"
    ]
    assert sample_store.labels_of(["P-001"]) == {"P-001": frozenset({"Person"})}


def test_a_department_cannot_become_an_enterprise(sample_store: GraphStore, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        enterprises="id,name,sector_id,region_id\nORG-010,Bureau Ltd.,SEC-002,R-002\n",
    )
    assert _refused(sample_store, folder) == [
        "enterprises.csv:2: id: 'ORG-010' is already an Organization in the store; an id keeps "
        "its kind (this row would make it an Enterprise)"
    ]
    # ... nor through the organizations table with kind enterprise
    (folder / "enterprises.csv").unlink()
    (folder / "organizations.csv").write_text(
        "id,name,kind,region_id\nORG-010,Bureau Ltd.,enterprise,R-002\n", encoding="utf-8"
    )
    assert _refused(sample_store, folder)[0].startswith(
        "organizations.csv:2: id: 'ORG-010' is already an Organization in the store"
    )


def test_an_enterprise_cannot_become_a_department(sample_store: GraphStore, tmp_path: Path) -> None:
    folder = _folder(tmp_path, organizations="id,name,kind,region_id\nENT-001,X,department,R-003\n")
    assert _refused(sample_store, folder) == [
        "organizations.csv:2: id: 'ENT-001' is already an Enterprise in the store; an id keeps "
        "its kind (this row would make it an Organization)"
    ]


def test_an_enterprise_may_be_relisted_in_either_table(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path,
        organizations="id,name,kind,region_id\nENT-001,Hengrun,enterprise,R-003\n",
        enterprises="id,name,sector_id,region_id\nENT-001,Hengrun Petrochemical,SEC-002,R-003\n",
    )
    report = load_path(folder, sample_store)
    assert report.ok
    assert sample_store.labels_of(["ENT-001"]) == {
        "ENT-001": frozenset({"Organization", "Enterprise"})
    }
    assert sample_store.nodes(["ENT-001"])["ENT-001"]["name"] == "Hengrun Petrochemical"


def test_an_organization_may_change_its_non_enterprise_kind(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path,
        organizations="id,name,kind,region_id\nORG-004,Work Safety Cttee,committee,R-002\n",
    )
    assert load_path(folder, sample_store).ok
    folder = _folder(
        tmp_path,
        organizations="id,name,kind,region_id\nORG-004,Work Safety Office,department,R-002\n",
    )
    assert load_path(folder, sample_store).ok
    assert sample_store.nodes(["ORG-004"])["ORG-004"]["kind"] == "department"


# -- cycles through stored parent links ----------------------------------------------------
def test_tree_links_walk_up_from_the_given_ids(sample_store: GraphStore) -> None:
    assert sample_store.tree_links(Rel.PART_OF, ["R-011", "R-010"]) == {
        ("R-011", "R-004"),
        ("R-004", "R-002"),
        ("R-002", "R-001"),
        ("R-010", "R-009"),
        ("R-009", "R-001"),
    }
    assert sample_store.tree_links(Rel.PART_OF, ["R-001", "NOPE"]) == set()
    assert sample_store.tree_links(Rel.SUBSECTOR_OF, ["SEC-012"]) == {
        ("SEC-012", "SEC-011"),
        ("SEC-011", "SEC-010"),
    }


def test_a_region_cannot_get_its_stored_descendant_as_parent(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path, regions="id,name,level,parent_id\nR-001,Liaoning Province,province,R-011\n"
    )
    assert _refused(sample_store, folder) == [
        "regions.csv:2: parent_id: the regions tree has a cycle: "
        "R-001 -> R-011 -> R-004 -> R-002 -> R-001 "
        "(the links from R-011, R-004, R-002 are already in the store)"
    ]


def test_a_sector_cannot_get_its_stored_descendant_as_parent(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, sectors="id,name,parent_id\nSEC-010,Mining,SEC-012\n")
    assert _refused(sample_store, folder) == [
        "sectors.csv:2: parent_id: the sectors tree has a cycle: "
        "SEC-010 -> SEC-012 -> SEC-011 -> SEC-010 "
        "(the links from SEC-012, SEC-011 are already in the store)"
    ]


def test_an_organization_cannot_get_its_stored_subordinate_as_parent(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path,
        organizations="id,name,kind,region_id,parent_id\nORG-002,Government,government,R-002,ORG-010\n",
    )
    assert _refused(sample_store, folder) == [
        "organizations.csv:2: parent_id: the organizations tree has a cycle: "
        "ORG-002 -> ORG-010 -> ORG-002 (the links from ORG-010 are already in the store)"
    ]
    # ... nor through an enterprise's parent
    folder = _folder(
        tmp_path,
        organizations="id,name,kind,region_id,parent_id\nORG-002,Government,government,R-002,ENT-001\n",
        enterprises="id,name,sector_id,region_id,parent_id\nENT-001,Hengrun,SEC-002,R-003,ORG-010\n",
    )
    assert _refused(sample_store, folder) == [
        "enterprises.csv:2: parent_id: the organizations tree has a cycle: "
        "ENT-001 -> ORG-010 -> ORG-002 -> ENT-001 "
        "(the links from ORG-010 are already in the store)"
    ]


def test_a_row_replacing_a_stored_parent_breaks_the_old_link(
    sample_store: GraphStore, tmp_path: Path
) -> None:
    # R-002 is re-listed with no parent, which removes its stored link to R-001: no cycle.
    folder = _folder(
        tmp_path,
        regions="id,name,level,parent_id\nR-002,Dalian,city,\nR-001,Liaoning,province,R-011\n",
    )
    assert load_path(folder, sample_store).ok
    assert sample_store.tree_links(Rel.PART_OF, ["R-001"]) == {
        ("R-001", "R-011"),
        ("R-011", "R-004"),
        ("R-004", "R-002"),
    }
