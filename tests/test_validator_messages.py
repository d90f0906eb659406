"""Messages the validator writes: the mine's name in the verdict's language, a cell's text quoted
once, what a cell should hold instead of Python's exception text, stale cells summed up per sheet."""

from __future__ import annotations

from cnm.record_io import load_record
from tests import hostile
from tests.conftest import DEMO_RECORDS
from tests.validator_corpus import recalculated, where, workdir
from validator.outcome import WorkbookOutcome
from validator.pipeline import validate_file

BASE = "jinyuan-coal_2024"
LINK = '=HYPERLINK("http://evil.invalid/a\'b","click \'here\'")'


def _validate(name: str, data: bytes):
    path = workdir("messages") / f"{name}.xlsx"
    path.write_bytes(data)
    return validate_file(path)


def test_the_verdict_names_the_mine_in_the_language_asked():
    record = load_record(DEMO_RECORDS / f"{BASE}.yaml")
    o = WorkbookOutcome(file="a.xlsx", record=record)
    assert "Jinyuan Coal Mine 2024" in o.verdict("en") and record.mine.name_zh not in o.verdict("en")
    assert record.mine.name_zh in o.verdict("zh")
    no_en = record.model_copy(update={"mine": record.mine.model_copy(update={"name_en": None})})
    assert record.mine.name_zh in WorkbookOutcome(file="a.xlsx", record=no_en).verdict("en")


def test_hyperlink_text_in_a_choice_cell_is_quoted_once():
    good = recalculated(BASE).read_bytes()
    o = _validate("hyperlink-choice", hostile.set_cell(good, *where("mine.category"), LINK))
    [f] = [f for f in o.findings if f.code == "choice-invalid"]
    assert f.message_en.count("HYPERLINK") == 1 and f.message_zh.count("HYPERLINK") == 1, f.message_en
    assert LINK in f.message_en


def test_text_in_a_number_cell_names_the_expected_type_not_python():
    good = recalculated(BASE).read_bytes()
    bad = []
    for path, text in (("fuels[0].value", "一千一百吨"), ("offsets[0].retirement_date", "去年三月")):
        o = _validate(f"text-in-{path}", hostile.set_cell(good, *where(path), text))
        bad += [f for f in o.findings if f.code == "value-invalid"]
    number_at, date_at = "!".join(where("fuels[0].value")), "!".join(where("offsets[0].retirement_date"))
    assert sorted(f.loc for f in bad) == sorted([number_at, date_at])
    for f in bad:
        for text in (f.message_en, f.message_zh):
            assert "convert" not in text and "Input should" not in text and "invalid character" not in text, text
    number = next(f for f in bad if f.loc == number_at)
    assert "is not a number" in number.message_en and "不是数值" in number.message_zh
    assert number.message_en.count("一千一百吨") == 1
    date = next(f for f in bad if f.loc == date_at)
    assert "is not a date" in date.message_en and "不是日期" in date.message_zh


def test_an_unwritable_report_path_is_found_before_the_batch(tmp_path):
    import os

    from validator.report import report_path_problem

    assert report_path_problem(tmp_path / "new" / "deeper" / "r.csv") is None
    assert not (tmp_path / "new").exists()  # nothing created
    assert "must end in" in report_path_problem(tmp_path / "r.txt")
    (tmp_path / "dir.xlsx").mkdir()
    assert "is a folder" in report_path_problem(tmp_path / "dir.xlsx")
    (tmp_path / "file").write_text("x")
    assert "not a folder" in report_path_problem(tmp_path / "file" / "r.json")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            assert "cannot write" in report_path_problem(locked / "r.xlsx")
        finally:
            locked.chmod(0o700)
