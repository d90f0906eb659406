"""Methodology files (the standard's dynamic adjustment, R-5.1) that are wrong are refused with a
located, bilingual error naming the file and the key, never ignored, never a traceback or a hang.

One group of tests per defect found by exploratory testing:
1. unknown or misspelt ids in an override keyed by id (weights, group_shares, rubric, factor sets,
   parameters) were ignored silently;
2. non-finite numbers (.inf, .nan) were accepted and `--json` printed `Infinity`;
3. a loop of `base:` files, a folder, a device or a pipe named as a file ended in an internal
   error or never returned (records, groups and expert files too);
4. errors that did not say which file and which key they came from.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cnm.cli.main import app
from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, read_text
from cnm.errors import DataFileError, InputErrors
from cnm.methodology import default_methodology, export_text, load_methodology
from cnm.record_io import load_record
from tests.conftest import DEMO_RECORDS, ROOT

RECORD = DEMO_RECORDS / "jinyuan-coal_2024.yaml"
runner = CliRunner()


def write(folder: Path, doc, name: str = "m.yaml") -> Path:
    p = folder / name
    p.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


def refused(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as exc:
        load_methodology(path)
    err = exc.value
    for p in err.problems:  # every problem says what is wrong in both languages
        assert p.message_en and p.message_zh, p
    return err


def by_loc(err: DataFileError) -> dict:
    return {p.loc: p for p in err.problems}


def override(tmp_path: Path, **parts) -> Path:
    return write(tmp_path, {"base": "default", "name": "override", "version": "1", **parts})


# 1. Unknown ids in overrides keyed by id ------------------------------------------------------

@pytest.mark.parametrize(("weights", "loc", "meant"), [
    ({"I1": 40, "I2": 20, "I3": 20, "I4": 20}, "weights.I1", "I01"),
    ({"i01": 40, "i02": 20, "i03": 20, "i04": 20}, "weights.i01", "I01"),  # ids are exact: no case folding
    ({"I01": 25, "I02": 30, "I03": 25, "I25": 20}, "weights.I25", None),
    ({"IX": 5}, "weights.IX", None),
])
def test_an_unknown_indicator_in_weights_is_refused_naming_the_file_and_the_key(tmp_path, weights, loc, meant):
    err = refused(override(tmp_path, weights=weights))
    assert err.path == str(tmp_path / "m.yaml")
    p = by_loc(err)[loc]
    assert p.code == "unknown-id" and "unknown indicator; ids are I01..I24" in p.message_en and "未知" in p.message_zh
    if meant:
        assert f"did you mean {meant}?" in p.message_en and meant in p.message_zh
    else:
        assert "did you mean" not in p.message_en


def test_an_unknown_group_in_group_shares_is_refused(tmp_path):
    err = refused(override(tmp_path, weights={"I25": 30}, group_shares={"G7": 3, "g1": 15}))
    assert set(by_loc(err)) == {"weights.I25", "group_shares.G7", "group_shares.g1"}  # every one, not the first
    assert "ids are G1..G6" in by_loc(err)["group_shares.G7"].message_en
    assert "did you mean G1?" in by_loc(err)["group_shares.g1"].message_en


def test_a_group_id_under_weights_says_where_it_belongs(tmp_path):
    p = by_loc(refused(override(tmp_path, weights={"G1": 15})))["weights.G1"]
    assert "group_shares" in p.message_en and "group_shares" in p.message_zh


def test_the_exact_ids_still_change_the_weights_and_the_hash(tmp_path):
    m = load_methodology(override(tmp_path, weights={"I01": 40, "I02": 20, "I03": 20, "I04": 20}))
    assert m.catalog.indicator("I01").weight == 40 and m.hash != default_methodology().hash


def test_the_cli_refuses_a_misspelt_weight_instead_of_scoring_with_appendix_a(tmp_path):
    path = override(tmp_path, weights={"I1": 40, "I2": 20, "I3": 20, "I4": 20})
    res = runner.invoke(app, ["score", str(RECORD), "-m", str(path), "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert "m.yaml" in res.output and "weights.I1" in res.output and "did you mean I01?" in res.output
    assert default_methodology().hash[:16] not in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(("rubric", "loc"), [
    ({"indicators": {"I99": {"points": [[0, 0], [10, 60]]}}}, "rubric.indicators.I99"),
    ({"indicators": {"i19": {"points": [[0, 0], [10, 60]]}}}, "rubric.indicators.i19"),
    ({"categories": {"coal_undergroud": {"reference_carbon_intensity": 1}}}, "rubric.categories.coal_undergroud"),
])
def test_an_unknown_id_in_a_rubric_override_is_refused(tmp_path, rubric, loc):
    err = refused(override(tmp_path, rubric=rubric))
    assert err.path == str(tmp_path / "m.yaml")
    p = by_loc(err)[loc]
    assert p.code == "unknown-id" and "unknown" in p.message_en
    assert "I99" not in loc or "ids are I01..I24" in p.message_en
    assert "i19" not in loc or "did you mean I19?" in p.message_en
    assert "coal_undergroud" not in loc or "did you mean coal_underground?" in p.message_en


def test_a_rubric_override_giving_points_replaces_the_base_points_by_category(tmp_path):
    """I02 is scored by category in Appendix A: plain `points` in an override used to be ignored."""
    assert default_methodology().rubric.rule("I02").by_category
    m = load_methodology(override(tmp_path, rubric={"indicators": {"I02": {"points": [[0, 0], [1e9, 0.5]]}}}))
    rule = m.rubric.rule("I02")
    assert rule.by_category is None and rule.points_for("coal_underground") == ((0, 0), (1e9, 0.5))


def test_a_rubric_file_giving_both_points_and_by_category_is_refused(tmp_path):
    rubric = default_methodology().rubric.model_dump(by_alias=True)
    rubric["indicators"]["I02"]["points"] = [[0, 100], [10, 0]]
    write(tmp_path, rubric, "rubric.yaml")
    err = refused(override(tmp_path, rubric="rubric.yaml"))
    assert by_loc(err)["indicators.I02"].code == "rubric-points"


def test_an_unknown_factor_set_or_parameter_is_refused_with_the_key(tmp_path):
    p = by_loc(refused(override(tmp_path, factor_sets=["cn-ndrc-2015-mien"])))["factor_sets[0]"]
    assert "not a bundled factor set" in p.message_en and "did you mean cn-ndrc-2015-mine?" in p.message_en
    assert "cn-ndrc-2014-coal" in p.message_en  # the bundled ids are listed
    p = by_loc(refused(override(tmp_path, parameters={"offset_validity_yaers": 5})))["parameters.offset_validity_yaers"]
    assert p.code == "extra_forbidden"
    err = refused(override(tmp_path, factor_sets=["cn-ndrc-2015-mine", "cn-ndrc-2015-mine"]))
    assert "listed twice" in by_loc(err)["factor_sets[1]"].message_en


def test_an_empty_factor_set_list_is_refused_not_read_as_the_base(tmp_path):
    assert by_loc(refused(override(tmp_path, factor_sets=[])))["factor_sets"].code == "factor-sets-empty"


# 2. Every number of a methodology is finite ----------------------------------------------------

def _exported(tmp_path: Path) -> dict:
    return yaml.safe_load(export_text(default_methodology()))


def _finite_problem(err: DataFileError, loc: str):
    p = by_loc(err)[loc]
    assert p.code == "finite_number" and p.message_en == "must be a finite number" and p.message_zh == "应为有限数值"
    return p


@pytest.mark.parametrize("value", [float("inf"), float("nan"), float("-inf")])
def test_a_non_finite_gwp_in_an_exported_methodology_is_refused(tmp_path, value):
    doc = _exported(tmp_path)
    i = next(n for n, g in enumerate(doc["gwp"]["gases"]) if g["gas"] == "CH4")
    doc["gwp"]["gases"][i]["gwp"] = value
    err = refused(write(tmp_path, doc, "exp.yaml"))
    assert err.path == str(tmp_path / "exp.yaml")
    _finite_problem(err, f"gwp.gases[{i}].gwp")


def test_a_non_finite_factor_or_rubric_point_is_refused(tmp_path):
    doc = _exported(tmp_path)
    rows = doc["factor_sets"][0]["factors"]
    j = next(n for n, f in enumerate(rows) if f.get("value") is not None)
    rows[j]["value"] = float("inf")
    _finite_problem(refused(write(tmp_path, doc, "fac.yaml")), f"factor_sets[0].factors[{j}].value")
    err = refused(override(tmp_path, rubric={"indicators": {"I19": {"points": [[0, 0], [10, 60], [float("inf"), 100]]}}}))
    _finite_problem(err, "rubric.indicators.I19.points[2][0]")


def test_a_nan_weight_is_reported_as_not_finite_not_as_above_100(tmp_path):
    err = refused(override(tmp_path, weights={"I01": float("nan"), "I02": 30, "I03": 25, "I04": 20}))
    p = _finite_problem(err, "weights.I01")
    assert "100" not in p.message_zh
    _finite_problem(refused(override(tmp_path, group_shares={"G1": float("inf")})), "group_shares.G1")


def test_non_finite_parameters_and_grade_bands_are_refused(tmp_path):
    _finite_problem(refused(override(tmp_path, parameters={"offset_validity_years": float("inf")})),
                    "parameters.offset_validity_years")
    grades = [{"grade": "A", "min_score": float("nan"), "min_offset_share": 0.9}]
    _finite_problem(refused(override(tmp_path, parameters={"grades": grades})), "parameters.grades[0].min_score")


def test_a_non_finite_gwp_in_a_named_file_is_refused(tmp_path):
    gwp = yaml.safe_load((ROOT / "cnm" / "data" / "gwp" / "ar4.yaml").read_text(encoding="utf-8"))
    gwp["gases"][1]["gwp"] = float("inf")
    write(tmp_path, gwp, "my-gwp.yaml")
    err = refused(override(tmp_path, gwp="my-gwp.yaml"))
    assert "my-gwp.yaml" in err.path and "m.yaml: gwp" in err.path
    _finite_problem(err, "gases[1].gwp")


def test_score_json_never_prints_infinity(tmp_path):
    doc = _exported(tmp_path)
    next(g for g in doc["gwp"]["gases"] if g["gas"] == "CH4")["gwp"] = float("inf")
    res = runner.invoke(app, ["score", str(RECORD), "-m", str(write(tmp_path, doc, "exp.yaml")), "--json"])
    assert res.exit_code == 1 and "Infinity" not in res.stdout and "finite" in res.output


# 3. Loops, folders, devices and pipes ----------------------------------------------------------

def test_a_file_that_is_its_own_base_is_refused(tmp_path):
    path = write(tmp_path, {"base": "self.yaml", "name": "s", "version": "1"}, "self.yaml")
    p = by_loc(refused(path))["base"]
    assert p.code == "base-cycle" and p.message_en.count("self.yaml") == 2


def test_two_files_naming_each_other_as_base_are_refused_naming_the_chain(tmp_path):
    write(tmp_path, {"base": "cb.yaml", "name": "ca", "version": "1"}, "ca.yaml")
    write(tmp_path, {"base": "ca.yaml", "name": "cb", "version": "1"}, "cb.yaml")
    err = refused(tmp_path / "ca.yaml")
    p = by_loc(err)["base"]
    assert p.code == "base-cycle" and "cb.yaml" in err.path
    chain = p.message_en.split(": ", 1)[1]
    assert [Path(f).name for f in chain.split(" → ")] == ["ca.yaml", "cb.yaml", "ca.yaml"]


def test_a_long_chain_of_bases_still_loads(tmp_path):
    write(tmp_path, {"base": "default", "gwp": "ar5"}, "b0.yaml")
    for n in range(1, 5):
        write(tmp_path, {"base": f"b{n - 1}.yaml"}, f"b{n}.yaml")
    assert load_methodology(tmp_path / "b4.yaml").gwp.id == "ar5"


def test_a_folder_named_as_a_part_is_refused_at_its_key(tmp_path):
    (tmp_path / "somedir").mkdir()
    p = by_loc(refused(override(tmp_path, gwp=str(tmp_path / "somedir"))))["gwp"]
    assert p.code == "not-a-file" and "folder" in p.message_en


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("key", ["gwp", "rubric", "catalog", "base"])
def test_a_device_named_as_a_part_is_refused_before_reading(tmp_path, key):
    doc = {"base": "default", key: "/dev/zero"} if key != "base" else {"base": "/dev/zero"}
    p = by_loc(refused(write(tmp_path, doc)))[key]
    assert p.code == "not-a-file" and "regular file" in p.message_en


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_is_refused_before_reading(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    p = by_loc(refused(override(tmp_path, factor_sets=["fifo"])))["factor_sets[0]"]
    assert p.code == "not-a-file"
    with pytest.raises(InputErrors) as exc:
        load_record(fifo)
    assert exc.value.problems[0].code == "not-a-file"


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_METHODOLOGY_FILE_BYTES + 1)  # sparse: nothing is written
    p = by_loc(refused(override(tmp_path, gwp="big.yaml")))["gwp"]
    assert p.code == "too-large" and str(MAX_METHODOLOGY_FILE_BYTES) in p.message_en
    with pytest.raises(DataFileError) as exc:
        load_methodology(big)
    assert exc.value.problems[0].code == "too-large"


def test_read_text_refuses_a_folder_and_keeps_reading_text(tmp_path):
    with pytest.raises(DataFileError) as exc:
        read_text(tmp_path)
    assert exc.value.problems[0].code == "not-a-file"
    f = tmp_path / "a.yaml"
    f.write_bytes("\ufeffa: 1\r\nb: 二\r\n".encode())
    assert read_text(f) == "a: 1\nb: 二\n"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("args", [
    ["score", "/dev/zero"],
    ["score", str(RECORD), "-m", "/dev/zero"],
    ["consolidate", "/dev/zero", str(RECORD)],
    ["weights", "ahp", "/dev/zero"],
    ["weights", "delphi", "/dev/zero", "/dev/zero"],
])
def test_the_cli_answers_at_once_when_given_a_device(args):
    """These never returned: /dev/zero was read to its (missing) end."""
    code = "import sys; from cnm.cli.main import app; sys.argv = ['cnm', *sys.argv[1:]]; app()"
    res = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1, res.stderr
    assert "/dev/zero" in res.stderr and "not-a-file" in res.stderr and "Traceback" not in res.stderr


# 4. Every error names the file and the key -----------------------------------------------------

def test_a_weights_sum_error_names_the_file_the_key_and_the_terms(tmp_path):
    err = refused(override(tmp_path, weights={"I01": 25, "I02": 30, "I03": 25, "I04": 25}))
    assert err.path == str(tmp_path / "m.yaml")
    (p,) = err.problems
    assert p.code == "weights-sum" and p.loc.startswith("weights (G1")
    assert "I01 25, I02 30, I03 25, I04 25" in p.message_en and "105" in p.message_zh
    (p,) = refused(override(tmp_path, group_shares={"G1": 25})).problems
    assert p.loc == "group_shares" and p.code == "shares-sum" and "G2 30*" in p.message_en


def test_an_unknown_gwp_name_lists_the_bundled_sets(tmp_path):
    err = refused(override(tmp_path, gwp="ar7"))
    assert err.path == str(tmp_path / "m.yaml")
    p = by_loc(err)["gwp"]
    assert "sar, ar4, ar5, ar6" in p.message_en and "sar, ar4, ar5, ar6" in p.message_zh


def test_a_bundled_gwp_name_is_case_insensitive(tmp_path):
    assert load_methodology(override(tmp_path, gwp="AR5")).hash == load_methodology(override(tmp_path, gwp="ar5")).hash


def test_a_file_that_is_not_a_part_says_which_key_named_it(tmp_path):
    passwd = write(tmp_path, "root:x:0:0:root:/root:/bin/bash\n", "passwd")
    err = refused(override(tmp_path, gwp=str(passwd)))
    assert err.path == f"{passwd} ({tmp_path / 'm.yaml'}: gwp)"
    (p,) = err.problems
    assert p.code == "not-a-mapping" and "not a GWP set file" in p.message_en


def test_a_missing_base_is_a_problem_at_base(tmp_path):
    p = by_loc(refused(write(tmp_path, {"base": "gone.yaml"})))["base"]
    assert p.code == "unreadable" and "gone.yaml" in p.message_en


def test_a_bad_rubric_override_names_the_file_and_the_rubric_key(tmp_path):
    err = refused(override(tmp_path, rubric={"indicators": {"I19": {"points": [[0, 0], [30, 100], [10, 60]]}}}))
    assert err.path == str(tmp_path / "m.yaml") and "rubric override" not in str(err)
    assert by_loc(err)["rubric.indicators.I19.points"].code == "rubric-points"


def test_inline_parts_are_located_under_their_key(tmp_path):
    err = refused(override(tmp_path, gwp={}))
    assert {"gwp.id", "gwp.gases"} <= set(by_loc(err))


def test_a_rubric_without_a_mine_category_is_refused_not_a_key_error_when_scoring(tmp_path):
    doc = _exported(tmp_path)
    del doc["rubric"]["categories"]["gas_field"]
    for rule in doc["rubric"]["indicators"].values():
        (rule.get("by_category") or {}).pop("gas_field", None)
    err = refused(write(tmp_path, doc, "exp.yaml"))
    assert by_loc(err)["rubric.categories.gas_field"].code == "rubric-category"


def test_a_name_with_a_nul_byte_is_a_located_error_not_a_traceback(tmp_path):
    for doc, key in (({"base": "default", "gwp": "a\0b"}, "gwp"), ({"base": "a\0b"}, "base")):
        assert by_loc(refused(write(tmp_path, doc)))[key].code == "unreadable"
