"""Records that take the workbook's less common paths (own factors, liquids by volume, fuels
entered as heat, half years, grid overrides, certificates, invalid offsets ...)."""

from __future__ import annotations

from tests.conftest import amt, make_record


def own_factors_and_offsets():
    """Underground coal, H2, own fuel factors, liquid by volume, invalid and duplicate credits."""
    name = "边缘测试煤矿"
    return make_record(
        mine={"id": "edge-coal", "name_zh": name, "name_en": "Edge Coal", "category": "coal_underground",
              "province": "内蒙古自治区", "code": "X-1"},
        period={"year": 2024, "half": 2},
        production={"output": amt(120, "万t"), "output_value": amt(50000, "万元"), "mine_gas_class": "low_gas"},
        fuels=[
            {"fuel": "diesel", "use": "mobile", **amt(800000, "L")},
            {"fuel": "raw_coal", **amt(2000, "t"),
             "own_factor": {"ncv": {"value": 21.5, "unit": "MJ/kg"}, "carbon_content": {"value": 27.1, "unit": "tC/TJ"},
                            "oxidation_percent": 96, "source": "化验报告"}},
            {"fuel": "natural_gas", **amt(36000, "GJ")},
            {"fuel": "natural_gas", **amt(15, "万Nm3")},
        ],
        electricity={"purchased": amt(3000, "万kWh"), "exported": amt(200, "MWh"), "grid_region": "north",
                     "factor_year": 2022, "green_power": amt(1000, "MWh"),
                     "green_certificates": [
                         {"serial": "GEC-001", "quantity": amt(500, "MWh")},
                         {"serial": "GEC-001", "quantity": amt(500, "MWh")},
                         {"serial": "GEC-002", "quantity": amt(0.2, "万kWh"), "issued": "2024-05", "consumer": name}]},
        heat={"purchased": amt(5000, "GJ"), "exported": amt(1, "MWh"), "supplier_factor_tco2_per_gj": 0.09,
              "supplier_factor_source": "供热合同"},
        coal_mine_methane={"ventilation": amt(900, "万Nm3"), "drainage": amt(1.2e7, "m3_20C"),
                           "flared": amt(100, "万Nm3"), "utilised_onsite": amt(300, "万Nm3"),
                           "co2_ventilation": amt(40, "万Nm3")},
        fgases=[{"gas": "R-134a", "amount": amt(0.05, "t")}, {"gas": "六氟化硫", "amount": amt(2, "kg")}],
        scope3=[{"category": 4, "description": "原煤运输", "emissions": amt(1.5, "万t")}],
        boundary={"scopes": [1, 2, 3], "gases": ["CO2", "CH4", "HFCs", "SF6"]},
        reductions=[{"measure": "变频", "amount": amt(1000, "t")}],
        removals=[{"kind": "restoration_sink", "amount": amt(300, "t")}, {"kind": "ccus_storage", "amount": amt(0.1, "万t")}],
        offsets=[
            {"programme": "CCER", "project_id": "P1", "serial_start": "A-0001", "serial_end": "A-0100", "vintage": 2023,
             "quantity": 100, "retirement_date": "2025-01-10", "beneficiary": " edge coal "},
            {"programme": "CCER", "project_id": "P1", "serial_start": "A-0050", "serial_end": "A-0149", "vintage": 2023,
             "quantity": 100, "retirement_date": "2025-01-10", "beneficiary": name},
            {"programme": "VCS", "serial_start": "V-9", "vintage": 2019, "quantity": 5, "retirement_date": "2025-01-10",
             "beneficiary": name},
            {"programme": "other", "vintage": 2024, "quantity": 7, "beneficiary": "someone else"},
            {"programme": "GS", "serial_start": "GS-10", "serial_end": "GS-19", "vintage": 2025, "quantity": 12,
             "retirement_date": "2025-02-01", "beneficiary": "X-1"},
            {"programme": "CEA", "serial_start": "CEA/xyz", "serial_end": "CEA/abc", "vintage": 2024, "quantity": 50,
             "retirement_date": "2025-02-01", "beneficiary": "edge-coal"},
        ],
        targets={"emission_cap": amt(80, "万t"), "energy_cap": amt(4, "万tce"), "reduction_target": amt(900, "t")},
        previous={"period": "2024H1", "gross_emissions": amt(40, "万t"), "output": amt(110, "万t")},
        qualitative={"I08": {"level": 2}, "I14": {"level": 4, "evidence": "文件"}, "I15": {"level": 0}},
        resources={"solid_waste_generated": amt(10, "万t"), "solid_waste_utilised": amt(0, "t"),
                   "fresh_water": amt(10, "万m3"), "recycled_water": amt(0, "m3"),
                   "total_area": amt(500, "ha"), "green_area": amt(1500, "亩")},
    )


def oil_field_location_based():
    """Oil field with facilities, venting and recovery, a surface coal with no previous period."""
    return make_record(
        mine={"id": "edge-oil", "name_zh": "边缘油田", "category": "oil_field", "province": "新疆维吾尔自治区"},
        production={"output": amt(50, "万t")},
        fuels=[{"fuel": "crude_oil", **amt(200, "t")}, {"fuel": "lpg", **amt(30, "m3")}],
        electricity={"purchased": amt(1000, "MWh"), "onsite_renewable": amt(100, "MWh")},
        oil_gas={"facilities": [{"facility": "crude_wellhead", "count": 120},
                                {"facility": "crude_combined_station", "count": 2},
                                {"facility": "gas_metering_station", "count": 1}],
                 "flared_gas": amt(50, "万Nm3"), "vented_ch4": amt(3, "万Nm3"), "recovered_co2": amt(100, "t"),
                 "recovered_ch4": amt(1, "万Nm3")},
        carbonates=[{"carbonate": "calcium_carbonate", "amount": amt(100, "t"), "purity_percent": 90}],
        explosives=[{"explosive": "anfo", "amount": amt(5, "t")},
                    {"explosive": "emulsion_explosive", "amount": amt(2, "t"), "own_factor_tco2_per_t": 0.12}],
        offsets=[{"programme": "external_sink", "vintage": 2024, "quantity": 10, "retirement_date": "2025-01-01",
                  "beneficiary": "边缘油田"}],
    )


def long_serials_and_spaced_names():
    """Serial suffixes of 16 to 40 digits (a double keeps 15: adjacent ranges must not look like
    duplicates, a true overlap must, units counted exactly) and beneficiaries written with tabs,
    line breaks, no-break, full-width and zero-width spaces (the core's normalise_name drops them,
    so must the native formula). Names that match only after NFKC (full-width letters) are left out:
    no Excel 2010 function does NFKC (docs/workbook.md). Heat without a supplier's factor."""
    name, en = "长序列号测试矿", "Long Serial Mine"
    big = "1234567890123456"  # 16 digits
    credit = {"programme": "CCER", "project_id": "P-LONG", "vintage": 2024, "retirement_date": "2025-01-10"}
    return make_record(
        mine={"id": "edge-serials", "name_zh": name, "name_en": en, "category": "building_materials",
              "province": "安徽省", "code": "LS-9"},
        production={"output": amt(100, "万t")},
        fuels=[{"fuel": "diesel", **amt(100, "t")}],
        heat={"purchased": amt(3000, "GJ"), "exported": amt(100, "MWh")},  # the methodology's heat factor
        offsets=[
            {**credit, "serial_start": f"L-{big}001", "serial_end": f"L-{big}010", "quantity": 10,
             "beneficiary": "长序列号\u00a0测试矿"},
            {**credit, "serial_start": f"L-{big}011", "serial_end": f"L-{big}020", "quantity": 10,
             "beneficiary": "长序列号\t测试\n矿"},  # adjacent to the row above: not a duplicate
            {**credit, "serial_start": f"L-{big}015", "quantity": 1, "beneficiary": "LONG\u3000SERIAL\u200bMINE"},
            {**credit, "serial_start": "M-9999999999999999", "serial_end": "M-10000000000000001", "quantity": 3,
             "beneficiary": "ls-9"},  # 16 to 17 digits: 3 units
            {**credit, "serial_start": "N-" + "7" * 40, "serial_end": "N-" + "7" * 39 + "9", "quantity": 3,
             "beneficiary": " Long\u2003Serial Mine "},  # 40 digits, 3 units
            {**credit, "serial_start": f"Q-{big}0000001", "serial_end": f"Q-{big}0000100", "quantity": 99,
             "beneficiary": name},  # 100 units, not 99
            {**credit, "serial_start": "R-" + "5" * 31, "serial_end": "R-" + "6" * 31, "quantity": 2,
             "beneficiary": "edge-serials"},  # far more units than any quantity
        ],
    )


def measured_methane_and_supplier_rate():
    """Surface coal with its own measured surface- and post-mining CH4 factors and the power
    supplier's emission rate in place of the residual mix (market-based)."""
    return make_record(
        mine={"id": "edge-measured", "name_zh": "实测因子露天煤矿", "name_en": "Measured Factor Opencast",
              "category": "coal_surface", "province": "内蒙古自治区"},
        production={"output": amt(800, "万t"),
                    "own_ch4_factors": {"surface_mining": {"kg_ch4_per_t": 0.92, "source": "2024 年甲烷涌出实测报告"},
                                        "post_mining": {"kg_ch4_per_t": 0.21, "source": "2024 年甲烷涌出实测报告"}}},
        fuels=[{"fuel": "diesel", "use": "mobile", **amt(9000, "t")}],
        electricity={"purchased": amt(5000, "万kWh"), "green_power": amt(8000, "MWh"),
                     "supplier_factor_tco2_per_mwh": 0.4123, "supplier_factor_source": "售电公司 2024 年排放因子声明"},
    )
