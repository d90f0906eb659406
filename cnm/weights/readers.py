"""Reading expert sheets: Delphi rounds and AHP matrices, from YAML or CSV (docs/weights.md).

Every problem is located (file, line or key path, expert, target, row/column) and bilingual;
all problems of a file are listed together. Files are read, never modified.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from cnm.catalog import Catalog
from cnm.datafiles import load_data, read_text, validate
from cnm.errors import InputErrors, Problem
from cnm.weights.ahp import Judgement, fraction_text, snap_to_scale
from cnm.weights.delphi import DelphiSheet, Scale
from cnm.weights.targets import Target, catalog_targets, normalise_item_id, target_of_item

YAML_SUFFIXES = (".yaml", ".yml", ".json")
EXPERT_HEADERS = ("expert", "专家", "experts")
#: The largest weight or rating a Delphi sheet may hold (a guard against typos such as 1e308).
MAX_VALUE = 1e6


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DelphiFile(_Strict):
    """A Delphi round in YAML: experts -> {item id: weight or rating}."""

    schema_: str = Field("cnm-delphi/1", alias="schema", pattern=r"^cnm-delphi/1$")
    round: int | None = Field(None, ge=1)
    scale: Scale | None = None
    note: str | None = None
    experts: dict[str, dict[str, float | str | None]]


class MatrixSpec(_Strict):
    items: list[str] | None = None
    matrix: list[list[float | str | None]]


class AhpFile(_Strict):
    """One expert's AHP matrices in YAML: target -> matrix (rows and columns in `items` order)."""

    schema_: str = Field("cnm-ahp/1", alias="schema", pattern=r"^cnm-ahp/1$")
    expert: str = Field(min_length=1)
    note: str | None = None
    matrices: dict[str, MatrixSpec]


def _number(raw: Any) -> float | None:
    """A finite number from a cell: 30, '30', '1/3', '0.33'; None if it is not one."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    text = str(raw).strip().replace("／", "/")
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(text)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def _blank(raw: Any) -> bool:
    return raw is None or str(raw).strip() in ("", "-", "—")


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-blank, non-comment rows of a CSV file."""
    reader = csv.reader(io.StringIO(read_text(path)))
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells) or cells[0].strip().startswith("#"):
                continue
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise InputErrors(str(path), [Problem(f"{path}:{reader.line_num}", f"not a readable CSV row: {exc}",
                                              f"无法读取的 CSV 行：{exc}", code="csv")]) from None
    return rows


# --- Delphi -----------------------------------------------------------------------------------


def read_delphi(path: str | Path, catalog: Catalog) -> DelphiSheet:
    """One Delphi round: a CSV (header `expert,I01,...`) or a YAML file (`experts: {E1: {I01: 30}}`)."""
    p = Path(path)
    if p.suffix.lower() in YAML_SUFFIXES:
        spec = validate(DelphiFile, load_data(p), str(p))
        header = [normalise_item_id(k) for k in next(iter(spec.experts.values()), {})]
        rows = []
        for expert, scores in spec.experts.items():
            given = {normalise_item_id(k): v for k, v in scores.items()}
            rows.append((expert, f"experts.{expert}", [given.pop(i, None) for i in header], sorted(given)))
        sheet_scale, number = spec.scale, spec.round
    else:
        header, rows, sheet_scale, number = _delphi_csv(p)
    return _delphi_sheet(str(p), header, rows, catalog, sheet_scale, number)


def _delphi_csv(p: Path) -> tuple[list[str], list, Scale | None, int | None]:
    rows = _csv_rows(p)
    if not rows or rows[0][1][0].lower() not in EXPERT_HEADERS:
        raise InputErrors(str(p), [Problem(f"{p}:{rows[0][0] if rows else 1}",
                                           "the first row must be the header: expert, I01, I02, ... (or G1..G6)",
                                           "第一行应为表头：expert（专家）, I01, I02, …（或 G1…G6）", code="delphi-header")])
    line, head = rows[0]
    header = [normalise_item_id(c) for c in head[1:]]
    out = []
    for line, cells in rows[1:]:
        extra = [f"column {k + 1}" for k in range(len(header) + 1, len(cells)) if cells[k]]
        values = (cells[1:] + [""] * len(header))[: len(header)]
        out.append((cells[0], f"line {line}", values, extra))
    return header, out, None, None


def _delphi_sheet(source: str, header: list[str], rows: list, catalog: Catalog, scale: Scale | None,
                  number: int | None) -> DelphiSheet:
    problems = _check_header(source, header, catalog)
    experts, locs, matrix = [], [], []
    for expert, loc, cells, extra in rows:
        where = f"{source} {loc}"
        if not str(expert).strip():
            problems.append(Problem(where, "the expert's name or code is empty", "专家姓名或编号为空", code="delphi-expert"))
        elif expert in experts:
            problems.append(Problem(where, f"expert {expert} appears twice", f"专家 {expert} 重复出现", code="delphi-expert"))
        for what in extra:
            problems.append(Problem(f"{where} (expert {expert})", f"{what} is not among the sheet's items (header / first expert)",
                                    f"{what} 不在表头（或第一位专家）的指标中",
                                    code="delphi-items"))
        row = []
        for item, raw in zip(header, cells, strict=True):
            value = _number(raw)
            if _blank(raw):
                problems.append(Problem(f"{where} (expert {expert}, {item})", "missing value", "缺少数值",
                                        code="delphi-value"))
            elif value is None or not 0 <= value <= MAX_VALUE:
                problems.append(Problem(f"{where} (expert {expert}, {item})",
                                        f"'{raw}' is not a number from 0 to {MAX_VALUE:g}",
                                        f"“{raw}”不是 0 至 {MAX_VALUE:g} 之间的数值", code="delphi-value"))
            row.append(value or 0.0)
        experts.append(expert)
        locs.append(loc)
        matrix.append(row)
    if problems:
        raise InputErrors(source, problems)
    values = np.asarray(matrix, dtype=float).reshape(len(experts), len(header))
    return DelphiSheet(source, tuple(experts), tuple(header), values, tuple(locs), scale, number)


def _check_header(source: str, header: list[str], catalog: Catalog) -> list[Problem]:
    owner = target_of_item(catalog)
    targets = catalog_targets(catalog)
    problems = []
    for k, item in enumerate(header):
        if item not in owner:
            problems.append(Problem(f"{source} header column {k + 2}", f"'{item}' is not an indicator (I01..I24) or group "
                                    "(G1..G6) id", f"“{item}”不是指标编号（I01…I24）或二级指标编号（G1…G6）",
                                    code="delphi-items"))
        elif item in header[:k]:
            problems.append(Problem(f"{source} header column {k + 2}", f"{item} appears twice", f"{item} 重复",
                                    code="delphi-items"))
    for t in targets.values():
        missing = [i for i in t.items if i not in header]
        if len(missing) < len(t.items) and missing:
            problems.append(Problem(f"{source} header", f"{t.id} is incomplete: {', '.join(missing)} missing "
                                    f"(weights are set for whole groups)",
                                    f"{t.id} 不完整，缺少 {', '.join(missing)}（权重须按整组给出）", code="delphi-items"))
    if not header:
        problems.append(Problem(f"{source} header", "no indicator columns", "没有指标列", code="delphi-items"))
    return problems


# --- AHP --------------------------------------------------------------------------------------


def read_ahp(path: str | Path, catalog: Catalog) -> list[Judgement]:
    """The matrices of a YAML file (one expert) or a CSV file (blocks `expert,E1,group,G1`)."""
    p = Path(path)
    targets = catalog_targets(catalog)
    if p.suffix.lower() in YAML_SUFFIXES:
        spec = validate(AhpFile, load_data(p), str(p))
        blocks = [(spec.expert, key, f"matrices.{key}", m.items, m.matrix, [f"matrices.{key}.matrix[{r}]"
                                                                          for r in range(len(m.matrix))])
                  for key, m in spec.matrices.items()]
    else:
        blocks = _ahp_csv_blocks(p)
    problems: list[Problem] = []
    out = []
    for expert, key, loc, items, rows, row_locs in blocks:
        j = _judgement(str(p), expert, key, loc, items, rows, row_locs, targets, problems)
        if j is not None:
            out.append(j)
    if not blocks:
        problems.append(Problem(str(p), "no matrix found", "文件中没有判断矩阵", code="ahp-empty"))
    if problems:
        raise InputErrors(str(p), problems)
    return out


def _ahp_csv_blocks(p: Path) -> list:
    """Blocks: `expert,<name>,group,<target>`, then `,<item>,<item>...`, then one row per item."""
    rows = _csv_rows(p)
    blocks, problems = [], []
    k = 0
    while k < len(rows):
        line, cells = rows[k]
        if len(cells) < 4 or cells[0].lower() not in EXPERT_HEADERS or cells[2].lower() not in ("group", "组", "target"):
            problems.append(Problem(f"{p}:{line}", "expected a block header: expert,<name>,group,<G1..G6 or shares>",
                                    "此处应为矩阵块的表头：expert,专家,group,G1…G6 或 shares", code="ahp-block"))
            break
        expert, key = cells[1], cells[3]
        if k + 1 >= len(rows):
            problems.append(Problem(f"{p}:{line}", "the block has no matrix", "矩阵块没有内容", code="ahp-block"))
            break
        items = [c for c in rows[k + 1][1][1:] if c]
        body = rows[k + 2: k + 2 + len(items)]
        if len(body) < len(items) or any(c[0].lower() in EXPERT_HEADERS for _, c in body):
            problems.append(Problem(f"{p}:{rows[k + 1][0]} (expert {expert}, {key})",
                                    f"the block needs {len(items)} rows, one per column ({', '.join(items)})",
                                    f"矩阵块应有 {len(items)} 行，与列一一对应", code="ahp-block"))
            break
        labels = [normalise_item_id(c[0]) for _, c in body]
        if labels != [normalise_item_id(i) for i in items]:
            problems.append(Problem(f"{p}:{rows[k + 1][0]} (expert {expert}, {key})",
                                    f"row labels {', '.join(labels)} must repeat the column labels {', '.join(items)} "
                                    "in the same order", "行标题须与列标题顺序一致", code="ahp-block"))
        blocks.append((expert, key, f"line {line}", items, [c[1:] for _, c in body], [f"line {ln}" for ln, _ in body]))
        k += 2 + len(items)
    if problems:
        raise InputErrors(str(p), problems)
    return blocks


def _judgement(source: str, expert: str, key: str, loc: str, items: list[str] | None, rows: list[list],
               row_locs: list[str], targets: dict[str, Target], problems: list[Problem]) -> Judgement | None:
    target = targets.get(normalise_item_id(key))
    where = f"{source} {loc} (expert {expert}, {key})"
    if target is None:
        problems.append(Problem(where, f"'{key}' is not a target: use G1..G6 (indicators of a group) or shares "
                                "(the six groups)", f"“{key}”不是有效的比较对象：应为 G1…G6 或 shares", code="ahp-target"))
        return None
    names = tuple(normalise_item_id(i) for i in (items or target.items))
    if sorted(names) != sorted(target.items):
        problems.append(Problem(where, f"the items {', '.join(names)} are not those of {target.id}: "
                                f"{', '.join(target.items)}", f"比较的指标与 {target.id} 的指标不一致", code="ahp-items"))
        return None
    n = len(names)
    too_long = any(any(not _blank(c) for c in r[n:]) for r in rows)
    if len(rows) != n or too_long:
        problems.append(Problem(where, f"the matrix must have {n} rows of {n} values ({', '.join(names)})",
                                f"矩阵应为 {n} 行 {n} 列（{', '.join(names)}）", code="ahp-shape"))
        return None
    before = len(problems)
    a = np.ones((n, n))
    cells = [[(r[c] if c < len(r) else None) for c in range(n)] for r in rows]
    for i in range(n):
        for c in range(n):
            raw = cells[i][c]
            cell = f"{source} {row_locs[i]} (expert {expert}, {target.id}, row {names[i]}, col {names[c]})"
            if _blank(raw) and c <= i:
                a[i, c] = 1.0 if c == i else math.nan  # lower triangle: the reciprocal, filled below
                continue
            value = _number(raw)
            snapped = snap_to_scale(value) if value is not None and value > 0 else None
            if _blank(raw):
                problems.append(Problem(cell, "missing judgement: fill the upper triangle (the lower one may stay "
                                        "empty for the reciprocals)", "缺少判断值：上三角须填写（下三角可留空，自动取倒数）",
                                        code="ahp-missing"))
            elif snapped is None:
                problems.append(Problem(cell, f"'{raw}' is not on Saaty's 1-9 scale (1..9 or 1/2..1/9)",
                                        f"“{raw}”不是 1-9 标度的取值（1…9 或 1/2…1/9）", code="ahp-scale"))
            elif c == i and snapped != 1:
                problems.append(Problem(cell, f"the diagonal must be 1, not {raw}", f"对角线应为 1，而不是 {raw}",
                                        code="ahp-diagonal"))
            else:
                a[i, c] = snapped
    for i in range(n):
        for c in range(i + 1, n):
            if math.isnan(a[c, i]):
                a[c, i] = 1 / a[i, c]
            elif abs(a[i, c] * a[c, i] - 1) > 1e-9:
                problems.append(Problem(
                    f"{source} {row_locs[c]} (expert {expert}, {target.id}, row {names[c]}, col {names[i]})",
                    f"not reciprocal: {names[c]} vs {names[i]} is {fraction_text(a[c, i])} but {names[i]} vs {names[c]} is "
                    f"{fraction_text(a[i, c])}; it should be {fraction_text(1 / a[i, c])}",
                    f"不满足互反性：{names[c]} 比 {names[i]} 为 {fraction_text(a[c, i])}，而 {names[i]} 比 {names[c]} 为 "
                    f"{fraction_text(a[i, c])}，应为 {fraction_text(1 / a[i, c])}", code="ahp-reciprocal"))
    if len(problems) > before:
        return None
    return Judgement(expert, target.id, names, a, source, loc)


