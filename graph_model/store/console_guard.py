"""What the read-only Cypher console may send to Neo4j: read queries only.

The server's READ access mode stops writes but not everything else a query can do:
``LOAD CSV`` reads the server's files and fetches URLs, ``SHOW``/``TERMINATE`` reach other
connections' transactions, procedures such as ``db.clearQueryCaches()`` change server state.
So the console's text is checked here before it is sent, on tokens (comments and string
literals removed, backtick-quoted names kept as names), and refused with a one-line reason:

- one statement: no ``;`` except one at the very end;
- the statement (and each part of a ``UNION``) starts with a reading clause: ``MATCH``,
  ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, ``RETURN``, ``CALL``; ``EXPLAIN``/``PROFILE`` may
  come first (they run nothing else);
- no writing, loading, administration or transaction keyword anywhere (``CREATE``, ``MERGE``,
  ``SET``, ``DELETE``, ``LOAD``, ``SHOW``, ``TERMINATE``, ``USE``, ``GRANT``, ``… IN
  TRANSACTIONS``, ``PERIODIC COMMIT`` …), where it is a keyword: a property key (``n.set``), a
  label (``:Load``), a map key (``{delete: 1}``), an alias (``AS start``) or a backtick-quoted
  name is not one;
- procedures: only those in ``ALLOWED_PROCEDURES``; functions: the built-in ones
  (``BUILTIN_FUNCTIONS``) and the temporal/spatial/vector namespaces, nothing from ``apoc``,
  ``db``, ``dbms`` or a plugin.

Examples
--------
>>> refusal("MATCH (n:Hazard) RETURN n.id LIMIT 5") is None
True
>>> refusal("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
'LOAD reads files or URLs on the server; the console only reads the graph'
>>> refusal("MATCH (n) RETURN n // LOAD CSV in a comment is fine") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_QUERY_CHARS = 20_000


def _words(text: str) -> list[str]:
    return text.split()


# Clauses a statement (or a UNION branch) may begin with.
READING_STARTS = frozenset({"match", "optional", "with", "unwind", "return", "call"})
PREFIXES = frozenset({"explain", "profile"})

# Keywords that write, load, administer or manage transactions: refused wherever they are a
# keyword. Each maps to the reason shown.
_WRITES = "{KW} writes to the graph"
FORBIDDEN_KEYWORDS: dict[str, str] = {
    **dict.fromkeys(
        ("create", "merge", "set", "delete", "detach", "remove", "foreach", "insert"), _WRITES
    ),
    "load": "LOAD reads files or URLs on the server; the console only reads the graph",
    "periodic": "USING PERIODIC COMMIT is a loading form; the console only reads the graph",
    "transactions": "transaction commands and CALL { } IN TRANSACTIONS are not allowed",
    "terminate": "TERMINATE ends other connections' work; not allowed",
    "show": "SHOW commands inspect the server (transactions, users, settings); not allowed",
    "use": "USE switches database; the console reads the configured database only",
    **dict.fromkeys(
        ("drop", "alter", "grant", "deny", "revoke", "rename", "enable", "deallocate"),
        "{KW} is an administration command; not allowed",
    ),
}

# Words that start an administration command when they open the statement (START DATABASE…).
ADMIN_STARTS = frozenset({"start", "stop", "dryrun", "cypher"})

ALLOWED_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"})

# Neo4j 5 built-in functions (names are case-insensitive in Cypher). ``file``/``linenumber``
# (LOAD CSV only) are left out on purpose.
BUILTIN_FUNCTIONS = frozenset(
    name.lower()
    for name in _words(
        """
    abs acos all any asin atan atan2 avg ceil char_length character_length coalesce collect cos
    cosh cot coth count degrees e elementId endNode exists exp floor haversin head id isEmpty
    isNaN keys labels last left length log log10 lower ltrim max min nodes none normalize
    nullIf percentileCont percentileDisc pi point properties radians rand randomUUID range
    reduce relationships replace reverse right round rtrim btrim sign sin single sinh size
    split sqrt startNode stDev stDevP substring sum tail tan tanh timestamp toBoolean
    toBooleanList toBooleanOrNull toFloat toFloatList toFloatOrNull toInteger toIntegerList
    toIntegerOrNull toLower toString toStringList toStringOrNull toUpper trim type upper
    valueType date datetime localdatetime localtime time duration shortestPath
    allShortestPaths vector_dimension_count vector_norm vector
    """
    )
)
# Namespaced built-ins that only compute (date.truncate, duration.between, point.distance…).
ALLOWED_FUNCTION_NAMESPACES = frozenset(
    {"date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector"}
)

# Keywords that may stand right before "(" without being a function call.
KEYWORDS_BEFORE_PAREN = frozenset(
    _words(
        """
    match optional where and or xor not in return with unwind case when then else distinct by
    skip limit offset contains starts ends is as union all yield call exists count collect
    shortest groups group paths path any walk trail acyclic simple elements
    """
    )
)


class QueryRefused(ValueError):
    """The console will not send this query; ``str(exc)`` is the one-line reason."""


@dataclass(frozen=True)
class Token:
    kind: str  # "word" (bare identifier/keyword), "name" (backtick-quoted), "param",
    # "string", "number", "punct"
    text: str
    offset: int

    @property
    def word(self) -> str:
        """The keyword this token spells, lower-case; "" when it is not a bare word."""
        return self.text.lower() if self.kind == "word" else ""


def tokens(query: str) -> list[Token]:
    """Cypher tokens without whitespace and comments; string literals kept as one token.

    Raises ``QueryRefused`` on an unterminated string, name or comment (the server would
    refuse it too, and the rest of the text cannot be read safely).
    """
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise QueryRefused("unterminated /* comment")
            i = end + 2
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                raise QueryRefused("unterminated string literal")
            out.append(Token("string", query[i : j + 1], i))
            i = j + 1
        elif c == "`":
            j, name = i + 1, []
            while True:
                if j >= n:
                    raise QueryRefused("unterminated `quoted name`")
                if query[j] == "`":
                    if query.startswith("``", j):  # `` is an escaped backtick
                        name.append("`")
                        j += 2
                        continue
                    break
                name.append(query[j])
                j += 1
            out.append(Token("name", "".join(name), i))
            i = j + 1
        elif c == "$":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(Token("param", query[i:j], i))
            i = max(j, i + 1)
        elif c.isdigit() or (c == "." and i + 1 < n and query[i + 1].isdigit()):
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] in "._"):
                if query[j] == "." and not (j + 1 < n and query[j + 1].isdigit()):
                    break  # "1..3" in a range, or a property on a number
                j += 1
            out.append(Token("number", query[i:j], i))
            i = j
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(Token("word", query[i:j], i))
            i = j
        else:
            out.append(Token("punct", c, i))
            i += 1
    return out


def _is_name(tok: Token) -> bool:
    return tok.kind in ("word", "name")


def _qualified_name(toks: list[Token], start: int) -> tuple[str, int]:
    """``a.b.c`` (parts bare or backtick-quoted) from ``toks[start]``; (name, next index)."""
    parts = [toks[start].text]
    i = start + 1
    while i + 1 < len(toks) and toks[i].text == "." and _is_name(toks[i + 1]):
        parts.append(toks[i + 1].text)
        i += 2
    return ".".join(parts), i


def _keyword_position(toks: list[Token], i: int) -> bool:
    """Whether the bare word at ``i`` is read as a keyword: not a property key or namespace
    part (after "."), a label/type (after ":"), a map key or variable with a label (before
    ":"), or an alias (after AS)."""
    before = toks[i - 1] if i > 0 else None
    after = toks[i + 1] if i + 1 < len(toks) else None
    if before is not None and (before.text in (".", ":") or before.word == "as"):
        return False
    return not (after is not None and after.text == ":" and before is not None)


def check(query: str) -> str:
    """The query to send (a final ``;`` removed), or ``QueryRefused`` with the reason."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    toks = tokens(query)
    if toks and toks[-1].text == ";":
        query = query[: toks[-1].offset]
        toks = toks[:-1]
    if not toks:
        raise QueryRefused("the query is empty")
    if any(t.text == ";" for t in toks):
        raise QueryRefused("one statement at a time: remove the ';' between statements")

    for i, tok in enumerate(toks):  # the most telling reason first
        if tok.word in FORBIDDEN_KEYWORDS and _keyword_position(toks, i):
            raise QueryRefused(_forbidden(tok))
    _check_start(toks, 0)
    for i, tok in enumerate(toks):
        word = tok.word
        if word == "union" and _keyword_position(toks, i):
            nxt = i + 1
            if nxt < len(toks) and toks[nxt].word in ("all", "distinct"):
                nxt += 1
            _check_start(toks, nxt)
        if word == "call" and _keyword_position(toks, i):
            _check_call(toks, i)
    _check_functions(toks)
    return query


def refusal(query: str) -> str | None:
    """The one-line reason the console refuses ``query``; None when it may run."""
    try:
        check(query)
    except QueryRefused as exc:
        return str(exc)
    return None


def _forbidden(tok: Token) -> str:
    return FORBIDDEN_KEYWORDS[tok.word].replace("{KW}", tok.text.upper())


def _check_start(toks: list[Token], i: int) -> None:
    while i < len(toks) and toks[i].word in PREFIXES:
        i += 1
    if i >= len(toks):
        raise QueryRefused("nothing to run after EXPLAIN/PROFILE/UNION")
    first = toks[i]
    if first.word in FORBIDDEN_KEYWORDS:
        raise QueryRefused(_forbidden(first))
    if first.word in ADMIN_STARTS:
        raise QueryRefused(f"{first.text.upper()} is not a read query; not allowed")
    if first.word not in READING_STARTS:
        raise QueryRefused(
            f"a read query starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, "
            f"not {first.text[:40]!r}"
        )


def _check_call(toks: list[Token], i: int) -> None:
    """``CALL { … }`` and ``CALL (vars) { … }`` are subqueries (checked as the rest of the
    text is); ``CALL name…`` is a procedure and must be on the list."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        raise QueryRefused("CALL without a subquery or procedure")
    if nxt.text in ("{", "("):
        return
    if not _is_name(nxt):
        raise QueryRefused("CALL must be followed by { subquery } or a listed procedure")
    name, _ = _qualified_name(toks, i + 1)
    if name.lower() not in ALLOWED_PROCEDURES:
        raise QueryRefused(
            f"procedure {name[:80]} is not allowed (the console allows "
            "db.labels, db.relationshipTypes, db.propertyKeys)"
        )


def _check_functions(toks: list[Token]) -> None:
    """Every ``name(`` or ``ns.name(`` that is a function call must be a built-in."""
    i = 0
    while i < len(toks):
        tok = toks[i]
        before = toks[i - 1] if i > 0 else None
        starts_name = _is_name(tok) and not (
            before is not None and (before.text in (".", ":") or before.word == "call")
        )
        if not starts_name:
            i += 1
            continue
        name, nxt = _qualified_name(toks, i)
        if nxt < len(toks) and toks[nxt].text == "(":
            _check_function(name, single_bare_word=tok.kind == "word" and "." not in name)
        i = nxt


def _check_function(name: str, *, single_bare_word: bool) -> None:
    lowered = name.lower()
    if single_bare_word and lowered in KEYWORDS_BEFORE_PAREN:
        return
    if "." not in lowered:
        if lowered in BUILTIN_FUNCTIONS:
            return
    elif lowered.split(".", 1)[0] in ALLOWED_FUNCTION_NAMESPACES:
        return
    raise QueryRefused(
        f"function {name[:80]} is not allowed (the console allows Cypher's built-in functions)"
    )
