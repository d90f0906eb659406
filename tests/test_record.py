"""The canonical record: loaders for JSON and YAML whose errors name the path of the bad field."""

from __future__ import annotations

import json

import jsonschema
import pytest

from cnm.errors import InputErrors
from cnm.record import Period
from cnm.record_io import dump_record, load_record, record_from_data, record_schema
from tests.conftest import BASE, DEMO_RECORDS


def locs(exc):
    return [p.loc for p in exc.value.problems]


def test_yaml_and_json_give_the_same_record(tmp_path):
    rec = load_record(next(DEMO_RECORDS.glob("*.yaml")))
    p = tmp_path / "r.json"
    p.write_text(dump_record(rec), encoding="utf-8")
    assert load_record(p) == rec


def test_amount_shorthand():
    rec = record_from_data({**BASE, "production": {"output": "1,200.5 万t"}})
    assert rec.production.output.value == 1200.5 and rec.production.output.unit == "万t"


def test_every_problem_is_listed_with_its_path():
    bad = {
        "mine": {"id": "Bad Id", "name_zh": "", "category": "coal"},
        "period": {"year": 2024, "half": 3},
        "production": {"output": {"value": 1, "unit": "kWh"}},
        "fuels": [{"fuel": "diesel", "value": -1, "unit": "t"}, {"fuel": "diesel", "value": 1, "unit": "bananas"}],
        "electricity": {"purchased": {"value": 1, "unit": "t"}},
        "qualitative": {"I14": {"level": 7, "evidence": "x"}},
        "surprise": 1,
    }
    with pytest.raises(InputErrors) as exc:
        record_from_data(bad, "bad.yaml")
    assert set(locs(exc)) >= {"mine.id", "mine.name_zh", "mine.category", "period.half", "production.output",
                              "fuels[0].value", "fuels[1].unit", "electricity.purchased", "qualitative.I14.level",
                              "surprise"}
    assert str(exc.value).startswith("bad.yaml:")
    assert all(p.message_zh and p.message_en for p in exc.value.problems)


@pytest.mark.parametrize(("part", "loc", "words"), [
    ({"removals": [{"kind": "restoration_sink", "amount": "8000 tC"}]}, "removals[0].amount", "44/12"),
    ({"reductions": [{"measure": "m", "amount": "2600 tCH4"}]}, "reductions[0].amount", "GWP"),
    ({"scope3": [{"category": 4, "description": "d", "emissions": "5 kgCH4"}]}, "scope3[0].emissions", "GWP"),
    ({"fuels": [{"fuel": "diesel", "value": 100, "unit": "tCO2e"}]}, "fuels[0]", "emission unit"),
    ({"production": {"output": "10 万tCO2e"}}, "production.output", "emission unit"),
])
def test_carbon_methane_and_co2e_masses_are_never_taken_for_one_another(part, loc, words):
    """pint sees tC, tCH4, tCO2e and t as one dimension: the record refuses each where it would
    be read as another (issue 3 point 4: never a silent wrong number)."""
    with pytest.raises(InputErrors) as exc:
        record_from_data({**BASE, **part})
    assert locs(exc) == [loc] and words in str(exc.value)


def test_co2e_inputs_take_tonnes_of_co2e():
    rec = record_from_data({**BASE, "removals": [{"kind": "restoration_sink", "amount": "29333 tCO2e"}],
                            "reductions": [{"measure": "m", "amount": "1.2 万tCO2e"}]})
    assert rec.removals[0].amount.unit == "tCO2e" and rec.reductions[0].amount.value == 1.2


def test_gas_field_output_must_be_a_gas_volume():
    data = {**BASE, "mine": {**BASE["mine"], "category": "gas_field"}}
    with pytest.raises(InputErrors) as exc:
        record_from_data(data)
    assert "gas volume" in str(exc.value)


def test_scopes_must_include_1_and_2():
    with pytest.raises(InputErrors) as exc:
        record_from_data({**BASE, "boundary": {"scopes": [1]}})
    assert locs(exc) == ["boundary.scopes"]


def test_file_errors_are_located(tmp_path):
    p = tmp_path / "broken.yaml"
    p.write_text("mine: {id: x\nperiod: [", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_record(p)
    assert exc.value.problems[0].code == "syntax" and "broken.yaml:" in exc.value.problems[0].loc
    dup = tmp_path / "dup.yaml"
    dup.write_text("mine: {}\nmine: {}\n", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_record(dup)
    assert "duplicate key" in str(exc.value)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("名称".encode("gb18030"))
    with pytest.raises(InputErrors) as exc:
        load_record(latin)
    assert exc.value.problems[0].code == "encoding"
    lst = tmp_path / "list.json"
    lst.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputErrors):
        load_record(lst)


def test_demo_records_validate_against_the_published_schema():
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in DEMO_RECORDS.glob("*.yaml"):
        data = json.loads(dump_record(load_record(path)))
        errors = list(validator.iter_errors(data))
        assert not errors, (path.name, errors[:1])


def test_period_labels():
    assert Period.parse("2024H2").label == "2024H2" and Period.parse("2024").months == 12
    assert Period(year=2024, half=1).end.isoformat() == "2024-06-30"
    with pytest.raises(ValueError):
        Period.parse("24Q1")


def test_an_amount_beyond_any_mine_is_refused_with_its_limit_in_both_languages(tmp_path):
    """1e308 t of diesel made the gross infinite and the JSON contract print Infinity."""
    import yaml

    from cnm.errors import InputErrors
    from cnm.record_io import load_record
    from tests.conftest import RECORDS

    data = yaml.safe_load((RECORDS / "jinyuan-coal_2024.yaml").read_text(encoding="utf-8"))
    data["fuels"][0]["value"] = 1e308
    path = tmp_path / "big_2024.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_record(path)
    (problem,) = exc.value.problems
    assert problem.loc == "fuels[0].value" and problem.message_zh == "不能大于 1e+15"
