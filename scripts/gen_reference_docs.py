"""Generate the reference pages of docs/ from the data and code, so they cannot drift.

    .venv/bin/python scripts/gen_reference_docs.py          # write docs/reference/*
    .venv/bin/python scripts/gen_reference_docs.py --check  # exit 1 if a page is stale

tests/test_docs.py runs the check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.findings import CODES
from cnm.methodology import default_methodology
from cnm.record_io import record_schema
from validator.codes import reference_page as validator_codes_page

DOCS = Path(__file__).resolve().parent.parent / "docs" / "reference"
QUALITY = {"national_default": "国家缺省值 national default", "literature": "文献值 literature",
           "project_assumption": "项目假设 project assumption", "measured": "实测 measured"}
MARKS = {"V": "V 原文核对 seen in the primary text", "Q": "Q 二手引用 quoted by a secondary source",
         "R": "R 待核对 recalled, must be checked", "D": "D 推导 derived"}


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def factors_page() -> str:
    m = default_methodology()
    out = ["# 排放因子与折标系数 / Factor library", "",
           "由 `scripts/gen_reference_docs.py` 根据 `cnm/data/factors/` 生成，请勿手改。",
           "Generated from `cnm/data/factors/`; do not edit by hand.", "",
           "每个因子集对应一张来源表，互不合并；方法文件按优先级列出所用因子集（见 [方法说明](../methodology.md)）。",
           "Each set is one source table, never merged; the methodology lists the sets it uses in priority order.", "",
           "质量标记 / quality: " + "; ".join(QUALITY.values()) + ".", "",
           "核对标记 / verification: " + "; ".join(MARKS.values()) + ".", ""]
    for s in m.factors.sets:
        out += [f"## {s.id}", "", f"**{s.name_zh}** — {s.name_en}", "",
                f"- 文件 / document: {s.document}",
                *([f"- 文件（中文表述）/ document as Chinese texts cite it: {s.document_zh}"] if s.document_zh else []),
                f"- 发布 / issuer: {s.issuer}, {s.year}", f"- 表 / table: {s.table}",
                *([f"- 表（中文表述）/ table as Chinese texts cite it: {s.table_zh}"] if s.table_zh else []), ""]
        if s.regions:
            out += ["区域电网 / regional grids: " + "; ".join(f"{k}: {'、'.join(v)}" for k, v in s.regions.items()), ""]
        out += ["| id | kind | 名称 / name | value | region / year | quality | mark | note |",
                "|---|---|---|---|---|---|---|---|"]
        for f in s.factors:
            where = " ".join(str(x) for x in (f.region, f.basis, f.data_year) if x)
            ref = f" ({f.reference_conditions})" if f.reference_conditions else ""
            out.append(f"| `{f.id}` | {f.kind} | {_cell(f.name_zh)} / {_cell(f.name_en)} | {_cell(f.display_value)}{ref} "
                       f"| {where} | {f.quality} | {f.verification} | {_cell(f.note)} |")
        out.append("")
    return "\n".join(out)


def gwp_page() -> str:
    from cnm.gwp import BUNDLED_SETS, load_gwp_set

    sets = [load_gwp_set(k) for k in BUNDLED_SETS]
    gases = [g.gas for g in sets[1].gases]
    out = ["# 全球变暖潜能值 / GWP sets (100-year)", "", "Generated from `cnm/data/gwp/`; do not edit by hand.", "",
           "AR4 为默认（附录A 表A.2，按 G-4 补全 CH4、N2O、PFCs、NF3）。AR4 is the default (Table A.2 completed per G-4).", "",
           "| gas | " + " | ".join(s.id.upper() for s in sets) + " | Table A.2 |",
           "|---|" + "---|" * (len(sets) + 1)]
    for g in gases:
        vals = [f"{s.gwp(g):g}" if s.has(g) else "—" for s in sets]
        a2 = "✓" if sets[1].gas(g).table_a2 else ""
        out.append(f"| {g} | " + " | ".join(vals) + f" | {a2} |")
    out += ["", "## Sources", ""] + [f"- **{s.id.upper()}**: {s.source}. {s.note}" for s in sets] + [""]
    return "\n".join(out)


def rubric_page() -> str:
    m = default_methodology()
    r, cat = m.rubric, m.catalog
    out = ["# 评分规则 / Scoring rubric", "", "Generated from `cnm/data/rubric.yaml`; do not edit by hand.", "",
           "分段线性插值，两端取端点分值；定性指标按 0–4 级评分：" + " / ".join(f"{s:g}" for s in r.qualitative_scores) + "。",
           "Piecewise-linear between reference points, clamped at the ends; qualitative levels 0..4 score "
           + " / ".join(f"{s:g}" for s in r.qualitative_scores) + "; a level without evidence scores "
           f"{r.qualitative_without_evidence_score:g} (R-7.2).", "", "## 矿山类别 / Mine categories", "",
           "| id | 名称 | name | output | reference intensity | reference energy intensity |", "|---|---|---|---|---|---|"]
    for cid, c in r.categories.items():
        out.append(f"| `{cid}` | {c.name_zh} | {c.name_en} | {c.output_unit} | {c.reference_carbon_intensity:g} "
                   f"{c.intensity_unit} | {c.reference_energy_intensity:g} {c.energy_intensity_unit} |")
    out.append("")
    for ind in cat.indicators:
        rule = r.rule(ind.id)
        out += [f"## {ind.id} {ind.name_zh} / {ind.name_en}", "",
                f"权重 / weight {ind.weight:g}% ({cat.group_of[ind.id].name_zh}); metric `{rule.metric}`", "",
                f"{rule.rationale_zh}", "", f"{rule.rationale_en}", ""]
        if rule.levels:
            out += ["| level | 描述 | descriptor |", "|---|---|---|"]
            out += [f"| {i} | {_cell(t.zh)} | {_cell(t.en)} |" for i, t in enumerate(rule.levels)]
        elif rule.by_category:
            out += ["| category | points (x → score) |", "|---|---|"]
            out += [f"| `{k}` | " + ", ".join(f"{x:g}→{y:g}" for x, y in p.points) + " |"
                    for k, p in rule.by_category.items()]
        else:
            out += ["points (x → score): " + ", ".join(f"{x:g}→{y:g}" for x, y in rule.points)]
        out.append("")
    return "\n".join(out)


def findings_page() -> str:
    out = ["# 问题代码 / Finding codes", "", "Generated from `cnm/findings.py`; do not edit by hand.", "",
           "严重程度 / severity: error（阻断计算者另注 blocking）、warning、info。", ""]
    for code, t in CODES.items():
        out += [f"## {code}", "", f"- severity: {t.severity}{' (blocking)' if t.blocking else ''}",
                f"- zh: {t.zh}", f"- en: {t.en}"]
        if t.hint_zh or t.hint_en:
            out.append(f"- 处理 / what to do: {t.hint_zh} / {t.hint_en}")
        out.append("")
    return "\n".join(out)


def _commands(group, prefix: str):
    """(full name, command) of every leaf command, walking typer's click-compatible groups."""
    ctx = group.make_context(prefix, [], resilient_parsing=True)
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        full = f"{prefix} {name}"
        if hasattr(cmd, "list_commands"):
            yield from _commands(cmd, full)
        else:
            yield full, cmd


def cli_page() -> str:
    runner = CliRunner()
    out = ["# 命令行 / CLI reference", "", "Generated from the typer app (`cnm ... --help`); do not edit by hand.", "",
           "Exit codes: 0 ok; 1 input errors, each listed as `where: code: message`; 2 usage errors.", ""]
    for full, _cmd in _commands(typer.main.get_command(app), "cnm"):
        args = [*full.split()[1:], "--help"]
        res = runner.invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}, prog_name="cnm")
        text = "\n".join(line.rstrip() for line in res.stdout.strip("\n").splitlines())
        out += [f"## `{full}`", "", "```text", text, "```", ""]
    return "\n".join(out)


def pages() -> dict[Path, str]:
    return {
        DOCS / "factors.md": factors_page(),
        DOCS / "gwp.md": gwp_page(),
        DOCS / "rubric.md": rubric_page(),
        DOCS / "findings.md": findings_page(),
        DOCS / "validator-findings.md": validator_codes_page(),
        DOCS / "cli.md": cli_page(),
        DOCS / "record.schema.json": json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n",
    }


def main(argv: list[str]) -> int:
    stale = []
    for path, text in pages().items():
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for p in stale:
        print(f"stale: {p} (run scripts/gen_reference_docs.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
