"""Table A.1 as data (R-7.1): invariants checked at load; an edited catalog is refused naming the row."""

from __future__ import annotations

import pytest
import yaml

from cnm.catalog import load_catalog
from cnm.datafiles import bundled_path
from cnm.errors import DataFileError


@pytest.fixture()
def catalog_data():
    return yaml.safe_load(bundled_path("catalog.yaml").read_text(encoding="utf-8"))


def write(tmp_path, data):
    p = tmp_path / "catalog.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_appendix_a_structure():
    c = load_catalog()
    assert [lv.share for lv in c.levels] == [60, 20, 20]
    assert [g.share for g in c.groups] == [15, 30, 15, 20, 10, 10]
    assert [i.id for i in c.indicators] == [f"I{n:02d}" for n in range(1, 25)]
    assert sum(i.nature == "quantitative" for i in c.indicators) == 18
    assert {i.id for i in c.indicators if i.nature == "qualitative"} == {"I08", "I14", "I15", "I16", "I17", "I22"}
    assert [i.weight for i in c.groups[0].indicators] == [30, 25, 25, 20]
    assert c.indicator("i7").name_zh == "自主减排量"
    assert all(i.name_en and i.description_zh and i.description_en for i in c.indicators)


def test_weights_not_summing_to_100_name_the_group(tmp_path, catalog_data):
    catalog_data["levels"][0]["groups"][1]["indicators"][2]["weight"] = 35
    with pytest.raises(DataFileError) as exc:
        load_catalog(write(tmp_path, catalog_data))
    (p,) = exc.value.problems
    assert p.code == "weights-sum" and "G2" in p.loc and "105" in p.message_en


def test_wrong_counts_and_duplicate_ids_are_refused(tmp_path, catalog_data):
    ind = catalog_data["levels"][1]["groups"][0]["indicators"]
    ind[0]["nature"] = "quantitative"
    ind[1]["id"] = "I14"
    with pytest.raises(DataFileError) as exc:
        load_catalog(write(tmp_path, catalog_data))
    codes = {p.code for p in exc.value.problems}
    assert {"indicator-count", "duplicate-id"} <= codes
    assert any("I14" in p.loc for p in exc.value.problems if p.code == "duplicate-id")


def test_level_share_must_match_its_groups(tmp_path, catalog_data):
    catalog_data["levels"][2]["share"] = 25
    with pytest.raises(DataFileError) as exc:
        load_catalog(write(tmp_path, catalog_data))
    assert {p.code for p in exc.value.problems} == {"shares-sum"}


def test_unknown_field_is_refused_with_its_path(tmp_path, catalog_data):
    catalog_data["levels"][0]["groups"][0]["indicators"][0]["wieght"] = 30
    with pytest.raises(DataFileError) as exc:
        load_catalog(write(tmp_path, catalog_data))
    assert exc.value.problems[0].loc == "levels[0].groups[0].indicators[0].wieght"


def test_ids_follow_table_a1_order_and_nature_naming_the_row(tmp_path, catalog_data):
    """Swapped ids or a flipped nature would attach rubric rules to the wrong row (I01..I24 is a contract)."""
    g1 = catalog_data["levels"][0]["groups"][0]["indicators"]
    g1[0]["id"], g1[1]["id"] = "I02", "I01"
    catalog_data["levels"][0]["groups"][1]["indicators"][3]["nature"] = "quantitative"  # I08, CCS
    catalog_data["levels"][0]["groups"][1]["indicators"][2]["nature"] = "qualitative"  # I07
    with pytest.raises(DataFileError) as exc:
        load_catalog(write(tmp_path, catalog_data))
    by_code = {}
    for p in exc.value.problems:
        by_code.setdefault(p.code, []).append(p)
    assert [p.loc for p in by_code["indicator-order"]] == ["levels[0].groups[0].indicators[0] (I02 碳排放总量)",
                                                           "levels[0].groups[0].indicators[1] (I01 单位矿产开采量碳排放强度)"]
    assert sorted(p.loc.split(" ")[1].strip("(") for p in by_code["indicator-nature"]) == ["I07", "I08"]
    assert "I08 is qualitative in Table A.1" in str(exc.value)
