"""How a gap's facts read, in English and in Chinese: the one place the app and the CLI word
them (``Gap.facts`` holds the facts; ``Gap.detail`` is the English wording kept for the JSON
contract).

Examples
--------
>>> describe("hazard_overdue", {"deadline": "2019-05-31", "days_overdue": 30}, "en")
'deadline 2019-05-31, 30 days overdue'
>>> describe("hazard_overdue", {"deadline": "2019-05-31", "days_overdue": 1}, "zh")
'整改期限 2019-05-31，已逾期 1 天'
>>> describe("major_hazard_incomplete", {"missing": ["owner", "funds"]}, "zh")
'缺少：责任、资金'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

LANGUAGES = ("en", "zh")

# the five elements of a major hazard's rectification (五落实)
FIVE_ELEMENTS: dict[str, tuple[str, str]] = {
    "owner": ("owner", "责任"),
    "measures": ("measures", "措施"),
    "funds": ("funds", "资金"),
    "deadline": ("deadline", "时限"),
    "plan": ("plan", "预案"),
}

# the ten kinds of coverage gap, named in the app's tables and the CLI's
GAP_KIND_NAMES: dict[str, tuple[str, str]] = {
    "enterprise_unsupervised": ("Enterprise without industry supervision", "企业无行业监管部门"),
    "enterprise_no_principal": ("Enterprise principal vacant", "企业主要负责人空缺"),
    "post_vacant": ("Principal post vacant", "主要负责人岗位空缺"),
    "department_no_leader_in_charge": ("Department without a leader in charge", "部门无分管领导"),
    "supervision_overlap": ("Overlapping industry supervision", "行业监管职责交叉"),
    "major_hazard_incomplete": (
        "Major hazard lacking the five implementations",
        "重大隐患“五落实”不到位",
    ),
    "hazard_overdue": ("Hazard overdue", "隐患逾期未整改"),
    "duty_unheld": ("Duty nobody holds", "职责无人承担"),
    "plan_stale": ("Emergency plan not revised", "应急预案未及时修订"),
    "plan_not_drilled": ("Emergency plan not drilled", "应急预案未演练"),
}

NameOf = Callable[[str], str]

# The facts that hold ids ``describe`` names (with ``name_of``): an overlap's organizations,
# an unheld duty's post.
_NAMED_FACTS = ("orgs", "position_id")


def named_in(facts: Mapping[str, Any]) -> list[str]:
    """The ids a gap's facts hold that its detail names.

    >>> named_in({"orgs": ["ORG-1", "ORG-2"]}), named_in({"deadline": "2019-05-31"})
    (['ORG-1', 'ORG-2'], [])
    """
    ids: list[str] = []
    for key in _NAMED_FACTS:
        value = facts.get(key)
        if isinstance(value, list | tuple):
            ids += (str(v) for v in value)
        elif value is not None:
            ids.append(str(value))
    return ids


def five_element(code: str, language: str = "en") -> str:
    pair = FIVE_ELEMENTS.get(code)
    return str(code) if pair is None else pair[1 if language == "zh" else 0]


def _days(n: int, language: str) -> str:
    if language == "zh":
        return f"{n} 天"
    return f"{n} day" if n == 1 else f"{n} days"


def _orgs(n: int) -> str:
    return "1 organization" if n == 1 else f"{n} organizations"


def kind_name(kind: str, language: str = "en") -> str:
    pair = GAP_KIND_NAMES.get(kind)
    return (pair[1] if language == "zh" else pair[0]) if pair else kind


def describe(
    kind: str,
    facts: Mapping[str, Any],
    language: str = "en",
    name_of: NameOf | None = None,
) -> str:
    """The gap's detail in ``language`` (``en`` or ``zh``); ``name_of`` names an id in that
    language (default: the names the facts carry)."""
    zh = language == "zh"

    def name(node_id: str, en: Any = None, zh_name: Any = None) -> str:
        if name_of is not None:
            return name_of(node_id) or node_id
        first, second = (zh_name, en) if zh else (en, zh_name)
        return str(first or second or node_id)

    match kind:  # the kinds a province has most of first: cases are tried in turn
        case "hazard_overdue":
            deadline, late = facts["deadline"], int(facts["days_overdue"])
            if zh:
                return f"整改期限 {deadline}，已逾期 {_days(late, language)}"
            return f"deadline {deadline}, {_days(late, language)} overdue"
        case "plan_not_drilled":
            last = facts.get("last_drill")
            if zh:
                return f"最近演练于 {last}" if last else "从未演练"
            return f"last drill {last}" if last else "never drilled"
        case "plan_stale":
            revised = facts.get("revised_on")
            if zh:
                return f"最近修订于 {revised}" if revised else "从未修订（无日期）"
            return f"last revised {revised}" if revised else "never revised (no date)"
        case "enterprise_unsupervised":
            return (
                "当日其所在地区的所属行业无行业监管覆盖"
                if zh
                else ("no industry supervision covers its sector in its region on this day")
            )
        case "enterprise_no_principal":
            if not facts.get("has_principal_post"):
                return "未设主要负责人岗位" if zh else "it has no principal post"
            return (
                "当日主要负责人岗位无人任职"
                if zh
                else ("nobody holds its principal post on this day")
            )
        case "post_vacant":
            return "当日主要负责人岗位空缺" if zh else "principal post nobody holds on this day"
        case "department_no_leader_in_charge":
            if not facts.get("has_assigned_posts"):
                return (
                    "承担监管职责，但无领导岗位分管"
                    if zh
                    else ("supervises but no leader's post is in charge of it")
                )
            return (
                "当日分管它的领导岗位全部空缺"
                if zh
                else ("the posts in charge of it are all vacant on this day")
            )
        case "supervision_overlap":
            orgs = [str(o) for o in facts.get("orgs", ())]
            if zh:
                return f"{len(orgs)} 个机构同时负责行业监管：" + "、".join(
                    f"{name(o)}（{o}）" if name_of else o for o in orgs
                )
            listed = ", ".join(f"{name(o)} ({o})" if name_of else o for o in orgs)
            return f"industry supervision by {_orgs(len(orgs))}: {listed}"
        case "major_hazard_incomplete":
            missing = [five_element(str(m), language) for m in facts.get("missing", ())]
            return ("缺少：" + "、".join(missing)) if zh else "missing: " + ", ".join(missing)
        case "duty_unheld":
            post = str(facts["position_id"])
            post_name = name(post, facts.get("position_name"), facts.get("position_name_zh"))
            if zh:
                return f"由岗位 {post}（{post_name}）承担，该岗位无人任职"
            return f"held by post {post} ({post_name}), which nobody holds"
    return ""
