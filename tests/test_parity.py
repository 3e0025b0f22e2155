"""Store parity: on generated datasets, both stores give identical accountability answers.

Each seed's dataset (``tests/generated.py``) is loaded into a ``MemoryStore`` and into Neo4j;
then both stores must give identical answers for the chain of every hazard, accident and
enterprise on a random day (with the facts the stores found for it, row for row), for a
sample of chains on their own
default day and on a day the data turns on (a term starts or ends...), for the coverage gaps
(also within a region) on both days, with the whole-graph facts they are decided from, for
the facts of an organization's remit, for portfolios of persons (the busiest among them) and
organizations, and for the vacancy impact of a post. A failure names the seed, the
size, the subject, the day and the first differing field; ``generate(seed, size)`` gives the
dataset back (``write_dataset`` writes it as CSVs for ``accgraph load``).
``ACCGRAPH_PARITY_SEEDS=200`` runs more seeds, ``ACCGRAPH_PARITY_FULL=1`` asks about every
subject, person, organization and post of each dataset.

Without Neo4j only the properties of the embedded store run (the parity tests skip locally
and fail under CI=true, see ``conftest.py``).
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from app_support import overview_frames
from graph_model import rules
from graph_model.accountability import (
    assemble_chain,
    chain,
    chain_posts,
    gaps,
    org_portfolio,
    person_portfolio,
    vacancy_impact,
)
from graph_model.conditions import valid_on
from graph_model.facts import GraphFacts, PostsFacts, RemitFacts, SubjectFacts
from graph_model.results import GAP_KINDS, LEVELS
from graph_model.store import GraphStore, MemoryStore
from graph_model.store.neo4j_store import Neo4jStore
from loaders import InvalidDataset, load_path
from tests.conftest import _shared_neo4j
from tests.generated import Tables, as_of_days, datasets, generate, write_dataset

SEEDS = range(int(os.environ.get("ACCGRAPH_PARITY_SEEDS", "40")))
MIN_CHAINS = min(300, 7 * len(SEEDS))  # chains compared on both stores in a run, at least
# Beyond the chains of every subject on one day, each dataset is asked about a sample, to
# keep the run short; ACCGRAPH_PARITY_FULL=1 asks about every subject on every day and every
# person, organization and post.
FULL = os.environ.get("ACCGRAPH_PARITY_FULL") == "1"

_run: dict[str, Any] = {"chains": 0, "facts": 0, "seeds": set()}


def size_of(seed: int) -> str:
    return "medium" if seed % 8 == 7 else "small"


# -- comparing -------------------------------------------------------------------------------
def first_difference(a: Any, b: Any, where: str = "") -> tuple[str, Any, Any] | None:
    """The first place where two JSON-like values differ (types too: 1 is not 1.0)."""
    if type(a) is not type(b):
        return where or "(top)", a, b
    if isinstance(a, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b:
                return f"{where}.{key}", a.get(key, "<absent>"), b.get(key, "<absent>")
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        if list(a) != list(b):
            return f"{where} (key order)", list(a), list(b)
        return None
    if isinstance(a, list | tuple):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            i = min(len(a), len(b))
            return (
                f"{where}[{i}] (length {len(a)} vs {len(b)})",
                a[i] if i < len(a) else "<absent>",
                b[i] if i < len(b) else "<absent>",
            )
        return None
    return None if a == b else (where or "(top)", a, b)


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def portfolio_json(store: GraphStore, kind: str, subject: str, day: str) -> dict[str, Any]:
    ask = person_portfolio if kind == "person" else org_portfolio
    return ask(store, subject, day).to_json()


def fact_sets(facts: SubjectFacts | PostsFacts | GraphFacts | RemitFacts) -> dict[str, Any]:
    """A store's fact rows, field by field: tuples of rows as sets (no order is promised).
    Fields left out of equality are compared on their own (``GraphFacts.holdings``, also
    checked against the appointments themselves in ``tests/app/test_overview_fast_sweep.py``)."""
    return {
        f.name: set(value) if isinstance(value, tuple) else value
        for f in fields(facts)
        if f.compare
        for value in [getattr(facts, f.name)]
    }


class Parity:
    """Compares one dataset's answers on two stores and collects every mismatch."""

    def __init__(self, seed: int, size: str, mem: GraphStore, other: GraphStore):
        self.seed, self.size = seed, size
        self.stores = (mem, other)
        self.names = (mem.backend, other.backend)
        self.failures: list[str] = []
        self.chains = 0
        self.facts = 0  # fact sets compared

    def _fail(self, what: str, text: str) -> None:
        self.failures.append(f"seed {self.seed} ({self.size}), {what}: {text}")

    def differs(self, what: str, a: Any, b: Any) -> None:
        if _canonical(a) == _canonical(b) and json.dumps(a, default=str) == json.dumps(
            b, default=str
        ):
            return
        where, x, y = first_difference(a, b) or ("(top)", a, b)
        m, n = self.names
        self._fail(what, f"first difference at {where}: {m} {_short(x)} != {n} {_short(y)}")

    def same(self, what: str, ask: Callable[[GraphStore], Any]) -> Any:
        """``ask`` on both stores; the answers (JSON-like) must be identical."""
        a, b = (ask(s) for s in self.stores)
        self.differs(what, a, b)
        return a

    def same_facts(self, what: str, a: Any, b: Any) -> None:
        """Two stores' facts must hold the same rows, field by field."""
        self.facts += 1
        sa, sb = fact_sets(a), fact_sets(b)
        for name in sa:
            if isinstance(sa[name], set):
                self.same_rows(f"{what} {name}", sa[name], sb[name])
            elif sa[name] != sb[name]:
                m, n = self.names
                self._fail(f"{what} {name}", f"{m} {sa[name]!r} != {n} {sb[name]!r}")

    def same_rows(self, what: str, a: Any, b: Any) -> None:
        """The rows must be the same set."""
        a, b = set(a), set(b)
        if a != b:
            only_a = sorted(repr(r)[:400] for r in a - b)[:3]
            only_b = sorted(repr(r)[:400] for r in b - a)[:3]
            m, n = self.names
            self._fail(
                what, f"{len(a - b)} row(s) only on {m} {only_a}, {len(b - a)} only on {n} {only_b}"
            )

    def chain(self, subject: str, day: str | None) -> None:
        """``chain()`` on the subject's default day (``day`` None) or, on a given day, the
        same steps as ``chain()`` (facts, then assembled), so that the raw facts are compared
        from the same call."""
        what = f"chain {subject} as of {day or 'its default day'}"
        self.chains += 1
        if day is None:
            self.same(what, lambda s: chain(s, subject).to_json())
            return
        both = []
        for store in self.stores:
            facts = store.subject_facts(subject, day)
            assert facts is not None, (what, store.backend)
            posts = chain_posts(store, facts, day)
            info = store.nodes([subject])[subject]
            found = rules.chain_levels(facts, posts)
            both.append((facts, posts, assemble_chain(store, facts, found, info, day).to_json()))
        (fa, pa, ca), (fb, pb, cb) = both
        self.differs(what, ca, cb)
        self.same_facts(f"subject_facts {subject} as of {day}", fa, fb)
        self.same_facts(f"posts_facts {subject} as of {day}", pa, pb)


def _ids(tables: Tables, table: str) -> list[str]:
    return [r["id"] for r in tables[table]]


def _subjects(tables: Tables) -> list[str]:
    return _ids(tables, "hazards") + _ids(tables, "accidents") + _ids(tables, "enterprises")


def _busiest(tables: Tables) -> list[str]:
    """Persons by number of appointments, most first (they hold posts side by side)."""
    count: dict[str, int] = {}
    for row in tables["appointments"]:
        count[row["person_id"]] = count.get(row["person_id"], 0) + 1
    return sorted(count, key=lambda p: (-count[p], p))


def _load(tables: Tables, folder: Path, *stores: GraphStore) -> None:
    write_dataset(tables, folder)
    for store in stores:
        report = load_path(folder, store)
        assert report.ok
        assert report.applied is not None


def _pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    """A sample of ``k`` (all of them with ACCGRAPH_PARITY_FULL=1)."""
    return list(items) if FULL else rng.sample(items, min(k, len(items)))


def compare_dataset(check: Parity, tables: Tables, seed: int) -> None:
    """Everything the parity suite asks both stores about one dataset."""
    rng = random.Random(seed)
    check.same("stats", lambda s: s.stats().as_dict())
    hazards, accidents = _ids(tables, "hazards"), _ids(tables, "accidents")
    enterprises = _ids(tables, "enterprises")
    for subject in _pick(rng, hazards, 2) + _pick(rng, accidents, 1):
        check.chain(subject, None)  # the hazard's found_on, the accident's occurred_on
    day, other_day = as_of_days(tables, seed, 2)  # a random day, a day a term starts or ends
    for subject in hazards + accidents + enterprises:  # every subject
        check.chain(subject, day)
    for subject in _pick(rng, hazards + accidents + enterprises, 2):
        check.chain(subject, other_day)
    for d in (day, other_day):
        check.same(f"gaps as of {d}", lambda s, d=d: gaps(s, d).to_json())
    a, b = (s.graph_facts(day) for s in check.stores)
    check.same_facts(f"graph_facts as of {day}", a, b)
    # the appointments valid on the day, which both stores find in the same pass (the sweep's
    # holders): not part of the facts' equality, so compared here
    check.same_rows(f"graph_facts as of {day} holdings", a.holdings or (), b.holdings or ())
    check.same_rows(
        f"coverage gaps as of {day}", rules.coverage_gaps(a, day), rules.coverage_gaps(b, day)
    )
    # the pickers' search, by the store: a word of an enterprise's name finds its hazards
    named = [r for r in tables["enterprises"] if (r.get("name") or "").split()]
    word = rng.choice(rng.choice(named)["name"].split()) if named else "E"
    for labels, query in ((["Hazard", "Accident"], None), (["Hazard", "Enterprise"], word)):
        check.same(
            f"search {labels} {query!r}", lambda s, lb=labels, q=query: s.search_nodes(lb, q, 9)
        )
    # the Overview's charts and newest day, counted by the store (all, and some enterprises')
    # a generator of its own: the picks below stay those of the seeds before this check
    some = set(random.Random(seed + 1).sample(enterprises, max(1, len(enterprises) // 3)))
    for label, key in (("Hazard", "found_on"), ("Accident", "occurred_on")):
        wanted = overview_frames.month_fields(label)
        for within in (None, some):
            check.same(
                f"month_counts {label} {'some' if within else 'all'}",
                lambda s, lb=label, k=key, f=wanted, w=within: s.month_counts(lb, k, f, w),
            )
    check.same(
        "newest_day",
        lambda s: s.newest_day(overview_frames.DATED_LABELS, overview_frames.DATE_KEYS),
    )
    region = rng.choice(_ids(tables, "regions"))
    check.same(f"gaps in {region} as of {day}", lambda s: gaps(s, day, region=region).to_json())

    persons = _busiest(tables)[:1] + _pick(rng, _ids(tables, "persons"), 1)
    orgs = sorted({*_ids(tables, "organizations"), *enterprises})
    picked_orgs = _pick(rng, orgs, 1)
    a, b = (s.remit_facts(picked_orgs, day) for s in check.stores)
    check.same_facts(f"remit_facts {picked_orgs} as of {day}", a, b)
    for kind, subject in [
        *(("person", p) for p in dict.fromkeys(persons)),
        *(("organization", o) for o in picked_orgs),
    ]:
        check.same(
            f"{kind}_portfolio {subject} as of {day}",
            lambda s, k=kind, x=subject: portfolio_json(s, k, x, day),
        )

    # vacancy impact re-chains the post's whole remit: on odd seeds a post in charge of
    # departments, on even seeds a principal post (of a territorial organization, the widest
    # remit, every fourth seed)
    kinds = {r["id"]: r["kind"] for r in tables["organizations"]}
    territorial = {"party_committee", "government", "zone_committee"}
    if seed % 2:
        posts = sorted({r["position_id"] for r in tables["assignments"]})
    else:
        posts = sorted(
            r["id"]
            for r in tables["positions"]
            if r["role"] == "principal"
            and (kinds.get(r["org_id"]) in territorial) == (seed % 4 == 0)
        )
    for post in _pick(rng, posts, 1):
        check.same(
            f"vacancy_impact {post} as of {day}",
            lambda s, p=post: vacancy_impact(s, p, day).to_json(),
        )


# -- parity on Neo4j -------------------------------------------------------------------------
@pytest.mark.neo4j
@pytest.mark.parametrize("seed", SEEDS)
def test_stores_agree(seed: int, neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    size = size_of(seed)
    tables = generate(seed, size)
    mem = MemoryStore()
    _load(tables, tmp_path / "data", mem, neo4j_store)
    check = Parity(seed, size, mem, neo4j_store)
    try:
        compare_dataset(check, tables, seed)
    finally:
        _run["chains"] += check.chains
        _run["facts"] += check.facts
        _run["seeds"].add(seed)
    assert not check.failures, (
        f"{len(check.failures)} parity failure(s); the dataset is "
        f"tests.generated.generate({seed}, {size!r}):\n" + "\n".join(check.failures[:12])
    )


@pytest.mark.neo4j
def test_enough_chains_compared() -> None:
    """Runs after the seeds above (pytest keeps file order): the run compared enough."""
    _shared_neo4j()  # skips without Neo4j locally, fails under CI
    if _run["seeds"] != set(SEEDS):
        pytest.skip("only part of the parity seeds ran (-k or a selection)")
    assert _run["chains"] >= MIN_CHAINS, _run["chains"]


# -- properties of the embedded store alone --------------------------------------------------
_FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class ReversedStore:
    """A ``MemoryStore`` that returns the rows of every unordered answer in reverse order
    (the store interface promises no order): answers must not change."""

    def __init__(self, inner: MemoryStore):
        self.inner = inner
        self.backend = "memory-reversed"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def subject_facts(self, subject_id: str, as_of: str) -> Any:
        facts = self.inner.subject_facts(subject_id, as_of)
        return None if facts is None else _reversed(facts)

    def posts_facts(self, org_ids: list[str], charged_org_ids: list[str], as_of: str) -> Any:
        return _reversed(self.inner.posts_facts(org_ids, charged_org_ids, as_of))

    def graph_facts(self, as_of: str) -> Any:
        return _reversed(self.inner.graph_facts(as_of))

    def remit_facts(self, org_ids: list[str], as_of: str) -> Any:
        return _reversed(self.inner.remit_facts(org_ids, as_of))

    def appointments(self, person_id: str | None = None, org_id: str | None = None) -> Any:
        return self.inner.appointments(person_id, org_id)[::-1]

    def assignments(self, as_of: str, position_ids: Any = None, org_ids: Any = None) -> Any:
        return self.inner.assignments(as_of, position_ids, org_ids)[::-1]

    def incidents(self, enterprise_ids: list[str], as_of: str) -> Any:
        return self.inner.incidents(enterprise_ids, as_of)[::-1]

    def duties_of(self, holder_ids: list[str]) -> Any:
        return self.inner.duties_of(holder_ids)[::-1]


def _reversed(facts: Any) -> Any:
    """The same facts with every tuple of rows in reverse order."""
    return replace(
        facts,
        **{
            f.name: getattr(facts, f.name)[::-1]
            for f in fields(facts)
            if isinstance(getattr(facts, f.name), tuple)
        },
    )


@_FAST
@given(datasets())
def test_answers_do_not_depend_on_row_order(data: tuple[int, str, Tables]) -> None:
    """The memory-only half of parity: Neo4j returns rows in its own order."""
    seed, size, tables = data
    with tempfile.TemporaryDirectory() as tmp:
        store = MemoryStore()
        _load(tables, Path(tmp) / "data", store)
    check = Parity(seed, size, store, ReversedStore(store))  # type: ignore[arg-type]
    compare_dataset(check, tables, seed)
    assert not check.failures, "\n".join(check.failures[:12])


@_FAST
@given(datasets())
def test_loading_twice_changes_nothing(data: tuple[int, str, Tables]) -> None:
    seed, size, tables = data
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(tables, Path(tmp) / "data")
        store = MemoryStore()
        load_path(folder, store)
        before = store.stats().as_dict()
        again = load_path(folder, store)
    assert again.applied is not None
    assert again.applied.unchanged, (seed, size, again.applied)
    assert store.stats().as_dict() == before


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(datasets(("tiny",)))
def test_json_and_csv_load_the_same_graph(data: tuple[int, str, Tables]) -> None:
    seed, size, tables = data
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "data.json"
        doc.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
        from_json, from_csv = MemoryStore(), MemoryStore()
        load_path(doc, from_json)
        load_path(write_dataset(tables, Path(tmp) / "csv"), from_csv)
    a, b = from_json.graph, from_csv.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True)), (seed, size)
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def _holders(store: MemoryStore, position: str, day: str) -> set[str]:
    return {
        person
        for person, _, attrs in store.graph.in_edges(position, data=True)
        if attrs["type"] == "HOLDS"
        and valid_on(attrs["props"].get("start"), attrs["props"].get("end"), day)
    }


@_FAST
@given(datasets())
def test_chain_invariants(data: tuple[int, str, Tables]) -> None:
    seed, size, tables = data
    with tempfile.TemporaryDirectory() as tmp:
        store = MemoryStore()
        _load(tables, Path(tmp) / "data", store)
    for day in as_of_days(tables, seed, 2):
        for subject in _subjects(tables):
            c = chain(store, subject, day)
            where = f"seed {seed} ({size}) chain {subject} as of {day}"
            order = [(LEVELS.index(e.level), e.person_id, e.position_id or "") for e in c.entries]
            assert order == sorted(order), where
            assert len(set(order)) == len(order), where
            for e in c.entries:
                assert e.path, where
                assert subject in (e.path[0].start, e.path[0].end), (where, e.path[0])
                if e.level == "hazard_owner":
                    assert [lk.rel for lk in e.path] == ["OWNED_BY"], where
                    continue
                last = e.path[-1]
                assert (last.rel, last.start, last.end) == ("HOLDS", e.person_id, e.position_id)
                assert valid_on(last.valid_from, last.valid_to, day), where
                assert e.person_id in _holders(store, str(e.position_id), day), where
            keys = [(LEVELS.index(g.level), g.reason, g.subject_id) for g in c.gaps]
            assert keys == sorted(keys), where
            assert len(set(keys)) == len(keys), where
            in_entries = {e.position_id for e in c.entries}
            for g in c.gaps:
                if g.reason == "post_vacant":
                    assert not _holders(store, g.subject_id, day), (where, g)
                    assert g.subject_id not in in_entries, (where, g)
            # every level finds someone or says why not: none is silently empty
            levels = {e.level for e in c.entries} | {g.level for g in c.gaps}
            assert levels == set(c.levels()), (where, set(c.levels()) - levels)
        report = gaps(store, day)
        assert sorted(report.counts) == sorted(GAP_KINDS)
        keys = [(GAP_KINDS.index(g.kind), g.subject_id) for g in report.gaps]
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)


# -- regressions: bugs the parity suite found, reduced to the smallest dataset -------------
def _tiny_csvs(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")
    return folder


TWO_POSTS_ONE_PERSON = {
    "regions": "id,name,level,parent_id\nR-1,City,city,",
    "enterprises": "id,name,region_id\nE-1,Chem Co.,R-1\nE-2,Gas Co.,R-1",
    "persons": "id,name\nP-1,Boss",
    "positions": "id,org_id,title,role\nPOS-1,E-1,Manager,principal\nPOS-2,E-2,Manager,principal",
    "appointments": "person_id,position_id,start,end\nP-1,POS-1,2016-01-01,\nP-1,POS-2,2016-01-01,",
}


def test_portfolio_does_not_depend_on_row_order(tmp_path: Path) -> None:
    """person_portfolio listed charges (and so the enterprises they run) in the order the
    store returned appointments, which differs between the stores."""
    store = MemoryStore()
    load_path(_tiny_csvs(tmp_path / "data", TWO_POSTS_ONE_PERSON), store)
    a = person_portfolio(store, "P-1", "2017-01-01").to_json()
    b = person_portfolio(ReversedStore(store), "P-1", "2017-01-01").to_json()  # type: ignore[arg-type]
    assert [c["org_id"] for c in a["charges"]] == [c["org_id"] for c in b["charges"]]


COMPLEMENTING_ROWS = {
    "regions": "id,name,level,parent_id\nR-1,City,city,",
    "organizations": "id,name,kind,region_id\nE-1,Chem Co.,enterprise,R-1",
    "enterprises": "id,name,region_id\nE-1,Chem Co.,",
}


def test_reloading_an_enterprise_listed_twice_changes_nothing(tmp_path: Path) -> None:
    """An enterprise listed in organizations (with a region) and in enterprises (region
    blank) had its IN_REGION link removed and created again on every load."""
    folder = _tiny_csvs(tmp_path / "data", COMPLEMENTING_ROWS)
    store = MemoryStore()
    load_path(folder, store)
    again = load_path(folder, store)
    assert again.applied is not None
    assert again.applied.unchanged, again.applied


CONFLICTING_ROWS = {
    "regions": "id,name,level,parent_id\nR-1,City,city,\nR-2,Other city,city,",
    "organizations": "id,name,kind,region_id\nE-1,Chem Co.,enterprise,R-1",
    "enterprises": "id,name,region_id\nE-1,Chem Co.,R-2",
}


def test_an_enterprise_is_in_one_region(tmp_path: Path, store: GraphStore) -> None:
    """Listed in organizations and in enterprises with two regions, an enterprise once
    loaded with two IN_REGION links, and the stores disagreed (memory followed one, Neo4j
    both). Now the contradiction is an error at the row that makes it, and nothing loads."""
    with pytest.raises(InvalidDataset) as refused:
        load_path(_tiny_csvs(tmp_path / "data", CONFLICTING_ROWS), store)
    assert [str(p) for p in refused.value.problems] == [
        "enterprises.csv:2: region_id: 'R-2' contradicts organizations.csv:2 ('R-1'), "
        "where 'E-1' is also listed"
    ]
    assert store.stats().as_dict() == {"nodes": {}, "relationships": {}}
