"""The `cnm` CLI: exit codes 0 / 1 / 2, JSON contract, methodology, schema; never a traceback."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from cnm.cli.main import app
from tests.conftest import DEMO_RECORDS

runner = CliRunner()
CONTRACT_INVENTORY = {"scope1", "scope2_location", "scope2_market", "scope3", "gross", "removals", "residual",
                      "offsets", "offset_share"}


def test_score_json_contract():
    res = runner.invoke(app, ["score", str(DEMO_RECORDS / "wannan-limestone_2024.yaml"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out["methodology"]) == {"name", "version", "hash"}
    assert CONTRACT_INVENTORY <= set(out["inventory"])
    assert 0 < out["inventory"]["offset_share"] < 2
    assert [i["id"] for i in out["indicators"]] == [f"I{n:02d}" for n in range(1, 25)]
    assert set(out["indicators"][0]) >= {"id", "name_zh", "name_en", "value", "unit", "score", "weight"}
    assert [g["id"] for g in out["groups"]] == ["G1", "G2", "G3", "G4", "G5", "G6"]
    assert set(out["groups"][0]) >= {"id", "name_zh", "share", "score"}
    assert [lv["id"] for lv in out["levels"]] == ["L1", "L2", "L3"]
    assert out["grade"] in {"AAA", "AA", "A", "B", "C", "未达级"} and isinstance(out["total"], float)
    assert out["energy_tce"] > 0 and out["trace"]


def test_score_table_and_folder():
    res = runner.invoke(app, ["score", str(DEMO_RECORDS / "qianxi-iron_2024.yaml"), "--lang", "en"])
    assert res.exit_code == 0
    assert "Total score" in res.stdout and "I24" in res.stdout
    res = runner.invoke(app, ["score", str(DEMO_RECORDS)])
    assert res.exit_code == 0 and "皖南建材石灰石矿" in res.stdout


def test_bad_record_exits_1_with_located_lines(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump({"mine": {"id": "x", "name_zh": "矿", "category": "coal_surface"}, "period": {"year": 2024},
                                 "production": {"output": "1 t"}, "fuels": [{"fuel": "dieselx", "value": 1, "unit": "t"}]},
                                allow_unicode=True), encoding="utf-8")
    res = runner.invoke(app, ["score", str(p)])
    assert res.exit_code == 1
    assert "fuels[0].fuel: unknown-source" in res.stderr and "Traceback" not in res.output + res.stderr


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["score"]).exit_code == 2
    assert runner.invoke(app, ["score", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(app, ["score", str(DEMO_RECORDS), "--lang", "fr"]).exit_code == 2


def test_methodology_show_and_export(tmp_path):
    res = runner.invoke(app, ["methodology", "show", "--json"])
    assert res.exit_code == 0
    shown = json.loads(res.stdout)
    assert shown["gwp"] == "ar4" and shown["weights"]["I07"] == 30 and shown["group_shares"]["G2"] == 30
    out = tmp_path / "m.yaml"
    assert runner.invoke(app, ["methodology", "export", "-o", str(out)]).exit_code == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["hash"] == shown["hash"] and len(doc["factor_sets"]) == len(shown["factor_sets"])
    assert runner.invoke(app, ["methodology", "show"]).exit_code == 0


def test_schema_command(tmp_path):
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"].startswith("cnm canonical record")


def test_score_with_history_recomputes_previous():
    res = runner.invoke(app, ["score", str(DEMO_RECORDS / "qianxi-iron_2024.yaml"), "--history", str(DEMO_RECORDS),
                              "--json", "--no-detail"])
    assert res.exit_code == 0, res.output
    i03 = next(i for i in json.loads(res.stdout)["indicators"] if i["id"] == "I03")
    assert i03["value"] is not None


def test_score_of_a_folder_without_records_says_so(tmp_path):
    res = CliRunner().invoke(app, ["score", str(tmp_path)])
    assert res.exit_code == 1 and "no-records" in res.output and "未找到记录文件" in res.output


def test_demo_finds_the_projects_records_when_run_elsewhere(tmp_path, monkeypatch):
    from cnm.cli.demo_cmd import demo_records

    monkeypatch.chdir(tmp_path)
    assert demo_records() == DEMO_RECORDS.resolve()
    (tmp_path / "examples" / "records").mkdir(parents=True)
    assert demo_records().resolve() == (tmp_path / "examples" / "records").resolve()  # the current folder's first


def test_recalc_and_fill_never_write_over_their_input_through_a_hard_link(tmp_path):
    import hashlib
    import os

    book = tmp_path / "book.xlsx"
    assert runner.invoke(app, ["fill", str(DEMO_RECORDS / "jinyuan-coal_2024.yaml"), "-o", str(book)]).exit_code == 0
    link = tmp_path / "link.xlsx"
    os.link(book, link)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    for args in (["recalc", str(book), "-o", str(link)], ["fill", str(book), "-o", str(link)]):
        res = runner.invoke(app, args)
        assert res.exit_code != 0 and "Traceback" not in res.output, res.output
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
