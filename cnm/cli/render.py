"""Rich tables of results, for the terminal."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table

from cnm.grading import grade_en
from cnm.result import Result


def num(v: float | None, digits: int = 1) -> str:
    """1234567.8 -> '1,234,567.8'; None -> '—'."""
    if v is None:
        return "—"
    return f"{v:,.{digits}f}"


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:,.1f}%"


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def inventory_table(r: Result, lang: str) -> Table:
    inv = r.inventory
    t = Table(title=_t("温室气体排放清单（tCO2e）", "GHG inventory (tCO2e)", lang), show_lines=False)
    t.add_column(_t("项目", "Item", lang))
    t.add_column("tCO2e", justify="right")
    rows = [
        (_t("范围一 直接排放", "Scope 1 direct", lang), inv.scope1),
        (_t("范围二 基于位置", "Scope 2 location-based", lang), inv.scope2_location),
        (_t("范围二 基于市场", "Scope 2 market-based", lang), inv.scope2_market),
        (_t("范围三" + ("（计入）" if inv.scope3_included else "（仅报告）"),
            "Scope 3" + (" (counted)" if inv.scope3_included else " (reported only)"), lang), inv.scope3),
        (_t(f"排放总量（范围二按{'市场' if inv.scope2_basis == 'market' else '位置'}）",
            f"Gross (Scope 2 {inv.scope2_basis}-based)", lang), inv.gross),
        (_t("边界内移除量", "In-boundary removals", lang), inv.removals),
        (_t("剩余排放量", "Residual", lang), inv.residual),
        (_t("有效抵消量", "Valid offsets", lang), inv.offsets),
    ]
    for label, v in rows:
        t.add_row(label, num(v))
    t.add_row(_t("抵消比例", "Offset share", lang), r.offset_share_text())
    t.add_row(_t("能源消费总量（tce）", "Energy (tce)", lang), num(inv.energy_tce))
    return t


def lines_table(r: Result, lang: str) -> Table:
    t = Table(title=_t("排放源", "Sources", lang))
    for col in (_t("范围", "Scope", lang), _t("排放源", "Source", lang), _t("气体", "Gas", lang)):
        t.add_column(col)
    t.add_column("t", justify="right")
    t.add_column("tCO2e", justify="right")
    for ln in r.inventory.lines:
        scope = f"{ln.scope}" + ("" if ln.basis == "both" else f" ({ln.basis})")
        t.add_row(scope, ln.label_zh if lang == "zh" else ln.label_en, ln.gas, num(ln.gas_t, 2), num(ln.tco2e))
    return t


def indicators_table(r, lang: str, *, title: tuple[str, str] = ("三级指标得分", "Indicator scores"),
                     extra: tuple[str, str, Callable] | None = None) -> Table:
    """The 24 indicators; `extra` = (zh header, en header, indicator -> (zh, en)) adds a column."""
    t = Table(title=_t(*title, lang))
    t.add_column("ID")
    t.add_column(_t("指标", "Indicator", lang))
    t.add_column(_t("数值", "Value", lang), justify="right")
    t.add_column(_t("单位", "Unit", lang))
    t.add_column(_t("权重", "Weight", lang), justify="right")
    t.add_column(_t("得分", "Score", lang), justify="right")
    if extra:
        t.add_column(_t(extra[0], extra[1], lang), overflow="fold")
    for i in r.indicators:
        value = str(i.level) if i.nature == "qualitative" and i.level is not None else num(i.value, 2)
        cells = [i.id, i.name_zh if lang == "zh" else i.name_en, value, i.unit, f"{i.weight:g}%", num(i.score)]
        if extra:
            cells.append(_t(*extra[2](i), lang))
        t.add_row(*cells)
    return t


def subtotals_table(r: Result, lang: str) -> Table:
    t = Table(title=_t("分项得分", "Subtotals", lang))
    t.add_column(_t("指标", "Indicator", lang))
    t.add_column(_t("占总分", "Share", lang), justify="right")
    t.add_column(_t("得分(0-100)", "Score (0-100)", lang), justify="right")
    t.add_column(_t("折合分", "Points", lang), justify="right")
    for lv in r.levels:
        t.add_row(f"[bold]{lv.id} {lv.name_zh if lang == 'zh' else lv.name_en}[/]", f"{lv.share:g}", num(lv.score),
                  num(lv.points, 2))
        for g in (g for g in r.groups if g.level == lv.id):
            t.add_row(f"  {g.id} {g.name_zh if lang == 'zh' else g.name_en}", f"{g.share:g}", num(g.score),
                      num(g.points, 2))
    return t


def verdict(r: Result, lang: str) -> str:
    g = r.grade if lang == "zh" else grade_en(r.grade)
    return (f"[bold]{_t('综合评价得分', 'Total score', lang)}: {r.total_text()}    "
            f"{_t('抵消比例', 'Offset share', lang)}: {r.offset_share_text()}    "
            f"{_t('等级', 'Grade', lang)}: {g}[/]  "
            f"({_t('按得分', 'by score', lang)} {_grade(r.grade_by_score, lang)}, "
            f"{_t('按抵消比例', 'by offset', lang)} {_grade(r.grade_by_offset, lang)})")


def _grade(g: str, lang: str) -> str:
    return g if lang == "zh" else grade_en(g)


def methodology_line(r, lang: str) -> str:
    """'方法: 碳中和矿山评价 附录A 默认方法 v2026.3 sha256:1159…' (in English, its English name where known):
    every printed result says which methodology produced it."""
    version, basis = r.methodology["version"], r.trace_basis()
    name = r.methodology["name"]
    if lang == "en" and basis is not None and basis.methodology_en:  # '<English name> <version>'
        name = basis.methodology_en.removesuffix(f" {version}")
    return f"{_t('方法', 'Methodology', lang)}: {name} v{version} sha256:{r.methodology['hash'][:16]}…"


def summary_table(results: list[Result], lang: str) -> Table:
    t = Table(title=_t("评价结果汇总", "Results", lang))
    for col, just in ((_t("矿山", "Mine", lang), "left"), (_t("期间", "Period", lang), "left"),
                      (_t("排放总量 tCO2e", "Gross tCO2e", lang), "right"), (_t("抵消比例", "Offset", lang), "right"),
                      (_t("得分", "Score", lang), "right"), (_t("等级", "Grade", lang), "left")):
        t.add_column(col, justify=just)
    for r in results:
        m = r.record.mine
        t.add_row(m.name_zh if lang == "zh" else (m.name_en or m.name_zh), r.record.period.label, num(r.inventory.gross),
                  r.offset_share_text(), r.total_text(), r.grade if lang == "zh" else grade_en(r.grade))
    return t
