"""What a chain reads, with the names it shows, in as few questions to the store as it can.

A chain needs its subject (``ChainHead``), the posts of the organizations the rules find
around it (``PostsFacts``) and the names of the persons, posts and organizations it shows.
Neo4j answers each of the first two in one round trip with the names riding along
(``neo4j_queries``); the embedded store composes them here from its plain reads, which cost
nothing but a dictionary look-up. Only the shown properties travel (``SHOWN``), never every
property of every node.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from graph_model.facts import ChainHead, Names, PostsFacts, SubjectFacts

# The properties names are made of (persons, posts, organizations, duties, regions...):
# ``org_id``/``region_id`` place a post or an organization, ``kind`` tells a department.
SHOWN = ("name", "name_zh", "title", "title_zh", "text", "org_id", "region_id", "kind")


def shown(props: Mapping[str, Any]) -> dict[str, Any]:
    """
    >>> shown({"name": "Li", "phone": "123", "title": None})
    {'name': 'Li'}
    """
    return {k: props[k] for k in SHOWN if props.get(k) is not None}


class PlainReads(Protocol):
    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def names(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def subject_facts(self, subject_id: str, as_of: str) -> SubjectFacts | None: ...

    def posts_facts(
        self, org_ids: list[str], charged_org_ids: list[str], as_of: str
    ) -> PostsFacts: ...


def chain_day(info: Mapping[str, Any], as_of: str | None, today: str) -> str:
    """
    >>> chain_day({"found_on": "2019-01-02"}, None, "2026-01-01")
    '2019-01-02'
    >>> chain_day({"found_on": ""}, "2020-05-05", "2026-01-01")
    '2020-05-05'
    """
    return str(as_of or info.get("found_on") or info.get("occurred_on") or today)


def heads_from(
    store: PlainReads, subject_ids: list[str], as_of: str | None, today: str
) -> tuple[dict[str, ChainHead], Names]:
    """``chain_heads`` from plain reads (see ``GraphStore.chain_heads``)."""
    heads: dict[str, ChainHead] = {}
    wanted: set[str] = set()
    for sid, info in store.nodes(subject_ids).items():
        day = chain_day(info, as_of, today)
        facts = store.subject_facts(sid, day)
        heads[sid] = ChainHead(info, day, facts)
        if facts is not None:
            wanted |= {f.person_id for f in facts.findings} | {o.person_id for o in facts.owners}
            wanted |= {facts.enterprise_id} if facts.enterprise_id else set()
    return heads, store.names(wanted)


def named_posts_from(
    store: PlainReads, org_ids: list[str], charged_org_ids: list[str], as_of: str
) -> tuple[PostsFacts, Names]:
    """``named_posts`` from plain reads (see ``GraphStore.named_posts``)."""
    posts = store.posts_facts(org_ids, charged_org_ids, as_of)
    names = store.names([p.position_id for p in posts.posts])
    orgs = {str(n["org_id"]) for n in names.values() if n.get("org_id") is not None}
    names.update(store.names([h.person_id for h in posts.holdings] + sorted(orgs)))
    return posts, names
