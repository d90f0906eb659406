"""The defect corpus: copies of a real filled and recalculated workbook (issue 4's template, demo
mine jinyuan-coal 2024), each with one defect, validated in one batch; each must produce its
finding at its place. Cells are found through the layout spec, never by hard-coded address."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

import pytest

from tests import hostile
from tests.validator_corpus import calc_where, defined_cell, recalculated, where, workdir
from validator.batch import run_batch

BASE = "jinyuan-coal_2024"


@dataclass(frozen=True)
class Defect:
    id: str
    make: object  # (good bytes) -> bad bytes
    code: str
    loc: object = None  # expected location: a str, a callable () -> str, or None (not checked)
    suffix: str = ".xlsx"
    says: str = ""  # text the finding's English message must contain (e.g. the unit probably meant)


def at(path: str):
    return lambda: "!".join(where(path))


def cell(path: str, value=None, **kw):
    """Edit the input cell of a record path."""
    return lambda d: hostile.set_cell(d, *where(path), value, **kw)


def cells(*edits):
    def apply(d):
        for path, value in edits:
            d = hostile.set_cell(d, *where(path), value)
        return d
    return apply


def calc_at(key: str, row: int | None = None):
    return lambda: "!".join(calc_where(key, row))


def xml_edit(title_of, edit):
    return lambda d: hostile.edit_sheet(d, title_of(), edit)


def _workbook_xml(edit):
    return lambda d: hostile.rewrite(d, replace={"xl/workbook.xml": edit(hostile.member(d, "xl/workbook.xml").decode()).encode()})


def _remove_name(name):
    import re

    return _workbook_xml(lambda x: re.sub(rf'<definedName name="{re.escape(name)}"[^>]*>[^<]*</definedName>', "", x))


def _marker(value):
    def apply(d):
        d = hostile.set_cell(d, *defined_cell("cnm.template"), value)
        custom = re.sub(r"cnm-template/[0-9.]+", value, hostile.member(d, "docProps/custom.xml").decode())
        return hostile.rewrite(d, replace={"docProps/custom.xml": custom.encode()})
    return apply


def _rename_sheet(old_title, new_title):
    return _workbook_xml(lambda x: x.replace(f'name="{old_title}"', f'name="{new_title}"', 1))


def _offset_copy_row0_to_row1(d):
    for key in ("programme", "project_id", "serial_start", "serial_end", "vintage", "quantity", "retirement_date",
                "beneficiary"):
        sheet, ref0 = where(f"offsets[0].{key}")
        _, ref1 = where(f"offsets[1].{key}")
        body = hostile.cell_text(d, sheet, ref0)
        d = hostile.edit_sheet(d, sheet, lambda x, b=body, r0=ref0, r1=ref1: _replace_cell(x, r1, b.replace(f'r="{r0}"', f'r="{r1}"')))
    return d


def _offset_moved_to_row2_not_retired(d):
    """The register's only credit typed in its third row (rows 1-2 blank), without a retirement date."""
    for key in ("programme", "project_id", "serial_start", "serial_end", "vintage", "quantity", "beneficiary",
                "registry", "evidence", "retirement_date"):
        sheet, ref0 = where(f"offsets[0].{key}")
        _, ref2 = where(f"offsets[2].{key}")
        body = hostile.cell_text(d, sheet, ref0)
        if key != "retirement_date":
            d = hostile.edit_sheet(d, sheet, lambda x, b=body, r0=ref0, r2=ref2: _replace_cell(
                x, r2, b.replace(f'r="{r0}"', f'r="{r2}"')))
        d = hostile.set_cell(d, sheet, ref0, None)
    return d


def _replace_cell(xml, ref, new):
    import re

    m = re.search(hostile._CELL_RE.format(ref=ref), xml, re.S)
    return xml[:m.start()] + new + xml[m.end():]


def _dimension(d):
    """A cell at the sheet's very end (XFD1048576): its real extent is beyond the limits."""
    part = hostile.sheet_parts(d)[where("mine.name_zh")[0]]
    xml = hostile.with_dimension(hostile.member(d, part), "A1:XFD1048576").replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    return hostile.rewrite(d, replace={part: xml})


def _row_of(path: str) -> int:
    return int(where(path)[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _rows_inserted(d):
    """A row inserted in the fuels table (before its fifth row): everything below moves down."""
    return hostile.shift_rows(d, where("fuels[4].value")[0], _row_of("fuels[4].value"), 1)


def _row_inserted_in_excel(d):
    """A row inserted in the offsets register as Excel and LibreOffice insert it: the references
    and defined names below move too, so only the new empty row and what is below the table show."""
    return hostile.shift_rows(d, where("offsets[4].quantity")[0], _row_of("offsets[4].quantity"), 1, like_excel=True)


def _rows_deleted(d):
    """The fuels table's third row deleted: everything below moves up."""
    return hostile.shift_rows(d, where("fuels[2].value")[0], _row_of("fuels[2].value"), -1)


def _shift_at(path: str):
    return lambda: f"{where(path)[0]}!A{_row_of(path)}"


def _laughs(d):
    part = hostile.sheet_parts(d)[where("mine.name_zh")[0]]
    return hostile.rewrite(d, replace={part: hostile.with_dtd(hostile.member(d, part))})


def _no_protection(d):
    import re

    return hostile.edit_sheet(d, where("offsets[0].quantity")[0], lambda x: re.sub(r"<sheetProtection[^>]*/>", "", x))


def _stale_cache(d):
    return hostile.set_cached(d, *calc_where("total"), 99.5)


def _not_calculated(d):
    import re

    parts = hostile.sheet_parts(d).values()
    return hostile.rewrite(d, replace={p: re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", hostile.member(d, p).decode()).encode()
                                       for p in parts})


def _input_changed_without_recalc(d):
    return hostile.set_cell(d, *where("electricity.purchased.value"), 9750.0)


def _other_methodology_overwritten_total(d: bytes) -> bytes:
    d = hostile.set_cell(d, *defined_cell("P_METHOD_NAME"), "某省碳中和矿山评价方法")
    d = hostile.set_cell(d, *defined_cell("P_METHOD_HASH"), "0" * 64)
    return hostile.set_cell(d, *calc_where("total"), 99.5)


DEFECTS = [
    # ---- the file ----
    Defect("zero-byte", lambda d: b"", "file-empty", ""),
    Defect("renamed-pdf", lambda d: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + d[:200], "file-not-workbook", ""),
    Defect("legacy-xls", lambda d: hostile.legacy_xls(), "file-legacy-xls", ""),
    Defect("password", hostile.encrypted, "file-encrypted", ""),
    Defect("xlsb", lambda d: hostile.fake_xlsb(), "file-xlsb", "", ".xlsb"),
    Defect("ods-renamed", lambda d: hostile.ods(), "file-not-workbook", ""),
    Defect("truncated", lambda d: d[: len(d) // 2], "file-corrupt", ""),
    Defect("no-workbook-part", lambda d: hostile.rewrite(d, remove={"xl/workbook.xml"}), "file-not-workbook", ""),
    Defect("zip-bomb", lambda d: hostile.rewrite(d, add={"xl/media/image9.png": hostile.zip_bomb_member(24 * 2**20)}),
           "zip-bomb", "xl/media/image9.png"),
    Defect("zip-members", lambda d: hostile.rewrite(d, add={f"customXml/i{i}.bin": b"" for i in range(2001)}), "zip-bomb", ""),
    Defect("billion-laughs", _laughs, "xml-forbidden", lambda: hostile.sheet_parts(recalculated(BASE).read_bytes())[
        where("mine.name_zh")[0]]),
    Defect("sheet-dimension", _dimension, "sheet-too-large", lambda: f"{where('mine.name_zh')[0]}!A1:XFD1048576"),
    Defect("vba-in-xlsx", lambda d: hostile.rewrite(d, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros-present",
           "xl/vbaProject.bin"),
    Defect("xlm-macro-sheet", lambda d: hostile.rewrite(d, add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"}),
           "macros-present", "xl/macrosheets/sheet1.xml"),
    Defect("external-book", lambda d: hostile.with_external_link(d, hostile.EXTERNAL_BOOK, hostile.EXTERNAL_LINK_RELS),
           "external-link", "xl/externalLinks/externalLink1.xml"),
    Defect("dde-link-part", lambda d: hostile.with_external_link(d, hostile.DDE_LINK), "dde-link",
           "xl/externalLinks/externalLink1.xml"),
    Defect("web-query-connection", lambda d: hostile.rewrite(d, add={"xl/connections.xml": hostile.WEB_QUERY_CONNECTIONS}),
           "external-link", "xl/connections.xml"),
    Defect("query-table", lambda d: hostile.rewrite(d, add={"xl/queryTables/queryTable1.xml": b"<queryTable/>"}),
           "external-link", "xl/queryTables/queryTable1.xml"),
    Defect("power-query", lambda d: hostile.rewrite(d, add={"customXml/item9.xml": hostile.DATA_MASHUP}), "external-link",
           "customXml/item9.xml"),
    Defect("dde-formula", cell("mine.address", formula="cmd|' /C calc'!A0"), "dde-link", at("mine.address")),
    Defect("webservice", cell("mine.contact", formula='WEBSERVICE("http://example.invalid/x")'), "external-link",
           at("mine.contact")),
    Defect("call-formula", cell("notes", formula='CALL("kernel32","WinExec","JCJ","calc",0)'), "dde-link", at("notes")),
    # ---- the template ----
    Defect("not-our-template", _marker(""), "template-unknown", ""),
    Defect("old-template", _marker("cnm-template/0"), "template-version", ""),
    Defect("earlier-minor-template", _marker("cnm-template/1"), "template-outdated", ""),  # other formulas: cnm fill
    Defect("later-minor-template", _marker("cnm-template/1.99"), "template-version", ""),
    Defect("renamed-sheet", _rename_sheet("抵消登记", "抵消"), "template-sheet-missing", ""),
    Defect("defined-name-removed", _remove_name("mine.category"), "template-name-missing", at("mine.category")),
    # ---- input cells: required, types, units, ranges, choices ----
    Defect("name-missing", cell("mine.name_zh", None), "required-missing", at("mine.name_zh")),
    Defect("category-unknown", cell("mine.category", "金矿"), "choice-invalid", at("mine.category")),
    Defect("year-text", cell("period.year", "二〇二四年"), "value-invalid", at("period.year")),
    Defect("output-negative", cell("production.output.value", -300), "value-out-of-range", at("production.output.value")),
    Defect("output-unit-unknown", cell("production.output.unit", "公吨"), "unit-invalid", at("production.output.unit")),
    Defect("fuel-unit-wrong-kind", cell("fuels[0].unit", "ha"), "unit-invalid", at("fuels[0].unit")),
    Defect("quality-unknown", cell("electricity.purchased.quality", "很好"), "choice-invalid",
           at("electricity.purchased.quality")),
    Defect("fuel-unknown", cell("fuels[1].fuel", "木柴"), "choice-invalid", at("fuels[1].fuel")),
    Defect("oxidation-over-100", cells(("fuels[0].own_factor.oxidation_percent", 150), ("fuels[0].own_factor.source", "检测报告")),
           "value-out-of-range", at("fuels[0].own_factor.oxidation_percent")),
    Defect("programme-unknown", cell("offsets[0].programme", "自愿减排X"), "choice-invalid", at("offsets[0].programme")),
    Defect("date-text", cell("offsets[0].retirement_date", "去年三月"), "value-invalid", at("offsets[0].retirement_date")),
    # units the core would take (pint knows them) but the template's lookups cannot (F2)
    Defect("unit-chinese-word", cell("fuels[0].unit", "吨"), "unit-invalid", at("fuels[0].unit"),
           says="choose one of: t, 万t, kg"),
    Defect("unit-pint-only", cell("fuels[0].unit", "lb"), "unit-invalid", at("fuels[0].unit"), says="'lb'"),
    Defect("unit-trailing-space", cell("production.output.unit", "万t "), "unit-invalid", at("production.output.unit"),
           says="must be '万t'"),
    Defect("choice-trailing-space", cell("fuels[0].fuel", "柴油 "), "value-invalid", at("fuels[0].fuel"),
           says="spaces around it"),
    # a formula in an input cell, text or number (F4)
    Defect("formula-in-text-input", cell("mine.name_en", formula='HYPERLINK("http://evil.example","x")', cached="x"),
           "input-formula", at("mine.name_en"), says="HYPERLINK"),
    Defect("formula-in-number-input", cell("fuels[0].value", formula="1000+100", cached=1100), "input-formula",
           at("fuels[0].value"), says="paste it as a value"),
    Defect("true-in-number", cell("fuels[0].value", True), "value-invalid", at("fuels[0].value"),  # F5
           says="'TRUE' is a logical value"),
    Defect("huge-number", cell("fuels[0].value", 1e308), "value-out-of-range", at("fuels[0].value"),  # F8
           says="beyond the limit"),
    Defect("nan-text", cell("production.output.value", "NaN"), "value-invalid", at("production.output.value"),
           says="'NaN'"),
    Defect("fullwidth-digits", cell("production.output.value", "３００"), "value-invalid", at("production.output.value"),
           says="half-width digits"),
    Defect("thousands-separator", cell("electricity.purchased.value", "6,750"), "value-invalid",
           at("electricity.purchased.value"), says="'6,750'"),
    Defect("mine-id-form", cell("mine.id", "Jinyuan Coal"), "value-invalid", at("mine.id"), says="e.g. jinyuan-coal"),
    Defect("year-beyond", cell("period.year", 2204), "value-out-of-range", at("period.year"), says="must be at most 2100"),
    # ---- provenance and evidence, the core's findings located in cells ----
    Defect("source-missing", cell("electricity.purchased.data_source", None), "source-missing",
           at("electricity.purchased.data_source")),
    Defect("quality-missing", cell("production.output.quality", None), "quality-missing", at("production.output.quality")),
    Defect("evidence-missing", cell("qualitative.I14.evidence", None), "qualitative-no-evidence", at("qualitative.I14.evidence")),
    # ---- offsets register (G-7) ----
    Defect("not-retired", cell("offsets[0].retirement_date", None), "offset-not-retired", at("offsets[0].retirement_date")),
    Defect("beneficiary", cell("offsets[0].beneficiary", "别的煤矿"), "offset-beneficiary", at("offsets[0].beneficiary")),
    Defect("expired", cell("offsets[0].vintage", 2015), "offset-expired", at("offsets[0].vintage")),
    Defect("credit-in-third-row", _offset_moved_to_row2_not_retired, "offset-not-retired",
           at("offsets[2].retirement_date")),
    Defect("duplicate-serial", _offset_copy_row0_to_row1, "offset-duplicate-serial", at("offsets[1].serial_start")),
    # ---- magnitudes and consistency ----
    Defect("output-unit-slip", cell("production.output.unit", "t"), "output-implausible", at("production.output"),
           says="probably '万t', not 't'"),
    Defect("electricity-unit-slip", cells(("electricity.purchased.unit", "MWh"), ("electricity.purchased.value", 675_000_000)),
           "input-implausible", at("electricity.purchased"), says="probably 'kWh', not 'MWh'"),
    # a kg figure in a t cell: 1,100,000 'kg' of diesel typed where the unit says t
    Defect("diesel-kg-as-t", cell("fuels[0].value", 1_100_000), "input-implausible", at("fuels[0]"),
           says="probably 'kg', not 't'"),
    # the output in t (3,000,000) typed into a 万t cell
    Defect("output-t-in-wan-t", cell("production.output.value", 3_000_000), "output-implausible", at("production.output"),
           says="probably 't', not '万t'"),
    # the purchased electricity in kWh (67,500,000) typed into a 万kWh cell
    Defect("electricity-kwh-in-wan-kwh", cell("electricity.purchased.value", 67_500_000), "input-implausible",
           at("electricity.purchased"), says="probably 'kWh', not '万kWh'"),
    # an extra digit in the output: the price per t falls tenfold, the energy intensity with it
    Defect("output-extra-digit", cell("production.output.value", 3000), "output-implausible", at("production.output")),
    Defect("output-value-yuan-in-wan-yuan", cell("production.output_value.value", 1_860_000_000),
           "output-value-implausible", at("production.output_value"), says="probably '元', not '万元'"),
    Defect("drainage-nm3-in-wan-nm3", cell("coal_mine_methane.drainage.value", 26_000_000), "input-implausible",
           at("coal_mine_methane.drainage"), says="probably 'Nm3', not '万Nm3'"),
    # percentages typed as fractions (F6)
    Defect("oxidation-as-fraction", cells(("fuels[0].own_factor.oxidation_percent", 0.98),
                                          ("fuels[0].own_factor.source", "检测报告")),
           "percent-as-fraction", at("fuels[0].own_factor.oxidation_percent"), says="it would be 98"),
    Defect("purity-as-fraction", cells(("carbonates[0].carbonate", "碳酸钙（石灰石）"), ("carbonates[0].amount.value", 1000),
                                       ("carbonates[0].amount.unit", "t"), ("carbonates[0].amount.data_source", "台账"),
                                       ("carbonates[0].amount.quality", "实测"), ("carbonates[0].purity_percent", 0.95)),
           "percent-as-fraction", at("carbonates[0].purity_percent"), says="it would be 95"),
    # an input the indicators need is 0: one finding at its cell, naming them (F7)
    Defect("output-zero", cell("production.output.value", 0), "missing-input", at("production.output.value"),
           says="'Main output' is 0"),
    Defect("previous-output-zero", cell("previous.output.value", 0), "no-previous-period", at("previous.output.value"),
           says="is 0"),
    Defect("previous-after", cell("previous.period", "2025"), "previous-period-order", at("previous.period")),
    Defect("previous-gap", cell("previous.period", "2020"), "previous-period-gap", at("previous.period")),
    Defect("previous-unit-slip", cell("previous.gross_emissions.unit", "万t"), "previous-implausible",
           at("previous.gross_emissions")),
    Defect("report-early", cell("assessment.report_date", 45400), "report-date-early", at("assessment.report_date")),
    Defect("certificate-late", cells(("electricity.green_certificates[0].serial", "GEC-2025-1"),
                                     ("electricity.green_certificates[0].quantity.value", 100),
                                     ("electricity.green_certificates[0].quantity.unit", "MWh"),
                                     ("electricity.green_certificates[0].issued", "2025-06")),
           "green-certificate-period", at("electricity.green_certificates[0].issued")),
    Defect("green-area", cell("resources.green_area.value", 5000), "part-exceeds-whole", at("resources.green_area")),
    Defect("cmm-exceeds-drainage", cell("coal_mine_methane.flared.value", 3000), "cmm-exceeds-drainage", None),
    # ---- recompute: computed and locked cells ----
    Defect("formula-overwritten", lambda d: hostile.set_cell(d, *calc_where("total"), 88.8), "formula-overwritten",
           calc_at("total")),
    Defect("formula-edited", lambda d: hostile.set_cell(d, *calc_where("output"), formula="production.output.value*10000",
                                                        cached=3000000.0), "formula-edited", calc_at("output")),
    Defect("stale-cache", _stale_cache, "result-stale", calc_at("total")),
    Defect("input-changed-not-recalculated", _input_changed_without_recalc, "computed-stale", None),
    Defect("never-calculated", _not_calculated, "workbook-not-calculated", ""),
    Defect("gwp-altered", lambda d: hostile.set_cell(d, *defined_cell("P_GWP_CH4"), 28), "locked-cell-altered",
           lambda: "!".join(defined_cell("P_GWP_CH4"))),
    Defect("weight-altered", lambda d: hostile.set_cell(d, *_weight_cell(), 50), "locked-cell-altered",
           lambda: "!".join(_weight_cell())),
    Defect("protection-removed", _no_protection, "protection-removed", ""),
    # rows inserted or deleted: one finding where, instead of a score of moved formulas (F3)
    Defect("row-inserted", _rows_inserted, "rows-shifted", _shift_at("fuels[4].value"), says="1 row(s) inserted"),
    Defect("row-inserted-in-excel", _row_inserted_in_excel, "rows-shifted", _shift_at("offsets[4].quantity"),
           says="1 row(s) inserted"),
    Defect("row-deleted", _rows_deleted, "rows-shifted", _shift_at("fuels[2].value"), says="1 row(s) deleted"),
    # the same methodology name and version with another hash: the hash cell was edited
    Defect("methodology-hash", lambda d: hostile.set_cell(d, *defined_cell("P_METHOD_HASH"), "0" * 64),
           "locked-cell-altered", lambda: "!".join(defined_cell("P_METHOD_HASH"))),
    # another methodology's name: its parameters are not checked, but formulas still are
    Defect("other-methodology-overwritten-total", _other_methodology_overwritten_total, "formula-overwritten",
           calc_at("total")),
]


def _weight_cell() -> tuple[str, str]:
    from workbook_templates.resolve import resolve

    lay = resolve()
    bp = lay.block("indicators")
    p = next(p for p in bp.items if getattr(p.item, "key", "") == "weight")
    from tests.validator_corpus import locator

    return locator().titles[p.sheet.id], p.rows[0]["value"].coord


@cache
def corpus() -> dict[str, object]:
    """Every defect written to a file and the whole corpus validated in one batch."""
    good = recalculated(BASE).read_bytes()
    folder = workdir("corpus")
    files = []
    for d in DEFECTS:
        p = folder / f"{d.id}{d.suffix}"
        p.write_bytes(d.make(good))
        files.append(p)
    outcomes = run_batch(files, jobs=min(2, os.cpu_count() or 1))
    return {d.id: o for d, o in zip(DEFECTS, outcomes, strict=True)}


def test_the_corpus_has_at_least_50_defects_with_distinct_ids():
    assert len(DEFECTS) >= 50 and len({d.id for d in DEFECTS}) == len(DEFECTS)


def test_the_unchanged_workbook_is_clean():
    [outcome] = run_batch([recalculated(BASE)], jobs=1)
    assert outcome.findings == [] and outcome.ok and outcome.record is not None


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.id for d in DEFECTS])
def test_each_defect_produces_its_finding(defect):
    outcome = corpus()[defect.id]
    found = [f for f in outcome.findings if f.code == defect.code]
    assert found, f"{defect.id}: expected {defect.code}, got {[(f.code, f.loc) for f in outcome.findings]}"
    if defect.loc is not None:
        loc = defect.loc() if callable(defect.loc) else defect.loc
        assert loc in [f.loc for f in found], f"{defect.id}: {defect.code} at {[f.loc for f in found]}, expected {loc}"
    assert not defect.says or any(defect.says in f.message_en for f in found), [f.message_en for f in found]
    for f in outcome.findings:
        assert f.message_zh and f.message_en and f.file == outcome.file
    if found[0].severity == "error":
        assert not outcome.ok and outcome.record is None


def test_an_unrecalculated_edit_gives_one_stale_finding_per_sheet_and_a_headline_error():
    outcome = corpus()["input-changed-not-recalculated"]
    stale = [f for f in outcome.findings if f.code == "computed-stale"]
    sheets = [f.loc.split("!")[0] for f in stale]
    assert stale and len(sheets) == len(set(sheets)), [(f.loc, f.message_en) for f in stale]
    assert all("differ from the core" in f.message_en and "shows" in f.message_en for f in stale)
    headline = [f for f in outcome.findings if f.code == "result-stale"]
    assert headline and not outcome.ok and outcome.record is None
    assert any("total score" in f.message_en for f in headline)


def test_a_stale_total_score_is_an_error_naming_both_figures():
    outcome = corpus()["stale-cache"]
    [f] = [f for f in outcome.findings if f.code == "result-stale"]
    assert f.severity == "error" and "99.5" in f.message_en and "99.5" in f.message_zh
    assert not [x for x in outcome.findings if x.code == "computed-stale"]


MAGNITUDES = ("output-unit-slip", "electricity-unit-slip", "diesel-kg-as-t", "output-t-in-wan-t",
              "electricity-kwh-in-wan-kwh", "output-extra-digit", "output-value-yuan-in-wan-yuan", "drainage-nm3-in-wan-nm3")


@pytest.mark.parametrize("defect_id", MAGNITUDES)
def test_a_magnitude_slip_is_one_finding_at_one_cell(defect_id):
    """One slip, one finding: the per-output figures the slip drags along are not reported again."""
    from validator.plausibility import MAGNITUDE_CODES

    found = [f for f in corpus()[defect_id].findings if f.code in MAGNITUDE_CODES]
    assert len(found) == 1, [(f.code, f.loc, f.message_en) for f in found]
    assert found[0].severity == "warning"
