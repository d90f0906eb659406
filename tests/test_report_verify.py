"""Re-verifying an archived report (R-8.2 archived, R-4.1 verifiable): the archive carries every
render input (record, earlier records of --history, the -m methodology and the file it builds
on, target, review block, stamp); `cnm report --verify` renders it again and compares."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.record_io import load_record
from report_builder.bundle import sha256
from tests.conftest import RECORDS
from tests.test_report import EPOCH, STEM, run_report

REVIEW = ["--reviewer", "李审核", "--review-date", "2025-05-10", "--review-opinion", "同意归档；I10 需补充台账"]


def verify(archive: Path, *more: str, env: dict | None = None):
    return CliRunner().invoke(app, ["report", "--verify", str(archive), *more], env=env or {})


@pytest.fixture(scope="module")
def methodology(tmp_path_factory) -> Path:
    """A custom methodology on a base file of its own (both must travel in the archive)."""
    folder = tmp_path_factory.mktemp("method")
    (folder / "province.yaml").write_text(
        "schema: cnm-methodology/1\nbase: default\nname: 某省细则\nversion: '1.0'\n"
        "weights: {I01: 25, I02: 30, I03: 25, I04: 20}\n", encoding="utf-8")
    (folder / "mine-2025.yaml").write_text(
        "schema: cnm-methodology/1\nbase: province.yaml\nname: 某省细则（2025 修订）\nversion: '1.1'\n"
        "gwp: ar5\n", encoding="utf-8")
    return folder / "mine-2025.yaml"


@pytest.fixture(scope="module")
def archived(tmp_path_factory, methodology) -> Path:
    out = tmp_path_factory.mktemp("archived")
    run_report([str(RECORDS / f"{STEM}.yaml"), "--history", str(RECORDS), "-m", str(methodology), "--target", "a",
                *REVIEW, "-o", str(out)])
    return out


def test_archive_carries_every_render_input(archived):
    manifest = json.loads((archived / f"{STEM}.zh.manifest.json").read_text(encoding="utf-8"))
    render = manifest["render"]
    assert render["review"] == {"reviewer": "李审核", "date": "2025-05-10", "opinion": "同意归档；I10 需补充台账"}
    assert render["source_date_epoch"] == int(EPOCH) and render["stamp_from"] == "SOURCE_DATE_EPOCH"
    assert render["target"] == "A" and render["lang"] == "zh" and render["formats"] == ["html", "pdf", "docx"]
    assert render["history"] == [f"{STEM}.history/qianxi-iron_2022.record.json",
                                 f"{STEM}.history/qianxi-iron_2023.record.json"]
    assert render["methodology"] == f"{STEM}.methodology/mine-2025.yaml"
    roles = {f["name"]: f["role"] for f in manifest["files"]}
    assert roles[f"{STEM}.methodology/province.yaml"] == "methodology" and roles[f"{STEM}.record.json"] == "record"
    assert manifest["methodology"]["name"] == "某省细则（2025 修订）"
    with zipfile.ZipFile(archived / f"{STEM}.zh.archive.zip") as z:
        names = set(z.namelist())
        assert {f["name"] for f in manifest["files"]} <= names
        for year in (2022, 2023):
            name = f"{STEM}.history/qianxi-iron_{year}.record.json"
            (archived / "x.json").write_bytes(z.read(name))
            assert load_record(archived / "x.json") == load_record(RECORDS / f"qianxi-iron_{year}.yaml")
    html = (archived / f"{STEM}.zh.html").read_text(encoding="utf-8")
    assert "同意归档；I10 需补充台账" in html and "2025-05-10" in html


def test_verify_renders_again_identically(archived):
    res = verify(archived / f"{STEM}.zh.archive.zip")  # no SOURCE_DATE_EPOCH: the manifest's stamp is used
    assert res.exit_code == 0, res.output
    assert "复核通过" in res.output and "逐字节一致" in res.output
    res = verify(archived / f"{STEM}.zh.archive.zip", "--lang", "en", env={"SOURCE_DATE_EPOCH": "0"})
    assert res.exit_code == 0 and "verified" in res.output, res.output


def rewrite(src: Path, dst: Path, change) -> None:
    """A copy of the archive with `change(name, bytes) -> bytes` applied to each member."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, change(info.filename, z.read(info)))


def one_byte_off(data: bytes) -> bytes:
    """The first digit of the first value changed by one: still valid JSON, one byte apart."""
    m = re.search(rb'"value": (\d)', data)
    pos = m.start(1)
    return data[:pos] + str((int(data[pos:pos + 1]) + 1) % 10).encode() + data[pos + 1:]


def test_one_tampered_byte_fails_and_names_the_file(archived, tmp_path):
    bad = tmp_path / "tampered.zip"
    rewrite(archived / f"{STEM}.zh.archive.zip", bad,
            lambda n, d: one_byte_off(d) if n == f"{STEM}.record.json" else d)
    res = verify(bad)
    assert res.exit_code == 1, res.output
    assert f"{STEM}.record.json: SHA-256 与清单不符" in res.output and "复核未通过" in res.output
    assert "Traceback" not in res.output and f"{STEM}.zh.pdf" not in res.output


def test_a_consistently_edited_archive_fails_on_rendering_again(archived, tmp_path):
    """Record, manifest and .sha256 edited together: the checksums agree, rendering again does not."""
    with zipfile.ZipFile(archived / f"{STEM}.zh.archive.zip") as z:
        record = one_byte_off(z.read(f"{STEM}.record.json"))
        manifest = json.loads(z.read(f"{STEM}.zh.manifest.json"))
    for f in manifest["files"]:
        if f["name"] == f"{STEM}.record.json":
            f["sha256"] = sha256(record)
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    files = {f"{STEM}.record.json": record, f"{STEM}.zh.manifest.json": manifest_bytes}

    def change(name: str, data: bytes) -> bytes:
        if name.endswith(".sha256"):
            return "".join(f"{sha256(files[n]) if n in files else h}  {n}\n"
                           for h, n in (ln.split("  ", 1) for ln in data.decode().splitlines())).encode()
        return files.get(name, data)

    bad = tmp_path / "edited.zip"
    rewrite(archived / f"{STEM}.zh.archive.zip", bad, change)
    res = verify(bad, "--lang", "en")
    assert res.exit_code == 1, res.output
    assert f"{STEM}.zh.pdf: rendered again, its bytes differ" in res.output
    assert f"{STEM}.record.json:" not in res.output  # the record itself matches its (edited) checksum
    assert "the same software renders different bytes: the archived files may have been altered" in res.output


def test_an_archive_made_by_other_code_says_so(archived, tmp_path):
    """Under one version number the code fingerprint still tells other code from altered files."""
    def other_code(m):
        m["code"] = "0" * 64
    res = verify(_with_manifest(archived, tmp_path, other_code), "--lang", "en")
    assert res.exit_code == 0, res.output  # nothing differs but the manifest itself: the files render the same
    bad = _with_manifest(archived, tmp_path, lambda m: (other_code(m), m["render"].update(target="AAA")))
    res = verify(bad, "--lang", "en")
    assert res.exit_code == 1 and "code differs: archived 0000000000000000…" in res.output, res.output
    assert "verify with the cnm that made it" in res.output and "may have been altered" not in res.output


def _with_manifest(archived, tmp_path, edit) -> Path:
    """A copy of the archive whose manifest was edited (and its .sha256 line kept in step)."""
    with zipfile.ZipFile(archived / f"{STEM}.zh.archive.zip") as z:
        manifest = json.loads(z.read(f"{STEM}.zh.manifest.json"))
    edit(manifest)
    data = (json.dumps(manifest, ensure_ascii=False) + "\n").encode()

    def change(name: str, old: bytes) -> bytes:
        if name.endswith(".sha256"):
            return "".join(f"{sha256(data) if n == f'{STEM}.zh.manifest.json' else h}  {n}\n"
                           for h, n in (ln.split("  ", 1) for ln in old.decode().splitlines())).encode()
        return data if name == f"{STEM}.zh.manifest.json" else old

    bad = tmp_path / "manifest.zip"
    rewrite(archived / f"{STEM}.zh.archive.zip", bad, change)
    return bad


def test_a_manifest_naming_files_outside_the_archive_is_refused(archived, tmp_path):
    """The render block may only name archive members: never a file of the verifying machine."""
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}", encoding="utf-8")
    bad = _with_manifest(archived, tmp_path, lambda m: m["render"].update(record=str(outside)))
    res = verify(bad, "--lang", "en")
    assert res.exit_code == 1 and "not a file of the archive" in res.output and "Traceback" not in res.output
    bad = _with_manifest(archived, tmp_path, lambda m: m.update(files=[{}]))
    res = verify(bad, "--lang", "en")
    assert res.exit_code == 1 and "list of {name, sha256" in res.output, res.output


def test_archive_without_render_inputs_and_usage(tmp_path):
    """A bundle written without its inputs (as before, or by callers that pass none) says so."""
    from cnm.result import assess
    from report_builder.bundle import write_bundle

    result = assess(load_record(RECORDS / f"{STEM}.yaml"))
    old = write_bundle(tmp_path / "old", result, {"html": b"<html></html>"}, "zh",
                       dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    res = verify(old.archive)
    assert res.exit_code == 1 and "render" in res.output, res.output
    runner = CliRunner()
    res = runner.invoke(app, ["report", str(RECORDS / f"{STEM}.yaml"), "--verify", str(old.archive)])
    assert res.exit_code == 2, res.output
    res = runner.invoke(app, ["report", str(RECORDS / f"{STEM}.yaml")])
    assert res.exit_code == 2 and "--out" in res.output, res.output
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    res = verify(junk)
    assert res.exit_code == 1 and "zip" in res.output and "Traceback" not in res.output


def test_a_methodology_naming_a_file_outside_its_folder_is_refused_before_rendering(tmp_path):
    (tmp_path / "shared.yaml").write_text("schema: cnm-methodology/1\nbase: default\nname: 共用\nversion: '1'\n",
                                          encoding="utf-8")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "m.yaml").write_text("schema: cnm-methodology/1\nbase: ../shared.yaml\nname: 本矿\n"
                                              "version: '1'\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["report", str(RECORDS / f"{STEM}.yaml"), "-m", str(tmp_path / "mine" / "m.yaml"),
                                   "-o", str(tmp_path / "out")])
    assert res.exit_code == 1 and "shared.yaml" in res.output and "Traceback" not in res.output, res.output
    assert not (tmp_path / "out").exists()


def test_the_demo_stage_writes_archives_that_verify(tmp_path):
    """`make demo`'s reports carry their render inputs (earlier records as history): re-verifiable."""
    import shutil

    from cnm.cli.demo_cmd import DemoContext, stage_reports
    from cnm.record_io import load_record
    from cnm.result import assess
    from report_builder.verify import verify_bundle
    from tests.conftest import DEMO_RECORDS

    records = tmp_path / "records"
    records.mkdir()
    for p in sorted(DEMO_RECORDS.glob("wannan-limestone_*.yaml")):
        shutil.copy(p, records / p.name)
    ctx = DemoContext(records_dir=records, out=tmp_path / "out", lang="zh")
    ctx.results = [assess(load_record(p)) for p in sorted(records.glob("*.yaml"))]
    stage_reports(ctx)
    [archive] = (tmp_path / "out" / "reports").glob("*.zip")
    with zipfile.ZipFile(archive) as z:
        history = [n for n in z.namelist() if ".history/" in n]
    assert sorted(Path(n).name for n in history) == ["wannan-limestone_2022.record.json",
                                                     "wannan-limestone_2023.record.json"]
    problems, checked = verify_bundle(archive)
    assert problems == [] and checked >= 3


def test_an_archive_of_an_earlier_methodology_and_cnm_says_which_software_differs(archived, tmp_path):
    """An archive made by an earlier cnm whose default methodology has changed since cannot be
    rendered again: --verify says so and names the software that differs, not just 'mismatch'."""
    def older(m):
        m["methodology"]["hash"], m["generator"] = "0" * 64, "cnm 0.3.0"
    res = verify(_with_manifest(archived, tmp_path, older), "--lang", "en")
    assert res.exit_code == 1 and "the methodology's content hash differs" in res.output
    assert "generator differs: archived cnm 0.3.0" in res.output and "verify with the cnm that made it" in res.output
