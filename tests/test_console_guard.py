"""The console guard over a table of queries: what it lets through and why it refuses."""

from __future__ import annotations

import pytest

from app_support.cypher_library import LIBRARY
from graph_model.store.console_guard import QueryRefused, check, refusal, tokens

ALLOWED = [
    "MATCH (n:Hazard) RETURN n.id, n.title LIMIT 10",
    "match (n) return n skip 5 limit 5",
    "OPTIONAL MATCH (a)-[r:HOLDS]->(b) WITH a, count(r) AS n WHERE n > 1 RETURN a.id, n",
    "UNWIND range(1, 50) AS i RETURN i ORDER BY i DESC",
    "RETURN 1 AS x UNION RETURN 2 AS x",
    "RETURN 1 AS x UNION ALL MATCH (n) RETURN count(n) AS x",
    "CALL { MATCH (n:Person) RETURN n } RETURN n.id",
    "MATCH (p:Person) CALL (p) { MATCH (p)-[:HOLDS]->(x) RETURN count(x) AS k } RETURN p, k",
    "MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN n",
    "MATCH (n) RETURN COUNT { (n)-->() } AS degree, COLLECT { MATCH (n)-->(m) RETURN m.id } AS ids",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "MATCH p = shortestPath((a {id: $a})-[*..6]-(b {id: $b})) RETURN nodes(p)",
    "MATCH p = ANY SHORTEST (a)-[:HOLDS]-+(b) RETURN length(p)",
    "MATCH (n) RETURN date.truncate('month', date()) AS m, duration.between(date(), date())",
    "MATCH (n) RETURN toLower(n.name), coalesce(n.end, '9999-12-31'), size(keys(n))",
    "MATCH (n) WHERE n.name STARTS WITH ('A') AND NOT (n)-->() RETURN n",
    "RETURN [x IN range(1, 3) WHERE x > 1 | x * 2] AS xs, CASE WHEN (1 > 0) THEN 1 END",
    # the forbidden words where they are not keywords
    "MATCH (n) // LOAD CSV FROM 'file:///etc/passwd'\nRETURN n",
    "MATCH (n) /* DELETE n; SHOW USERS */ RETURN n",
    "MATCH (n) WHERE n.title = 'LOAD CSV FROM file; DROP DATABASE neo4j' RETURN n",
    'MATCH (n) WHERE n.title CONTAINS "SET n.x = 1" RETURN n',
    "MATCH (n:`LOAD`) RETURN n.`delete` AS `create`",
    "MATCH (n) RETURN n.set, n.load, n.show AS terminate, {delete: 1, merge: 2} AS m",
    "MATCH (h:Person)-[r:HOLDS]->() RETURN h.start AS start, r.end AS end ORDER BY start",
    "MATCH (n) RETURN n;",
    "MATCH (n) RETURN n ;  // trailing comment",
    "USING_X_NOT_A_KEYWORD",  # a bare word, refused below only for its start; see REFUSED
]
ALLOWED.remove("USING_X_NOT_A_KEYWORD")

REFUSED = [
    # reading the server's files and URLs
    ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD reads files"),
    ("load csv from 'file:///proc/self/environ' as l return l", "LOAD reads files"),
    ("LOAD CSV FROM 'http://127.0.0.1:7474/' AS l RETURN l", "LOAD reads files"),
    ("MATCH (n) CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l", "LOAD"),
    ("WITH 1 AS x LOAD/**/CSV FROM 'file:///etc/hosts' AS l RETURN l", "LOAD"),
    ("USING PERIODIC COMMIT LOAD CSV FROM 'file:///x' AS l RETURN l", "PERIODIC"),
    ("CALL apoc.load.json('file:///etc/passwd')", "procedure apoc.load.json"),
    ("CALL `apoc`.`load`.`csv`('file:///etc/passwd', {})", "procedure apoc.load.csv"),
    ("CALL `apoc.import.file`('x')", "procedure apoc.import.file"),
    ("RETURN apoc.text.join(['a'], ',')", "function apoc.text.join"),
    ("RETURN `apoc`.util.sleep(1)", "function apoc.util.sleep"),
    # the server's state and other connections
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("SHOW TRANSACTIONS", "SHOW"),
    ("SHOW TRANSACTIONS YIELD transactionId TERMINATE TRANSACTIONS transactionId", "SHOW"),
    ("show users", "SHOW"),
    ("CALL db.clearQueryCaches()", "procedure db.clearQueryCaches"),
    ("CALL dbms.listConfig()", "procedure dbms.listConfig"),
    ("CALL dbms.killQuery('query-1')", "procedure dbms.killQuery"),
    ("CALL db.createLabel('X')", "procedure db.createLabel"),
    ("RETURN db.nameFromElementId('x')", "function db.nameFromElementId"),
    ("USE system MATCH (n) RETURN n", "USE"),
    ("CREATE DATABASE pwned", "writes"),
    ("DROP DATABASE neo4j", "DROP is an administration command"),
    ("START DATABASE neo4j", "START"),
    ("STOP DATABASE neo4j", "STOP"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "administration"),
    ("GRANT ROLE admin TO x", "administration"),
    ("DENY READ ON GRAPH * TO x", "administration"),
    ("REVOKE ROLE admin FROM x", "administration"),
    ("CREATE INDEX FOR (n:Hazard) ON (n.id)", "writes"),
    ("DROP CONSTRAINT entity_id", "administration"),
    ("CYPHER runtime=slotted MATCH (n) RETURN n", "CYPHER"),
    # writes (the server's READ mode stops them too; the guard says so first)
    ("CREATE (n:PwnedByConsole) RETURN n", "CREATE writes to the graph"),
    ("MATCH (n) DETACH DELETE n", "writes"),
    ("MATCH (n) SET n.x = 1", "writes"),
    ("MERGE (n:X {id: 1})", "writes"),
    ("MATCH (n) REMOVE n:Hazard", "writes"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.y = x)", "writes"),
    ("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10 ROWS", "writes"),
    ("MATCH (n) CALL (n) { RETURN n AS m } IN TRANSACTIONS RETURN m", "TRANSACTIONS"),
    ("RETURN 1 AS x UNION CREATE (n) RETURN 2 AS x", "writes"),
    ("RETURN 1 AS x UNION SHOW USERS", "SHOW"),
    # one statement only, well-formed text
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement"),
    ("MATCH (n) RETURN n;;", "one statement"),
    ("RETURN 'unterminated", "unterminated string"),
    ("RETURN 1 /* unterminated", "unterminated /*"),
    ("MATCH (n:`Hazard) RETURN n", "unterminated `quoted"),
    ("", "empty"),
    ("   // only a comment", "empty"),
    (":param x => 1", "read query starts with"),
    ("EXPLAIN", "nothing to run"),
    ("RETURN 1 UNION", "nothing to run"),
    ("RETURN mystery.fn(1)", "function mystery.fn"),
    ("RETURN file()", "function file"),
    ("RETURN 1" + " " * 20_001, "longer than"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_read_queries_pass(query: str) -> None:
    assert refusal(query) is None


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_refused_with_a_one_line_reason(query: str, reason: str) -> None:
    said = refusal(query)
    assert said is not None, query
    assert reason.lower() in said.lower()
    assert "\n" not in said


def test_every_saved_library_query_passes() -> None:
    for saved in LIBRARY:
        assert refusal(saved.cypher) is None, saved.key


def test_final_semicolon_is_dropped_before_sending() -> None:
    assert check("MATCH (n) RETURN n ;  // done") == "MATCH (n) RETURN n "
    with pytest.raises(QueryRefused):
        check("RETURN 1; RETURN 2")


def test_tokens_keep_strings_and_quoted_names_whole() -> None:
    toks = tokens("RETURN 'a // b' AS `x``y` // LOAD\n, $p, 1.5")
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "RETURN"),
        ("string", "'a // b'"),
        ("word", "AS"),
        ("name", "x`y"),
        ("punct", ","),
        ("param", "$p"),
        ("punct", ","),
        ("number", "1.5"),
    ]


def test_escaped_quote_does_not_end_a_string() -> None:
    assert refusal(r"RETURN 'it\'s; LOAD CSV' AS s") is None
    assert refusal(r"RETURN 'a\\' AS s, 1 AS t") is None
    assert "LOAD" in (refusal(r"RETURN 'a\\' AS s LOAD CSV FROM 'x' AS l") or "")
