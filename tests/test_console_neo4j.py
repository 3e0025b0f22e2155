"""The read-only console on the real Neo4j: each hostile form from issue 7 is refused and
does nothing (no file content back, no URL fetched, the other transaction alive); a slow
query ends at its timeout, and a failure is not retried."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graph_model.store.base import StoreUnavailable
from graph_model.store.neo4j_store import Neo4jSettings, Neo4jStore, ReadOnlyViolation
from tests.conftest import _shared_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo() -> Neo4jStore:
    return _shared_neo4j()


def refused(neo: Neo4jStore, query: str) -> str:
    with pytest.raises(ReadOnlyViolation) as caught:
        neo.read_only_query(query)
    return str(caught.value)


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "LOAD CSV FROM 'file:///proc/self/environ' AS l RETURN l",
        "MATCH (n) WITH count(n) AS c LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
        "CALL { LOAD CSV FROM 'file:///etc/hosts' AS l RETURN l } RETURN l",
    ],
)
def test_server_files_do_not_come_back(neo: Neo4jStore, query: str) -> None:
    said = refused(neo, query)
    assert "LOAD" in said
    for content in ("root:", "PATH=", "localhost"):
        assert content not in said


@pytest.fixture
def loopback_site() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"secret,value\n1,2\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/internal.csv", hits
    server.shutdown()
    server.server_close()


def test_loopback_urls_are_not_fetched(
    neo: Neo4jStore, loopback_site: tuple[str, list[str]]
) -> None:
    url, hits = loopback_site
    said = refused(neo, f"LOAD CSV FROM '{url}' AS l RETURN l")
    assert "LOAD" in said
    with pytest.raises(ReadOnlyViolation):
        neo.read_only_query("LOAD CSV FROM $url AS l RETURN l", {"url": url})
    assert hits == []
    assert "secret" not in said


def _other_transaction_id(neo: Neo4jStore) -> str:
    rows = neo.run_read(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
        "WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN transactionId"
    )
    assert len(rows) == 1, rows
    return str(rows[0]["transactionId"])


def test_terminate_does_not_end_another_connections_transaction(neo: Neo4jStore) -> None:
    driver = GraphDatabase.driver(neo.settings.uri, auth=None)
    try:
        with driver.session(database=neo.settings.database) as session:
            tx = session.begin_transaction()
            assert tx.run("RETURN 1 AS one").single()["one"] == 1  # type: ignore[index]
            victim = _other_transaction_id(neo)
            for query in (
                f"TERMINATE TRANSACTIONS '{victim}'",
                f"TERMINATE TRANSACTION '{victim}'",
                "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t",
                f"CALL dbms.killTransaction('{victim}')",
            ):
                assert "not allowed" in refused(neo, query)
            # the other transaction is alive and can still finish its work
            assert tx.run("RETURN 2 AS two").single()["two"] == 2  # type: ignore[index]
            tx.rollback()
    finally:
        driver.close()


@pytest.mark.parametrize(
    "query",
    [
        "CALL db.clearQueryCaches()",
        "SHOW TRANSACTIONS",
        "SHOW SETTINGS",
        "CALL dbms.listConfig()",
        "USE system SHOW USERS",
        "CALL db.createLabel('PwnedByConsole')",
    ],
)
def test_server_commands_and_procedures_are_refused(neo: Neo4jStore, query: str) -> None:
    assert "this console is read-only" in refused(neo, query)


def test_listed_procedures_and_reads_run(neo: Neo4jStore) -> None:
    columns, _, _ = neo.read_only_query("CALL db.labels() YIELD label RETURN label")
    assert columns == ["label"]
    columns, rows, truncated = neo.read_only_query("UNWIND range(1, 50) AS i RETURN i", limit=7)
    assert (columns, [r["i"] for r in rows], truncated) == (["i"], list(range(1, 8)), True)
    _, rows, truncated = neo.read_only_query("RETURN 1 AS x;")
    assert (rows, truncated) == ([{"x": 1}], False)


def test_a_slow_query_ends_at_its_timeout(neo: Neo4jStore) -> None:
    started = time.monotonic()
    with pytest.raises(Neo4jError) as caught:
        neo.read_only_query(
            "UNWIND range(1, 100000000) AS a UNWIND range(1, 100000000) AS b "
            "WITH a WHERE a < 0 RETURN count(*)",
            timeout_s=1.0,
        )
    elapsed = time.monotonic() - started
    assert "TimedOut" in (caught.value.code or "")
    # the server checks timeouts every ~2 s; a retried query would take a multiple of this
    assert elapsed < 1.0 + 20.0, elapsed  # a hang bound, generous for a loaded machine


def test_the_file_urls_are_closed_on_the_server_too(neo: Neo4jStore) -> None:
    """Defence in depth (tools/neo4j/Neo4jLauncher.java): even without the guard, the
    server refuses file:/// URLs."""
    # run_read reports server refusals as one-line StoreUnavailable reasons
    with pytest.raises(StoreUnavailable) as caught:
        neo.run_read("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l LIMIT 1")
    assert "allow_csv_import_from_file_urls" in str(caught.value)
    assert "ExternalResourceFailed" in str(caught.value)
    rows = neo.run_read(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
        names=["dbms.security.allow_csv_import_from_file_urls", "server.directories.import"],
    )
    settings = {r["name"]: r["value"] for r in rows}
    assert settings["dbms.security.allow_csv_import_from_file_urls"] == "false"
    assert settings["server.directories.import"].endswith("no-import")


class CuttingProxy:
    """A TCP relay to the real server that, once armed, drops every connection as soon as
    the client sends anything: the driver sees the server go away mid-query."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.armed = False
        self.cuts = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_client and self.armed:
                    self.cuts += 1
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.listener.close()
        for s in self.sockets:
            s.close()


def test_a_lost_connection_is_not_retried(neo: Neo4jStore) -> None:
    host, port = neo.settings.uri.removeprefix("bolt://").rsplit(":", 1)
    proxy = CuttingProxy((host, int(port)))
    store = Neo4jStore(Neo4jSettings(uri=f"bolt://127.0.0.1:{proxy.port}"))
    try:
        assert store.read_only_query("RETURN 1 AS x")[1] == [{"x": 1}]
        proxy.armed = True
        started = time.monotonic()
        with pytest.raises(DriverError) as caught:
            store.read_only_query("MATCH (n) RETURN count(n) AS n")
        elapsed = time.monotonic() - started
        assert not isinstance(caught.value, ReadOnlyViolation)
        # one attempt: execute_read would reconnect and retry for up to 30 s
        assert proxy.cuts == 1, proxy.cuts
        assert elapsed < 20.0, elapsed  # retries would go on for 30 s
    finally:
        store.close()
        proxy.close()
