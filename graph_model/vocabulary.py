"""The words of the accountability contract, each defined once with both languages.

Every member is a ``StrEnum``: it compares, hashes and serialises as its code, so JSON output
is byte-identical to the plain strings it replaces. ``label(lang)`` gives the name a person
reads (``en`` or ``zh``).

>>> Level.LEADERSHIP_IN_CHARGE.label("zh")
'分管领导'
>>> import json
>>> json.dumps({"level": Level.ENTERPRISE})
'{"level": "enterprise"}'
"""

from __future__ import annotations

from enum import StrEnum


class _Named(StrEnum):
    """A code with an English and a Chinese name."""

    en: str
    zh: str

    def __new__(cls, code: str, en: str = "", zh: str = "") -> _Named:
        member = str.__new__(cls, code)
        member._value_ = code
        member.en = en or code
        member.zh = zh or en or code
        return member

    def label(self, lang: str = "en") -> str:
        """The name in ``lang`` (``zh`` for Chinese, anything else English)."""
        return self.zh if lang == "zh" else self.en


class Level(_Named):
    """The levels of an accountability chain, from the enterprise up (the spec's order)."""

    ENTERPRISE = "enterprise", "Enterprise (main responsibility)", "企业主体责任"
    HAZARD_OWNER = "hazard_owner", "Hazard owner (rectification)", "整改责任人"
    INDUSTRY_SUPERVISION = "industry_supervision", "Industry supervision", "行业监管"
    SPECIALIZED_SUPERVISION = "specialized_supervision", "Specialized supervision", "专业监管"
    COMPREHENSIVE_SUPERVISION = (
        "comprehensive_supervision",
        "Comprehensive supervision",
        "综合监管",
    )
    LEADERSHIP_IN_CHARGE = "leadership_in_charge", "Leader in charge", "分管领导"
    PRINCIPAL_LEADERSHIP = (
        "principal_leadership",
        "Party and government principals",
        "党政主要负责人",
    )


class Responsibility(_Named):
    """The kind of responsibility a chain entry carries."""

    ENTERPRISE_FIRST_RESPONSIBLE = (
        "enterprise_first_responsible",
        "First responsible (principal)",
        "主要负责人",
    )
    ENTERPRISE_MANAGEMENT = "enterprise_management", "Safety management", "安全管理责任"
    RECTIFICATION = "rectification", "Rectification", "整改责任"
    INDUSTRY_SUPERVISION = "industry_supervision", "Industry supervision", "行业监管责任"
    SPECIALIZED_SUPERVISION = (
        "specialized_supervision",
        "Specialized supervision",
        "专业监管责任",
    )
    COMPREHENSIVE_SUPERVISION = (
        "comprehensive_supervision",
        "Comprehensive supervision",
        "综合监管责任",
    )
    LEADERSHIP_SAFETY = (
        "leadership_safety",
        "Leadership for safety (comprehensive)",
        "综合监管领导责任",
    )
    LEADERSHIP_DIRECT = (
        "leadership_direct",
        "Direct leadership (one post, two duties)",
        "直接领导责任（一岗双责）",
    )
    LEADERSHIP_FIRST = (
        "leadership_first",
        "First responsible (Party and government)",
        "第一责任人（党政同责）",
    )


class GapReason(_Named):
    """Why a chain level has nobody for an organization or a post."""

    POST_VACANT = "post_vacant", "Post vacant", "岗位空缺"
    NO_POST = "no_post", "No principal post", "未设主要负责人岗位"
    NO_ASSIGNMENT = "no_assignment", "No leader in charge", "无分管领导"
    NONE_FOUND = "none_found", "Nobody found", "未找到责任主体"


class GapKind(_Named):
    """The ten kinds of coverage gap, in the order reports list them."""

    ENTERPRISE_UNSUPERVISED = (
        "enterprise_unsupervised",
        "Enterprise without industry supervision",
        "企业无行业监管部门",
    )
    ENTERPRISE_NO_PRINCIPAL = (
        "enterprise_no_principal",
        "Enterprise principal vacant",
        "企业主要负责人空缺",
    )
    POST_VACANT = "post_vacant", "Principal post vacant", "主要负责人岗位空缺"
    DEPARTMENT_NO_LEADER_IN_CHARGE = (
        "department_no_leader_in_charge",
        "Department without a leader in charge",
        "部门无分管领导",
    )
    SUPERVISION_OVERLAP = (
        "supervision_overlap",
        "Overlapping industry supervision",
        "行业监管职责交叉",
    )
    MAJOR_HAZARD_INCOMPLETE = (
        "major_hazard_incomplete",
        "Major hazard lacking the five implementations",
        "重大隐患“五落实”不到位",
    )
    HAZARD_OVERDUE = "hazard_overdue", "Hazard overdue", "隐患逾期未整改"
    DUTY_UNHELD = "duty_unheld", "Duty nobody holds", "职责无人承担"
    PLAN_STALE = "plan_stale", "Emergency plan not revised", "应急预案未及时修订"
    PLAN_NOT_DRILLED = "plan_not_drilled", "Emergency plan not drilled", "应急预案未演练"


class Implementation(_Named):
    """The five implementations (五落实) a major hazard's rectification needs."""

    OWNER = "owner", "owner", "责任"
    MEASURES = "measures", "measures", "措施"
    FUNDS = "funds", "funds", "资金"
    DEADLINE = "deadline", "deadline", "时限"
    PLAN = "plan", "plan", "预案"


class SubjectKind(StrEnum):
    """What a chain is about."""

    HAZARD = "hazard"
    ACCIDENT = "accident"
    ENTERPRISE = "enterprise"


class ChargeBasis(StrEnum):
    """Why an organization is in someone's charge on a day."""

    PRINCIPAL = "principal"  # they head it
    ASSIGNMENT = "assignment"  # a leader's post is in charge of it (分管)
    ENTERPRISE = "enterprise"  # they run it (principal or safety manager of an enterprise)


class RemitKind(StrEnum):
    """How an enterprise is within an organization's remit, beyond the supervision kinds."""

    TERRITORIAL = "territorial"  # a Party committee, government or zone committee above it
    ENTERPRISE = "enterprise"  # the organization is the enterprise


class Target(StrEnum):
    """What a supervision row is aimed at."""

    ENTERPRISE = "enterprise"
    SECTOR = "sector"
    REGION = "region"


SUPERVISION_LEVELS = (
    Level.INDUSTRY_SUPERVISION,
    Level.SPECIALIZED_SUPERVISION,
    Level.COMPREHENSIVE_SUPERVISION,
)
