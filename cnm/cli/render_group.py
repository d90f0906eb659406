"""Rich tables of group results and mine histories, for the terminal."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cnm.cli.common import console
from cnm.cli.render import indicators_table, num, pct
from cnm.grading import grade_en
from cnm.group import APPROACH_ZH
from cnm.group_result import GroupResult
from cnm.group_scoring import BASIS
from cnm.history import MineHistory

_SPARK = "▁▂▃▄▅▆▇█"


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _signed(v: float | None) -> str:
    return "—" if v is None else f"{v:+.1f}%"


def sparkline(values: list[float | None]) -> str:
    """A one-line chart of a series (None shows as a space)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    lo, hi = min(known), max(known)
    span = hi - lo or 1.0
    return "".join(" " if v is None else _SPARK[round((v - lo) / span * (len(_SPARK) - 1))] for v in values)


def heading(r: GroupResult, lang: str) -> str:
    name = r.name_zh if lang == "zh" else (r.name_en or r.name_zh)
    approach = APPROACH_ZH[r.approach] + "法" if lang == "zh" else f"{r.approach} approach"
    return (f"{name} ({r.group_id}) {r.period.label} — {approach}\n"
            f"{_t('方法', 'Methodology', lang)}: {r.methodology['name']} v{r.methodology['version']} "
            f"sha256:{r.methodology['hash'][:16]}…")


def members_table(r: GroupResult, lang: str) -> Table:
    t = Table(title=_t("成员矿山及其贡献（tCO2e）", "Member mines and their contribution (tCO2e)", lang))
    t.add_column(_t("矿山", "Mine", lang), overflow="fold")
    t.add_column(_t("依据", "Basis", lang), overflow="fold")
    for col in (_t("份额", "Share", lang), _t("计入排放", "Gross", lang), "%", _t("计入抵消", "Offsets", lang)):
        t.add_column(col, justify="right", no_wrap=True)
    t.add_column(_t("本矿等级", "Own grade", lang))
    for mc in r.members:
        basis = mc.basis_zh if lang == "zh" else mc.basis_en
        if not mc.included:
            t.add_row(Text(mc.mine, style="dim"), Text(basis + ("" if mc.in_boundary else _t("；不在边界内", "; outside", lang)),
                                                       style="dim"), pct(mc.share), "—", "—", "—", "—")
            continue
        own = mc.own_grade if lang == "zh" else grade_en(mc.own_grade or "")
        t.add_row(Text(mc.mine), Text(basis), pct(mc.share), num(mc.gross, 0), f"{mc.gross_percent:.1f}",
                  num(mc.offsets, 0), f"{own} ({mc.own_total:.1f})")
    return t


def group_indicators_table(r: GroupResult, lang: str) -> Table:
    return indicators_table(r, lang, title=("集团三级指标得分", "Group indicator scores"),
                            extra=("形成方式", "Formed by", lambda i: BASIS[r.basis.get(i.id, "recomputed")]))


def base_year_table(r: GroupResult, lang: str) -> Table | None:
    b = r.base_year
    if b is None:
        return None
    t = Table(title=_t(f"基准年 {b.base_year} 排放重算（阈值 {b.threshold_percent:g}%）",
                       f"Base year {b.base_year} recalculation (threshold {b.threshold_percent:g}%)", lang))
    t.add_column(_t("项目", "Item", lang))
    t.add_column(_t("日期", "Date", lang))
    t.add_column(_t("份额", "Share", lang), justify="right")
    t.add_column("tCO2e", justify="right")
    t.add_row(_t("原基准年排放", "Original base year", lang), "", "", num(b.original))
    for a in b.adjustments:
        kind = {"acquisition": _t("收购", "acquired", lang), "divestment": _t("出售", "divested", lang),
                "stake_change": _t("股权/控制权变化", "stake changed", lang)}[a.kind]
        t.add_row(f"{kind} {a.mine}" + (f" ({a.note})" if a.note else ""), str(a.date or ""), pct(a.share), f"{a.amount:+,.1f}")
    verdict = (_t("重算", "recalculated", lang) if b.significant else _t("不重算", "not recalculated", lang))
    t.add_row(_t(f"累计变化 {b.change_percent:.1f}% → {verdict}", f"Changes {b.change_percent:.1f}% → {verdict}", lang),
              "", "", num(b.recalculated))
    t.add_row(Text(_t("采用的基准年排放", "Base year used", lang), style="bold"), "", "", Text(num(b.used), style="bold"))
    if b.change_vs_base_percent is not None:
        note = _t("（半年数据×2）", " (half-year ×2)", lang) if b.annualised else ""
        t.add_row(_t(f"{b.current_period} 较基准年{note}", f"{b.current_period} vs base year{note}", lang), "", "",
                  _signed(b.change_vs_base_percent))
    return t


def comparison_table(results: list[GroupResult], lang: str) -> Table:
    """The same group under each approach."""
    t = Table(title=_t("不同合并方法的比较", "Consolidation approaches compared", lang))
    t.add_column(_t("方法", "Approach", lang))
    for col in (_t("排放总量", "Gross", lang), _t("有效抵消", "Offsets", lang), _t("抵消比例", "Offset share", lang),
                _t("得分", "Score", lang)):
        t.add_column(col, justify="right")
    t.add_column(_t("等级", "Grade", lang))
    for r in results:
        t.add_row(APPROACH_ZH[r.approach] if lang == "zh" else r.approach, num(r.inventory.gross), num(r.inventory.offsets),
                  r.offset_share_text(), r.total_text(), r.grade if lang == "zh" else grade_en(r.grade))
    return t


def trend_table(h: MineHistory, lang: str) -> Table:
    name = h.name_zh if lang == "zh" else (h.name_en or h.name_zh)
    t = Table(title=_t(f"{escape(name)} 历年评价趋势", f"{escape(name)}: trend by period", lang))
    t.add_column(_t("期间", "Period", lang))
    unit = h.rows[0].output_unit if h.rows else ""
    iunit = h.rows[0].intensity_unit if h.rows else ""
    for col in (_t(f"产量 {unit}", f"Output {unit}", lang), _t("排放总量 tCO2e", "Gross tCO2e", lang),
                _t(f"强度 {iunit}", f"Intensity {iunit}", lang), _t("强度变化", "Intensity Δ", lang),
                _t("总量变化", "Gross Δ", lang)):
        t.add_column(col, justify="right")
    t.add_column(_t("对比期", "Compared with", lang))
    for col in (_t("目标完成度", "Target done", lang), _t("得分", "Score", lang)):
        t.add_column(col, justify="right")
    t.add_column(_t("等级", "Grade", lang))
    t.add_column(_t("标记", "Flags", lang))
    for row in h.rows:
        rise = None if row.intensity_decline is None else -row.intensity_decline
        change = None if row.emissions_decline is None else -row.emissions_decline
        flags = []
        if row.rising_intensity:
            flags.append(Text(_t("▲ 强度上升（标准 4.2）", "▲ intensity rising (standard §4.2)", lang), style="bold red"))
        if any(f.code == "previous-mismatch" for f in row.findings):
            flags.append(Text(_t("上期填报不符", "stated previous differs", lang), style="yellow"))
        if any(f.code == "previous-annualised" for f in row.findings):
            flags.append(Text(_t("已折算", "scaled", lang), style="cyan"))
        t.add_row(row.period, num(row.output), num(row.gross), num(row.intensity, 2),
                  Text(_signed(rise), style="red" if rise and rise > 0 else ""), _signed(change),
                  row.compared_with or "—", "—" if row.target_completion is None else f"{row.target_completion:.1f}%",
                  f"{row.total:.2f}", row.grade if lang == "zh" else grade_en(row.grade),
                  Text(" ").join(flags) if flags else "")
    return t


def print_findings(findings, lang: str, prefix: str = "") -> None:
    """One line per finding, coloured by severity (the text is never read as markup)."""
    for f in findings:
        colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
        console.print(Text.assemble((f.severity, colour), " ", f"{prefix} " if prefix else "", f.line(lang)))
