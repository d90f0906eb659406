"""The demo workbooks (every examples/records/*.yaml filled into the issue-4 template) validate
clean and extract to records equal to the demo records: recalculated by the core (`cnm recalc`)
and, for 2024, by LibreOffice headless; in Chinese and English; .xlsx and .xlsm."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.findings import CODES as CORE_CODES
from cnm.record_io import load_record
from cnm.result import assess
from tests import hostile
from tests.conftest import DEMO_RECORDS
from tests.validator_corpus import demo_names, filled, libreoffice, recalculated, where, workdir
from validator.batch import run_batch
from validator.pipeline import validate_file

runner = CliRunner()


def _core_codes(name: str) -> list[str]:
    return sorted(f.code for f in assess(load_record(DEMO_RECORDS / f"{name}.yaml")).findings)


def test_every_demo_workbook_validates_clean_and_extracts_its_record(tmp_path):
    folder = workdir("demo-batch")
    for name in demo_names():
        shutil.copyfile(recalculated(name), folder / f"{name}.xlsx")
    out, report = tmp_path / "records", tmp_path / "findings.json"
    res = runner.invoke(app, ["extract", str(folder), "-o", str(out), "--report", str(report), "-j", "2"])
    assert res.exit_code == 0, res.output
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert [w["verdict"] for w in doc["workbooks"]] == ["pass"] * len(demo_names())
    for name in demo_names():
        # the only findings are those the core makes on the demo record itself, now located in cells
        codes = sorted(f["code"] for f in doc["findings"] if f["file"].endswith(f"{name}.xlsx"))
        assert codes == _core_codes(name), name
        assert all(c in CORE_CODES for c in codes)
        record = load_record(DEMO_RECORDS / f"{name}.yaml")
        assert load_record(out / f"{record.mine.id}_{record.period.label}.json") == record, name
    assert len(list(out.iterdir())) == len(demo_names())
    located = [f["location"] for f in doc["findings"]]
    assert all("!" in loc for loc in located), located


def test_workbooks_recalculated_by_libreoffice_validate_clean():
    """LibreOffice re-saves every formula in its own spelling and caches its own results: the
    formulas still match the template's and every cached value matches the core."""
    names = tuple(n for n in demo_names() if n.endswith("2024"))
    files = libreoffice(names)
    outcomes = run_batch([files[n] for n in names], jobs=2)
    for name, o in zip(names, outcomes, strict=True):
        assert sorted(f.code for f in o.findings) == _core_codes(name), (name, [(f.code, f.loc) for f in o.findings])
        assert o.record == load_record(DEMO_RECORDS / f"{name}.yaml")


def test_an_english_workbook_validates_clean_and_reports_english_sheet_names():
    o = validate_file(recalculated("qianxi-iron_2024", "en"))
    assert sorted(f.code for f in o.findings) == _core_codes("qianxi-iron_2024") and o.ok
    assert o.record == load_record(DEMO_RECORDS / "qianxi-iron_2024.yaml")
    bad = workdir("en") / "bad.xlsx"
    bad.write_bytes(hostile.set_cell(recalculated("qianxi-iron_2024", "en").read_bytes(),
                                     *where("mine.category", "en"), "gold mine"))
    [f] = [f for f in validate_file(bad).findings if f.code == "choice-invalid"]
    assert f.loc == "!".join(where("mine.category", "en")) and f.loc.startswith("Basic information!")


def test_a_filled_xlsm_with_the_udf_formulas_validates():
    from workbook_templates.api import fill, write_templates

    t = write_templates(workdir("xlsm") / "template.xlsx")
    book = fill(load_record(DEMO_RECORDS / "wannan-limestone_2024.yaml"), workdir("xlsm") / "wannan.xlsm", t.xlsm)
    o = validate_file(book)
    codes = sorted(f.code for f in o.findings)
    assert codes == sorted(["macros-present", "workbook-not-calculated", *_core_codes("wannan-limestone_2024")])
    assert o.ok and o.record == load_record(DEMO_RECORDS / "wannan-limestone_2024.yaml")


def test_a_never_calculated_workbook_passes_with_one_warning():
    o = validate_file(filled("gandong-copper_2024"))
    assert [f.code for f in o.findings if f.code not in CORE_CODES] == ["workbook-not-calculated"] and o.ok


def test_a_serial_range_claimed_in_two_real_workbooks(tmp_path):
    """The same CCER serial range claimed by jinyuan-coal and by qianxi-iron (G-7)."""
    theirs = load_record(DEMO_RECORDS / "jinyuan-coal_2024.yaml").offsets[0]
    data = recalculated("qianxi-iron_2024").read_bytes()
    for key in ("serial_start", "serial_end", "project_id"):
        data = hostile.set_cell(data, *where(f"offsets[0].{key}"), getattr(theirs, key))
    data = hostile.set_cell(data, *where("offsets[0].programme"), "CCER")
    a, b = tmp_path / "jinyuan.xlsx", tmp_path / "qianxi.xlsx"
    shutil.copyfile(recalculated("jinyuan-coal_2024"), a)
    b.write_bytes(data)
    outcomes = run_batch([a, b], jobs=2)
    assert not [f for f in outcomes[0].findings if f.code.startswith("batch-")]
    [clash] = [f for f in outcomes[1].findings if f.code == "batch-duplicate-serial"]
    assert clash.loc == "!".join(where("offsets[0].serial_start")) and str(a) in clash.message_en
    assert not outcomes[1].ok
    res = runner.invoke(app, ["validate", str(a), str(b)])
    assert res.exit_code == 1 and "batch-duplicate-serial" in res.stdout


def test_the_demo_stage_writes_the_report_and_the_records(tmp_path):
    from cnm.cli.demo_cmd import STAGES, DemoContext
    from cnm.cli.demo_validate import stage_validate

    names = [name for name, _ in STAGES]
    assert names.index("workbooks") + 1 == names.index("validate")
    filled_dir = tmp_path / "workbooks" / "filled"
    filled_dir.mkdir(parents=True)
    for name in ("chuannan-gas_2023", "zhundong-opencast_2024"):
        shutil.copyfile(recalculated(name), filled_dir / f"{name}.xlsx")
    ctx = DemoContext(records_dir=DEMO_RECORDS, out=tmp_path, lang="en")
    stage_validate(ctx)
    assert (tmp_path / "validation" / "findings.xlsx").exists() and (tmp_path / "validation" / "findings.csv").exists()
    records = sorted(p.name for p in (tmp_path / "validation" / "records").iterdir())
    assert records == ["chuannan-gas_2023.json", "zhundong-opencast_2024.json"]
    assert load_record(tmp_path / "validation" / "records" / "chuannan-gas_2023.json") == \
        load_record(DEMO_RECORDS / "chuannan-gas_2023.yaml")
    assert [what for what, _ in ctx.outputs][-2:] == ["校验问题报告 / validation findings report",
                                                     "从工作簿提取的记录 / records extracted from the workbooks"]


def test_control_characters_from_a_workbook_reach_neither_terminal_nor_report(tmp_path):
    """Control characters in a file name (ESC) or a cell (C1 controls such as CSI, which XML allows)
    are shown as '?': no terminal injection, and the XLSX report is still written."""
    import openpyxl

    bad = tmp_path / "esc\x1b[31m.xlsx"
    bad.write_bytes(hostile.set_cell(recalculated("wannan-limestone_2024").read_bytes(), *where("mine.category"),
                                     "金矿\x9b2J\x85"))
    report = tmp_path / "r.xlsx"
    res = runner.invoke(app, ["validate", str(bad), "--report", str(report)])
    assert res.exit_code == 1 and not any(ch in res.output for ch in "\x1b\x9b\x85")
    assert "金矿?2J?" in res.output and "esc?[31m.xlsx" in res.output
    ws = openpyxl.load_workbook(report)["问题 Findings"]
    texts = [c.value for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    assert any("金矿?2J?" in t for t in texts) and not any("\x1b" in t or "\x9b" in t for t in texts)


def test_a_workbook_of_another_methodology(tmp_path):
    """A template made under a province's methodology (AR5 GWP) validates clean with that methodology;
    checked with the default one it gets a warning and its computed cells are not compared."""
    from cnm.methodology import load_methodology
    from workbook_templates.api import fill, write_templates
    from workbook_templates.recalc import recalc

    method = tmp_path / "province.yaml"
    method.write_text("schema: cnm-methodology/1\nbase: default\nname: 某省评价细则\nversion: '1.0'\ngwp: ar5\n",
                      encoding="utf-8")
    m = load_methodology(method)
    t = write_templates(tmp_path / "template.xlsx", methodology=m)
    record = load_record(DEMO_RECORDS / "jinyuan-coal_2024.yaml")
    book = recalc(fill(record, tmp_path / "filled.xlsx", t.xlsx, methodology=m), tmp_path / "book.xlsx", m)
    assert book.cells > 0
    own = validate_file(tmp_path / "book.xlsx", methodology=m)
    assert sorted(f.code for f in own.findings) == sorted(f.code for f in assess(record, m).findings) and own.ok
    other = validate_file(tmp_path / "book.xlsx")
    assert [f.code for f in other.findings if f.code not in CORE_CODES] == ["methodology-mismatch"] and other.ok
    res = runner.invoke(app, ["validate", str(tmp_path / "book.xlsx"), "--methodology", str(method)])
    assert res.exit_code == 0, res.output
