"""`cnm consolidate`, `cnm history` and the demo stage, through the real CLI (typer's runner)."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from cnm.cli.demo_cmd import DemoContext
from cnm.cli.demo_group import stage_group
from cnm.cli.main import app
from tests.history_records import GROUP_FILE, RECORDS, data

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_consolidate_json_by_approach():
    out = run("consolidate", GROUP_FILE, RECORDS, "--approach", "equity", "--json", "--no-detail")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["approach"] == "equity" and doc["period"] == "2024"
    assert abs(doc["inventory"]["gross"] - (597_737.397 + 0.6 * 572_986.105 + 0.51 * 17_169.468)) < 0.01
    assert {m["mine"]: m["share"] for m in doc["members"]}["zhundong-opencast"] == 0.6
    assert doc["base_year"]["significant"] is True
    assert "trace" not in doc
    full = json.loads(run("consolidate", GROUP_FILE, RECORDS, "--approach", "equity", "--json").stdout)
    trace = {t["key"]: t for t in full["trace"]}  # every group figure with its formula and inputs
    assert trace["inventory.gross"]["value"] == full["inventory"]["gross"] and trace["grade"]["value"] == full["grade"]
    assert {i["name"] for i in trace["inventory.gross"]["inputs"]} >= {"zhundong-opencast share", "zhundong-opencast gross"}


def test_consolidate_table_and_compare():
    out = run("consolidate", GROUP_FILE, RECORDS, "--compare", "--lang", "en")
    assert out.exit_code == 0, out.output
    for text in ("Member mines", "Group indicator scores", "weighted", "Base year 2022",
                 "Consolidation approaches compared", "operational"):
        assert text in out.stdout


def test_consolidate_missing_record_exits_1_with_location(tmp_path):
    for f in RECORDS.glob("*.yaml"):
        if not f.name.startswith("wannan"):
            (tmp_path / f.name).write_bytes(f.read_bytes())
    out = run("consolidate", GROUP_FILE, tmp_path)
    assert out.exit_code == 1
    assert "members[2].mine: group-record-missing" in out.stderr and "Traceback" not in out.output


def test_consolidate_bad_period_is_a_usage_error():
    out = run("consolidate", GROUP_FILE, RECORDS, "--period", "2024Q3")
    assert out.exit_code == 2


def test_consolidate_folder_of_groups_checks_claims(tmp_path):
    (tmp_path / "a.yaml").write_bytes(GROUP_FILE.read_bytes())
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"id": "other", "name_zh": "另一集团", "members": [
        {"mine": "jinyuan-coal", "equity_percent": 40, "operational_control": True, "financial_control": True}]},
        allow_unicode=True), encoding="utf-8")
    out = run("consolidate", tmp_path, RECORDS)
    assert out.exit_code == 1 and "group-claim-conflict" in out.stderr and "other" in out.stderr


def test_history_flags_rising_intensity(tmp_path):
    for f in RECORDS.glob("jinyuan-coal_*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    d = data("jinyuan-coal_2024")
    d["production"]["output"]["value"] = 250.0
    (tmp_path / "jinyuan-coal_2024.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    out = run("history", tmp_path)
    assert out.exit_code == 0, out.output
    assert "强度上升（标准 4.2）" in out.stdout and "R-4.2" not in out.stdout
    doc = json.loads(run("history", tmp_path, "--json").stdout)
    assert doc["rising_intensity"] == ["2024"] and [p["period"] for p in doc["periods"]] == ["2022", "2023", "2024"]


def test_history_of_one_mine_in_a_mixed_folder():
    out = run("history", RECORDS, "--mine", "wannan-limestone", "--json")
    assert json.loads(out.stdout)["mine"]["id"] == "wannan-limestone"
    assert run("history", RECORDS, "--mine", "nope").exit_code == 1


def test_demo_stage_writes_group_and_history(tmp_path):
    ctx = DemoContext(records_dir=RECORDS, out=tmp_path, lang="en")
    stage_group(ctx)
    doc = json.loads((tmp_path / "group" / "huajin-energy_2024_financial.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == "cnm-group-result/1" and len(doc["members"]) == 4
    assert len(list((tmp_path / "history").glob("*.json"))) == 6
    svg = (tmp_path / "history" / "jinyuan-coal.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "2022 246" in svg  # the 2022 intensity, 245.83 kgCO2e/t, in the text alternative
    assert "晋源" in (tmp_path / "group" / "huajin-energy_2024_members.svg").read_text(encoding="utf-8")
    assert ctx.outputs[0][0].startswith("集团合并结果")
