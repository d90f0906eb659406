"""Workbook -> record: the inverse of `fill`, reading every input cell by its defined name.

`read_record(path)` proves the layout reversible (fill then read gives the same record) and
is what `cnm recalc` uses; the validator of issue 5 builds on `read_workbook`, which also
returns where each record path lives. Untrusted files: openpyxl parses with defusedxml,
macros never run, and files over the size limits are refused before parsing.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.datetime import from_excel

from cnm.errors import InputErrors, Problem
from cnm.record import Record
from cnm.record_io import record_from_data
from workbook_templates.cells import MissingName, cells_of
from workbook_templates.choices import choices
from workbook_templates.inputs_sheet import TEMPLATE_KEY
from workbook_templates.layout import TEMPLATE_VERSION
from workbook_templates.resolve import resolve
from workbook_templates.spec import Field, Form

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_DATE_SERIAL = 2958466  # 10000-01-01 in Excel's 1900 date system
_SPLIT = re.compile(r"[,，、;；\n]+")


@dataclass
class WorkbookRecord:
    """A record read from a workbook, with the cell of every record path and table rows used."""

    record: Record
    cells: dict[str, str] = field(default_factory=dict)  # record path -> 'Sheet!C5'
    rows: dict[str, list[int | None]] = field(default_factory=dict)  # table id -> record index per row
    version: str = ""


def check_size(path: Path) -> None:
    """Refuse files too large to be a filled template, or zip bombs."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputErrors(str(path), [Problem("(file)", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}",
                                              "文件过大", code="workbook-too-large")])
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        raise InputErrors(str(path), [Problem("(file)", "not an .xlsx/.xlsm workbook (not a zip file)",
                                              "不是 xlsx/xlsm 工作簿", code="workbook-not-xlsx")]) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputErrors(str(path), [Problem("(file)", f"unpacks to {total} bytes; the limit is {MAX_UNCOMPRESSED_BYTES}",
                                              "解压后过大", code="workbook-too-large")])


def open_workbook(path: str | Path, data_only: bool = False, keep_vba: bool = False):
    """openpyxl load with the size checks (openpyxl uses defusedxml when it is installed)."""
    import openpyxl

    p = Path(path)
    check_size(p)
    try:
        return openpyxl.load_workbook(p, data_only=data_only, keep_vba=keep_vba, rich_text=False)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise InputErrors(str(p), [Problem("(file)", f"cannot read the workbook: {exc}", "无法读取工作簿",
                                           code="workbook-unreadable")]) from None


def template_version(wb) -> str:
    """The template marker (`cnm.template` cell, or the custom document property)."""
    try:
        return str(cells_of(wb, "cnm.template")[0].value or "")
    except MissingName:
        for prop in getattr(wb, "custom_doc_props", []) or []:
            if prop.name == "cnm-template":
                return str(prop.value)
    return ""


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    s = str(v).strip()
    return s or None


def _convert(fld: Field, part: str, v, m):
    """A cell's content as the record's value (raises ValueError with a message)."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if part == "quality":
        return choices(m)["quality"].value(v)
    if part in ("unit", "data_source") or (fld.type == "choice" and fld.units):
        return _text(v)
    t = fld.type
    if t in ("choice", "half", "scopes"):
        value = choices(m)[fld.choice].value(v)
        return [1, 2, 3] if t == "scopes" and value is True else [1, 2] if t == "scopes" else value
    if t == "int":
        if isinstance(v, str):
            v = float(v.strip())
        if float(v) != int(float(v)):
            raise ValueError(f"'{v}' is not a whole number")
        return int(float(v))
    if t in ("float", "percent"):
        return float(v.strip().replace(",", "")) if isinstance(v, str) else float(v)
    if t == "date":
        if isinstance(v, int | float) and not isinstance(v, bool):  # a date passed on as its serial number
            if not 1 <= v < MAX_DATE_SERIAL:
                raise ValueError(f"{v} is not a date")
            return from_excel(v).date()
        if isinstance(v, dt.datetime):
            return v.date()
        return v if isinstance(v, dt.date) else _text(v)
    if t == "csv":
        return [x.strip() for x in _SPLIT.split(str(v)) if x.strip()]
    if t == "lines":
        return [x.strip() for x in str(v).splitlines() if x.strip()]
    return _text(v)


def _set(d: dict, path: str, value) -> None:
    keys = path.split(".")
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def _prune(d):
    """Drop amounts without a value (a unit alone is not an amount) and empty dicts."""
    if not isinstance(d, dict):
        return d
    out = {}
    for k, v in d.items():
        v = _prune(v)
        if isinstance(v, dict) and (not v or ("unit" in v and "value" not in v and set(v) <= {"unit", "data_source",
                                                                                                 "quality"})):
            continue
        out[k] = v
    return out


def read_workbook(path: str | Path, methodology=None) -> WorkbookRecord:
    """Read the record of a cnm workbook; InputErrors lists every bad cell with its address."""
    return read_loaded(open_workbook(path), str(path), methodology)


def read_loaded(wb, path: str, methodology=None) -> WorkbookRecord:
    """`read_workbook` on a workbook already opened (with data_only=False), e.g. by the validator."""

    def cell(name: str, index: int):
        c = cells_of(wb, name)[index]
        return c.value, f"{c.parent.title}!{c.coordinate}"

    return _read(cell, template_version(wb), path, methodology)


def read_pairs(pairs, methodology=None, source: str = "cnm.inputs") -> WorkbookRecord:
    """The record from (key, value[, cell]) rows, as the hidden inputs sheet gives them
    (`inputs_sheet`): what `=CNM_SCORE(cnm.inputs)` reads. Rows without a text key are skipped;
    the optional third column names the input cell in messages."""
    values: dict[str, tuple[object, str]] = {}
    for row in pairs:
        if isinstance(row, list | tuple) and len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            key = row[0].strip()
            at = row[2] if len(row) > 2 and isinstance(row[2], str) and row[2].strip() else f"{source}:{key}"
            values[key] = (row[1], at)

    def cell(name: str, index: int):
        for key in (f"{name}[{index}]", name if index == 0 else None):
            if key in values:
                return values[key]
        raise MissingName(name)

    return _read(cell, str(values.get(TEMPLATE_KEY, ("",))[0] or ""), source, methodology)


def _read(lookup, version: str, path: str, methodology=None) -> WorkbookRecord:
    """The record from `lookup(name, index) -> (value, where)`, the input cells by defined name."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    if not version.startswith(TEMPLATE_VERSION.split("/")[0] + "/"):
        raise InputErrors(str(path), [Problem("(file)", "not a cnm workbook (no cnm-template marker)",
                                              "不是 cnm 评价工作簿（缺少模板版本标记）", code="workbook-not-cnm")])
    if version.split("/")[1].split(".")[0] != TEMPLATE_VERSION.split("/")[1].split(".")[0]:
        raise InputErrors(str(path), [Problem("cnm.template", f"template {version}; this cnm reads {TEMPLATE_VERSION}",
                                              f"模板版本 {version} 与本程序（{TEMPLATE_VERSION}）不兼容",
                                              code="workbook-version")])
    data: dict = {}
    cells: dict[str, str] = {}
    rows: dict[str, list[int | None]] = {}
    problems: list[Problem] = []
    forms: dict[str, dict] = {}
    tables: dict[str, list[dict]] = {}
    lay = resolve()

    def read(name, fld, part, loc, index=0):
        try:
            value, at = lookup(name, index)
        except (MissingName, IndexError):
            problems.append(Problem(name, "cell is missing (was the workbook restructured?)", "找不到该单元格",
                                    code="workbook-missing-cell"))
            return None
        cells[loc] = at
        try:
            return _convert(fld, part, value, m)
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(Problem(f"{at} ({loc})", f"cannot use '{value}': {exc}",
                                    f"无法识别“{value}”", code="workbook-bad-value"))
            return None

    for bp, p in lay.inputs():
        block, fld = bp.block, p.item
        if isinstance(block, Form):
            target = forms.setdefault(block.id, {})
            for part, name in p.names.items():
                loc = f"{block.base}.{fld.key}" if block.base else fld.key
                loc = f"{loc}.{part}" if fld.type in ("amount", "amount_vu") else loc
                v = read(name, fld, part, loc)
                if v is not None:
                    _set(target, fld.key + (f".{part}" if fld.type in ("amount", "amount_vu") else ""), v)
        elif block.keys:
            target = forms.setdefault(block.id, {})
            for i, key in enumerate(block.keys):
                for part, cell in p.rows[i].items():
                    v = read(cell.name, fld, part, cell.name)
                    if v is not None:
                        _set(target, f"{key}.{fld.key}", v)
        else:
            table = tables.setdefault(block.id, [{} for _ in range(block.size)])
            for part, name in p.names.items():
                for i in range(block.size):
                    loc = f"{block.path}[{i}].{fld.key}" + (f".{part}" if fld.type in ("amount", "amount_vu") else "")
                    v = read(name, fld, part, loc, i)
                    if v is not None:
                        _set(table[i], fld.key + (f".{part}" if fld.type in ("amount", "amount_vu") else ""), v)
    for bp in lay.blocks:
        block = bp.block
        if isinstance(block, Form):
            values = _prune(forms.get(block.id, {}))
            if not values and block.optional:
                continue
            if block.base:
                _merge(data, block.base, values)
            else:
                data.update(values)
        elif block.keys:
            if any(isinstance(c, Field) for c in block.columns):
                _set(data, block.path, _prune(forms.get(block.id, {})))
        else:
            kept, index = [], []
            for row in tables[block.id]:
                row = _prune(row)
                index.append(len(kept) if row else None)
                if row:
                    kept.append(row)
            rows[block.id] = index
            if kept:
                _merge(data, block.path, kept)
    if problems:
        raise InputErrors(str(path), problems)
    record = _validate(data, str(path), cells, rows)
    return WorkbookRecord(record, cells, rows, version)


def _merge(data: dict, path: str, value) -> None:
    keys = path.split(".")
    d = data
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def _validate(data: dict, source: str, cells: dict[str, str], rows: dict[str, list[int | None]]) -> Record:
    try:
        return record_from_data(data, source)
    except InputErrors as exc:
        for p in exc.problems:
            p.loc = _locate(p.loc, cells, rows)
        raise


def _locate(loc: str, cells: dict[str, str], rows: dict[str, list[int | None]]) -> str:
    """'fuels[1].unit' -> '活动数据!E7 (fuels[1].unit)' (record index -> table row)."""
    m = re.match(r"^([a-z_.]+)\[(\d+)\](.*)$", loc)
    key = loc
    if m:
        path, idx, rest = m.group(1), int(m.group(2)), m.group(3)
        table = next((t for t, r in rows.items() if resolve().block(t).block.path == path), None)
        if table is not None and idx in rows[table]:
            key = f"{path}[{rows[table].index(idx)}]{rest}"
    for candidate in (key, f"{key}.value"):
        if candidate in cells:
            return f"{cells[candidate]} ({loc})"
    prefix = next((c for c in cells if c.startswith(key + ".") or c.startswith(key + "[")), None)
    return f"{cells[prefix]} ({loc})" if prefix else loc


def read_record(path: str | Path, methodology=None) -> Record:
    """The canonical record of a filled cnm workbook (the inverse of `cnm fill`)."""
    return read_workbook(path, methodology).record
