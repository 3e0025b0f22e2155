"""Which store the app opens, and what a user sees when Neo4j is down."""

from __future__ import annotations

import pytest

from app_support.store import _from_secrets, resolve_config
from tests.app.conftest import open_page


@pytest.mark.usefixtures("_private_home")
def test_default_is_the_embedded_store_without_secrets() -> None:
    config = resolve_config()  # no secrets file: not an error
    assert config.backend == "memory"
    assert config.location.endswith("graph.json")


def test_environment_selects_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "auditor")
    config = resolve_config()
    assert config.backend == "neo4j"
    assert config.neo4j is not None
    assert config.neo4j.user == "auditor"


def test_secrets_section_or_root_keys() -> None:
    section = _from_secrets({"neo4j": {"uri": "bolt://a:1", "user": "u", "password": "p"}})
    assert section is not None
    assert (section.uri, section.user, section.password) == ("bolt://a:1", "u", "p")
    root = _from_secrets({"NEO4J_URI": "bolt://b:2", "NEO4J_DATABASE": "audit"})
    assert root is not None
    assert (root.uri, root.database) == ("bolt://b:2", "audit")
    assert _from_secrets({}) is None


@pytest.mark.usefixtures("_private_home")
def test_neo4j_down_is_a_banner_with_uri_and_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there
    at = open_page("overview")
    assert not at.exception
    banner = at.error[0].value.replace("\\", "")
    assert "unavailable" in banner
    assert "bolt://127.0.0.1:9" in banner
    assert "NEO4J_URI" in banner  # what to check


@pytest.mark.usefixtures("_private_home")
def test_secrets_reach_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["neo4j"] = {"uri": "bolt://127.0.0.1:9"}
    at.run()
    assert "bolt://127.0.0.1:9" in at.error[0].value.replace("\\", "")
