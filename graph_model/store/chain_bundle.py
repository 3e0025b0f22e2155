"""One chain's reads as one question: its head, the posts of every organization it may need
and the names they show (``GraphStore.chain_bundle``).

Which organizations a chain needs is a rule (``rules.chain_orgs``), decided from the head;
a store that answers in one question cannot ask the rules in between, so it reads the posts
of a superset, the ``candidate_orgs`` of the head, and ``accountability.chain`` keeps only
the wanted ones (``PostsIndex.own``), as it does when many chains share one question.
Neo4j's ``CHAIN_BUNDLE`` names the same superset in Cypher; the embedded store composes its
two plain answers here.
"""

from __future__ import annotations

from typing import Protocol

from graph_model.facts import ChainHead, Names, PostsFacts, SubjectFacts

# A chain's head (None: no node with that id), the candidates' posts on the head's day, names.
ChainBundle = tuple[ChainHead | None, PostsFacts, Names]


def candidate_orgs(facts: SubjectFacts) -> tuple[list[str], list[str]]:
    """A superset of ``rules.chain_orgs(facts)`` that needs no rule: the enterprise, the
    organization of every supervision row found (covering it or not) and every territorial
    organization of its regions; charged: every supervising organization.

    >>> from graph_model.facts import OrgFact, SupervisionFact
    >>> from graph_model.results import Link
    >>> sv = SupervisionFact(
    ...     "G-2", "sector", "S-1", "sector", "R-9", Link("G-2", "SUPERVISES", "S-1", "k")
    ... )
    >>> facts = SubjectFacts(
    ...     "HZ-1",
    ...     "hazard",
    ...     "E-1",
    ...     None,
    ...     supervision=(sv,),
    ...     regional_orgs=(OrgFact("G-1", "government", "R-1"),),
    ... )
    >>> candidate_orgs(facts)
    (['E-1', 'G-1', 'G-2'], ['G-2'])
    """
    if facts.enterprise_id is None:
        return [], []
    supervising = sorted({row.org_id for row in facts.supervision})
    regional = {o.id for o in facts.regional_orgs}
    return sorted({facts.enterprise_id, *supervising, *regional}), supervising


class ChainReads(Protocol):
    def chain_heads(
        self, subject_ids: list[str], as_of: str | None, today: str
    ) -> tuple[dict[str, ChainHead], Names]: ...

    def named_posts(
        self, org_ids: list[str], charged_org_ids: list[str], as_of: str
    ) -> tuple[PostsFacts, Names]: ...


def bundle_from(store: ChainReads, subject_id: str, as_of: str | None, today: str) -> ChainBundle:
    """``chain_bundle`` composed of ``chain_heads`` and ``named_posts`` (two questions)."""
    heads, names = store.chain_heads([subject_id], as_of, today)
    head = heads.get(subject_id)
    if head is None or head.facts is None:
        return head, PostsFacts(), names
    orgs, charged = candidate_orgs(head.facts)
    if not orgs:
        return head, PostsFacts(), names
    posts, post_names = store.named_posts(orgs, charged, head.day)
    return head, posts, {**names, **post_names}
