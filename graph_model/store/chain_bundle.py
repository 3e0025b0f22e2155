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
from graph_model.vocabulary import Target

# A chain's head (None: no node with that id), the candidates' posts on the head's day, names.
ChainBundle = tuple[ChainHead | None, PostsFacts, Names]


def candidate_orgs(facts: SubjectFacts) -> tuple[list[str], list[str]]:
    """A superset of ``rules.chain_orgs(facts)``: the enterprise, the organization of every
    supervision row found but a sector's scoped to a region not the enterprise's, and every
    territorial organization of its regions; charged: those supervising organizations.

    >>> from graph_model.facts import OrgFact, Reach, SupervisionFact
    >>> from graph_model.results import Link
    >>> def row(org, region):
    ...     link = Link(org, "SUPERVISES", "S-1", "k")
    ...     return SupervisionFact(org, "industry", "S-1", "sector", region, link)
    >>> facts = SubjectFacts(
    ...     "HZ-1",
    ...     "hazard",
    ...     "E-1",
    ...     None,
    ...     regions=(Reach("R-1", ()),),
    ...     supervision=(row("D-1", "R-1"), row("D-9", "R-9")),
    ...     regional_orgs=(OrgFact("G-1", "government", "R-1"),),
    ... )
    >>> candidate_orgs(facts)
    (['D-1', 'E-1', 'G-1'], ['D-1'])
    """
    if facts.enterprise_id is None:
        return [], []
    regions = {r.id for r in facts.regions}
    # a sector's row scoped to another region never covers it (``rules.covering_path``):
    # at M four rows in five are of that kind, and their posts would be read for nothing
    supervising = sorted(
        {
            row.org_id
            for row in facts.supervision
            if row.target_label != Target.SECTOR or row.region_id in regions
        }
    )
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
