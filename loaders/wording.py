"""A validation report in the reader's language: severities, "1 error" / "2 errors", and the
messages of the checks in Chinese.

Messages are made in English by the checks (the CLI's and the JSON's wording, stable for
scripts); ``message`` rewords the known ones for a Chinese page, keeping the values
(ids, dates, files) as they are. A message with no Chinese wording yet is shown as it is,
after a Chinese lead-in, so that nothing is lost; ``tests/test_report_wording.py`` checks
that every message the test datasets produce has a wording.
"""

from __future__ import annotations

import re

from loaders.problems import Problem, Severity

_SEVERITY = {
    Severity.ERROR: ("error", "错误"),
    Severity.WARNING: ("warning", "警告"),
}

_TABLES = {
    "regions": "行政区划",
    "sectors": "行业",
    "organizations": "机构",
    "persons": "人员",
    "positions": "职务",
}

# (English pattern, Chinese template): groups are carried over by name.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh)
    for p, zh in [
        (r"^is required$", "必填"),
        (r"^is required \(name or name_zh\)$", "必填（name 或 name_zh）"),
        (r"^'(?P<v>.*)' is not a date on the calendar$", "“{v}”不是日历上存在的日期"),
        (r"^'(?P<v>.*)' is not a date \(YYYY-MM-DD\)$", "“{v}”不是日期（YYYY-MM-DD）"),
        (r"^'(?P<v>.*)' is not a whole number >= 0$", "“{v}”不是大于等于 0 的整数"),
        (r"^'(?P<v>.*)' is not a number$", "“{v}”不是数字"),
        (r"^'(?P<v>.*)' is not one of: (?P<list>.*)$", "“{v}”不在可选值之内：{list}"),
        (
            r"^'(?P<v>.*)' is not the id of any (?P<kind>.*) in the dataset$",
            "“{v}”不是数据集中任何 {kind} 的编号",
        ),
        (
            r"^'(?P<v>.*)' is not the id of any (?P<kind>.*) in the dataset or the store$",
            "“{v}”不是数据集或数据库中任何 {kind} 的编号",
        ),
        (r"^'(?P<v>.*)' is an? (?P<is>.*), not an? (?P<want>.*)$", "“{v}”是 {is}，不是 {want}"),
        (
            r"^'(?P<v>.*)' is already used at (?P<at>\S+) \(ids are unique across the whole "
            r"dataset\)$",
            "“{v}”已在 {at} 使用（编号在整个数据集中必须唯一）",
        ),
        (
            r"^'(?P<v>.*)' disagrees with the figures, which make it '(?P<g>.*)' \(.*\)$",
            "“{v}”与伤亡和损失数字不符，按数字应为“{g}”（死亡与失踪合并计算，取最高标准）",
        ),
        (
            r"^check digit '(?P<d>.*)' is wrong for USCC '(?P<c>.*)' \(expected '(?P<e>.*)'\)$",
            "统一社会信用代码“{c}”的校验位“{d}”有误（应为“{e}”）",
        ),
        (r"^end (?P<b>\S+) is before start (?P<a>\S+)$", "结束日期 {b} 早于开始日期 {a}"),
        (r"^closed (?P<b>\S+) before it was found (?P<a>\S+)$", "销号日期 {b} 早于发现日期 {a}"),
        (
            r"^deadline (?P<b>\S+) is before found_on (?P<a>\S+)$",
            "整改期限 {b} 早于发现日期 {a}",
        ),
        (
            r"^principal post '(?P<p>.*)' is also held by '(?P<who>.*)' in the same period "
            r"\((?P<at>.*)\)$",
            "正职职务“{p}”同一时期也由“{who}”担任（{at}）",
        ),
        (r"^the (?P<t>\w+) tree has a cycle: (?P<ring>.*)$", "{t}层级出现循环：{ring}"),
        (r"^unknown table; file ignored$", "未知的表，已忽略此文件"),
        (r"^unknown table; sheet ignored$", "未知的表，已忽略此工作表"),
        (r"^unknown table; ignored$", "未知的表，已忽略"),
        (r"^not a CSV file; ignored$", "不是 CSV 文件，已忽略"),
        (
            r"^repeats (?P<at>\S+); the later row replaces the earlier$",
            "与 {at} 重复；以后一行为准",
        ),
        (
            r"^give either enterprise_id or sector_id \+ region_id, not both$",
            "enterprise_id 与 sector_id + region_id 只能二选一",
        ),
        (
            r"^is required unless enterprise_id names the supervised enterprise$",
            "除非 enterprise_id 指明被监管企业，否则必填",
        ),
        (r"^read as (?P<enc>\S+) \(not UTF-8\)$", "按 {enc} 读取（不是 UTF-8）"),
    ]
]


def _zh(language: str | None) -> bool:
    return language == "zh"


def severity(value: Severity, language: str | None = None) -> str:
    en, zh = _SEVERITY[value]
    return zh if _zh(language) else en


def counts(errors: int, warnings: int, language: str | None = None) -> str:
    """ "1 error, 2 warnings" (singular where one), "1 个错误，2 个警告"."""
    sep = "，" if _zh(language) else ", "
    return (
        count(errors, Severity.ERROR, language) + sep + count(warnings, Severity.WARNING, language)
    )


def count(n: int, of: Severity, language: str | None = None) -> str:
    """ "1 warning", "2 warnings", "2 个警告"."""
    if _zh(language):
        return f"{n} 个{severity(of, language)}"
    return _plural(n, severity(of))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def message(text: str, language: str | None = None) -> str:
    """A check's message in the language; values inside it are kept as they are."""
    if not _zh(language):
        return text
    worded = chinese(text)
    return worded if worded is not None else f"（原文）{text}"


def chinese(text: str) -> str | None:
    """The Chinese wording of a known message, or None."""
    for pattern, template in _MESSAGES:
        found = pattern.match(text)
        if found:
            values = {k: _TABLES.get(v, v) for k, v in found.groupdict().items()}
            return template.format(**values)
    return None


def problem_line(problem: Problem, language: str | None = None) -> str:
    """``file:line: column: message``, the message (and "warning:") in the language."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    column = f" {problem.column}:" if problem.column else ""
    prefix = (
        "" if problem.severity is Severity.ERROR else f"{severity(problem.severity, language)}: "
    )
    text = f"{where}:{column} {prefix}{message(problem.message, language)}"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
