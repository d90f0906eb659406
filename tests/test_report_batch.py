"""Several reports at once (`cnm report FOLDER -j 2`, report_builder.batch): worker processes
write the very bytes one process writes, and a record that fails is a located message while
the others are still written."""

from __future__ import annotations

import shutil

import yaml

from cnm.record_io import load_record
from report_builder import source_stamp
from report_builder.batch import ReportJob, run_reports
from report_builder.inputs import RenderInputs
from tests.conftest import RECORDS
from tests.test_report import EPOCH, run_report


def _unit_slip(tmp_path):
    """A record that reads but cannot be assessed: a fuel the factor library does not know."""
    data = yaml.safe_load((RECORDS / "wannan-limestone_2024.yaml").read_text(encoding="utf-8"))
    data["mine"]["id"] = "slip-mine"
    data["fuels"][0]["fuel"] = "unobtainium"
    path = tmp_path / "slip-mine_2024.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_folder_in_two_workers_gives_the_bytes_of_one_process(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("qianxi-iron_2024.yaml", "chuannan-gas_2024.yaml"):
        shutil.copy(RECORDS / name, src / name)
    slip = _unit_slip(src)
    shutil.copy(RECORDS / "qianxi-iron_2024.yaml", src / "zz-copy.yaml")  # read after the original
    (src / "broken.yaml").write_text("mine: {id: x}\n", encoding="utf-8")
    from typer.testing import CliRunner

    from cnm.cli.main import app

    res = CliRunner().invoke(app, ["report", str(src), "--history", str(RECORDS), "-o", str(tmp_path / "batch"),
                                   "-j", "2", "--reviewer", "李审核"], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert res.exit_code == 1, res.output
    assert "broken.yaml" in res.output and "Traceback" not in res.output  # unreadable: named, skipped
    assert "slip-mine/2024" in res.output and "fuels[0].fuel" in res.output  # fails in its worker: located
    assert "2 份报告已写入" in res.output and "3 份失败" in res.output  # broken.yaml, slip-mine, the copy
    assert "copy.yaml" in res.output and "qianxi-iron/2024" in res.output  # same mine and period: not rendered twice
    assert (tmp_path / "batch" / "chuannan-gas_2024.zh.archive.zip").is_file()
    assert not list((tmp_path / "batch").glob("slip-mine*"))

    run_report([str(src / "qianxi-iron_2024.yaml"), "--history", str(RECORDS), "-o", str(tmp_path / "one"),
                "--reviewer", "李审核"])
    one = sorted(f.relative_to(tmp_path / "one") for f in (tmp_path / "one").rglob("*") if f.is_file())
    assert len(one) > 5
    for f in one:
        assert (tmp_path / "batch" / f).read_bytes() == (tmp_path / "one" / f).read_bytes(), f
    assert slip.is_file()  # inputs are never touched
    assert not [p for p in (tmp_path / "batch").rglob("*") if p.name.endswith(".part")]  # all renamed into place


def test_a_killed_report_leaves_no_part_files(tmp_path):
    """Bundles are written as hidden parts, renamed into place when all are written; what a killed
    worker left of one report is removed, another report's files are kept."""
    from report_builder.bundle import remove_parts

    mine = "qianxi-iron_2024"
    left = [tmp_path / f".{mine}.zh.pdf.part", tmp_path / f"{mine}.history" / ".qianxi-iron_2022.record.json.part"]
    kept = [tmp_path / ".chuannan-gas_2024.zh.pdf.part", tmp_path / f"{mine}.zh.pdf"]
    for f in left + kept:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
    remove_parts(tmp_path, mine)
    assert not any(f.exists() for f in left) and all(f.exists() for f in kept)


def test_run_reports_keeps_the_order_and_reports_each_failure(tmp_path):
    recs = [load_record(_unit_slip(tmp_path)), load_record(RECORDS / "wannan-limestone_2024.yaml")]
    jobs = [ReportJob(RenderInputs(record=r, lang="en", formats=("html",), stamp=source_stamp(r)), tmp_path / "o")
            for r in recs]
    seen = []
    outcomes = run_reports(jobs, workers=2, on_done=seen.append)
    assert [o.key for o in outcomes] == ["slip-mine/2024", "wannan-limestone/2024"]
    assert sorted(o.key for o in seen) == sorted(o.key for o in outcomes)
    assert "fuels[0].fuel" in outcomes[0].error and outcomes[0].bundle is None
    assert not outcomes[1].error and outcomes[1].bundle.archive.is_file()
    assert (tmp_path / "o" / "wannan-limestone_2024.en.html").is_file()


def test_a_stopped_batch_does_not_run_the_rest_of_its_queue(tmp_path):
    """Ctrl-C (here: a failing progress callback) stops the workers instead of waiting for every
    queued report."""
    import pytest

    rec = load_record(RECORDS / "wannan-limestone_2024.yaml")
    jobs = [ReportJob.of(rec, tmp_path / str(i), "en", ("html",)) for i in range(10)]

    def stop(_):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_reports(jobs, workers=2, on_done=stop)
    assert len(list(tmp_path.glob("*/*.archive.zip"))) < 10


def test_earlier_reports_in_the_output_folder_are_not_read_as_records(tmp_path):
    from typer.testing import CliRunner

    from cnm.cli.main import app

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RECORDS / "wannan-limestone_2024.yaml", src / "wannan-limestone_2024.yaml")
    args = ["report", str(src), "--history", str(RECORDS), "-o", str(src / "out"), "-f", "html"]
    for _ in range(2):  # the second run finds the first's record copies, history and manifest under in/out
        res = CliRunner().invoke(app, args, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert res.exit_code == 0, res.output
        assert "1 份报告已写入" in res.output


def test_the_trimmed_user_agent_stylesheet_changes_no_byte_of_the_pdf():
    """pdf_render drops the UA rules that style six pseudo-elements of every element (speed);
    the PDF must be the one WeasyPrint's stock stylesheet gives."""
    import weasyprint

    from cnm.methodology import default_methodology
    from cnm.result import assess
    from report_builder.context import ReportInput, build
    from report_builder.html_render import render_html
    from report_builder.pdf_render import _no_fetch, _weasy, layout, report_html_class, write

    assert report_html_class() is not weasyprint.HTML  # the six rules were found and scoped
    r = assess(load_record(RECORDS / "qianxi-iron_2024.yaml"))
    inp = ReportInput(result=r, methodology=default_methodology(), generated=source_stamp(r.record))
    html = render_html(build(inp, "zh"), inp.generated)
    stock = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch).render(font_config=_weasy()[1])
    assert write(layout(html)) == write(stock)
