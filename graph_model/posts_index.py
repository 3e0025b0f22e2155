"""The posts facts of many chains on one day, asked once and split per chain.

``chains`` asks the store once for the posts of every organization any of its subjects
needs; each chain then gets exactly what ``posts_facts`` would have returned for its own
organizations (``own``), found through indexes, so splitting costs the size of each chain,
not of the whole answer.
"""

from __future__ import annotations

from collections import defaultdict

from graph_model.facts import ChargeRow, HoldingFact, PostFact, PostsFacts


class PostsIndex:
    def __init__(self, facts: PostsFacts):
        self.by_org: dict[str, list[PostFact]] = defaultdict(list)
        self.by_id: dict[str, PostFact] = {}
        for p in facts.posts:
            self.by_id[p.position_id] = p
            if p.org_id is not None:
                self.by_org[p.org_id].append(p)
        self.charges_to: dict[str, list[ChargeRow]] = defaultdict(list)
        for c in facts.charges:
            self.charges_to[c.org_id].append(c)
        self.holders: dict[str, list[HoldingFact]] = defaultdict(list)
        for h in facts.holdings:
            self.holders[h.position_id].append(h)

    def own(self, org_ids: list[str], charged_org_ids: list[str]) -> PostsFacts:
        """What ``posts_facts(org_ids, charged_org_ids, day)`` holds: the posts of
        ``org_ids``, the assignments to ``charged_org_ids`` and the posts they come from,
        and the appointments to all of these posts.

        >>> from graph_model.results import Link
        >>> ic = Link("POS-2", "IN_CHARGE_OF", "D-1", "k")
        >>> index = PostsIndex(
        ...     PostsFacts(
        ...         (PostFact("POS-1", "E-1", "principal"), PostFact("POS-2", "G-1", "deputy")),
        ...         (ChargeRow("POS-2", "D-1", ic),),
        ...     )
        ... )
        >>> [p.position_id for p in index.own(["E-1"], []).posts]
        ['POS-1']
        >>> [p.position_id for p in index.own([], ["D-1"]).posts]
        ['POS-2']
        """
        charges = [c for o in dict.fromkeys(charged_org_ids) for c in self.charges_to.get(o, ())]
        keep = [p.position_id for o in dict.fromkeys(org_ids) for p in self.by_org.get(o, ())]
        keep = list(dict.fromkeys(keep + [c.position_id for c in charges]))
        return PostsFacts(
            tuple(self.by_id[p] for p in keep if p in self.by_id),
            tuple(charges),
            tuple(h for p in keep for h in self.holders.get(p, ())),
        )
