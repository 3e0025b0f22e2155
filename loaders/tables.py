"""The tables of the input data format (contract v1), declared once.

Readers use the header aliases; validation uses the types, enums and reference targets.
See ``docs/data-format.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graph_model.schema import (
    AccidentGrade,
    FindingResponsibility,
    HazardGrade,
    Label,
    OrgKind,
    RegionLevel,
    Role,
    SourceKind,
    SupervisionKind,
)


class Kind(StrEnum):
    ID = "id"  # this row's own id
    TEXT = "text"
    REF = "ref"  # an id of another row
    DATE = "date"
    COUNT = "count"  # a whole number >= 0
    AMOUNT = "amount"  # a sum of money in CNY, >= 0
    ENUM = "enum"
    USCC = "uscc"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    targets: tuple[Label, ...] = ()  # for REF: the labels the id may have


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    label: Label | None = None  # the node label of its rows; None: rows are relationships
    aliases: tuple[str, ...] = field(default=())  # other names of the file / sheet / key

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _enum(name: str, values: type[StrEnum], *aliases: str, required: bool = False) -> Column:
    return Column(
        name, Kind.ENUM, aliases, required=required, choices=tuple(v.value for v in values)
    )


def _ref(
    name: str, *targets: Label, aliases: tuple[str, ...] = (), required: bool = False
) -> Column:
    return Column(name, Kind.REF, aliases, required=required, targets=targets)


def _source() -> Column:
    return _ref("source_id", Label.SOURCE, aliases=("来源", "依据文件"))


_ID = Column("id", Kind.ID, ("编号", "ID"), required=True)
_NAME = Column("name", Kind.TEXT, ("名称",))
_NAME_ZH = Column("name_zh", Kind.TEXT, ("中文名称",))
_START = Column("start", Kind.DATE, ("开始日期", "起始日期", "任职开始"))
_END = Column("end", Kind.DATE, ("结束日期", "截止日期", "任职结束"))
_ORG_TARGETS = (Label.ORGANIZATION,)

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        (
            _ID,
            Column("title", Kind.TEXT, ("标题",), required=True),
            Column("title_zh", Kind.TEXT, ("中文标题",)),
            _enum("kind", SourceKind, "类型", "类别"),
            Column("date", Kind.DATE, ("日期",)),
            Column("url", Kind.TEXT, ("链接", "网址")),
        ),
        Label.SOURCE,
        ("来源",),
    ),
    Table(
        "regions",
        (
            _ID,
            _NAME,
            _NAME_ZH,
            _enum("level", RegionLevel, "级别", required=True),
            _ref("parent_id", Label.REGION, aliases=("上级",)),
            _source(),
        ),
        Label.REGION,
        ("区域",),
    ),
    Table(
        "organizations",
        (
            _ID,
            _NAME,
            _NAME_ZH,
            _enum("kind", OrgKind, "类型", required=True),
            _ref("region_id", Label.REGION, aliases=("区域",)),
            _ref("parent_id", Label.ORGANIZATION, aliases=("上级单位",)),
            _source(),
        ),
        Label.ORGANIZATION,
        ("单位",),
    ),
    Table(
        "enterprises",
        (
            _ID,
            Column("name", Kind.TEXT, ("企业名称", "名称")),
            _NAME_ZH,
            Column("uscc", Kind.USCC, ("统一社会信用代码",)),
            _ref("sector_id", Label.SECTOR, aliases=("行业",)),
            _ref("region_id", Label.REGION, aliases=("区域",)),
            _ref("parent_id", Label.ORGANIZATION, aliases=("上级单位",)),
            _source(),
        ),
        Label.ENTERPRISE,
        ("企业",),
    ),
    Table(
        "persons",
        (_ID, Column("name", Kind.TEXT, ("姓名",)), _NAME_ZH, _source()),
        Label.PERSON,
        ("人员",),
    ),
    Table(
        "positions",
        (
            _ID,
            _ref("org_id", *_ORG_TARGETS, aliases=("单位",), required=True),
            Column("title", Kind.TEXT, ("职务",)),
            Column("title_zh", Kind.TEXT, ("中文职务",)),
            _enum("role", Role, "角色", required=True),
            _source(),
        ),
        Label.POSITION,
        ("职务",),
    ),
    Table(
        "appointments",
        (
            _ref("person_id", Label.PERSON, aliases=("人员",), required=True),
            _ref("position_id", Label.POSITION, aliases=("职务",), required=True),
            _START,
            _END,
            _source(),
        ),
        aliases=("任职",),
    ),
    Table(
        "assignments",
        (
            _ref("position_id", Label.POSITION, aliases=("领导职务",), required=True),
            _ref("org_id", *_ORG_TARGETS, aliases=("分管单位",), required=True),
            _START,
            _END,
            _source(),
        ),
        aliases=("分管",),
    ),
    Table(
        "sectors",
        (_ID, _NAME, _NAME_ZH, _ref("parent_id", Label.SECTOR, aliases=("上级行业",)), _source()),
        Label.SECTOR,
        ("行业",),
    ),
    Table(
        "supervision",
        (
            _ref("org_id", *_ORG_TARGETS, aliases=("监管部门",), required=True),
            _ref("sector_id", Label.SECTOR, aliases=("行业",)),
            _ref("region_id", Label.REGION, aliases=("辖区",)),
            _ref("enterprise_id", Label.ENTERPRISE, aliases=("监管对象",)),
            _enum("kind", SupervisionKind, "监管类型", required=True),
            _START,
            _END,
            _source(),
        ),
        aliases=("监管",),
    ),
    Table(
        "duties",
        (
            _ID,
            _ref(
                "holder_id",
                Label.POSITION,
                Label.ORGANIZATION,
                aliases=("责任主体",),
                required=True,
            ),
            Column("text", Kind.TEXT, ("责任内容",)),
            Column("text_zh", Kind.TEXT, ("中文责任内容",)),
            Column("basis", Kind.TEXT, ("依据",)),
            _source(),
        ),
        Label.DUTY,
        ("责任清单",),
    ),
    Table(
        "hazards",
        (
            _ID,
            _ref("enterprise_id", Label.ENTERPRISE, aliases=("企业",), required=True),
            Column("title", Kind.TEXT, ("隐患描述",)),
            Column("title_zh", Kind.TEXT, ("中文隐患描述",)),
            _enum("grade", HazardGrade, "隐患等级", required=True),
            Column("found_on", Kind.DATE, ("发现日期",), required=True),
            Column("deadline", Kind.DATE, ("整改期限",)),
            Column("closed_on", Kind.DATE, ("销号日期",)),
            _ref("owner_person_id", Label.PERSON, aliases=("整改责任人",)),
            Column("measures", Kind.TEXT, ("整改措施",)),
            Column("funds_cny", Kind.AMOUNT, ("整改资金",)),
            # A plan id that names no plan is a gap (major_hazard_incomplete), not an error.
            Column("plan_id", Kind.TEXT, ("应急预案",)),
            _source(),
        ),
        Label.HAZARD,
        ("隐患",),
    ),
    Table(
        "accidents",
        (
            _ID,
            _ref("enterprise_id", Label.ENTERPRISE, aliases=("企业",), required=True),
            Column("title", Kind.TEXT, ("事故名称",)),
            Column("title_zh", Kind.TEXT, ("中文事故名称",)),
            Column("occurred_on", Kind.DATE, ("发生日期",), required=True),
            Column("deaths", Kind.COUNT, ("死亡人数",)),
            Column("missing", Kind.COUNT, ("失踪人数",)),
            Column("serious_injuries", Kind.COUNT, ("重伤人数",)),
            Column("direct_loss_cny", Kind.AMOUNT, ("直接经济损失",)),
            _enum("grade", AccidentGrade, "事故等级"),
            _source(),
        ),
        Label.ACCIDENT,
        ("事故",),
    ),
    Table(
        "findings",
        (
            _ref("accident_id", Label.ACCIDENT, aliases=("事故",), required=True),
            _ref("person_id", Label.PERSON, aliases=("人员",), required=True),
            _ref("position_id", Label.POSITION, aliases=("时任职务",)),
            _enum("responsibility", FindingResponsibility, "责任认定", required=True),
            Column("sanction", Kind.TEXT, ("处理意见",)),
            _source(),
        ),
        aliases=("责任认定",),
    ),
    Table(
        "emergency_plans",
        (
            _ID,
            _ref("holder_id", Label.ORGANIZATION, aliases=("编制单位",), required=True),
            Column("title", Kind.TEXT, ("标题", "预案名称")),
            Column("title_zh", Kind.TEXT, ("中文标题",)),
            Column("revised_on", Kind.DATE, ("修订日期",)),
            _source(),
        ),
        Label.EMERGENCY_PLAN,
        ("应急预案",),
    ),
    Table(
        "drills",
        (
            _ID,
            _ref("plan_id", Label.EMERGENCY_PLAN, aliases=("预案",), required=True),
            Column("held_on", Kind.DATE, ("演练日期",), required=True),
            _source(),
        ),
        Label.DRILL,
        ("演练",),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# Tables whose rows must have a name in some language.
NAMED_TABLES = frozenset({"regions", "organizations", "enterprises", "persons", "sectors"})


def table_for(name: str) -> Table | None:
    """The table a file, sheet or document key stands for (English name or alias).

    >>> table_for("Hazards.csv").name
    'hazards'
    >>> table_for("隐患").name
    'hazards'
    >>> table_for("notes") is None
    True
    """
    stem = name.strip()
    if stem.lower().endswith(".csv"):
        stem = stem[:-4]
    key = stem.strip().lower()
    for table in TABLES:
        if key == table.name or stem.strip() in table.aliases:
            return table
    return None


def header_map(table: Table, headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Map header positions to column names; return also the headers that matched nothing."""
    lookup: dict[str, str] = {}
    for column in table.columns:
        lookup[column.name] = column.name
        for alias in column.aliases:
            lookup[alias] = column.name
            lookup[alias.lower()] = column.name
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, raw in enumerate(headers):
        header = (raw or "").strip().lstrip("\ufeff")
        name = lookup.get(header) or lookup.get(header.lower())
        if name is None:
            if header:
                unknown.append(header)
            continue
        mapping[i] = name
    return mapping, unknown


def reading_order(table: Table) -> tuple[int, int]:
    """Node tables first, in the order of ``TABLES``, then the relationship tables: the
    order a streaming validation reads them in (a reference then mostly names an id already
    seen)."""
    return (0 if table.label is not None else 1, TABLES.index(table))
