"""The app reads the graph through one interface: the ``GraphStore`` protocol, the contract
(``graph_model.accountability``) and ``graph_model.browse`` / ``overview``. No page or app
support module imports a store class, a store's internals or the Neo4j driver, and none
holds Cypher, except the console's saved queries (``app_support/cypher_library.py``), which
run through ``GraphStore.read_only_query``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP_FILES = sorted(
    [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "app_support").glob("*.py")]
)
CONSOLE_LIBRARY = ROOT / "app_support" / "cypher_library.py"

# modules that know how a store works (graph_model.store itself may be imported: it is the
# protocol, the errors and the factory; networkx is fine for laying out a drawing)
STORE_INTERNALS = re.compile(
    r"^(neo4j|graph_model\.store\.(memory|neo4j_store|memory_queries|neo4j_queries"
    r"|memory_browse|neo4j_browse|cypher|dated_reads|time_reads|named_reads))(\.|$)"
)
STORE_CLASSES = {"MemoryStore", "Neo4jStore"}
# a string that reads as Cypher: a clause keyword followed by a pattern or a projection
CYPHER = re.compile(
    r"\b(MATCH|MERGE|CREATE|UNWIND|DETACH\s+DELETE)\b[\s\S]*?(\(|\bRETURN\b|\bSET\b)"
    r"|\bCALL\s+(db|apoc|gds)\.",
)


def problems(path: Path) -> list[str]:
    """Every import of a store class or internal, and every Cypher-like string, in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if STORE_INTERNALS.match(alias.name):
                    found.append(f"{rel}:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if STORE_INTERNALS.match(module):
                found.append(f"{rel}:{node.lineno}: imports from {module}")
            for alias in node.names:
                if alias.name in STORE_CLASSES:
                    found.append(f"{rel}:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in STORE_CLASSES:
            found.append(f"{rel}:{node.lineno}: uses {node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and path != CONSOLE_LIBRARY
            and CYPHER.search(node.value)
        ):
            found.append(f"{rel}:{node.lineno}: Cypher in a string: {node.value[:40]!r}")
    return found


def test_the_app_goes_through_the_store_interface() -> None:
    assert APP_FILES
    assert CONSOLE_LIBRARY in APP_FILES
    found = [p for path in APP_FILES for p in problems(path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "from graph_model.store.memory import MemoryStore",
        "from graph_model.store import MemoryStore",
        "from graph_model.store.neo4j_store import Neo4jSettings",
        "import graph_model.store.neo4j_queries",
        "from neo4j.exceptions import Neo4jError",
        "from graph_model import store\nok = isinstance(x, store.Neo4jStore)",
        'Q = "MATCH (n:Hazard) RETURN n.id"',
        'Q = """\nUNWIND $ids AS id\nMATCH (n {id: id}) RETURN n"""',
        "Q = 'CALL db.labels()'",
    ],
)
def test_it_finds_what_it_forbids(tmp_path: Path, line: str) -> None:
    """The check itself: each of these, written in a page, is reported."""
    page = tmp_path / "page.py"
    page.write_text(f"from __future__ import annotations\n{line}\n", encoding="utf-8")
    assert problems(page)


def test_prose_is_not_cypher(tmp_path: Path) -> None:
    """Words the app shows are not mistaken for queries."""
    page = tmp_path / "page.py"
    page.write_text(
        'A = "Match the hazard (by id) to its chain"\nB = "create a dataset, return later"\n',
        encoding="utf-8",
    )
    assert not problems(page)
