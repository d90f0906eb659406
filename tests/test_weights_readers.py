"""Reading expert sheets: located, bilingual errors (file, line/key, expert, target, row/col)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnm.errors import CnmError, DataFileError, InputErrors
from cnm.methodology import default_methodology
from cnm.weights import analyse, catalog_targets, read_ahp, read_delphi, run_delphi

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "weights"
CATALOG = default_methodology().catalog


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems(exc_info) -> list:
    return exc_info.value.problems


AHP_G5 = """schema: cnm-ahp/1
expert: 张工
matrices:
  G5:
    items: [I20, I21, I22]
    matrix:
{rows}
"""


def ahp_file(tmp_path, rows: str, name="e.yaml"):
    return write(tmp_path, name, AHP_G5.format(rows=rows))


def test_yaml_matrix_with_fractions_and_decimals(tmp_path):
    (j,) = read_ahp(ahp_file(tmp_path, "      - [1, 3, '1/2']\n      - [0.33, 1, 1/5]\n      - [2, 5, 1]"), CATALOG)
    assert j.expert == "张工" and j.target == "G5" and j.items == ("I20", "I21", "I22")
    assert j.matrix[1, 0] == pytest.approx(1 / 3)  # 0.33 snapped to the scale
    assert np.allclose(j.matrix * j.matrix.T, 1)


def test_empty_lower_triangle_is_filled_with_reciprocals(tmp_path):
    full = read_ahp(ahp_file(tmp_path, "      - [1, 3, 5]\n      - [1/3, 1, 2]\n      - [1/5, 1/2, 1]", "a.yaml"), CATALOG)
    upper = read_ahp(ahp_file(tmp_path, "      - [1, 3, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "b.yaml"), CATALOG)
    assert np.array_equal(full[0].matrix, upper[0].matrix)


def test_reciprocal_check_names_the_cell(tmp_path):
    f = ahp_file(tmp_path, "      - [1, 3, 5]\n      - [1/2, 1, 2]\n      - [1/5, 1/2, 1]")
    with pytest.raises(InputErrors) as exc:
        read_ahp(f, CATALOG)
    (p,) = problems(exc)
    assert p.code == "ahp-reciprocal"
    assert "e.yaml" in p.loc and "matrices.G5.matrix[1]" in p.loc and "row I21, col I20" in p.loc and "张工" in p.loc
    assert "should be 1/3" in p.message_en and "应为 1/3" in p.message_zh


@pytest.mark.parametrize(("rows", "code"), [
    ("      - [1, 10, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "ahp-scale"),
    ("      - [1, 2.5, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "ahp-scale"),
    ("      - [1, x, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "ahp-scale"),
    ("      - [2, 3, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "ahp-diagonal"),
    ("      - [1, ~, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]", "ahp-missing"),
    ("      - [1, 3]\n      - [~, 1]", "ahp-shape"),
])
def test_bad_cells_are_located(tmp_path, rows, code):
    with pytest.raises(InputErrors) as exc:
        read_ahp(ahp_file(tmp_path, rows), CATALOG)
    assert [p.code for p in problems(exc)] == [code]
    assert "e.yaml" in problems(exc)[0].loc


def test_unknown_target_and_wrong_items(tmp_path):
    f = write(tmp_path, "t.yaml", "schema: cnm-ahp/1\nexpert: E\nmatrices:\n  G9:\n    matrix: [[1]]\n"
              "  G6:\n    items: [I23, I22]\n    matrix: [[1, 2], [1/2, 1]]\n")
    with pytest.raises(InputErrors) as exc:
        read_ahp(f, CATALOG)
    assert [p.code for p in problems(exc)] == ["ahp-target", "ahp-items"]


def test_yaml_structure_errors_name_the_key(tmp_path):
    f = write(tmp_path, "s.yaml", "schema: cnm-ahp/1\nexpert: E\nmatrix: {}\n")
    with pytest.raises(DataFileError) as exc:
        read_ahp(f, CATALOG)
    assert {p.loc for p in exc.value.problems} >= {"matrix", "matrices"}


def test_csv_blocks(tmp_path):
    js = read_ahp(EXAMPLES / "ahp" / "expert-2.csv", CATALOG)
    assert [j.target for j in js] == ["G1", "G2", "G3", "G4", "G5", "G6", "shares"]
    assert {j.expert for j in js} == {"E2"} and js[-1].items == ("G1", "G2", "G3", "G4", "G5", "G6")
    f = write(tmp_path, "b.csv", "expert,E9,group,G6\n,I23,I24\nI23,1,3\nI24,1/3,1\n\nexpert E9 group G5\n")
    with pytest.raises(InputErrors) as exc:
        read_ahp(f, CATALOG)
    (p,) = problems(exc)
    assert p.code == "ahp-block" and p.loc.endswith("b.csv:6")


def test_csv_rows_must_repeat_the_columns(tmp_path):
    f = write(tmp_path, "r.csv", "expert,E9,group,G6\n,I23,I24\nI24,1,3\nI23,1/3,1\n")
    with pytest.raises(InputErrors) as exc:
        read_ahp(f, CATALOG)
    assert problems(exc)[0].code == "ahp-block"


def test_same_judgements_in_yaml_and_csv_give_the_same_priorities(tmp_path):
    y = read_ahp(ahp_file(tmp_path, "      - [1, 3, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]"), CATALOG)[0]
    c = read_ahp(write(tmp_path, "c.csv", "expert,张工,group,g5\n,I20,I21,I22\nI20,1,3,5\nI21,1/3,1,2\nI22,1/5,1/2,1\n"),
                 CATALOG)[0]
    assert analyse(y.matrix) == analyse(c.matrix)


DELPHI_CSV = "# round 1\nexpert,I23,I24,I20,I21,I22\nE1,60,40,35,35,30\nE2,50,50,{cell},30,30\n"


def test_delphi_csv(tmp_path):
    s = read_delphi(write(tmp_path, "r1.csv", DELPHI_CSV.format(cell=40)), CATALOG)
    assert s.experts == ("E1", "E2") and s.items == ("I23", "I24", "I20", "I21", "I22")
    assert s.values[1].tolist() == [50, 50, 40, 30, 30] and s.expert_locs == ("line 3", "line 4")


@pytest.mark.parametrize(("cell", "what"), [("abc", "'abc' is not a number"), ("", "missing value"), ("-5", "'-5'")])
def test_delphi_bad_values_are_located(tmp_path, cell, what):
    with pytest.raises(InputErrors) as exc:
        read_delphi(write(tmp_path, "r1.csv", DELPHI_CSV.format(cell=cell)), CATALOG)
    (p,) = problems(exc)
    assert p.code == "delphi-value" and "r1.csv line 4" in p.loc and "E2" in p.loc and "I20" in p.loc
    assert what in p.message_en and p.message_zh


def test_delphi_header_problems(tmp_path):
    f = write(tmp_path, "h.csv", "expert,I23,I24,I20,I21,X9,I23\nE1,1,1,1,1,1,1\n")
    with pytest.raises(InputErrors) as exc:
        read_delphi(f, CATALOG)
    msgs = [p.message_en for p in problems(exc)]
    assert any("'X9' is not an indicator" in m for m in msgs)
    assert any("I23 appears twice" in m for m in msgs)
    assert any("G5 is incomplete: I22 missing" in m for m in msgs)
    with pytest.raises(InputErrors) as exc:
        read_delphi(write(tmp_path, "n.csv", "I23,I24\n1,2\n"), CATALOG)
    assert problems(exc)[0].code == "delphi-header"


def test_delphi_yaml_missing_and_extra_items(tmp_path):
    f = write(tmp_path, "r.yaml", "schema: cnm-delphi/1\nround: 1\nexperts:\n  E1: {I23: 50, I24: 50}\n"
              "  E2: {I23: 50, G1: 3}\n")
    with pytest.raises(InputErrors) as exc:
        read_delphi(f, CATALOG)
    locs = {(p.code, p.loc) for p in problems(exc)}
    assert ("delphi-value", f"{f} experts.E2 (expert E2, I24)") in locs
    assert any(code == "delphi-items" and "E2" in loc for code, loc in locs)


def test_files_are_never_modified(tmp_path):
    f = ahp_file(tmp_path, "      - [1, 3, 5]\n      - [~, 1, 2]\n      - [~, ~, 1]")
    before = f.read_bytes()
    read_ahp(f, CATALOG)
    assert f.read_bytes() == before


def test_the_examples_in_the_docs_are_valid(tmp_path):
    """Every literal sheet in docs/weights.md reads without a problem (Delphi rows add up to 100)."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "weights.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(yaml|text)\n(.*?)```", text, flags=re.S)
    read = 0
    for k, (_, body) in enumerate(blocks):
        if body.startswith("schema: cnm-delphi/1"):
            run_delphi([read_delphi(write(tmp_path, f"{k}.yaml", body), CATALOG)], catalog_targets(CATALOG))
        elif body.startswith("schema: cnm-ahp/1"):
            assert all(analyse(j.matrix).cr < 0.1 for j in read_ahp(write(tmp_path, f"{k}.yaml", body), CATALOG))
        elif body.startswith("expert,I"):
            run_delphi([read_delphi(write(tmp_path, f"{k}.csv", body), CATALOG)], catalog_targets(CATALOG))
        elif body.startswith("expert,"):
            read_ahp(write(tmp_path, f"{k}.csv", body), CATALOG)
        else:
            continue
        read += 1
    assert read == 4


CELLS = st.sampled_from(["expert", "group", "E1", "G5", "I20", "I21", "I22", "shares", "1", "3", "1/3", "0.33", "",
                         "~", "x", "-2", "1e400", "9", "1/0", '"', "#", "50"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELLS, max_size=5), max_size=6))
def test_any_csv_gives_a_sheet_or_located_errors(tmp_path, rows):
    """Whatever a CSV holds, the readers return or raise cnm's own errors (never a traceback)."""
    f = write(tmp_path, "fuzz.csv", "\n".join(",".join(r) for r in rows))
    try:
        read_ahp(f, CATALOG)
    except CnmError as exc:
        assert str(exc)
    try:
        sheet = read_delphi(f, CATALOG)
        run_delphi([sheet, sheet], catalog_targets(CATALOG), scale="ratings")
    except CnmError as exc:
        assert str(exc)
