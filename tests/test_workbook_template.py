"""The template itself: the layout covers the whole record, every input is named, validated and
unlocked, computed cells are locked formulas using only portable functions, the .xlsm carries
xlwings' VBA project with our wrapper module; fill, read and the CLI refuse bad input with located errors."""

from __future__ import annotations

import re
import typing
import zipfile
from io import BytesIO

import olefile
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from pydantic import BaseModel
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.errors import InputErrors
from cnm.record import Amount, Record
from tests.conftest import DEMO_RECORDS, amt, make_record
from workbook_templates.build import build_workbook, sheet_title
from workbook_templates.cells import cell_of, cells_of
from workbook_templates.fill import fill_workbook
from workbook_templates.layout import TEMPLATE_VERSION
from workbook_templates.read import read_record
from workbook_templates.resolve import resolve
from workbook_templates.spec import Calc, Field
from workbook_templates.xlsm import build_xlsm, quickstart_path

#: Functions that Excel 2010, LibreOffice 7 and WPS all have (the native path may use no other).
PORTABLE = {"IF", "IFERROR", "AND", "OR", "NOT", "SUM", "SUMIF", "SUMPRODUCT", "MIN", "MAX", "ABS", "INDEX", "MATCH",
            "VLOOKUP", "COUNTIF", "ISNUMBER", "NA", "N", "LEN", "LEFT", "RIGHT", "MID", "TRIM", "UPPER", "LOWER",
            "SUBSTITUTE", "EXACT", "VALUE", "TEXT", "FALSE", "TRUE", "ROUND", "REPT", "CHAR"}


@pytest.fixture(scope="module")
def template():
    buf = BytesIO()
    build_workbook("zh").save(buf)
    return buf.getvalue()


def _leaf_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    out = set()
    for name, f in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = f.annotation
        if typing.get_origin(ann) is dict and typing.get_origin(typing.get_args(ann)[0]) is typing.Literal:
            key_type, value_type = typing.get_args(ann)  # a dict with fixed keys: each key is a place
            for key in typing.get_args(key_type):
                out |= _leaf_paths(value_type, f"{path}.{key}.")
            continue
        inner = [a for a in getattr(ann, "__args__", ()) if isinstance(a, type)] + ([ann] if isinstance(ann, type) else [])
        sub = next((a for a in inner if issubclass(a, BaseModel)), None)
        if sub is not None and not issubclass(sub, Amount):
            out |= _leaf_paths(sub, path + ".")
        else:
            out.add(path)
    return out


def test_the_layout_covers_every_field_of_the_record():
    lay = resolve()
    placed = set()
    for bp, p in lay.inputs():
        base = bp.block.base if hasattr(bp.block, "base") else bp.block.path
        placed.add(f"{base}.{p.item.key}" if base else p.item.key)
    leaves = {x for x in _leaf_paths(Record) if x != "schema_version"}
    covered = {leaf for leaf in leaves if any(p == leaf or p.startswith(leaf + ".") for p in placed)}
    assert leaves - covered == set()


def test_every_input_is_named_validated_and_unlocked(template):
    wb = openpyxl.load_workbook(BytesIO(template))
    lay = resolve()
    for sheet in lay.sheets:
        ws = wb[sheet_title(sheet, "zh")]
        assert ws.protection.sheet, sheet.id
        validated = set()
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                validated |= {f"{get_column_letter(c)}{r}" for r, c in rng.cells}
        for bp in [b for b in lay.blocks if b.sheet.id == sheet.id]:
            for p in bp.items:
                cells = [p.cells] if p.cells else p.rows
                for cs in cells:
                    for cell in cs.values():
                        c = ws[cell.coord]
                        if isinstance(p.item, Field):
                            assert not c.protection.locked and cell.coord in validated, f"{sheet.id}!{cell.coord}"
                        elif isinstance(p.item, Calc):
                            assert c.protection.locked and str(c.value).startswith("="), f"{sheet.id}!{cell.coord}"
    names = list(wb.defined_names.keys())
    assert len(names) == len(set(names))
    assert "mine.name_zh" in names and "fuels.value" in names and "qualitative.I14.level" in names
    assert cell_of(wb, "cnm.template").value == TEMPLATE_VERSION


def test_native_formulas_use_only_portable_functions(template):
    wb = openpyxl.load_workbook(BytesIO(template))
    used = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    text = re.sub(r'"[^"]*"', "", c.value)
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used - PORTABLE == set()


def test_indicator_rows_carry_their_description(template):
    wb = openpyxl.load_workbook(BytesIO(template))
    ws = wb["指标体系"]
    comments = [c.comment.text for row in ws.iter_rows() for c in row if c.comment]
    assert len(comments) == 24 and any("二氧化碳当量" in t for t in comments)
    assert ws.freeze_panes and ws.print_area


def test_xlsm_carries_the_xlwings_vba_project_with_our_module_and_points_at_our_udfs(tmp_path):
    """The VBA project in detail: tests/test_vba_project.py."""
    path = tmp_path / "t.xlsm"
    build_xlsm("en").save(path)
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(quickstart_path()) as q:
        ours, theirs = olefile.OleFileIO(z.read("xl/vbaProject.bin")), olefile.OleFileIO(q.read("xl/vbaProject.bin"))
        assert ours.listdir() == sorted([*(x for x in theirs.listdir() if x != ["VBA", "Module1"]),
                                         ["VBA", "xlwings_udfs"]]), "the sample module Module1 replaced by ours"
        assert b"macroEnabled" in z.read("[Content_Types].xml")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    conf = {r[0]: r[1] for r in wb["xlwings.conf"].iter_rows(values_only=True) if r[0]}
    assert conf["UDF Modules"] == "xl_addin.udfs"
    assert "CNM_GRADE(" in str(cell_of(wb, "calc.grade").value) and "IFERROR" in str(cell_of(wb, "calc.grade").value)


def test_category_template_prefills_and_hides_what_does_not_apply():
    wb = build_workbook("en", category="oil_field")
    assert cell_of(wb, "mine.category").value == "Oil field"
    assert cell_of(wb, "production.output.unit").value == "万t"
    ws = wb[sheet_title(resolve().sheets[3], "en")]
    cmm = resolve().block("cmm")
    assert ws.row_dimensions[cmm.first_row].hidden and not ws.row_dimensions[resolve().block("oil_gas").first_row].hidden


def test_text_from_a_record_never_becomes_a_formula(tmp_path, template):
    rec = make_record(notes='=HYPERLINK("http://evil","x")', mine={"name_en": "+cmd|' /C calc'!A0"})
    wb = openpyxl.load_workbook(BytesIO(template))
    fill_workbook(wb, rec, "zh")
    path = tmp_path / "t.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert b"<f>HYPERLINK" not in b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert read_record(path).notes == rec.notes


def test_fill_refuses_what_the_workbook_cannot_hold(template):
    rec = make_record(fuels=[{"fuel": "diesel", **amt(1, "lb")}],
                      scope3=[{"category": 1, "description": str(i), "emissions": amt(1, "t")} for i in range(16)])
    wb = openpyxl.load_workbook(BytesIO(template))
    with pytest.raises(InputErrors) as exc:
        fill_workbook(wb, rec, "zh")
    codes = {p.code for p in exc.value.problems}
    assert codes == {"fill-unit", "fill-rows"}
    assert any("活动数据!" in p.loc and "fuels[0].unit" in p.loc for p in exc.value.problems)


def test_read_locates_bad_cells(tmp_path, template):
    wb = openpyxl.load_workbook(BytesIO(template))
    fill_workbook(wb, make_record(fuels=[{"fuel": "diesel", **amt(5, "t")}]), "zh")
    cells_of(wb, "fuels.unit")[0].value = None
    cell_of(wb, "period.year").value = "twenty"
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(InputErrors) as exc:
        read_record(path)
    assert any(p.loc.startswith("基本信息!C20") for p in exc.value.problems)
    cell_of(wb, "period.year").value = 2024
    wb.save(path)
    with pytest.raises(InputErrors) as exc:
        read_record(path)
    assert any(p.loc.startswith("活动数据!E6") and "fuels[0]" in p.loc for p in exc.value.problems)


def test_read_refuses_other_workbooks(tmp_path):
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(InputErrors, match="workbook-not-cnm"):
        read_record(other)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(InputErrors, match="workbook-not-xlsx"):
        read_record(junk)


def test_cli_template_fill_recalc(tmp_path):
    run = CliRunner().invoke
    r = run(app, ["template", "-o", str(tmp_path / "t"), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert {p.name for p in tmp_path.iterdir()} == {"t.xlsx", "t.xlsm", "t_xlwings_udfs.bas"}
    rec = DEMO_RECORDS / "wannan-limestone_2024.yaml"
    r = run(app, ["fill", str(rec), "--template", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "w.xlsx")])
    assert r.exit_code == 0, r.output
    before = (tmp_path / "w.xlsx").read_bytes()
    r = run(app, ["recalc", str(tmp_path / "w.xlsx"), "-o", str(tmp_path / "w2.xlsx")])
    assert r.exit_code == 0 and "AA" in r.output, r.output
    assert (tmp_path / "w.xlsx").read_bytes() == before
    wb = openpyxl.load_workbook(tmp_path / "w2.xlsx", data_only=True)
    assert cell_of(wb, "calc.grade").value == "AA"
    r = run(app, ["recalc", str(tmp_path / "w.xlsx"), "-o", str(tmp_path / "w.xlsx")])
    assert r.exit_code == 1 and "same-file" in r.output
    r = run(app, ["template", "-o", str(tmp_path / "x"), "--category", "moon"])
    assert r.exit_code == 1 and "Traceback" not in r.output


def test_recalc_names_the_cell_of_a_blocking_error(tmp_path, template):
    from workbook_templates.recalc import recalc

    rec = make_record(mine={"category": "coal_underground"}, production={"mine_gas_class": "high_gas"},
                      coal_mine_methane={"ventilation": amt(100, "万Nm3"), "drainage": amt(50, "万Nm3"),
                                         "flared": amt(80, "万Nm3")})
    wb = openpyxl.load_workbook(BytesIO(template))
    fill_workbook(wb, rec, "zh")
    path = tmp_path / "cmm.xlsx"
    wb.save(path)
    with pytest.raises(InputErrors) as exc:
        recalc(path, tmp_path / "out.xlsx")
    assert any(p.code == "cmm-exceeds-drainage" and p.loc.startswith("逸散与过程排放!C7") for p in exc.value.problems)
    assert not (tmp_path / "out.xlsx").exists()


def test_recalc_refuses_a_workbook_of_another_methodology(tmp_path):
    """A template built with --methodology is recalculated only under that methodology (P_METHOD_HASH):
    without -m, or with another file, exit 1 naming the hash cell; with its file, the core's figures."""
    from cnm.methodology import load_methodology
    from cnm.record_io import load_record
    from cnm.result import assess

    run = CliRunner().invoke
    ar5, other = tmp_path / "m_ar5.yaml", tmp_path / "m_other.yaml"
    ar5.write_text("schema: cnm-methodology/1\nbase: default\nname: AR5 test\nversion: '1'\ngwp: ar5\n", "utf-8")
    other.write_text("schema: cnm-methodology/1\nbase: default\nname: other\nversion: '1'\ngwp: ar6\n", "utf-8")
    rec = DEMO_RECORDS / "jinyuan-coal_2024.yaml"
    assert run(app, ["template", "-o", str(tmp_path / "t"), "-m", str(ar5)]).exit_code == 0
    r = run(app, ["fill", str(rec), "--template", str(tmp_path / "t.xlsm"), "-o", str(tmp_path / "w.xlsm"), "-m", str(ar5)])
    assert r.exit_code == 0, r.output
    for extra in ([], ["-m", str(other)]):
        r = run(app, ["recalc", str(tmp_path / "w.xlsm"), "-o", str(tmp_path / "w2.xlsm"), *extra])
        assert r.exit_code == 1 and "methodology-mismatch" in r.output and "P_METHOD_HASH" in r.output, r.output
        assert "AR5 test" in r.output and "Traceback" not in r.output
        assert not (tmp_path / "w2.xlsm").exists()
    r = run(app, ["recalc", str(tmp_path / "w.xlsm"), "-o", str(tmp_path / "w2.xlsm"), "-m", str(ar5)])
    want = assess(load_record(rec), load_methodology(ar5))
    assert r.exit_code == 0 and f"{want.total:.2f}" in r.output, r.output
    assert want.total != assess(load_record(rec)).total
    wb = openpyxl.load_workbook(tmp_path / "w2.xlsm", data_only=True, keep_vba=True)
    assert cell_of(wb, "calc.total").value == pytest.approx(want.total)


def test_every_methodology_dependent_udf_call_passes_the_workbooks_hash():
    """In the .xlsm each CNM_* call but CNM_OFFSET_SHARE ends with the argument P_METHOD_HASH, so the
    add-in computes under the workbook's methodology or answers an error (the native formula then counts)."""
    wb = build_xlsm("zh")
    calls = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = str(c.value or "")
                for name, args in _udf_calls(text):
                    calls += 1
                    if name != "CNM_OFFSET_SHARE":
                        assert args[-1] == "P_METHOD_HASH", (ws.title, c.coordinate, name, args)
    assert calls > 80


def _udf_calls(text: str):
    """(name, top-level arguments) of each CNM_ call in a formula."""
    for m in re.finditer(r"(CNM_[A-Z0-9_]+)\(", text):
        depth, args, cur, in_str = 0, [], "", False
        for ch in text[m.end():]:
            if ch == '"':
                in_str = not in_str
            if not in_str and ch == "(":
                depth += 1
            elif not in_str and ch == ")":
                if depth == 0:
                    break
                depth -= 1
            if not in_str and ch == "," and depth == 0:
                args.append(cur)
                cur = ""
                continue
            cur += ch
        yield m.group(1), [*args, cur]


def test_recalc_warns_of_a_name_the_native_formula_cannot_match(tmp_path, template):
    """A beneficiary that equals the mine only after NFKC (full-width letters) counts in the core but not
    in the native formula: recalc says so at the cell, so the two never disagree silently."""
    from workbook_templates.calc_fugitive import native_name
    from workbook_templates.recalc import recalc

    credit = {"programme": "CCER", "vintage": 2024, "retirement_date": "2025-01-10", "quantity": 5}
    rec = make_record(mine={"name_en": "Edge Mine"},
                      offsets=[{**credit, "beneficiary": "ＥＤＧＥ　ＭＩＮＥ"}, {**credit, "beneficiary": "edge\u00a0mine"}])
    assert native_name("edge\u00a0mine") == native_name("Edge Mine") != native_name("ＥＤＧＥ　ＭＩＮＥ")
    wb = openpyxl.load_workbook(BytesIO(template))
    fill_workbook(wb, rec, "zh")
    wb.save(tmp_path / "w.xlsx")
    done = recalc(tmp_path / "w.xlsx", tmp_path / "out.xlsx")
    assert [w.code for w in done.warnings] == ["offset-beneficiary-nfkc"]
    assert done.warnings[0].loc.startswith("抵消登记!") and "(offsets[0].beneficiary)" in done.warnings[0].loc
    r = CliRunner().invoke(app, ["recalc", str(tmp_path / "w.xlsx"), "-o", str(tmp_path / "out2.xlsx")])
    assert r.exit_code == 0 and "offset-beneficiary-nfkc" in r.output, r.output
