"""`cnm weights delphi|ahp FILES`: indicator weights from experts (R-5.2), written as a
methodology file (`-o`) that `cnm score --methodology` uses. See docs/weights.md.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cnm.cli.common import EXIT_INPUT, JsonOpt, Lang, LangOpt, console, dump_json, err_console, guarded, print_errors
from cnm.errors import InputErrors, Problem
from cnm.methodology import default_methodology, load_methodology
from cnm.result import assess
from cnm.weights import (
    CR_MAX,
    ConvergenceRule,
    ahp_fragment,
    catalog_targets,
    combine,
    delphi_fragment,
    fragment_text,
    read_ahp,
    read_delphi,
    refusals,
    run_delphi,
)
from cnm.weights.ahp import AhpResult
from cnm.weights.delphi import DelphiResult
from cnm.weights.targets import Target

group = typer.Typer(help="专家赋权 / indicator weights from experts: Delphi rounds or AHP matrices (R-5.2).",
                    no_args_is_help=True)


class RuleMode(StrEnum):
    both = "both"
    either = "either"
    cv = "cv"
    delta = "delta"


class ScaleOpt(StrEnum):
    weights = "weights"
    ratings = "ratings"


class AggregateOpt(StrEnum):
    mean = "mean"
    geometric = "geometric"


FilesArg = Annotated[list[Path], typer.Argument(help="expert files (YAML or CSV), in order", exists=True, dir_okay=False)]
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="write the methodology file (YAML) here")]
NameOpt = Annotated[str | None, typer.Option("--name", help="name of the methodology (zh)")]
NameEnOpt = Annotated[str | None, typer.Option("--name-en", help="name of the methodology (en)")]
VersionOpt = Annotated[str, typer.Option("--version", help="version of the methodology")]
DecimalsOpt = Annotated[int, typer.Option("--decimals", min=0, max=4, help="decimals of the written weights")]


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _f(v: float | None, digits: int = 2) -> str:
    return "—" if v is None or not math.isfinite(v) else f"{v:.{digits}f}"


def _names(targets: dict[str, Target], lang: str) -> dict[str, str]:
    out = {}
    for t in targets.values():
        out.update(zip(t.items, t.names_zh if lang == "zh" else t.names_en, strict=True))
    return out


def _finite(v: float | None) -> float | None:
    return v if v is None or math.isfinite(v) else None


# --- Delphi -----------------------------------------------------------------------------------


def delphi_tables(result: DelphiResult, targets: dict[str, Target], lang: str) -> list[Table]:
    names = _names(targets, lang)
    tables = []
    for rs in result.rounds:
        src = escape(Path(rs.source).name)
        t = Table(title=_t(f"第 {rs.number} 轮（{src}，{len(rs.experts)} 位专家）",
                           f"Round {rs.number} ({src}, {len(rs.experts)} experts)", lang))
        for col, just in (("ID", "left"), (_t("指标", "Item", lang), "left"), ("n", "right"),
                          (_t("均值", "Mean", lang), "right"), (_t("标准差", "SD", lang), "right"),
                          ("CV", "right"), (_t("权重%", "Weight %", lang), "right"), ("Δ", "right")):
            t.add_column(col, justify=just)
        for tr in rs.targets:
            target = targets[tr.target]
            t.add_row(f"[bold]{tr.target}[/]", f"[bold]{target.name_zh if lang == 'zh' else target.name_en}[/]")
            for i in tr.items:
                cv = _f(i.cv, 3)
                t.add_row(i.id, names[i.id], str(i.n), _f(i.mean), _f(i.sd), cv if i.cv <= result.rule.cv_max else f"[red]{cv}[/]",
                          _f(i.weight), _f(i.change))
        tables.append(t)
    tables.append(concordance_table(result, targets, lang))
    return tables


def concordance_table(result: DelphiResult, targets: dict[str, Target], lang: str) -> Table:
    """Kendall's W (and the p of its chi-square test) per target and round."""
    t = Table(title=_t("肯德尔协调系数 W（p 值）", "Kendall's coefficient of concordance W (p)", lang))
    t.add_column(_t("对象", "Target", lang))
    for rs in result.rounds:
        t.add_column(_t(f"第 {rs.number} 轮", f"Round {rs.number}", lang), justify="right")
    for k, tr in enumerate(result.rounds[0].targets):
        target = targets[tr.target]
        cells = []
        for rs in result.rounds:
            c = rs.targets[k].concordance
            cells.append(f"{_f(c.w, 3)} ({_f(c.p, 4)})")
        t.add_row(f"{tr.target} {target.name_zh if lang == 'zh' else target.name_en}", *cells)
    return t


def delphi_verdict(result: DelphiResult, lang: str) -> str:
    r = result.rule
    last = result.rounds[-1]
    rule = f"CV ≤ {r.cv_max:g}, Δ ≤ {r.delta_max:g} ({r.mode})"
    if result.converged_round:
        text = _t(f"第 {last.number} 轮收敛（满足 {last.criterion}；规则 {rule}）",
                  f"converged in round {last.number} ({last.criterion} held; rule {rule})", lang)
        if result.ignored:
            later = escape(", ".join(result.ignored))
            text += _t(f"；其后各轮未使用：{later}", f"; later rounds not used: {later}", lang)
        return f"[bold green]{text}[/]"
    return "[bold yellow]" + _t(f"{last.number} 轮后仍未收敛（最大 CV {_f(last.max_cv, 3)}，最大 Δ {_f(last.max_change)}；规则 {rule}）"
                                "：请再进行一轮", f"not converged after {last.number} rounds (max CV {_f(last.max_cv, 3)}, "
                                f"max Δ {_f(last.max_change)}; rule {rule}): run another round", lang) + "[/]"


def delphi_json(result: DelphiResult) -> dict:
    return {
        "method": "delphi", "scale": result.scale,
        "rule": {"cv_max": result.rule.cv_max, "delta_max": result.rule.delta_max, "mode": result.rule.mode},
        "converged_round": result.converged_round, "ignored": list(result.ignored),
        "rounds": [{"number": rs.number, "source": rs.source, "experts": list(rs.experts), "max_cv": _finite(rs.max_cv),
                    "max_change": rs.max_change, "converged": rs.converged, "criterion": rs.criterion,
                    "targets": [{"target": tr.target, "kendall_w": tr.concordance.w, "chi2": tr.concordance.chi2,
                                 "df": tr.concordance.df, "p": tr.concordance.p,
                                 "items": [{"id": i.id, "n": i.n, "mean": i.mean, "sd": i.sd, "cv": _finite(i.cv),
                                            "weight": i.weight, "change": i.change} for i in tr.items]}
                                for tr in rs.targets]}
                   for rs in result.rounds],
    }


@group.command("delphi")
@guarded
def delphi(
    files: FilesArg,
    cv_max: Annotated[float, typer.Option("--cv-max", min=0, help="consensus: every CV at most this")] = 0.25,
    delta_max: Annotated[float, typer.Option("--delta-max", min=0, help="stability: weights moved at most this many "
                                                                        "percentage points since the last round")] = 2.0,
    rule: Annotated[RuleMode, typer.Option("--rule", help="which criteria make a round converged")] = RuleMode.both,
    scale: Annotated[ScaleOpt | None, typer.Option("--scale", help="weights: rows add up to 100 per group; "
                                                                  "ratings: any importance scores")] = None,
    output: OutputOpt = None,
    accept_unconverged: Annotated[bool, typer.Option("--accept-unconverged", help="write -o from the last round even "
                                                                               "if it has not converged")] = False,
    name: NameOpt = None, name_en: NameEnOpt = None, version: VersionOpt = "1", decimals: DecimalsOpt = 2,
    json_out: JsonOpt = False, lang: LangOpt = Lang.zh,
) -> None:
    """Delphi rounds (one file per round, in order): mean, SD, CV, Kendall's W, convergence, weights."""
    targets = catalog_targets(default_methodology().catalog)
    sheets = [read_delphi(f, default_methodology().catalog) for f in files]
    result = run_delphi(sheets, targets, ConvergenceRule(cv_max, delta_max, rule.value), scale.value if scale else None)
    fragment = delphi_fragment(result, targets, name=name, name_en=name_en, version=version, decimals=decimals)
    if json_out:
        dump_json({**delphi_json(result), "methodology": fragment})
    else:
        for t in delphi_tables(result, targets, lang.value):
            console.print(t)
        console.print(delphi_verdict(result, lang.value))
        console.print(comparison_table(fragment, targets, lang.value))
    if output is not None:
        if not result.converged_round and not accept_unconverged:
            raise InputErrors(str(output), [Problem(str(output), "the rounds have not converged; the methodology file "
                                                    "is not written (run another round, or pass --accept-unconverged)",
                                                    "专家意见尚未收敛，未写出方法文件（请再进行一轮，或使用 --accept-unconverged）",
                                                    code="delphi-not-converged")])
        write_methodology(output, fragment, files, lang.value, json_out)


# --- AHP --------------------------------------------------------------------------------------


def ahp_table(result: AhpResult, lang: str) -> Table:
    t = Table(title=_t(f"判断矩阵一致性检验（CR < {result.cr_max:g} 方可采用）",
                       f"Consistency of the matrices (accepted when CR < {result.cr_max:g})", lang))
    for col, just in ((_t("专家", "Expert", lang), "left"), (_t("对象", "Target", lang), "left"), ("n", "right"),
                      ("λmax", "right"), ("CI", "right"), ("RI", "right"), ("CR", "right"),
                      (_t("结论", "Verdict", lang), "left"), (_t("权重%", "Weights %", lang), "left")):
        t.add_column(col, justify=just)
    order = {t: k for k, t in enumerate(dict.fromkeys(r.judgement.target for r in result.matrices))}
    for r in sorted(result.matrices, key=lambda r: order[r.judgement.target]):
        j, s = r.judgement, r.stats
        verdict = _t("采用", "accepted", lang) if r.accepted else f"[red]{_t('拒绝', 'refused', lang)}[/]"
        weights = " ".join(f"{item} {100 * w:.1f}" for item, w in zip(j.items, s.priorities, strict=True))
        t.add_row(escape(j.expert), j.target, str(len(j.items)), _f(s.lambda_max, 4), _f(s.ci, 4), _f(s.ri), _f(s.cr, 4),
                  verdict, weights)
    for target, s in result.combined.items():
        t.add_row(_t("几何平均", "geometric mean", lang), target, str(len(s.priorities)), _f(s.lambda_max, 4),
                  _f(s.ci, 4), _f(s.ri), _f(s.cr, 4), "", "")
    return t


def ahp_json(result: AhpResult) -> dict:
    def stats(s):
        return {"priorities": list(s.priorities), "lambda_max": s.lambda_max, "ci": s.ci, "ri": s.ri, "cr": s.cr}

    return {
        "method": "ahp", "aggregate": result.aggregate, "cr_max": result.cr_max,
        "matrices": [{"expert": r.judgement.expert, "target": r.judgement.target, "source": r.judgement.source,
                      "loc": r.judgement.loc, "items": list(r.judgement.items), "accepted": r.accepted,
                      **stats(r.stats)} for r in result.matrices],
        "combined": {t: stats(s) for t, s in result.combined.items()},
        "experts": {t: list(e) for t, e in result.experts.items()},
    }


@group.command("ahp")
@guarded
def ahp(
    files: FilesArg,
    aggregate: Annotated[AggregateOpt, typer.Option("--aggregate", help="mean: average the experts' weight vectors "
                                                                       "(the standard's 取平均值); geometric: geometric "
                                                                       "mean of their judgements")] = AggregateOpt.mean,
    cr_max: Annotated[float, typer.Option("--cr-max", min=0.0, max=1.0, help="refuse matrices with CR at or above")]
    = CR_MAX,
    drop_inconsistent: Annotated[bool, typer.Option("--drop-inconsistent", help="leave refused matrices out and "
                                                                             "average the other experts")] = False,
    output: OutputOpt = None,
    name: NameOpt = None, name_en: NameEnOpt = None, version: VersionOpt = "1", decimals: DecimalsOpt = 2,
    json_out: JsonOpt = False, lang: LangOpt = Lang.zh,
) -> None:
    """AHP matrices (Saaty 1-9): eigenvector, lambda_max, CI, RI, CR per expert and target; combined weights."""
    catalog = default_methodology().catalog
    targets = catalog_targets(catalog)
    result = combine([j for f in files for j in read_ahp(f, catalog)], aggregate=aggregate.value, cr_max=cr_max)
    problems = refusals(result, drop_inconsistent)
    fragment = ahp_fragment(result, targets, name=name, name_en=name_en, version=version, decimals=decimals)
    if json_out:
        dump_json({**ahp_json(result), "ok": not problems, "problems": [p.__dict__ for p in problems],
                   "methodology": None if problems else fragment})
    else:
        console.print(ahp_table(result, lang.value))
        if not problems:
            console.print(comparison_table(fragment, targets, lang.value))
    if problems:
        print_errors(InputErrors("AHP", problems), lang.value)
        if not drop_inconsistent:
            err_console.print(_t("请专家修订被拒绝的矩阵后重新计算，或使用 --drop-inconsistent 仅用其余专家的矩阵。",
                             "Ask the experts to revise the refused matrices, or pass --drop-inconsistent to use the "
                             "other experts only.", lang.value), markup=False)
        raise typer.Exit(EXIT_INPUT)
    if output is not None:
        write_methodology(output, fragment, files, lang.value, json_out)


# --- shared -----------------------------------------------------------------------------------


def comparison_table(fragment: dict, targets: dict[str, Target], lang: str) -> Table:
    """The derived weights next to the ones in use now (Appendix A by default)."""
    names = _names(targets, lang)
    t = Table(title=_t("专家权重与附录A建议值", "Expert weights and Appendix A", lang))
    for col, just in (("ID", "left"), (_t("指标", "Item", lang), "left"), (_t("附录A", "Appendix A", lang), "right"),
                      (_t("专家权重", "Experts", lang), "right"), (_t("变化", "Change", lang), "right")):
        t.add_column(col, justify=just)
    new = {**fragment.get("weights", {}), **fragment.get("group_shares", {})}
    for target in targets.values():
        if not any(i in new for i in target.items):
            continue
        t.add_row(f"[bold]{target.id}[/]", f"[bold]{target.name_zh if lang == 'zh' else target.name_en}[/]", "", "", "")
        for item, old in zip(target.items, target.current, strict=True):
            t.add_row(item, names[item], f"{old:g}", f"{new[item]:.2f}", f"{new[item] - old:+.2f}")
    return t


def write_methodology(output: Path, fragment: dict, files: list[Path], lang: str, quiet_stdout: bool = False) -> None:
    """Write the methodology file, then load it back (so what is written is known to be accepted)."""
    if any(output.resolve() == f.resolve() for f in files):
        raise InputErrors(str(output), [Problem(str(output), "the output file is one of the input files",
                                                "输出文件不能是输入文件之一", code="output-is-input")])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(fragment_text(fragment, [str(f) for f in files]), encoding="utf-8")
    m = load_methodology(output)
    (err_console if quiet_stdout else console).print(_t(f"已写出方法文件 {output}（sha256 {m.hash[:16]}…）；评价时使用：cnm score 记录文件 --methodology {output}",
                     f"wrote {output} (sha256 {m.hash[:16]}…); use it with: cnm score RECORD --methodology {output}",
                     lang), markup=False)


def totals_table(results: list, methodologies: list[tuple[str, object]], lang: str) -> Table:
    """Each result's total and grade under Appendix A and under each expert-weight methodology."""
    t = Table(title=_t("不同权重下的综合得分与等级", "Total score and grade under each set of weights", lang))
    t.add_column(_t("矿山", "Mine", lang))
    t.add_column(_t("期间", "Period", lang))
    t.add_column(_t("附录A", "Appendix A", lang), justify="right")
    for label, _ in methodologies:
        t.add_column(label, justify="right")
    for r in results:
        others = [assess(r.record, m) for _, m in methodologies]
        mine = r.record.mine
        t.add_row(escape(mine.name_zh if lang == "zh" else (mine.name_en or mine.name_zh)), r.record.period.label,
                  f"{r.total_text()} {r.grade}", *(f"{o.total_text()} {o.grade}" for o in others))
    return t


def demo_stage(ctx) -> None:
    """`cnm demo`: both methods on examples/weights, each written as a methodology file, and the demo
    mines' totals under them next to Appendix A."""
    folder = ctx.records_dir.parent / "weights"
    if not folder.is_dir():
        console.print(f"(no {folder}: weights stage skipped)", markup=False)
        return
    out = ctx.out / "weights"
    catalog = default_methodology().catalog
    targets = catalog_targets(catalog)
    rounds = sorted((folder / "delphi").glob("round-*.*"))
    delphi_result = run_delphi([read_delphi(f, catalog) for f in rounds], targets)
    experts = [folder / "ahp" / n for n in ("expert-1.yaml", "expert-2.csv", "expert-3-revised.yaml")]
    ahp_result = combine([j for f in experts for j in read_ahp(f, catalog)])
    written = []
    for name, label, fragment, files in (
            ("delphi", _t("德尔菲法", "Delphi", ctx.lang), delphi_fragment(delphi_result, targets), rounds),
            ("ahp", _t("层次分析法", "AHP", ctx.lang), ahp_fragment(ahp_result, targets), experts)):
        path = out / f"methodology-{name}.yaml"
        write_methodology(path, fragment, files, ctx.lang)
        written.append((label, load_methodology(path)))
    console.print(totals_table(ctx.results, written, ctx.lang))
    ctx.outputs.append(("专家赋权方法文件 / methodology files from expert weights", out))


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="weights")
