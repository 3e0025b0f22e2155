"""Graphs drawn with pyvis (vis-network), safe and fast.

Safe: pyvis builds the node and edge lists; the page is rendered from our own template
(``templates/graph.html``) with Jinja autoescape on. Data reaches the page only through
``tojson`` (which escapes ``<``, ``>``, ``&`` and quotes) or escaped text. Titles are plain
text, never HTML: vis-network shows string titles with ``innerText``, and pyvis's own
``innerHTML`` popup (chosen when a title contains "href") is never used. No heading, no
select or filter menu. A Content-Security-Policy forbids any network access from the frame.

Fast: positions are computed in Python (levels as layers for a chain, a seeded spring layout
for a neighbourhood) and physics is off, so the browser draws at once; vis-network is
inlined (``cdn_resources="in_line"``), so it works offline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from app_support import i18n
from app_support.model import primary_label
from graph_model.browse import Edge, Subgraph
from graph_model.results import Chain, ChainEntry, ChainGap

TEMPLATES = Path(__file__).resolve().parent / "templates"

LEVEL_COLOURS = {
    "subject": "#263238",
    "enterprise": "#1565c0",
    "hazard_owner": "#00838f",
    "industry_supervision": "#6a1b9a",
    "specialized_supervision": "#9a6700",
    "comprehensive_supervision": "#2e7d32",
    "leadership_in_charge": "#5d4037",
    "principal_leadership": "#283593",
}
VACANT_RED = "#d32f2f"
SELECTED = "#ffb300"  # a selected node keeps its fill and white text, with an amber frame
LINK_GREY = "#90a4ae"
IN_CHARGE_BROWN = "#5d4037"
# principals' tiers, top first: a city's principals above a district's
TIERS = ("province", "city", "zone", "district", "county")

LABEL_COLOURS = {
    "Hazard": "#c62828",
    "Accident": "#8e0000",
    "Enterprise": "#1565c0",
    "Organization": "#5c6bc0",
    "Person": "#2e7d32",
    "Position": "#9a6700",
    "Region": "#00838f",
    "Sector": "#6a1b9a",
    "Duty": "#5d4037",
    "Source": "#546e7a",
    "EmergencyPlan": "#ad1457",
    "Drill": "#8d6e63",
}

LAYER_GAP = 120
COLUMN_GAP = 185
MAX_LABEL = 34


@cache
def _environment() -> Environment:
    # our template first; pyvis's folder for the inlined vis-network files it includes
    pyvis_templates = Path(Network().template_dir)
    return Environment(
        loader=FileSystemLoader([str(TEMPLATES), str(pyvis_templates)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _short(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: Any) -> str:
    """Titles are plain text: no HTML is ever interpreted in them."""
    return "" if value is None else str(value)


def render(
    net: Network,
    height_px: int,
    legend: Sequence[Mapping[str, Any]] = (),
    auto_height: bool = False,
    links: Mapping[str, str] | None = None,
) -> str:
    """The page for a pyvis network, from the escaping template. ``auto_height``: the
    drawing is fitted to the width and the page takes its height (``st.iframe`` with
    ``height="content"``). ``links``: ``{"page": ..., "as_of": ...}`` makes a node with
    ``link_kind`` / ``link_id`` open that page (``?<link_kind>=<link_id>&as_of=``) on click."""
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    options = net.options if isinstance(net.options, dict) else {}
    return (
        _environment()
        .get_template("graph.html")
        .render(
            nodes=nodes,
            edges=edges,
            options=options,
            height=f"{int(height_px)}px",
            legend=list(legend),
            auto_height=auto_height,
            links=dict(links or {}),
        )
    )


def _options(smooth: dict[str, Any] | bool, arrows: bool = True) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "box",
            "margin": 10,
            "borderWidth": 1,
            "font": {"size": 14, "face": "Source Sans Pro, WenQuanYi Micro Hei, sans-serif"},
            "widthConstraint": {"maximum": 165},
        },
        "edges": {
            "smooth": smooth,
            "arrows": {"to": {"enabled": arrows, "scaleFactor": 0.5}},
            "color": {"color": "#9aa7b0", "highlight": "#37474f", "hover": "#37474f"},
            "width": 1.2,
            "font": {"size": 10, "color": "#607d8b", "strokeWidth": 3, "align": "middle"},
        },
    }


def _network(height_px: int) -> Network:
    net = Network(
        height=f"{height_px}px",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        select_menu=False,
        filter_menu=False,
        heading="",
    )
    # the same escaping environment, in case pyvis's own generate_html is ever called
    net.templateEnv = _environment()
    return net


# -- the chain -------------------------------------------------------------------------------
def _entry_id(e: ChainEntry) -> str:
    return f"entry|{e.level}|{e.person_id}|{e.position_id or ''}"


def _gap_id(g: ChainGap) -> str:
    return f"gap|{g.level}|{g.reason}|{g.subject_id}"


def _path_text(entry: ChainEntry, names: Mapping[str, str], language: str | None = None) -> str:
    lines = []
    for link in entry.path:
        dates = ""
        if link.valid_from or link.valid_to:
            dates = f" [{link.valid_from or '…'} – {link.valid_to or '…'}]"
        src = f" ({', '.join(link.source_ids)})" if link.source_ids else ""
        start = names.get(link.start, link.start)
        end = names.get(link.end, link.end)
        rel = i18n.rel_name(link.rel, language)
        lines.append(f"{_short(start, 40)} —{rel}→ {_short(end, 40)}{dates}{src}")
    return "\n".join(lines)


def chain_legend(chain: Chain, language: str | None = None) -> list[dict[str, Any]]:
    items = [
        {
            "fill": LEVEL_COLOURS[lv],
            "border": LEVEL_COLOURS[lv],
            "label": i18n.level_name(lv, language),
            "dashed": False,
        }
        for lv in chain.levels()
    ]
    items.append(
        {
            "fill": "#ffffff",
            "border": VACANT_RED,
            "label": i18n.t("vacant", language)
            + " / "
            + i18n.gap_reason_name("none_found", language),
            "dashed": True,
        }
    )
    # the edges: what a line between two levels means
    items += [
        {"line": LINK_GREY, "label": i18n.t("ch_edge_link", language), "dashed": False},
        {"line": IN_CHARGE_BROWN, "label": i18n.t("ch_edge_in_charge", language), "dashed": False},
        {"line": VACANT_RED, "label": i18n.t("ch_edge_gap", language), "dashed": True},
    ]
    return items


def _tier(region: tuple[str, str] | None) -> int:
    """0 for a province, 1 for a city...: where a principal's row goes; unknown last."""
    return TIERS.index(region[1]) if region and region[1] in TIERS else len(TIERS)


def _entry_label(person: str, post: str, level: str, region: tuple[str, str] | None) -> str:
    label = f"{_short(person, 24)}\n{_short(post, 44)}" if post else person
    if level == "principal_leadership" and region:
        label += f"\n[{region[0]}]"
    return label


def _selectable(colour: str) -> dict[str, Any]:
    """Fill and frame, unchanged when hovered or selected except for an amber frame: vis's
    default (pale blue) under white text is unreadable."""
    chosen = {"background": colour, "border": SELECTED}
    return {"background": colour, "border": colour, "highlight": chosen, "hover": chosen}


def chain_network(
    chain: Chain,
    names: Mapping[str, str] | None = None,
    language: str | None = None,
    height_px: int = 640,
    post_orgs: Mapping[str, str] | None = None,
    regions: Mapping[str, tuple[str, str]] | None = None,
    org_regions: Mapping[str, str] | None = None,
) -> Network:
    """The chain as layers: the subject on top, then each level in the spec's order; the
    principals split in tiers (a city's above a district's).

    ``names``: display names of ids met on paths and in gaps (posts, organizations...);
    ``post_orgs``: the organization of each post, so that a leader in charge of a department
    hangs under that department's head, or under its vacancy; ``regions``: region id ->
    (name, level) for the principals' tiers, ``org_regions``: the region of an organization
    whose principal is missing, for its tier.
    """
    names = dict(names or {})

    def gap_org(g: ChainGap) -> str | None:
        if g.reason in ("no_post", "no_assignment"):
            return g.subject_id
        return (post_orgs or {}).get(g.subject_id) or None

    net = _network(height_px)
    subject = chain.subject
    title_name = i18n.pick(subject.title, subject.title_zh, language)
    net.add_node(
        "subject",
        label=f"{subject.id}\n{_short(title_name, 40)}",
        title=_text(
            f"{subject.id} · {title_name}\n{i18n.t('enterprise', language)}: "
            f"{subject.enterprise_name or subject.enterprise_id}\n"
            f"{i18n.t('date', language)}: {subject.date or ''} · "
            f"{i18n.t('as_of', language)}: {chain.as_of}"
        ),
        color={"background": LEVEL_COLOURS["subject"], "border": "#000000"},
        font={"color": "#ffffff", "size": 15},
        shape="box",
        x=0,
        y=0,
        kind="subject",
        subject_id=subject.id,
        widthConstraint={"maximum": 260},
    )
    rows: list[list[tuple[str, dict[str, Any]]]] = []
    entry_nodes: dict[str, list[tuple[str, ChainEntry]]] = {}
    for level in chain.levels():
        row: list[tuple[str, dict[str, Any]]] = []
        for e in (x for x in chain.entries if x.level == level):
            person = i18n.pick(e.person_name, e.person_name_zh, language)
            post = i18n.pick(e.position_title, e.position_title_zh, language)
            org = i18n.pick(e.org_name, e.org_name_zh, language)
            held = f"{e.held_from or '…'} – {e.held_to or i18n.open_end(chain.as_of, language)}"
            tip = [
                f"{person} ({e.person_id})",
                f"{i18n.t('level', language)}: {i18n.level_name(e.level, language)}",
                f"{i18n.t('responsibility', language)}: "
                f"{i18n.responsibility_name(e.responsibility, language)}",
            ]
            if post:
                tip.append(f"{i18n.t('post', language)}: {post} ({e.position_id})")
            if org:
                tip.append(f"{i18n.t('organization', language)}: {org}")
            if e.held_from or e.held_to:
                tip.append(f"{i18n.t('from', language)}–{i18n.t('to', language)}: {held}")
            tip.append(f"{i18n.t('sources', language)}: {', '.join(e.source_ids) or '—'}")
            node_id = _entry_id(e)
            region = (regions or {}).get(e.region_id or "")
            if level == "principal_leadership" and region:
                tip.insert(1, f"{i18n.t('region', language)}: {region[0]}")
            row.append(
                (
                    node_id,
                    {
                        "label": _entry_label(person, post, level, region),
                        "title": _text("\n".join(tip)),
                        "color": _selectable(LEVEL_COLOURS[level]),
                        "borderWidth": 2,
                        "borderWidthSelected": 4,
                        "font": {"color": "#ffffff"},
                        "shape": "box",
                        "kind": "entry",
                        "link_kind": "person",
                        "link_id": e.person_id,
                        "tier": _tier(region),
                        "level": level,
                        "person_id": e.person_id,
                        "person_name": person,
                        "position_id": e.position_id or "",
                    },
                )
            )
            entry_nodes.setdefault(level, []).append((node_id, e))
        for g in (x for x in chain.gaps if x.level == level):
            what = names.get(g.subject_id, g.subject_id)
            reason = i18n.gap_reason_name(g.reason, language)
            row.append(
                (
                    _gap_id(g),
                    {
                        # never cut: the vacancy is what an auditor looks for
                        "label": f"{reason}\n{what}",
                        "title": _text(
                            f"{reason}: {what} ({g.subject_id})\n"
                            f"{i18n.t('level', language)}: {i18n.level_name(level, language)}"
                        ),
                        "color": {
                            "background": "#ffffff",
                            "border": VACANT_RED,
                            "hover": {"background": "#fff5f5", "border": SELECTED},
                            "highlight": {"background": "#fff5f5", "border": SELECTED},
                        },
                        "borderWidth": 2,
                        "borderWidthSelected": 4,
                        "shapeProperties": {"borderDashes": [6, 3]},
                        "font": {"color": VACANT_RED},
                        "shape": "box",
                        "kind": "gap",
                        "tier": _tier(
                            (regions or {}).get((org_regions or {}).get(gap_org(g) or "", ""))
                        ),
                        "link_kind": "org" if gap_org(g) else "",
                        "link_id": gap_org(g) or "",
                        "level": level,
                        "reason": g.reason,
                        "gap_subject": g.subject_id,
                    },
                )
            )
        rows.append(row)

    # principals in tiers: one row per region level, the higher first
    layers: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = []
    for level, row in zip(chain.levels(), rows, strict=True):
        if level != "principal_leadership":
            layers.append((level, row))
            continue
        by_tier: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for node_id, attrs in row:
            by_tier.setdefault(attrs.pop("tier", len(TIERS)), []).append((node_id, attrs))
        for tier in sorted(by_tier) or [len(TIERS)]:
            layers.append((level, by_tier.get(tier, [])))

    widest = max((len(r) for _, r in layers), default=1)
    left = -((max(widest, 1) - 1) / 2) * COLUMN_GAP - 165
    depth_of: dict[str, int] = {"subject": 0}
    labelled: set[str] = set()
    for depth, (level, row) in enumerate(layers, start=1):
        y = depth * LAYER_GAP
        if level not in labelled:
            labelled.add(level)
            net.add_node(
                f"level|{level}",
                label=i18n.level_name(level, language),
                shape="text",
                x=left,
                y=y,
                font={"size": 13, "color": LEVEL_COLOURS[level], "align": "left"},
                widthConstraint={"maximum": 120},
                kind="level",
                level=level,
                physics=False,
                fixed=True,
                chosen=False,
            )
        for i, (node_id, attrs) in enumerate(row):
            x = (i - (len(row) - 1) / 2) * COLUMN_GAP
            attrs.pop("tier", None)
            net.add_node(node_id, x=x, y=y, **attrs)
            depth_of[node_id] = depth

    # links run level to level, not as a fan from the subject: an entry hangs under the
    # nearest node above it whose organization lies on its path (or is its own: a principal
    # under the leader in charge in the same government); a leader in charge under the head
    # of the department he is in charge of, or under its vacancy
    above: dict[str, list[str]] = {}  # organization -> nodes drawn for it
    for level in chain.levels():
        for node_id, e in entry_nodes.get(level, []):
            if e.org_id:
                above.setdefault(e.org_id, []).append(node_id)
        for g in (x for x in chain.gaps if x.level == level):
            org = gap_org(g)
            if org and g.reason in ("no_post", "post_vacant"):
                above.setdefault(org, []).append(_gap_id(g))

    def nearest(orgs: set[str], below: str) -> list[str]:
        found = [n for org in sorted(orgs) for n in above.get(org, []) if n != below]
        found = [n for n in found if depth_of.get(n, 0) < depth_of.get(below, 0)]
        if not found:
            return []
        top = max(depth_of[n] for n in found)
        return sorted({n for n in found if depth_of[n] == top})

    for level in chain.levels():
        for node_id, e in entry_nodes.get(level, []):
            in_charge = {lk.end for lk in e.path if lk.rel == "IN_CHARGE_OF"}
            on_path = {x for lk in e.path for x in (lk.start, lk.end)}
            if level == "leadership_in_charge" and in_charge:
                parents = nearest(in_charge, node_id)
            else:  # one parent is enough: two lines for the same link only add noise
                parents = nearest(on_path | {e.org_id or ""}, node_id)[:1]
            brown = level == "leadership_in_charge" and bool(parents)
            tip = _text(_path_text(e, names, language))
            for parent in parents or ["subject"]:
                net.add_edge(
                    parent,
                    node_id,
                    title=tip,
                    color={"color": IN_CHARGE_BROWN if brown else LINK_GREY},
                    width=2 if brown else 1.2,
                )
        for g in (x for x in chain.gaps if x.level == level):
            parents = nearest({g.subject_id}, _gap_id(g)) if g.reason == "no_assignment" else []
            # otherwise under the enterprise: the level is missing for it
            parents = parents or nearest({chain.subject.enterprise_id or ""}, _gap_id(g))[:1]
            for parent in parents or ["subject"]:
                net.add_edge(
                    parent,
                    _gap_id(g),
                    dashes=True,
                    color={"color": VACANT_RED, "opacity": 0.6},
                    title=_text(i18n.gap_reason_name(g.reason, language)),
                )
    net.options = _options(
        {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.5}
    )
    return net


def chain_html(
    chain: Chain,
    names: Mapping[str, str] | None = None,
    language: str | None = None,
    height_px: int = 640,
    post_orgs: Mapping[str, str] | None = None,
    regions: Mapping[str, tuple[str, str]] | None = None,
    org_regions: Mapping[str, str] | None = None,
) -> str:
    """The chain's page; clicking a person opens the person's portfolio on the chain's day,
    clicking a vacancy opens the organization's."""
    net = chain_network(chain, names, language, height_px, post_orgs, regions, org_regions)
    links = {"page": "portfolio", "as_of": chain.as_of}
    return render(net, height_px, chain_legend(chain, language), auto_height=True, links=links)


# -- a neighbourhood or paths ----------------------------------------------------------------
def _node_attrs(node_id: str, props: Mapping[str, Any], language: str | None) -> dict[str, Any]:
    label = primary_label(props)
    name = i18n.display_name(props, language)
    colour = LABEL_COLOURS.get(label, "#607d8b")
    tip = [f"{i18n.label_name(label, language)} {node_id}", name]
    for key in ("role", "kind", "grade", "found_on", "occurred_on", "closed_on", "level"):
        if props.get(key):
            tip.append(f"{key}: {props[key]}")
    return {
        "label": _short(name if name and name != node_id else node_id, 28),
        "title": _text("\n".join(tip)),
        "color": {"background": colour, "border": colour},
        "font": {"color": "#ffffff", "size": 13},
        "shape": "box",
        "kind": label,
        "node_label": label,
    }


def subgraph_html(
    sub: Subgraph,
    focus: Sequence[str] = (),
    language: str | None = None,
    height_px: int = 620,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """A neighbourhood (a seeded spring layout) or paths (``positions`` given)."""
    net = _network(height_px)
    ids = list(sub.nodes)
    line = positions is not None
    if positions is None:
        g = nx.Graph()
        g.add_nodes_from(ids)
        g.add_edges_from((e.start, e.end) for e in sub.edges)
        scale = 95 * math.sqrt(max(len(ids), 1))
        layout = nx.spring_layout(g, seed=7, scale=scale, iterations=100) if ids else {}
        positions = {n: (float(p[0]), float(p[1])) for n, p in layout.items()}
    assert positions is not None
    for node_id in ids:
        attrs = _node_attrs(node_id, sub.nodes[node_id], language)
        if node_id in focus:
            attrs["borderWidth"] = 4
            attrs["color"] = {**attrs["color"], "border": "#ffb300"}
        x, y = positions.get(node_id, (0.0, 0.0))
        net.add_node(node_id, x=round(x, 1), y=round(y, 1), **attrs)
    for edge in sub.edges:
        dates = ""
        if edge.props.get("start") or edge.props.get("end"):
            dates = f"\n{edge.props.get('start') or '…'} – {edge.props.get('end') or '…'}"
        sources = ", ".join(str(s) for s in edge.props.get("source_ids") or [])
        rel = i18n.rel_name(edge.type, language)
        net.add_edge(
            edge.start,
            edge.end,
            label=rel,
            title=_text(f"{edge.start} —{rel}→ {edge.end}{dates}\n{sources}".strip()),
        )
    net.options = _options(
        False if not line else {"enabled": True, "type": "curvedCW", "roundness": 0.15}
    )
    legend = [
        {
            "fill": LABEL_COLOURS.get(label, "#607d8b"),
            "border": LABEL_COLOURS.get(label, "#607d8b"),
            "label": i18n.label_name(label, language),
            "dashed": False,
        }
        for label in sorted({primary_label(p) for p in sub.nodes.values()})
    ]
    return render(net, height_px, legend)


def path_layout(
    paths: Sequence[Sequence[Edge]], nodes: Mapping[str, Any], start: str
) -> tuple[Subgraph, dict[str, tuple[float, float]]]:
    """The nodes and links of some paths from ``start``, placed by hop (x) and path (y)."""
    order: list[str] = []
    positions: dict[str, tuple[float, float]] = {}
    edges: dict[str, Edge] = {}
    for row, path in enumerate(paths):
        current = start
        hops = [current]
        for edge in path:
            current = edge.end if edge.start == current else edge.start
            hops.append(current)
            edges[edge.key] = edge
        for hop, node_id in enumerate(hops):
            if node_id not in positions:
                order.append(node_id)
                positions[node_id] = (hop * COLUMN_GAP, row * LAYER_GAP)
    sub = Subgraph(
        {n: dict(nodes.get(n, {"id": n, "labels": []})) for n in order}, list(edges.values())
    )
    return sub, positions
