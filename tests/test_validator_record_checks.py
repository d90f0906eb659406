"""Record-level checks of the validator: plausible magnitudes per mine category (a unit slip is named),
period and previous-period consistency, green certificates, parts within wholes; record paths to
cells through the template's layout spec."""

from __future__ import annotations

import datetime as dt

import pytest

from cnm.record_io import load_record, record_from_data
from cnm.result import assess
from tests.conftest import DEMO_RECORDS
from validator.locate import Locator, cell_of, label_of, place_of, unit_choices
from validator.magnitudes import family, references
from validator.plausibility import MAGNITUDE_CODES, record_checks
from workbook_templates.resolve import resolve

TODAY = dt.date(2026, 1, 15)


def _checks(methodology, name: str, mutate=None):
    data = load_record(DEMO_RECORDS / f"{name}.yaml").model_dump(mode="json", exclude_none=True)
    if mutate:
        mutate(data)
    record = record_from_data(data)
    return record_checks(record, assess(record, methodology), methodology, unit_choices, TODAY, label_of)


@pytest.mark.parametrize("path", sorted(p.stem for p in DEMO_RECORDS.glob("*.yaml")))
def test_demo_records_are_plausible(methodology, path):
    assert _checks(methodology, path) == []


def _unit(section, key, unit, factor=1.0):
    def mutate(d):
        a = d[section][key]
        a["unit"], a["value"] = unit, a["value"] * factor
    return mutate


@pytest.mark.parametrize(("name", "mutate", "loc", "meant", "given"), [
    # output of 100 万t typed with the unit t: intensity 10^4 x too high
    ("wannan-limestone_2024", _unit("production", "output", "t"), "production.output", "万t", "t"),
    # purchased electricity in kWh figures but the unit MWh
    ("gandong-copper_2024", _unit("electricity", "purchased", "MWh", 10_000), "electricity.purchased", "kWh", "MWh"),
    # diesel in kg figures with the unit t (kg entered as t)
    ("gandong-copper_2024", lambda d: d["fuels"][0].update(value=d["fuels"][0]["value"] * 1000), "fuels[0]", "kg", "t"),
    # output in t figures with the unit 万t: intensity 10^4 x too low
    ("qianxi-iron_2024", _unit("production", "output", "万t", 10_000), "production.output", "t", "万t"),
    # the same without an output value (no price): found through the intensities
    ("qianxi-iron_2024", lambda d: (_unit("production", "output", "万t", 10_000)(d), d["production"].pop("output_value")),
     "production.output", "t", "万t"),
    # kWh figures typed into a 万kWh cell: kWh (same family), not MJ (closer to the reference)
    ("jinyuan-coal_2024", _unit("electricity", "purchased", "万kWh", 10_000), "electricity.purchased", "kWh", "万kWh"),
    # own-use gas in Nm3 figures with the unit 万Nm3
    ("chuannan-gas_2024", lambda d: d["fuels"][0].update(value=d["fuels"][0]["value"] * 10_000), "fuels[0]", "Nm3",
     "万Nm3"),
    # diesel of a quarry in kg figures with the unit t
    ("wannan-limestone_2024", lambda d: d["fuels"][0].update(value=d["fuels"][0]["value"] * 1000), "fuels[0]", "kg", "t"),
])
def test_a_unit_slip_names_the_unit_probably_meant(methodology, name, mutate, loc, meant, given):
    found = [f for f in _checks(methodology, name, mutate) if f.code in MAGNITUDE_CODES]
    assert len(found) == 1 and all(f.severity == "warning" for f in found), [(f.code, f.loc) for f in found]
    f = found[0]
    assert f.loc == loc and f"“{meant}”而不是“{given}”" in f.message_zh and f"'{meant}', not '{given}'" in f.message_en
    assert not [x for x in _checks(methodology, name, mutate) if x.code == "previous-implausible"]


def test_previous_period_consistency(methodology):
    def prev(period, factor=1.0):
        def mutate(d):
            d["previous"]["period"] = period
            d["previous"]["gross_emissions"]["value"] *= factor
        return mutate

    codes = lambda m: sorted(f.code for f in _checks(methodology, "jinyuan-coal_2024", m))  # noqa: E731
    assert codes(prev("2024")) == ["previous-period-order"]
    assert codes(prev("2025")) == ["previous-period-order"]
    assert codes(prev("2021")) == ["previous-period-gap"]
    assert codes(prev("2023", 1000)) == ["previous-implausible"]


def test_period_report_date_and_certificates(methodology):
    def mutate(d):
        d["period"] = {"year": 2026}
        d["assessment"]["report_date"] = "2026-01-10"
        d["electricity"]["green_certificates"] = [
            {"serial": "GEC-1", "quantity": {"value": 10, "unit": "MWh"}, "issued": "2027-02", "consumer": "别的公司"}]
        d.pop("previous")

    found = {f.code: f.loc for f in _checks(methodology, "jinyuan-coal_2024", mutate)}
    assert found == {"period-not-ended": "period.year", "report-date-early": "assessment.report_date",
                     "green-certificate-period": "electricity.green_certificates[0].issued",
                     "green-certificate-consumer": "electricity.green_certificates[0].consumer"}


def test_parts_never_exceed_their_whole(methodology):
    def mutate(d):
        d["resources"]["green_area"] = {"value": 10_000, "unit": "ha", "data_source": "x", "quality": "measured"}
        d["resources"]["solid_waste_utilised"]["value"] = d["resources"]["solid_waste_generated"]["value"] * 2
        d["public_opinion"]["questionnaire_satisfied"] = d["public_opinion"]["questionnaire_responses"] + 1

    found = sorted(f.loc for f in _checks(methodology, "chuannan-gas_2024", mutate) if f.code == "part-exceeds-whole")
    assert found == ["public_opinion.questionnaire_satisfied", "resources.green_area", "resources.solid_waste_utilised"]


def test_record_paths_map_to_the_layout_cells():
    lay = resolve()
    offsets = lay.by_name["offsets.serial_start"]
    assert place_of("offsets[2].serial_start").coord == offsets.rows[2]["value"].coord
    purchased = lay.by_name["electricity.purchased.unit"].cells["unit"]
    assert place_of("electricity.purchased.unit").coord == purchased.coord
    assert place_of("production.output") == place_of("production.output.value")
    assert place_of("qualitative.I08.evidence").name == "qualitative.I08.evidence"
    assert place_of("fuels[0]").coord == lay.by_name["fuels.value"].rows[0]["value"].coord
    assert place_of("fuels[999].unit") is None and place_of("no.such.field") is None
    sheet = next(s for s in lay.sheets if s.id == "offsets")
    assert cell_of("offsets[0].serial_start") == f"{sheet.zh}!{offsets.rows[0]['value'].coord}"
    en = Locator.for_sheetnames([s.en for s in lay.sheets])
    assert en.cell("offsets[0].serial_start") == f"{sheet.en}!{offsets.rows[0]['value'].coord}"
    assert en.cell("no.such.field") == "no.such.field"


def _demo_ratios(methodology):
    from cnm.units import convert
    from validator.magnitudes import _inputs

    for path in sorted(DEMO_RECORDS.glob("*.yaml")):
        record = load_record(path)
        category = methodology.rubric.categories[record.mine.category]
        ranges = references().categories[record.mine.category]
        output = convert(record.production.output.value, record.production.output.unit, category.output_unit)
        for inp in _inputs(record, assess(record, methodology), methodology):
            r = ranges.inputs.get(inp.key)
            if r is not None:
                yield path.stem, inp.key, inp.quantity / output, r
        ov = record.production.output_value
        yield path.stem, "price", convert(ov.value, ov.unit, "yuan") / output, ranges.price


def test_the_usual_ranges_cover_every_category_and_hold_every_demo_figure(methodology):
    refs = references()
    assert set(refs.categories) == set(methodology.rubric.categories)
    assert all(r.high > r.low and r.rationale for c in refs.categories.values() for r in c.inputs.values())
    # a slip of 1,000 is always beyond the band of a range 100x wide at most
    assert all(r.high <= 100 * max(r.low, r.high / 100) for c in refs.categories.values() for r in c.inputs.values())
    checked = list(_demo_ratios(methodology))
    assert len(checked) > 50
    for name, key, value, r in checked:
        assert r.low <= value <= r.high, (name, key, value, r)  # within the usual range itself, not only the band


def test_unit_families():
    assert family("t") == family("kg") == family("万t")
    assert family("kWh") == family("万kWh") == family("MWh") != family("MJ")
    assert family("Nm3") == family("万Nm3") == family("m3_20C") == family("万m3")
    assert family("元") == family("万元")


def test_an_extra_digit_in_the_output_is_found_through_the_price(methodology):
    for name in ("jinyuan-coal_2024", "zhundong-opencast_2024", "wannan-limestone_2024", "chuannan-gas_2024"):
        found = _checks(methodology, name, lambda d: d["production"]["output"].update(value=d["production"]["output"]["value"] * 10))
        assert [(f.code, f.loc) for f in found] == [("output-implausible", "production.output")], name
