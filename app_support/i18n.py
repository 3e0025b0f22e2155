"""Labels in English and Chinese, and names from data in the language the user picked.

Only the wording of the app lives here; names and titles come from the data (``name`` /
``name_zh``, ``title`` / ``title_zh``), chosen by ``pick``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from graph_model import gap_wording
from graph_model.schema import accident_grade_of

LANGS = ("en", "zh")
DEFAULT_LANG = "en"  # a visit that has not picked a language
LANG_KEY = "lang"

# key -> (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Accountability Graph", "安全生产责任图谱"),
    "app_tagline": (
        "Who was accountable for a work-safety hazard or accident, on that day, on what basis",
        "隐患与事故发生之日谁负有责任、依据何在",
    ),
    "language": ("Language", "语言"),
    "store": ("Data store", "数据存储"),
    "store_memory": ("embedded store", "内置存储"),
    "store_neo4j": ("Neo4j", "Neo4j"),
    "store_down": ("The graph store is unavailable", "图数据库不可用"),
    "store_down_hint": (
        "Check that the server is running and that NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD "
        "(or .streamlit/secrets.toml) are right, then reload the page.",
        "请确认服务器已启动，且 NEO4J_URI、NEO4J_USER、NEO4J_PASSWORD（或 .streamlit/secrets.toml）"
        "配置正确，然后刷新页面。",
    ),
    "store_file_hint": (
        "The embedded store's file (under ACCGRAPH_HOME) could not be used. Fix what the "
        "message says, or move the file away to start empty, then reload the page.",
        "无法使用内置存储文件（位于 ACCGRAPH_HOME 下）。请按提示处理，或将该文件移走以清空数据，"
        "然后刷新页面。",
    ),
    "store_empty": (
        "The store holds no data yet. Load a dataset on the Data page.",
        "数据库中尚无数据，请在“数据”页面导入数据。",
    ),
    # pages
    "page_overview": ("Overview", "总览"),
    "page_chain": ("Hazard / accident", "隐患 / 事故"),
    "page_portfolio": ("Person & organization", "人员与机构"),
    "page_gaps": ("Gaps", "责任缺口"),
    "page_explore": ("Explore", "图谱探索"),
    "page_data": ("Data", "数据"),
    "page_documents": ("Documents", "文件"),
    # documents: proposals from a notice or report, reviewed before loading
    "doc_intro": (
        "Drop a meeting report, an appointment or division-of-work notice, or an accident "
        "investigation report. Each fact it states is proposed with its quote; only the ones "
        "you tick are loaded, checked like any dataset, with the document as their source.",
        "上传会议报道、任免或分工通知、事故调查报告。文件中的每项事实都附原文引述提出建议；"
        "只有勾选的建议才会导入，并像数据表一样校验，以该文件为来源。",
    ),
    "doc_upload": ("Document", "文件"),
    "doc_upload_help": (
        "Plain text, Markdown, HTML, .docx, or PDF with a text layer",
        "纯文本、Markdown、HTML、.docx 或带文字层的 PDF",
    ),
    "doc_paste": ("…or paste its text", "……或粘贴文本"),
    "doc_lang": ("Language", "语言"),
    "doc_as_of_help": (
        'The day the document speaks of, for dates it leaves out ("yesterday", 6·5)',
        "文件所述日期，用于补全省略的日期（如“昨天”“6·5”）",
    ),
    "doc_none": ("Upload a document or paste its text.", "请上传文件或粘贴文本。"),
    "doc_unreadable": ("This document cannot be read:", "无法读取该文件："),
    "doc_date": ("Date", "日期"),
    "doc_proposals": ("proposals", "条建议"),
    "doc_review": ("Review", "审核"),
    "doc_review_help": (
        "Tick what is right, correct a name, post, organization or date, or type the graph id "
        "of the person meant when the match is ambiguous. Unticked rows are rejected.",
        "勾选正确的建议；可修改姓名、职务、机构或日期；匹配有歧义时填写图谱中对应人员的编号。"
        "未勾选的建议不会导入。",
    ),
    "doc_accept": ("Accept", "采纳"),
    "doc_claim": ("Proposed fact", "建议事实"),
    "doc_quote": ("Quote", "原文"),
    "doc_graph_id": ("Person id", "人员编号"),
    "doc_graph_id_help": (
        "The person in the graph this proposal means (blank: as matched, or new)",
        "该建议所指的图谱人员（留空：按匹配结果或新建）",
    ),
    "doc_graph": ("In the graph", "图谱匹配"),
    "doc_load": ("Load accepted proposals", "导入已采纳的建议"),
    "doc_nothing_accepted": (
        "Nothing is ticked, so nothing was loaded.",
        "没有勾选任何建议，未导入任何内容。",
    ),
    "doc_invalid": (
        "The accepted proposals do not validate; nothing was loaded:",
        "已采纳的建议未通过校验，未导入任何内容：",
    ),
    "doc_loaded": ("Loaded proposals:", "已导入建议："),
    # common
    "as_of": ("As of", "截至日期"),
    "as_of_help": (
        "Accountability is always as of a day: who held each post on that day.",
        "责任总是以某一天为准：当天由谁担任各岗位。",
    ),
    "search": ("Search", "搜索"),
    "search_help": (
        "An id, a name or an enterprise, in Chinese or English",
        "编号、名称或企业名称（中英文均可）",
    ),
    "no_match": ("Nothing matches this search.", "没有符合条件的结果。"),
    "download_csv": ("CSV", "CSV"),
    "download_json": ("Chain JSON", "责任链 JSON"),
    "download_html": ("Dossier (HTML)", "卷宗（HTML）"),
    "download_pdf": ("Dossier (PDF)", "卷宗（PDF）"),
    "all": ("All", "全部"),
    "open": ("Open", "打开"),
    "page": ("Page", "页码"),
    "page_rows": (
        "Rows {first}–{last} of {rows} ({pages} pages); the CSV holds every row",
        "第 {first}–{last} 行，共 {rows} 行（{pages} 页）；CSV 含全部行",
    ),
    "id": ("Id", "编号"),
    "name": ("Name", "名称"),
    "title": ("Title", "标题"),
    "kind": ("Kind", "类型"),
    "region": ("Region", "地区"),
    "sector": ("Sector", "行业"),
    "department": ("Department", "部门"),
    "enterprise": ("Enterprise", "企业"),
    "hazard": ("Hazard", "隐患"),
    "person": ("Person", "人员"),
    "post": ("Post", "岗位"),
    "organization": ("Organization", "机构"),
    "level": ("Level", "层级"),
    "responsibility": ("Responsibility", "责任类型"),
    "from": ("From", "起"),
    "to": ("To", "止"),
    "sources": ("Sources", "依据来源"),
    "source": ("Source", "来源"),
    "date": ("Date", "日期"),
    "grade": ("Grade", "等级"),
    "not_graded": ("Not graded", "未定级"),
    "grade_by_figures": ("{grade} (by its figures)", "{grade}（按伤亡和损失认定）"),
    "detail": ("Detail", "说明"),
    "link": ("Link", "链接"),
    "count": ("Count", "数量"),
    "month": ("Month", "月份"),
    # an open term read on a past day: not "now", which would claim the post is still held today
    "open_on": ("in post on {day}", "{day}仍在任"),
    "vacant": ("Vacant", "空缺"),
    "held": ("Held", "任职期间"),
    "holder": ("Holder", "任职人"),
    # overview
    "ov_intro": (
        "Coverage of accountability across regions and sectors on the chosen day.",
        "所选日期各地区、各行业的责任覆盖情况。",
    ),
    "ov_supervised": ("Enterprises with an industry supervisor", "有行业监管部门的企业"),
    "ov_chain_ok": ("Open hazards with a complete chain", "责任链完整的未销号隐患"),
    "ov_posts_filled": ("Principal posts filled", "主要负责人岗位在岗"),
    "ov_five": ("Major hazards with all five implementations", "“五落实”完整的重大隐患"),
    "ov_by_region": ("By region", "按地区"),
    "ov_by_sector": ("By sector", "按行业"),
    "ov_gaps": ("Gaps by kind", "各类责任缺口"),
    "ov_hazards_by_month": ("Hazards found, by month and grade", "按月份和等级统计的隐患"),
    "ov_accidents_by_month": ("Accidents, by month and grade", "按月份和等级统计的事故"),
    "ov_enterprises": ("Enterprises", "企业数"),
    "ov_open_hazards": ("Open hazards", "未销号隐患"),
    "ov_principal_posts": ("Principal posts", "主要负责人岗位"),
    "ov_major_open": ("Open major hazards", "未销号重大隐患"),
    "ov_none": ("none", "无"),
    "ov_see_gaps": ("See the gaps", "查看缺口"),
    # the action list
    "act_title": ("Needs action first", "优先处置事项"),
    "act_intro": (
        "Open hazards that are overdue, major with the five implementations incomplete, or "
        "with a gap in their chain: major first, then the most overdue.",
        "逾期、重大隐患“五落实”不全或责任链有缺口的未销号隐患：重大隐患优先，其次按逾期天数排序。",
    ),
    "act_none": ("Nothing needs action on this day.", "该日无待处置事项。"),
    "act_days_overdue": ("Days overdue", "逾期天数"),
    "act_deadline": ("Deadline", "整改期限"),
    "act_owner": ("Owner", "隐患责任人"),
    "act_supervisor": ("Supervisor accountable", "负责监管的责任人"),
    "act_why": ("Why", "原因"),
    "act_hazard_overdue": ("overdue", "逾期未整改"),
    "act_major_hazard_incomplete": ("five implementations incomplete", "五落实不全"),
    "act_chain_gap": ("gap in the chain", "责任链有缺口"),
    "act_stale": (
        "The day chosen ({day}) is {years} year(s) after the newest data ({newest}): "
        "overdue counts run to the chosen day.",
        "所选日期（{day}）比最新数据（{newest}）晚 {years} 年：逾期天数按所选日期计算。",
    ),
    "act_stale_link": ("Look at the newest data's day", "查看最新数据日期"),
    # chain page
    "ch_pick": ("Hazard or accident", "隐患或事故"),
    "ch_chain": ("Accountability chain", "责任链"),
    "ch_graph_help": (
        "Levels run top to bottom; hollow red nodes are vacancies. Hover a node for its basis; "
        "click a person to open the portfolio, a vacancy to open its organization.",
        "自上而下为各责任层级；红色空心节点表示空缺。鼠标悬停可查看依据；"
        "点击人员打开其履职档案，点击空缺打开所在单位。",
    ),
    "ch_edge_link": ("accountable through (hover for the path)", "责任关系（悬停查看路径）"),
    "ch_edge_in_charge": ("leader in charge of the department", "分管该部门的领导"),
    "ch_edge_gap": ("level left without anyone", "该层级无人负责"),
    "ch_table": ("Who was accountable, by level", "各层级责任人"),
    "ch_gaps": ("Vacancies and gaps in this chain", "本责任链中的空缺与缺口"),
    "ch_no_gaps": ("No gaps: every level has someone accountable.", "无缺口：每个层级均有责任人。"),
    "ch_basis": ("Basis of a link", "责任依据"),
    "ch_basis_pick": ("Entry", "责任人"),
    "ch_path": ("Path of graph links", "关系路径"),
    "ch_source_detail": ("Source", "来源"),
    "ch_findings": ("Investigation findings", "事故调查认定"),
    "ch_not_in_chain": (
        "Named in the findings but in no level of the chain",
        "调查认定但不在责任链中的人员",
    ),
    "ch_levels_without": (
        "Levels of the chain none of whose people were named in a finding",
        "无人被追责的责任层级",
    ),
    "ch_in_chain": ("In the chain", "在责任链中"),
    "ch_chain_level": ("Level in the chain", "所在责任层级"),
    "ch_not_in_chain_short": ("not in the chain", "不在责任链中"),
    "ch_sanction": ("Sanction", "处理"),
    "ch_timeline": ("Who held each post while the hazard was open", "隐患未销号期间各岗位任职情况"),
    "ch_timeline_acc": (
        "Who held each post in the year up to the accident",
        "事故发生前一年内各岗位任职情况",
    ),
    "ch_exports": ("Exports", "导出"),
    "ch_pdf_missing": (
        "The PDF dossier needs a Chinese (CJK) TrueType font and none was found on this "
        "server (install the Debian package fonts-wqy-microhei). The HTML dossier prints the "
        "same content.",
        "服务器上没有找到中文字体，无法生成 PDF 卷宗（请安装 Debian 软件包 fonts-wqy-microhei）。"
        "可改用内容相同的 HTML 卷宗打印。",
    ),
    "ch_not_found": (
        "No hazard or accident has this id:",
        "找不到该编号的隐患或事故：",
    ),
    "ch_subject_date": ("Date", "日期"),
    "ch_enterprise": ("Enterprise", "企业"),
    "ch_entries": ("people accountable", "名责任人"),
    "ch_gap_count": ("gaps", "处缺口"),
    "ch_people": ("People accountable", "责任人数"),
    "ch_highlight": (
        "Highlighted: levels none of whose people were named in a finding.",
        "黄色标示：该层级无人被调查认定追责。",
    ),
    "ch_outside_short": ("Findings outside the chain", "链外被追责人员"),
    "ch_levels_short": ("Levels without findings", "无人被追责的层级"),
    "ch_timeline_csv": ("Timeline as a table", "时间线数据表"),
    "role": ("Role", "职务类别"),
    # portfolio
    "pf_kind": ("Show", "查看"),
    "pf_person": ("Person", "人员"),
    "pf_org": ("Organization", "机构"),
    "pf_posts": ("Posts held", "任职经历"),
    "pf_post_history": ("Post history", "任职时间线"),
    "pf_charges": ("In charge of (assigned)", "分管"),
    "pf_heads": ("Heads", "主要负责"),
    "pf_leaders": ("Leaders in charge of it", "分管领导"),
    "pf_enterprises": ("Enterprises covered", "覆盖企业"),
    "pf_incidents": ("Open hazards and accidents", "未销号隐患与事故"),
    "pf_duties": ("Duties", "职责"),
    "pf_vacant": ("Vacant posts", "空缺岗位"),
    "pf_sectors": ("Sectors supervised", "监管行业"),
    "pf_onward": ("Open", "打开"),
    "pf_overdue": ("Overdue", "逾期"),
    "pf_basis": ("Basis", "依据"),
    # gaps
    "gp_filters": ("Filters", "筛选"),
    "gp_kinds": ("Kinds", "缺口类型"),
    "gp_none": ("No gaps of this kind.", "无此类缺口。"),
    "gp_vacancy": ("Vacancy impact", "岗位空缺影响"),
    "gp_vacancy_help": (
        "Pick a post: what would lose its accountable person if it fell vacant on the day?",
        "选择一个岗位：若该岗位在当天空缺，哪些对象将失去责任人？",
    ),
    "gp_vacancy_post": ("Post", "岗位"),
    "gp_holders": ("Holders on the day", "当天任职人"),
    "gp_checked": ("Subjects checked", "检查对象数"),
    "gp_lost": ("Would lose their accountable person", "将失去责任人的对象"),
    "gp_lost_none": (
        "Nothing would lose its last accountable person.",
        "没有对象会因此失去最后一名责任人。",
    ),
    "gp_remaining": ("Still accountable above", "上级仍有责任人"),
    "gp_duties_unheld": ("Duties left unheld", "将无人承担的职责"),
    "gp_missing": ("Missing", "缺少"),
    # explore
    "ex_neighbourhood": ("Neighbourhood", "邻域"),
    "ex_node": ("Node", "节点"),
    "ex_depth": ("Depth", "深度"),
    "ex_cap": ("Node cap", "节点上限"),
    "ex_truncated": ("The neighbourhood was capped at", "邻域已截断，节点上限"),
    "ex_paths": ("Path finder", "路径查找"),
    "ex_from": ("From", "起点"),
    "ex_to": ("To", "终点"),
    "ex_rel_types": ("Relationship types (none: all)", "关系类型（不选即全部）"),
    "ex_no_path": ("No path between these nodes.", "两节点之间没有路径。"),
    "ex_links": ("Links", "关系范围"),
    "ex_links_accountability": ("Accountability links on a day", "某日有效的责任关系"),
    "ex_links_any": ("Any link (graph proximity)", "任意关系（图上邻近）"),
    "ex_any_note": (
        "Any link, on any date: graph proximity, not accountability.",
        "任意关系、不限日期：仅表示图上邻近，不代表责任关系。",
    ),
    "ex_no_accountability": (
        "On this day neither node is accountable for the other: one must be a hazard, "
        "accident or enterprise, the other a person, post or organization of its chain.",
        "该日两节点之间没有责任关系：一方须为隐患、事故或企业，另一方须为其责任链中的人员、岗位或单位。",
    ),
    "ex_rel": ("Link", "关系"),
    "rank": ("#", "#"),
    "valid_from": ("Valid from", "起始日期"),
    "valid_to": ("Valid until", "截止日期"),
    "ex_console": ("Cypher console (read-only)", "Cypher 查询控制台（只读）"),
    "ex_console_memory": (
        "The Cypher console works when the app runs on Neo4j (set NEO4J_URI). "
        "The saved queries below can still be read and copied.",
        "Cypher 控制台需连接 Neo4j（设置 NEO4J_URI）。以下保存的查询仍可查看和复制。",
    ),
    "ex_query": ("Cypher", "Cypher 语句"),
    "ex_params": ("Parameters (JSON)", "参数（JSON）"),
    "ex_limit": ("Row limit", "行数上限"),
    "ex_timeout": ("Timeout (s)", "超时（秒）"),
    "ex_run": ("Run read-only", "只读执行"),
    "ex_refused": ("Refused:", "已拒绝："),
    "ex_failed": ("The query failed:", "查询失败："),
    "ex_truncated_rows": ("Showing the first rows only: the limit was", "仅显示前若干行，上限为"),
    "ex_library": ("Saved audit queries", "常用审计查询"),
    "ex_use": ("Put in the console", "填入控制台"),
    "ex_nodes": ("Nodes", "节点"),
    "ex_edges": ("Relationships", "关系"),
    # data
    "dt_upload": ("Upload a dataset", "上传数据集"),
    "dt_upload_help": (
        "Several CSV files (one per table), or one xlsx or JSON/YAML file. "
        "Nothing is written until you press Load.",
        "多个 CSV 文件（每表一个），或一个 xlsx、JSON/YAML 文件。点击“导入”前不会写入任何数据。",
    ),
    "dt_report": ("Validation report", "校验报告"),
    "dt_ok": ("No errors: the dataset can be loaded.", "未发现错误，可以导入。"),
    "dt_errors": (
        "errors: fix them and upload again. Nothing was loaded.",
        "个错误：请修正后重新上传。未导入任何数据。",
    ),
    "dt_error_one": (
        "error: fix it and upload again. Nothing was loaded.",
        "个错误：请修正后重新上传。未导入任何数据。",
    ),
    "dt_warnings": ("warnings", "个警告"),
    "dt_warning_one": ("warning", "个警告"),
    "bad_day": (
        "is not a day (YYYY-MM-DD); showing",
        "不是有效日期（YYYY-MM-DD），改为显示",
    ),
    "dt_rows": ("Rows per table", "各表行数"),
    "dt_load": ("Load into the store", "导入数据库"),
    "dt_loaded": ("Loaded.", "已导入。"),
    "dt_loaded_already": (
        "This upload is loaded. Upload files again to load them again.",
        "此次上传已导入。如需再次导入，请重新上传文件。",
    ),
    "dt_stage_validate": ("Checking against the store…", "正在与数据库核对…"),
    "dt_stage_write": ("Writing…", "正在写入…"),
    "dt_stage_import": ("Importing…", "正在导入…"),
    "dt_history": ("Load history", "导入记录"),
    "dt_no_history": ("Nothing has been loaded from here yet.", "尚无导入记录。"),
    "dt_history_skipped": (
        "lines of the load history could not be read and were left out.",
        "行导入记录无法读取，已略过。",
    ),
    "dt_not_loaded": ("Nothing was loaded:", "未导入任何数据："),
    "dt_mixed": (
        "Upload either CSV files, or a single xlsx / JSON / YAML file.",
        "请上传若干 CSV 文件，或单个 xlsx / JSON / YAML 文件。",
    ),
    "dt_unreadable": ("The upload cannot be read:", "无法读取上传的文件："),
    "dt_stats": ("What the store holds", "数据库内容"),
    "dt_severity": ("Severity", "级别"),
    "dt_file": ("File", "文件"),
    "dt_line": ("Line", "行"),
    "dt_column": ("Column", "列"),
    "dt_message": ("Message", "问题"),
    "dt_when": ("When", "时间"),
    "dt_files": ("Files (sha256)", "文件（sha256）"),
    "dt_added": ("Added", "新增"),
    "dt_changed": ("Changed", "修改"),
    "dt_target": ("Store", "存储"),
    # timelines, fragile posts, two-day comparison (issue 11)
    "tl_title": ("Accountability over time", "责任链时间线"),
    "tl_help": (
        "One lane per level: each bar is a person in the chain for that stretch of days "
        "(bars of the same post share a row, so a handover reads left to right); red bars are "
        "gaps (a vacant post, no post, nobody found); dashed rules mark the day found, the "
        "deadline, the day closed or occurred. Click a bar to open the person.",
        "每个层级一条泳道：每一段为某人在该时段内处于责任链中（同一岗位在同一行，交接从左到右可见）；"
        "红色为缺位（岗位空缺、未设岗位、未找到）；虚线标出发现、整改期限、销号或事故发生之日。"
        "点击色条可打开该人员。",
    ),
    "tl_range": ("Range", "时间范围"),
    "tl_stretches": ("stretches without a change", "无变化时段数"),
    "tl_table": ("The timeline as a table", "时间线数据表"),
    "tl_empty": ("Nothing to show in this range.", "该时间范围内无内容。"),
    "mark_found": ("found", "发现"),
    "mark_deadline": ("deadline", "整改期限"),
    "mark_closed": ("closed", "销号"),
    "mark_occurred": ("occurred", "事故发生"),
    "cmp_title": ("What changed between two days", "两日之间责任链的变化"),
    "cmp_day": ("Compare with", "对比日期"),
    "cmp_help": (
        "The chain on the day above against the chain on this day: persons added and removed "
        "per level, gaps opened and closed.",
        "以上方日期的责任链对比此日期的责任链：各层级新增与移除的人员，新出现与已消除的缺位。",
    ),
    "cmp_change": ("Change", "变化"),
    "cmp_added": ("added", "新增"),
    "cmp_removed": ("removed", "移除"),
    "cmp_kept": ("unchanged", "未变"),
    "cmp_gaps_opened": ("gap opened", "新出现的缺位"),
    "cmp_gaps_closed": ("gap closed", "已消除的缺位"),
    "cmp_none": ("No change in the chain between these two days.", "两日之间责任链没有变化。"),
    "cmp_counts": (
        "added {a}, removed {r}, gaps opened {o}, closed {c}",
        "新增 {a}，移除 {r}，新缺位 {o}，消除缺位 {c}",
    ),
    "fr_view": ("Fragile posts", "脆弱岗位"),
    "fr_help": (
        "The posts whose vacancy on this day would leave the most enterprises and open "
        "hazards with nobody at some level: each is the only post found at that level. Open a "
        "row to see its vacancy impact.",
        "若当日空缺将使最多企业和未销号隐患在某一层级无人负责的岗位：该岗位是该层级唯一的责任岗位。"
        "打开一行可查看其空缺影响。",
    ),
    "fr_holders": ("Held by", "现任"),
    "fr_lost": ("Left with nobody", "将无人负责"),
    "fr_levels": ("At levels", "涉及层级"),
    "fr_none": (
        "No post is the only one found at any level on this day.",
        "当日没有任何岗位是某一层级唯一的责任岗位。",
    ),
    "fr_load": ("Load per person", "个人责任负荷"),
    "fr_load_help": (
        "Persons by the enterprises and open hazards whose chain they are in on this day, then "
        "by the departments in their charge.",
        "按当日所在责任链涉及的企业和未销号隐患数、再按分管部门数排序的人员。",
    ),
    "fr_subjects": ("Enterprises and hazards", "企业与隐患数"),
    "fr_departments": ("Departments in charge", "分管部门数"),
    "ov_fragile": ("Top five fragile posts", "最脆弱的五个岗位"),
    "ov_fragile_all": ("All fragile posts", "全部脆弱岗位"),
}

LEVEL_NAMES = {
    "enterprise": ("Enterprise (main responsibility)", "企业主体责任"),
    "hazard_owner": ("Hazard owner (rectification)", "整改责任人"),
    "industry_supervision": ("Industry supervision", "行业监管"),
    "specialized_supervision": ("Specialized supervision", "专业监管"),
    "comprehensive_supervision": ("Comprehensive supervision", "综合监管"),
    "leadership_in_charge": ("Leader in charge", "分管领导"),
    "principal_leadership": ("Party and government principals", "党政主要负责人"),
}

RESPONSIBILITIES = {
    "enterprise_first_responsible": ("First responsible (principal)", "主要负责人"),
    "enterprise_management": ("Safety management", "安全管理责任"),
    "rectification": ("Rectification", "整改责任"),
    "industry_supervision": ("Industry supervision", "行业监管责任"),
    "specialized_supervision": ("Specialized supervision", "专业监管责任"),
    "comprehensive_supervision": ("Comprehensive supervision", "综合监管责任"),
    "leadership_safety": ("Leadership for safety (comprehensive)", "综合监管领导责任"),
    "leadership_direct": ("Direct leadership (one post, two duties)", "直接领导责任（一岗双责）"),
    "leadership_first": ("First responsible (Party and government)", "第一责任人（党政同责）"),
}

CHAIN_GAP_REASONS = {
    "post_vacant": ("Post vacant", "岗位空缺"),
    "no_post": ("No principal post", "未设主要负责人岗位"),
    "no_assignment": ("No leader in charge", "无分管领导"),
    "none_found": ("Nobody found", "未找到责任主体"),
}

GAP_KIND_NAMES = gap_wording.GAP_KIND_NAMES  # the CLI words them too

FINDING_RESPONSIBILITIES = {
    "direct": ("Direct", "直接责任"),
    "main": ("Main", "主要责任"),
    "main_leadership": ("Main leadership", "主要领导责任"),
    "important_leadership": ("Important leadership", "重要领导责任"),
    "leadership": ("Leadership", "领导责任"),
    "supervisory": ("Supervisory", "监管责任"),
    "other": ("Other", "其他"),
}

GRADES = {
    "general": ("General", "一般"),
    "major": ("Major", "重大"),
    "relatively_large": ("Relatively large", "较大"),
    "especially_serious": ("Especially serious", "特别重大"),
}

FIVE = gap_wording.FIVE_ELEMENTS  # worded once, with the gap details

LABEL_NAMES = {
    "Hazard": ("Hazard", "隐患"),
    "Accident": ("Accident", "事故"),
    "Enterprise": ("Enterprise", "企业"),
    "Organization": ("Organization", "机构"),
    "Person": ("Person", "人员"),
    "Position": ("Post", "岗位"),
    "Region": ("Region", "地区"),
    "Sector": ("Sector", "行业"),
    "Duty": ("Duty", "职责"),
    "Source": ("Source", "来源"),
    "EmergencyPlan": ("Emergency plan", "应急预案"),
    "Drill": ("Drill", "演练"),
}

# why an organization is in someone's charge (graph_model.vocabulary.ChargeBasis)
CHARGE_BASES = {
    "principal": ("Heads it", "主要负责"),
    "assignment": ("In charge of it (assigned)", "分管"),
    "enterprise": ("Runs it", "企业负责"),
}

# the graph's relationship types, as a link reads in a path (graph_model.schema.Rel)
REL_NAMES = {
    "PART_OF": ("part of", "隶属地区"),
    "IN_REGION": ("in region", "所在地区"),
    "SUBORDINATE_TO": ("subordinate to", "隶属于"),
    "IN_SECTOR": ("in sector", "所属行业"),
    "SUBSECTOR_OF": ("sub-sector of", "子行业"),
    "POST_OF": ("post of", "岗位所属"),
    "HOLDS": ("holds", "任职"),
    "IN_CHARGE_OF": ("in charge of", "分管"),
    "SUPERVISES": ("supervises", "监管"),
    "HELD_BY": ("held by", "承担者"),
    "AT": ("at", "发生于"),
    "OWNED_BY": ("owned by", "整改责任人"),
    "USES_PLAN": ("uses plan", "适用预案"),
    "PLAN_OF": ("plan of", "预案所属"),
    "DRILL_OF": ("drill of", "演练所属"),
    "FOUND_RESPONSIBLE": ("found responsible", "被认定负有责任"),
}

# a post's role (graph_model.schema.Role)
ROLES = {
    "principal": ("Principal", "主要负责人"),
    "deputy": ("Deputy", "副职"),
    "safety_manager": ("Safety manager", "安全管理负责人"),
    "member": ("Member", "成员"),
}

# how an enterprise is in an organization's remit (SupervisionKind, RemitKind)
REMIT_KINDS = {
    "industry": ("Industry supervision", "行业监管"),
    "specialized": ("Specialized supervision", "专项监管"),
    "comprehensive": ("Comprehensive supervision", "综合监管"),
    "territorial": ("Territorial", "属地管理"),
    "enterprise": ("The enterprise itself", "企业自身"),
}

ORG_KINDS = {
    "party_committee": ("Party committee", "党委"),
    "government": ("Government", "政府"),
    "department": ("Department", "部门"),
    "committee": ("Committee", "委员会"),
    "zone_committee": ("Zone committee", "管委会"),
    "enterprise": ("Enterprise", "企业"),
}


def lang() -> str:
    """The language picked in the sidebar (``en`` by default)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def _pair(pair: tuple[str, str], language: str | None = None) -> str:
    return pair[1] if (language or lang()) == "zh" else pair[0]


def t(key: str, language: str | None = None) -> str:
    """The app's wording for ``key`` in the current language."""
    return _pair(TEXT[key], language)


def open_end(as_of: str, language: str | None = None) -> str:
    """The end of a term still open on ``as_of``, stated as of that day (the chain table, the
    graph's tooltips and the dossier alike)."""
    return t("open_on", language).format(day=as_of)


def _named(table: Mapping[str, tuple[str, str]], code: str | None, language: str | None) -> str:
    if code is None:
        return ""
    pair = table.get(code)
    return _pair(pair, language) if pair else str(code)


def level_name(level: str | None, language: str | None = None) -> str:
    return _named(LEVEL_NAMES, level, language)


def responsibility_name(code: str | None, language: str | None = None) -> str:
    return _named(RESPONSIBILITIES, code, language)


def gap_reason_name(code: str | None, language: str | None = None) -> str:
    return _named(CHAIN_GAP_REASONS, code, language)


def gap_kind_name(code: str | None, language: str | None = None) -> str:
    return _named(GAP_KIND_NAMES, code, language)


def finding_name(code: str | None, language: str | None = None) -> str:
    return _named(FINDING_RESPONSIBILITIES, code, language)


def grade_name(code: str | None, language: str | None = None) -> str:
    return _named(GRADES, code, language)


def subject_grade_name(
    kind: str, grade: str | None, props: Mapping[str, Any], language: str | None = None
) -> str:
    """The grade of a hazard (as given) or of an accident (``accident_grade_name``);
    ``props``: the node's properties, its figures."""
    if kind != "accident":
        return grade_name(grade, language)
    return accident_grade_name({**props, "grade": grade}, language)


def accident_grade_name(props: Mapping[str, Any], language: str | None = None) -> str:
    """An accident's grade as shown: the given one; else the one its figures reach, said to
    be by its figures; else "not graded" (never a blank, which read as no accident)."""
    grade = accident_grade_of(props)
    if grade is None:
        return t("not_graded", language)
    if props.get("grade"):
        return grade_name(grade, language)
    return t("grade_by_figures", language).format(grade=grade_name(grade, language))


def five_name(code: str | None, language: str | None = None) -> str:
    return _named(FIVE, code, language)


def label_name(code: str | None, language: str | None = None) -> str:
    return _named(LABEL_NAMES, code, language)


def basis_name(code: str | None, language: str | None = None) -> str:
    return _named(CHARGE_BASES, code, language)


def rel_name(code: str | None, language: str | None = None) -> str:
    return _named(REL_NAMES, code, language)


def role_name(code: str | None, language: str | None = None) -> str:
    return _named(ROLES, code, language)


def remit_kind_name(code: str | None, language: str | None = None) -> str:
    return _named(REMIT_KINDS, code, language)


def org_kind_name(code: str | None, language: str | None = None) -> str:
    return _named(ORG_KINDS, code, language)


def pick(en: Any, zh: Any, language: str | None = None) -> str:
    """A name from data in the chosen language, falling back to the other one."""
    first, second = (zh, en) if (language or lang()) == "zh" else (en, zh)
    for value in (first, second):
        if value not in (None, ""):
            return str(value)
    return ""


def display_name(props: Mapping[str, Any], language: str | None = None) -> str:
    """The best human name of a node's properties: name, title or text, in the language."""
    for base in ("name", "title", "text"):
        if props.get(base) or props.get(f"{base}_zh"):
            return pick(props.get(base), props.get(f"{base}_zh"), language)
    return str(props.get("id", ""))
