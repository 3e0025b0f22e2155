"""One JSON or YAML document holding the tables: ``{"persons": [{...}, ...], ...}``.

Read as data, never as a program and never reinterpreted: in YAML every plain value stays
the text it is written as (``012``, ``0x1F``, ``1_000``, ``12:30:00``, ``yes``, ``NO``,
``2018-13-45``); only an empty value, ``~`` and ``null`` are blank. Aliases may stand for at
most ``MAX_ALIAS_EXPANSION`` nodes together (an alias bomb is refused at once), nesting is
bounded, tags other than ``!!str``, ``!!null``, ``!!seq`` and ``!!map`` are refused (Python
tags among them), and a list or object where one value belongs is an error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor

from loaders.limits import (
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_YAML_BYTES,
    size_text,
)
from loaders.problems import Problem, Severity
from loaders.raw import RawDataset, RawRow, RawTable, checked_cell
from loaders.tables import header_map, table_for
from loaders.text_encoding import UndecodableText, decode


class DataLoader(yaml.SafeLoader):
    """A YAML loader for tables: no implicit types, bounded aliases and depth."""

    # Only blanks are recognised without a tag; every other plain scalar is a string.
    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {}  # type: ignore[misc]  # PyYAML declares it per instance; a class-wide empty table is the point

    def __init__(self, stream: str):
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for when expanded
        self._expanded = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            target = self.anchors.get(event.anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:
                    raise ComposerError(
                        None,
                        None,
                        f"alias *{event.anchor} is inside its own anchor",
                        event.start_mark,
                    )
                self._expanded += size
                if self._expanded > MAX_ALIAS_EXPANSION:
                    raise ComposerError(
                        None,
                        None,
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values "
                        "(an alias bomb?); write the rows out",
                        event.start_mark,
                    )
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]  # untyped stubs
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(c), 1) for c in children)
        return node


# Constructors only for what a table is made of: text, blanks, lists and mappings. Any other
# tag (``!!python/...``, but also ``!!int``, ``!!timestamp``, ``!!binary``...) is refused: a
# tag asks the reader to build something, and PyYAML's own constructors raise arbitrary
# exceptions on malformed values (``!!int`` alone, ``!!timestamp`` of nothing).
DataLoader.yaml_constructors = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:str": SafeConstructor.construct_yaml_str,
    "tag:yaml.org,2002:seq": SafeConstructor.construct_yaml_seq,
    "tag:yaml.org,2002:map": SafeConstructor.construct_yaml_map,
    None: SafeConstructor.construct_undefined,
}
DataLoader.yaml_multi_constructors = {}
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
DataLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])

# Besides YAMLError: ``parse_constant`` refusing NaN in JSON; a guard for the constructors.
_CONSTRUCT_ERRORS = (ValueError, TypeError)

Lines = dict[tuple[str, int], int]  # (table key, item index) -> line


def _load_yaml(text: str) -> tuple[Any, Lines]:
    loader = DataLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    lines: Lines = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    lines[(str(key_node.value), i)] = item.start_mark.line + 1
    return data, lines


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a value a cell can hold")


_WS = re.compile(r"[ \t\n\r]*")


def _json_item_lines(text: str) -> Lines:
    """The line of every item of every top-level list, from a text ``json`` has accepted."""
    decoder = json.JSONDecoder()
    lines: Lines = {}
    counted, line = 0, 1

    def line_at(pos: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, pos)
        counted = pos
        return line

    def skip(pos: int) -> int:
        match = _WS.match(text, pos)
        return match.end() if match else pos

    pos = skip(0)
    if text[pos : pos + 1] != "{":
        return lines
    pos = skip(pos + 1)
    while text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = skip(skip(pos) + 1)  # the colon
        if text[pos] == "[":
            pos = skip(pos + 1)
            i = 0
            while text[pos] != "]":
                lines[(str(key), i)] = line_at(pos)
                _, pos = decoder.raw_decode(text, pos)
                pos = skip(pos)
                i += 1
                if text[pos] == ",":
                    pos = skip(pos + 1)
            pos += 1
        else:
            _, pos = decoder.raw_decode(text, pos)
        pos = skip(pos)
        if text[pos] == ",":
            pos = skip(pos + 1)
    return lines


def _load_json(text: str) -> tuple[Any, Lines]:
    data = json.loads(text, parse_constant=_refuse_constant)
    try:
        lines = _json_item_lines(text)
    except (ValueError, IndexError, RecursionError):
        lines = {}  # positions are a courtesy; the data itself was read
    return data, lines


def _parse(path: Path, text: str, out: RawDataset) -> tuple[Any, Lines] | None:
    kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
    try:
        return _load_json(text) if kind == "JSON" else _load_yaml(text)
    except RecursionError:
        reason, line = "nested deeper than the reader can follow", 0
    except json.JSONDecodeError as exc:
        reason, line = exc.msg, exc.lineno
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or exc.context or "not readable"
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
    except yaml.YAMLError as exc:
        reason, line = str(exc).splitlines()[0], 0
    except _CONSTRUCT_ERRORS as exc:
        reason, line = (str(exc).splitlines() or [type(exc).__name__])[0], 0
    out.problems.append(Problem(path.name, line, "", f"not valid {kind}: {reason}"))
    return None


def read_document(path: Path, encoding: str | None = None) -> RawDataset:
    out = RawDataset(files=[path])
    limit = MAX_FILE_BYTES if path.suffix.lower() == ".json" else MAX_YAML_BYTES
    size = path.stat().st_size
    if size > limit:
        out.problems.append(
            Problem(
                path.name,
                0,
                "",
                f"the file is {size_text(size)}; the limit for {path.suffix} is "
                f"{size_text(limit)} (use CSV files for more)",
            )
        )
        return out
    try:
        decoded = decode(path.read_bytes(), encoding)
    except UndecodableText as exc:
        out.problems.append(Problem(path.name, exc.line, "", str(exc)))
        return out
    if decoded.guessed:
        out.problems.append(
            Problem(path.name, 0, "", f"read as {decoded.encoding} (not UTF-8)", Severity.WARNING)
        )
    parsed = _parse(path, decoded.text, out)
    if parsed is None:
        return out
    data, lines = parsed
    if data is None:
        return out
    if not isinstance(data, dict):
        out.problems.append(
            Problem(path.name, 1, "", 'expected an object of tables ({"persons": [...], ...})')
        )
        return out
    for key, items in data.items():
        _read_table(path.name, str(key), items, lines, out)
    return out


def _read_table(label: str, key: str, items: object, lines: Lines, out: RawDataset) -> None:
    table = table_for(key)
    if table is None:
        out.problems.append(Problem(label, 0, key, "unknown table; ignored", Severity.WARNING))
        return
    if not isinstance(items, list):
        out.problems.append(Problem(label, 0, key, "expected a list of rows"))
        return
    if len(items) > MAX_ROWS:
        out.problems.append(
            Problem(
                label,
                lines.get((key, MAX_ROWS), 0),
                key,
                f"more than {MAX_ROWS:,} rows, the limit per table; "
                "split the table over several loads",
            )
        )
        return
    raw = RawTable(table, label)
    for i, item in enumerate(items):
        line = lines.get((key, i), i + 1)
        if not isinstance(item, dict):
            out.problems.append(Problem(label, line, key, "expected an object"))
            continue
        mapping, unknown = header_map(table, [str(k) for k in item])
        cells = list(item.values())
        values: dict[str, str] = {}
        unreadable: set[str] = set()
        for position, name in mapping.items():
            text = checked_cell(cells[position], label, line, name, out.problems)
            if text is None:
                unreadable.add(name)
            values[name] = text or ""
        if unknown and i == 0:
            out.problems.append(
                Problem(
                    label,
                    line,
                    key,
                    "extra field(s) ignored: " + ", ".join(unknown),
                    Severity.WARNING,
                )
            )
        raw.rows.append(RawRow(label, line, values, frozenset(unreadable)))
    out.tables.append(raw)
