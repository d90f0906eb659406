"""Methodology: named, versioned, hashed; a user file overrides parts (dynamic adjustment, R-5.1)."""

from __future__ import annotations

import pytest
import yaml

from cnm.errors import DataFileError
from cnm.methodology import default_methodology, load_methodology
from cnm.record_io import load_record
from cnm.result import assess
from tests.conftest import DEMO_RECORDS


def test_default_identity_is_stable():
    m = default_methodology()
    info = m.info()
    assert info["version"] == "2026.3" and len(info["hash"]) == 64
    assert load_methodology(None).hash == info["hash"]
    assert m.gwp.id == "ar4" and m.gwp.gwp("CH4") == 25


def test_every_result_names_its_methodology():
    r = assess(load_record(DEMO_RECORDS / "wannan-limestone_2024.yaml"))
    assert r.contract()["methodology"] == default_methodology().info()


def write(tmp_path, doc, name="m.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


def test_override_gwp_and_weights_changes_results_and_hash(tmp_path):
    p = write(tmp_path, {"base": "default", "name": "SAR 口径", "version": "1", "gwp": "sar",
                         "weights": {"I01": 40, "I02": 20, "I03": 20, "I04": 20}})
    m = load_methodology(p)
    assert m.gwp.gwp("CH4") == 21 and m.catalog.indicator("I01").weight == 40
    assert m.hash != default_methodology().hash
    rec = load_record(DEMO_RECORDS / "jinyuan-coal_2024.yaml")
    a, b = assess(rec), assess(rec, m)
    assert b.inventory.scope1 < a.inventory.scope1  # CH4 at 21 instead of 25
    assert b.methodology["name"] == "SAR 口径"


def test_override_parameters_and_rubric(tmp_path):
    p = write(tmp_path, {"base": "default", "version": "x", "parameters": {"scope2_basis_for_gross": "location"},
                         "rubric": {"indicators": {"I19": {"points": [[0, 0], [10, 100]]}}}})
    m = load_methodology(p)
    rec = load_record(DEMO_RECORDS / "gandong-copper_2024.yaml")
    r = assess(rec, m)
    assert r.inventory.gross == pytest.approx(r.inventory.scope1 + r.inventory.scope2_location + r.inventory.scope3)
    assert next(i for i in r.indicators if i.id == "I19").score == 100


def test_user_factor_set_takes_priority(tmp_path):
    fs = {"id": "mine-lab-2024", "name_zh": "矿山实测", "name_en": "Mine lab", "document": "化验报告汇编 2024",
          "issuer": "矿山化验室", "year": 2024, "quality": "project_assumption", "verification": "V",
          "factors": [{"id": "diesel", "kind": "fuel", "name_zh": "柴油", "name_en": "Diesel", "activity_unit": "t",
                       "params": {"ncv": {"value": 43.0, "unit": "GJ/t"}, "carbon_content": {"value": 20.0, "unit": "tC/TJ"},
                                  "oxidation": {"value": 99, "unit": "percent"}}}]}
    write(tmp_path, fs, "lab.yaml")
    m = load_methodology(write(tmp_path, {"base": "default", "version": "lab",
                                          "factor_sets": ["lab.yaml", *[s.id for s in default_methodology().factors.sets]]}))
    f = m.factors.get("fuel", "diesel")
    assert f.set_id == "mine-lab-2024" and f.emission_factor("t") == pytest.approx(43 * 0.020 * 0.99 * 44 / 12)


def test_bad_override_is_refused_with_location(tmp_path):
    with pytest.raises(DataFileError) as exc:
        load_methodology(write(tmp_path, {"base": "default", "weights": {"I01": 90}}))
    assert any("G1" in p.loc for p in exc.value.problems)
    with pytest.raises(DataFileError) as exc:
        load_methodology(write(tmp_path, {"base": "default", "gwp_set": "ar5"}))
    assert exc.value.problems[0].loc == "gwp_set"
    with pytest.raises(DataFileError):
        load_methodology(write(tmp_path, {"base": "default", "rubric": {"indicators": {"I02": {"metric": "magic"}}}}))


def test_factor_file_with_a_wrong_unit_names_the_row(tmp_path):
    fs = {"id": "bad", "name_zh": "坏", "name_en": "bad", "document": "doc", "issuer": "x", "year": 2024,
          "quality": "literature", "verification": "R",
          "factors": [{"id": "heat", "kind": "emission", "name_zh": "热", "name_en": "heat", "value": 0.11,
                       "unit": "tCO2/kWh/kg", "activity_unit": "GJ"}]}
    write(tmp_path, fs, "bad.yaml")
    with pytest.raises(DataFileError) as exc:
        load_methodology(write(tmp_path, {"base": "default", "factor_sets": ["bad.yaml"]}))
    assert exc.value.problems[0].loc.startswith("factors[0] (emission heat)")


def test_every_default_factor_has_provenance():
    for s in default_methodology().factors.sets:
        for f in s.factors:
            assert f.document and f.issuer and f.year, f.id
            assert f.quality in ("national_default", "literature", "project_assumption")
            assert f.verification in ("V", "Q", "R", "D")


def test_an_exported_methodology_loads_back_with_the_same_hash(tmp_path):
    """`cnm methodology export` writes the content inline; that file is a methodology file."""
    from typer.testing import CliRunner

    from cnm.cli.main import app

    out = tmp_path / "exported.yaml"
    res = CliRunner().invoke(app, ["methodology", "export", "-o", str(out)])
    assert res.exit_code == 0, res.output
    m = load_methodology(out)
    assert m.info() == default_methodology().info()
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    next(g for g in doc["gwp"]["gases"] if g["gas"] == "CH4")["gwp"] = 28
    edited = load_methodology(write(tmp_path, doc, "edited.yaml"))
    assert edited.gwp.gwp("CH4") == 28 and edited.hash != m.hash
    # same name and version as the default but other content: the version says so
    assert edited.name == m.name and edited.version == f"{m.version}+{edited.hash[:8]}"
    rec = load_record(DEMO_RECORDS / "jinyuan-coal_2024.yaml")
    assert assess(rec, edited).inventory.scope1 > assess(rec).inventory.scope1


def test_an_unnamed_override_gets_a_distinct_version(tmp_path):
    m = load_methodology(write(tmp_path, {"base": "default", "gwp": "ar5"}))
    assert m.name == default_methodology().name and m.version == f"2026.3+{m.hash[:8]}"
    named = load_methodology(write(tmp_path, {"base": "default", "gwp": "ar5", "version": "p1"}, "named.yaml"))
    assert named.version == "p1"


@pytest.mark.parametrize(("override", "loc"), [
    ({"rubric": {"qualitative_scores": [0, 50, 100, 150, 200]}}, "rubric.qualitative_scores"),
    ({"rubric": {"qualitative_scores": [0, 75, 50, 90, 100]}}, "rubric.qualitative_scores"),
    ({"rubric": {"qualitative_without_evidence_score": -10}}, "rubric.qualitative_without_evidence_score"),
    ({"parameters": {"grades": [{"grade": "B", "min_score": 70, "min_offset_share": 0.8},
                                {"grade": "A", "min_score": 85, "min_offset_share": 0.9}]}}, "parameters.grades"),
])
def test_overrides_that_could_push_a_score_past_100_or_misorder_grades_are_refused(tmp_path, override, loc):
    with pytest.raises(DataFileError) as exc:
        load_methodology(write(tmp_path, {"base": "default", "version": "x", **override}))
    assert any(p.loc.startswith(loc) for p in exc.value.problems), exc.value.problems
