"""`cnm weights delphi|ahp`: tables, --json, -o, located errors and exit codes (0 ok, 1 input, 2 usage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.methodology import default_methodology, load_methodology

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "weights"
ROUNDS = [str(EXAMPLES / "delphi" / n) for n in ("round-1.yaml", "round-2.csv", "round-3.csv")]
AHP = [str(EXAMPLES / "ahp" / n) for n in ("expert-1.yaml", "expert-2.csv")]
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, ["weights", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_delphi_tables_and_methodology_file(tmp_path):
    out = tmp_path / "m.yaml"
    r = run("delphi", *ROUNDS, "-o", str(out), "--name", "专家权重", "--version", "2026.2")
    assert r.exit_code == 0, r.stderr
    assert "第 3 轮收敛" in r.stdout and "肯德尔协调系数" in r.stdout and "I24" in r.stdout
    m = load_methodology(out)
    assert m.name == "专家权重" and m.version == "2026.2" and m.hash != default_methodology().hash
    assert str(out) in r.stdout


def test_delphi_json(tmp_path):
    r = run("delphi", *ROUNDS, "--json", "--rule", "either", "-o", str(tmp_path / "m.yaml"))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)  # nothing but JSON on stdout
    assert doc["converged_round"] == 2 and doc["ignored"] == [ROUNDS[2]]
    assert [x["number"] for x in doc["rounds"]] == [1, 2]
    g6 = next(t for t in doc["rounds"][0]["targets"] if t["target"] == "G6")
    assert {"kendall_w", "p", "items"} <= set(g6) and g6["items"][0]["id"] == "I23"
    assert sum(doc["methodology"]["group_shares"].values()) == pytest.approx(100)


def test_delphi_not_converged_writes_nothing_unless_accepted(tmp_path):
    out = tmp_path / "m.yaml"
    r = run("delphi", *ROUNDS[:2], "-o", str(out))
    assert r.exit_code == 1 and not out.exists()
    assert "未收敛" in r.stdout and "--accept-unconverged" in r.stderr
    r = run("delphi", *ROUNDS[:2], "-o", str(out), "--accept-unconverged", "--lang", "en")
    assert r.exit_code == 0 and "not converged after 2 rounds" in r.stdout
    assert "not converged" in load_methodology(out).description


def test_ahp_refuses_the_inconsistent_expert_and_names_it(tmp_path):
    out = tmp_path / "m.yaml"
    r = run("ahp", *AHP, str(EXAMPLES / "ahp" / "expert-3.yaml"), "-o", str(out), "--lang", "en")
    assert r.exit_code == 1 and not out.exists()
    assert "refused" in r.stdout  # the table shows every matrix, the refused one marked
    assert "expert-3.yaml matrices.G2 (expert E3, G2)" in r.stderr and "CR = 0.177" in r.stderr


def test_ahp_drop_inconsistent_and_revised(tmp_path):
    out = tmp_path / "m.yaml"
    r = run("ahp", *AHP, str(EXAMPLES / "ahp" / "expert-3.yaml"), "--drop-inconsistent", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    description = load_methodology(out).description
    assert "一致性检验未通过而未计入：E3/G2 (CR 0.177)" in description and "Refused and left out: E3/G2" in description
    r = run("ahp", *AHP, str(EXAMPLES / "ahp" / "expert-3.yaml"), "--json")  # refused: JSON only on stdout
    assert r.exit_code == 1 and json.loads(r.stdout)["ok"] is False and "--drop-inconsistent" in r.stderr
    r = run("ahp", *AHP, str(EXAMPLES / "ahp" / "expert-3-revised.yaml"), "--aggregate", "geometric", "--json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["ok"] and len(doc["matrices"]) == 21 and set(doc["combined"]) == {"G1", "G2", "G3", "G4", "G5", "G6",
                                                                                    "shares"}
    assert all(m["cr"] < 0.1 for m in doc["matrices"])


def test_bad_input_is_located_exit_1(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("expert,E1,group,G6\n,I23,I24\nI23,1,3\nI24,1/2,1\n", encoding="utf-8")
    r = run("ahp", str(bad))
    assert r.exit_code == 1 and "bad.csv line 4" in r.stderr and "ahp-reciprocal" in r.stderr


def test_output_must_not_be_an_input(tmp_path):
    copy = tmp_path / "e1.yaml"
    copy.write_text((EXAMPLES / "ahp" / "expert-1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = copy.read_bytes()
    r = run("ahp", str(copy), "-o", str(copy))
    assert r.exit_code == 1 and "output-is-input" in r.stderr and copy.read_bytes() == before


def test_usage_errors_exit_2():
    assert run("delphi").exit_code == 2
    assert run("ahp", "no-such-file.yaml").exit_code == 2
    assert run("ahp", *AHP, "--aggregate", "median").exit_code == 2
