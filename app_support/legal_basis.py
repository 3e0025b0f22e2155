"""The legal basis of each chain level, as a dossier cites it (English, 中文).

These are the rules the levels of ``docs/accountability.md`` stand on: the Work Safety Law
(2021 text) for the enterprise and the supervising departments, the hazard rules for the
owner of a rectification, and the 2018 Provisions on local Party and government leaders for
the leaders. Article numbers are given only where the text is certain.
"""

from __future__ import annotations

from graph_model.vocabulary import Level

WSL = ("Work Safety Law (2021)", "《安全生产法》（2021年修正）")
PROVISIONS = (
    "Provisions on Local Party and Government Leaders' Work-Safety Responsibility (2018)",
    "《地方党政领导干部安全生产责任制规定》（2018）",
)

LEVEL_BASIS: dict[Level, tuple[str, str]] = {
    Level.ENTERPRISE: (
        f"{WSL[0]}, arts. 5 and 21: the principal of a business is the first person "
        "responsible for its work safety; its safety managers manage it.",
        f"{WSL[1]}第五条、第二十一条：生产经营单位的主要负责人是本单位安全生产第一责任人，"
        "对本单位的安全生产工作全面负责；安全生产管理人员负责管理。",
    ),
    Level.HAZARD_OWNER: (
        f"{WSL[0]}, art. 41, and the Interim Provisions on Hazard Investigation and "
        "Rectification (SAWS Order No. 16): a named person answers for rectifying the hazard.",
        f"{WSL[1]}第四十一条；《安全生产事故隐患排查治理暂行规定》（原国家安全生产监督管理总局"
        "令第16号）：隐患整改落实到责任人。",
    ),
    Level.INDUSTRY_SUPERVISION: (
        f"{WSL[0]}, arts. 3 and 10: whoever manages a sector, a business or production "
        "must manage its safety; the departments supervise their own sectors.",
        f"{WSL[1]}第三条、第十条：管行业必须管安全、管业务必须管安全、管生产经营必须管安全；"
        "有关部门对有关行业、领域的安全生产工作实施监督管理。",
    ),
    Level.SPECIALIZED_SUPERVISION: (
        f"{WSL[0]}, art. 10: departments supervise work safety within their own remit "
        "(fire, special equipment, explosives…).",
        f"{WSL[1]}第十条：有关部门在各自职责范围内对有关行业、领域的安全生产工作实施监督管理"
        "（消防、特种设备、民用爆炸物品等）。",
    ),
    Level.COMPREHENSIVE_SUPERVISION: (
        f"{WSL[0]}, art. 10: the emergency management department supervises work safety "
        "across its whole territory.",
        f"{WSL[1]}第十条：应急管理部门对本行政区域安全生产工作实施综合监督管理。",
    ),
    Level.LEADERSHIP_IN_CHARGE: (
        f"{PROVISIONS[0]}: one post, two responsibilities (一岗双责): each leader answers "
        "for safety in the departments they are in charge of.",
        f"{PROVISIONS[1]}：一岗双责，领导干部对分管范围内的安全生产工作负领导责任。",
    ),
    Level.PRINCIPAL_LEADERSHIP: (
        f"{PROVISIONS[0]}: the Party and the government share responsibility (党政同责); "
        "their principals are the first persons responsible in their territory.",
        f"{PROVISIONS[1]}：党政同责，地方党委和政府主要负责人是本地区安全生产第一责任人。",
    ),
}


def level_basis(level: str, language: str) -> str:
    """The basis of ``level`` in ``language`` (``zh`` or English)."""
    en, zh = LEVEL_BASIS[Level(level)]
    return zh if language == "zh" else en
