"""Write the demo records in examples/records/ (six mines x three years).

The figures are invented but sized like real Chinese mines of each category (output, energy
per tonne, methane, waste, water, land). Each year's `previous` block holds the gross
emissions the engine computes for the year before, so the records agree with each other.
Run: .venv/bin/python scripts/make_demo_records.py  (the output is committed).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from cnm.record_io import record_from_data
from cnm.result import assess

OUT = Path(__file__).resolve().parent.parent / "examples" / "records"
YEARS = (2022, 2023, 2024)
ASSESSOR = {"assessor": "中能碳评（北京）技术服务有限公司", "lead_assessor": "王立新",
            "standards": ["碳中和矿山评价（团体标准草案）", "GB/T 32150-2015", "ISO 14064-1:2018"]}


def a(value, unit, source, quality="measured"):
    return {"value": round(value, 4), "unit": unit, "data_source": source, "quality": quality}


def q(level, evidence):
    return {"level": level, "evidence": evidence}


def credit(prog, project, prefix, start, qty, vintage, retired, who, registry, evidence):
    return {"programme": prog, "project_id": project, "serial_start": f"{prefix}{start:08d}",
            "serial_end": f"{prefix}{start + qty - 1:08d}", "vintage": vintage, "quantity": qty,
            "retirement_date": retired, "beneficiary": who, "registry": registry, "evidence": evidence}


def coal_underground(y: int, k: int) -> dict:
    name = "晋源煤业有限责任公司晋源煤矿"
    out = (2.80, 2.90, 3.00)[k]
    cmm_used = (1300, 1500, 1700)[k]
    return {
        "mine": {"id": "jinyuan-coal", "name_zh": name, "name_en": "Jinyuan Coal Mine", "code": "C1400002011051120109876",
                 "category": "coal_underground", "province": "山西省", "address": "山西省晋城市沁水县郑庄镇",
                 "parent_group": "huajin-energy", "consolidation_approach": "operational_control",
                 "responsible_person": "李建国", "contact": "0356-7012345"},
        "production": {"output": a(out, "万t", "原煤产量统计报表", "measured") | {"value": out * 100},
                       "product": "无烟煤（原煤）", "output_value": a(out * 100 * 620, "万元", "财务报表"),
                       "mine_gas_class": "high_gas"},
        "fuels": [
            {"fuel": "diesel", "use": "mobile", **a((1180, 1150, 1100)[k], "t", "油料出入库台账")},
            {"fuel": "raw_coal", "use": "stationary", **a((5200, 4100, 3000)[k], "t", "锅炉房燃料台账")},
        ],
        "electricity": {"purchased": a(out * 100 * 22.5, "万kWh", "供电公司电费结算单"),
                        "green_power": a((0, 20000, 60000)[k], "MWh", "绿电交易结算单") if k else None,
                        "onsite_renewable": a(1500, "MWh", "光伏电站计量表") if k == 2 else None},
        "coal_mine_methane": {
            "ventilation": a((1900, 1850, 1800)[k], "万Nm3", "安全监控系统风排瓦斯纯量月报"),
            "drainage": a((2500, 2550, 2600)[k], "万Nm3", "抽采泵站计量"),
            "utilised_onsite": a(cmm_used, "万Nm3", "瓦斯发电站计量"),
            "flared": a(300, "万Nm3", "火炬计量"),
            "utilised_offsite": a(200, "万Nm3", "民用供气计量"),
        },
        "reductions": [
            {"measure": "瓦斯抽采发电及民用供气", "kind": "methane_utilisation",
             "amount": a((cmm_used + 200) * 7.17 * 25 * 0.9, "t", "减排量计算书（基线：直接排空）", "calculated"),
             "baseline": "抽采瓦斯直接排空", "evidence": "瓦斯电站运行记录、供气合同"},
            {"measure": "主通风机变频改造", "kind": "energy_efficiency",
             "amount": a((0, 2100, 2600)[k], "t", "节能量审核报告", "calculated"),
             "baseline": "改造前工频运行", "evidence": "节能量审核报告"} if k else None,
        ],
        "removals": [
            {"kind": "restoration_sink", "amount": a((2100, 2300, 2500)[k], "t", "生态修复固碳监测报告", "estimated"),
             "area": a(180, "ha", "土地复垦验收"), "method": "IPCC 增量法，林地与草地分层", "evidence": "复垦区固碳监测报告"},
            {"kind": "backfill_co2_fixation", "amount": a(8000, "t", "充填固碳试验报告", "calculated"),
             "method": "膏体充填碳化增量法", "evidence": "中试报告"} if k == 2 else None,
        ],
        "offsets": [credit("CCER", "CCER-14-2024-0105", "CN-CCER-14-0105-", 1 + k * 20000, 15000 + 5000 * k,
                           y - 1, f"{y + 1}-03-15", name, "全国温室气体自愿减排注册登记系统", "注销证明")],
        "resources": {
            "solid_waste_generated": a(out * 100 * 0.15, "万t", "煤矸石台账"),
            "solid_waste_utilised": a(out * 100 * 0.15 * (0.80, 0.84, 0.88)[k], "万t", "煤矸石综合利用台账"),
            "fresh_water": a((95, 88, 80)[k], "万m3", "取水许可计量"),
            "recycled_water": a((310, 330, 350)[k], "万m3", "矿井水处理站计量"),
            "total_area": a(1200, "ha", "矿区范围批复"), "green_area": a((400, 410, 420)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q((1, 1, 2)[k], "充填固碳可行性论证（2022）；膏体充填固碳中试（2024）"),
            "I14": q((2, 3, 3)[k], "碳资产管理中心设立文件（晋源发〔2023〕12号）"),
            "I15": q((2, 2, 3)[k], "碳排放统计核算管理办法；碳管理平台上线验收（2024）"),
            "I16": q((3, 3, 3)[k], "GB/T 23331 能源管理体系运行记录"),
            "I17": q((2, 2, 3)[k], "碳达峰碳中和实施方案（2022-2030）及年度分解"),
            "I22": q((2, 3, 3)[k], "矿山地质环境保护与土地复垦方案；复垦区监测报告"),
        },
        "targets": {"reduction_target": a((250000, 260000, 270000)[k], "t", "年度减排计划", "calculated"),
                    "base_year": 2020, "neutrality_year": 2060},
    }


def coal_surface(y: int, k: int) -> dict:
    name = "准东能源露天煤矿"
    out = (1150, 1200, 1220)[k]  # 万t
    return {
        "mine": {"id": "zhundong-opencast", "name_zh": name, "name_en": "Zhundong Opencast Coal Mine",
                 "code": "C6500002010071110098765", "category": "coal_surface", "province": "内蒙古自治区",
                 "address": "内蒙古自治区鄂尔多斯市准格尔旗", "parent_group": "huajin-energy",
                 "consolidation_approach": "operational_control", "responsible_person": "张海涛", "contact": "0477-4561234"},
        "production": {"output": a(out, "万t", "原煤产量统计报表"), "product": "长焰煤（原煤）",
                       "output_value": a(out * 330, "万元", "财务报表")},
        "fuels": [
            {"fuel": "diesel", "use": "mobile", **a(out * 10000 * (1.55, 1.45, 1.30)[k] / 1000, "t", "矿卡加油系统")},
            {"fuel": "gasoline", "use": "mobile", **a(260, "t", "油料台账")},
        ],
        "electricity": {"purchased": a(out * (10.5, 10.8, 11.2)[k], "万kWh", "电费结算单"),
                        "green_power": a((0, 80000, 120000)[k], "MWh", "绿电交易结算单") if k else None},
        "explosives": [{"explosive": "anfo", "amount": a(out * 10000 * 0.28 / 1000, "t", "民爆物品领用台账")}],
        "reductions": [
            {"measure": "电动轮矿卡替代柴油矿卡", "kind": "electrification",
             "amount": a((9000, 18000, 32000)[k], "t", "减排量计算书", "calculated"),
             "baseline": "全部柴油矿卡运输", "evidence": "电动矿卡运行台账"},
        ],
        "removals": [{"kind": "restoration_sink", "amount": a((9000, 10500, 12000)[k], "t", "排土场复垦固碳监测", "estimated"),
                      "area": a((1100, 1250, 1400)[k], "ha", "复垦验收"), "method": "IPCC 增量法",
                      "evidence": "排土场生态修复监测报告"}],
        "offsets": [
            credit("CEA", None, "CEA-2023-NM-", 1 + k * 500000, (0, 300000, 420000)[k], y, f"{y + 1}-04-20", name,
                   "全国碳排放权注册登记系统", "配额自愿注销证明") if k else None,
            credit("CCER", "CCER-14-2024-0231", "CN-CCER-14-0231-", 1 + k * 50000, 40000, y - 1, f"{y + 1}-04-20",
                   name, "全国温室气体自愿减排注册登记系统", "注销证明"),
        ],
        "resources": {
            "solid_waste_generated": a(out * 2.4, "万t", "剥离物台账"),
            "solid_waste_utilised": a(out * 2.4 * (0.55, 0.6, 0.66)[k], "万t", "内排及综合利用台账"),
            "fresh_water": a((160, 150, 140)[k], "万m3", "取水计量"), "recycled_water": a((240, 260, 290)[k], "万m3", "疏干水回用计量"),
            "total_area": a(5200, "ha", "采矿许可范围"), "green_area": a((1300, 1400, 1500)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q(1, "CCUS 驱煤层气可行性研究报告"),
            "I14": q((2, 3, 3)[k], "碳管理办公室设立文件"),
            "I15": q((2, 3, 3)[k], "碳排放月度统计制度及考核办法"),
            "I16": q((3, 3, 4)[k], "能源管理体系认证证书（2024）"),
            "I17": q((2, 3, 3)[k], "露天矿碳中和实施方案"),
            "I22": q((3, 3, 4)[k], "排土场复垦监测及第三方验证报告（2024）"),
        },
        "targets": {"reduction_target": a((10000, 20000, 30000)[k], "t", "年度减排计划", "calculated"), "base_year": 2020},
    }


def iron(y: int, k: int) -> dict:
    name = "迁西铁矿有限公司"
    out = (480, 500, 510)[k]
    return {
        "mine": {"id": "qianxi-iron", "name_zh": name, "name_en": "Qianxi Iron Mine", "code": "C1300002009061130012345",
                 "category": "ferrous_metal", "province": "河北省", "address": "河北省唐山市迁西县",
                 "consolidation_approach": "operational_control", "responsible_person": "赵明", "contact": "0315-5601234"},
        "production": {"output": a(out, "万t", "原矿产量报表"), "product": "磁铁矿原矿", "output_value": a(out * 155, "万元", "财务报表")},
        "fuels": [{"fuel": "diesel", "use": "mobile", **a(out * (8.2, 7.9, 7.5)[k], "t", "油料台账")},
                  {"fuel": "natural_gas", "use": "stationary", **a(42, "万Nm3", "燃气表")}],
        "electricity": {"purchased": a(out * (18.5, 18.2, 17.6)[k], "万kWh", "电费结算单"),
                        "green_power": a((0, 8000, 20000)[k], "MWh", "绿电交易") if k else None},
        "explosives": [{"explosive": "anfo", "amount": a(out * 4.8, "t", "民爆台账")}],
        "reductions": [{"measure": "球磨机高效电机改造", "kind": "energy_efficiency",
                        "amount": a((1800, 2600, 3400)[k], "t", "节能量审核", "calculated"), "baseline": "改造前",
                        "evidence": "节能监测报告"}],
        "removals": [{"kind": "restoration_sink", "amount": a((1500, 1700, 1900)[k], "t", "复垦监测", "estimated"),
                      "method": "IPCC 增量法", "evidence": "排岩场复垦监测报告"}],
        "offsets": [credit("CCER", "CCER-14-2024-0310", "CN-CCER-14-0310-", 1 + k * 70000,
                           (30000, 48000, 55000)[k], y - 1, f"{y + 1}-03-30", name, "全国温室气体自愿减排注册登记系统", "注销证明")],
        "resources": {
            "solid_waste_generated": a(out * 1.6, "万t", "尾矿和废石台账"),
            "solid_waste_utilised": a(out * 1.6 * (0.32, 0.36, 0.42)[k], "万t", "综合利用台账"),
            "fresh_water": a((120, 110, 100)[k], "万m3", "取水计量"), "recycled_water": a((900, 950, 1000)[k], "万m3", "回水计量"),
            "total_area": a(820, "ha", "采矿许可"), "green_area": a((240, 255, 270)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q(0, "未开展"), "I14": q((2, 2, 3)[k], "设立节能减排科"), "I15": q((2, 3, 3)[k], "碳排放统计制度"),
            "I16": q((3, 3, 3)[k], "能源管理体系运行"), "I17": q((1, 2, 3)[k], "碳中和行动方案"),
            "I22": q((2, 3, 3)[k], "土地复垦方案及实施记录"),
        },
        "targets": {"reduction_target": a((2000, 2500, 3200)[k], "t", "年度计划", "calculated"),
                    "energy_cap": a(out * 6.2 / 1000 * 10000, "tce", "节能目标责任书", "default")},
    }


def copper(y: int, k: int) -> dict:
    name = "赣东铜业铜矿"
    out = (980, 1000, 1010)[k]
    return {
        "mine": {"id": "gandong-copper", "name_zh": name, "name_en": "Gandong Copper Mine", "code": "C3600002008081120076543",
                 "category": "nonferrous_metal", "province": "江西省", "address": "江西省上饶市德兴市",
                 "consolidation_approach": "operational_control", "responsible_person": "陈志远", "contact": "0793-7512345"},
        "production": {"output": a(out, "万t", "原矿产量报表"), "product": "铜矿石（含铜0.42%）",
                       "output_value": a(out * 0.0042 * 0.88 * 10000 * 6.5, "万元", "财务报表")},
        "fuels": [{"fuel": "diesel", "use": "mobile", **a(out * (9.0, 8.4, 7.8)[k], "t", "油料台账")}],
        "electricity": {"purchased": a(out * (33, 32, 31)[k], "万kWh", "电费结算单"),
                        "green_power": a((60000, 180000, 250000)[k], "MWh", "绿电交易结算单"),
                        "green_certificates": [{"serial": f"GEC-2024-JX-{i:06d}", "quantity": a(10000, "MWh", "绿证核发记录"),
                                                "issued": "2024-06", "consumer": name} for i in range(3)] if k == 2 else [],
                        "onsite_renewable": a((8000, 12000, 16000)[k], "MWh", "光伏计量")},
        "explosives": [{"explosive": "emulsion_explosive", "amount": a(out * 5.5, "t", "民爆台账"),
                        "own_factor_tco2_per_t": 0.15, "own_factor_source": "生产商含碳量检测报告（2022）"}],
        "reductions": [{"measure": "半自磨-球磨工艺优化与绿电替代", "kind": "renewable",
                        "amount": a((38000, 96000, 140000)[k], "t", "减排量计算书", "calculated"),
                        "baseline": "外购网电", "evidence": "绿电交易合同"}],
        "removals": [{"kind": "restoration_sink", "amount": a((4200, 4600, 5200)[k], "t", "复垦固碳监测", "estimated"),
                      "area": a(620, "ha", "复垦验收"), "method": "样地实测+异速生长方程", "evidence": "第三方监测报告"}],
        "offsets": [
            credit("CCER", "CCER-14-2024-0412", "CN-CCER-14-0412-", 1 + k * 300000, (90000, 95000, 45000)[k], y - 1,
                   f"{y + 1}-03-01", name, "全国温室气体自愿减排注册登记系统", "注销证明"),
            credit("VCS", "VCS-2250", "VCS-VCU-2250-", 1 + k * 100000, (20000, 18000, 8000)[k], y - 2,
                   f"{y + 1}-03-01", name, "Verra Registry", "retirement certificate"),
        ],
        "resources": {
            "solid_waste_generated": a(out * 2.1, "万t", "尾矿及废石台账"),
            "solid_waste_utilised": a(out * 2.1 * (0.35, 0.40, 0.46)[k], "万t", "综合利用台账"),
            "fresh_water": a((420, 400, 380)[k], "万m3", "取水计量"), "recycled_water": a((3600, 3800, 4000)[k], "万m3", "回水计量"),
            "total_area": a(2600, "ha", "采矿许可"), "green_area": a((900, 960, 1020)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q((1, 2, 2)[k], "尾矿矿物碳化固碳试验"), "I14": q((3, 4, 4)[k], "碳管理部及总经理分管文件"),
            "I15": q((3, 4, 4)[k], "碳管理平台；第三方核查报告"), "I16": q(4, "能源管理体系认证证书"),
            "I17": q((3, 3, 4)[k], "碳中和方案及第三方评估"), "I22": q((3, 4, 4)[k], "复垦监测及第三方验证"),
        },
        "targets": {"reduction_target": a((35000, 90000, 130000)[k], "t", "年度计划", "calculated")},
        "boundary": {"scopes": [1, 2, 3], "gases": ["CO2", "CH4", "N2O", "SF6"],
                     "description": "采矿、选矿、尾矿库及矿区内运输", "sources": "柴油、电力、炸药、SF6 开关"},
        "fgases": [{"gas": "SF6", "amount": a(0.012, "t", "SF6 补气记录")}],
        "scope3": [{"category": 4, "description": "精矿公路运输至冶炼厂", "emissions": a((11000, 10500, 10000)[k], "t", "运输商数据", "estimated"),
                    "method": "吨公里法"}],
    }


def limestone(y: int, k: int) -> dict:
    name = "皖南建材石灰石矿"
    out = (780, 800, 820)[k]
    return {
        "mine": {"id": "wannan-limestone", "name_zh": name, "name_en": "Wannan Limestone Quarry",
                 "code": "C3400002012031130054321", "category": "building_materials", "province": "安徽省",
                 "address": "安徽省池州市贵池区", "parent_group": "huajin-energy",
                 "consolidation_approach": "operational_control", "responsible_person": "孙丽", "contact": "0566-2012345"},
        "production": {"output": a(out, "万t", "矿石产量报表"), "product": "水泥用石灰岩", "output_value": a(out * 62, "万元", "财务报表")},
        "fuels": [{"fuel": "diesel", "use": "mobile", **a(out * (4.2, 3.9, 3.4)[k], "t", "油料台账")}],
        "electricity": {"purchased": a(out * 2.6, "万kWh", "电费结算单"),
                        "green_power": a((2000, 5000, 8000)[k], "MWh", "绿电交易"),
                        "onsite_renewable": a((3000, 5000, 6000)[k], "MWh", "屋顶光伏计量")},
        "explosives": [{"explosive": "anfo", "amount": a(out * 3.0, "t", "民爆台账")}],
        "reductions": [{"measure": "长距离皮带廊替代汽车运输", "kind": "electrification",
                        "amount": a((2600, 3600, 4500)[k], "t", "减排量计算书", "calculated"), "baseline": "汽车运输",
                        "evidence": "皮带廊运行记录"}],
        "removals": [{"kind": "restoration_sink", "amount": a((900, 1100, 1300)[k], "t", "复绿固碳监测", "estimated"),
                      "method": "样地实测", "evidence": "边坡复绿监测报告"}],
        "offsets": [credit("CCER", "CCER-14-2024-0520", "CN-CCER-14-0520-", 1 + k * 40000,
                           (14000, 18000, 15500)[k], y - 1, f"{y + 1}-02-28", name, "全国温室气体自愿减排注册登记系统", "注销证明"),
                    credit("GS", "GS-11873", "GS1-1-CN-GS11873-", 1 + k * 10000, (1000, 1500, 1000)[k], y - 1,
                           f"{y + 1}-02-28", name, "Gold Standard Impact Registry", "retirement certificate")],
        "resources": {
            "solid_waste_generated": a(out * 0.055, "万t", "剥离物台账"),
            "solid_waste_utilised": a(out * 0.055 * (0.88, 0.93, 0.97)[k], "万t", "骨料综合利用台账"),
            "fresh_water": a((22, 20, 18)[k], "万m3", "取水计量"), "recycled_water": a((140, 150, 160)[k], "万m3", "喷淋水回用计量"),
            "total_area": a(320, "ha", "采矿许可"), "green_area": a((150, 165, 180)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q((1, 2, 3)[k], "骨料碳化养护固碳示范线运行记录"), "I14": q((3, 4, 4)[k], "碳管理部设立文件"),
            "I15": q((3, 4, 4)[k], "碳管理平台及第三方核查"), "I16": q(4, "能源管理体系认证证书"),
            "I17": q((3, 4, 4)[k], "碳中和方案及年度评估"), "I22": q((3, 4, 4)[k], "边坡复绿第三方验证报告"),
        },
        "targets": {"reduction_target": a((2500, 3500, 4200)[k], "t", "年度计划", "calculated")},
    }


def gas_field(y: int, k: int) -> dict:
    name = "川南天然气田作业区"
    out = (185000, 196000, 205000)[k]  # 万Nm3
    return {
        "mine": {"id": "chuannan-gas", "name_zh": name, "name_en": "Chuannan Gas Field", "code": "C5100002005111110023456",
                 "category": "gas_field", "province": "四川省", "address": "四川省泸州市",
                 "consolidation_approach": "operational_control", "responsible_person": "刘洋", "contact": "0830-3123456"},
        "production": {"output": a(out, "万Nm3", "天然气产量报表"), "product": "商品天然气",
                       "output_value": a(out * 1.45, "万元", "财务报表")},
        "fuels": [{"fuel": "natural_gas", "use": "stationary", **a(out * 0.028, "万Nm3", "自耗气计量")},
                  {"fuel": "diesel", "use": "mobile", **a(1400, "t", "油料台账")}],
        "electricity": {"purchased": a(out * 0.085, "万kWh", "电费结算单"), "green_power": a((0, 10000, 30000)[k], "MWh", "绿电交易") if k else None},
        "oil_gas": {
            "facilities": [{"facility": "gas_wellhead", "count": (310, 325, 340)[k], "data_source": "井口台账", "quality": "measured"},
                           {"facility": "gas_gathering_station", "count": 12, "data_source": "场站台账", "quality": "measured"},
                           {"facility": "gas_metering_station", "count": 4, "data_source": "场站台账", "quality": "measured"}],
            "flared_gas": a((900, 700, 520)[k], "万Nm3", "火炬计量"), "flare_ch4_percent": 92,
            "vented_ch4": a((60, 45, 35)[k], "万Nm3", "放空记录", "estimated"),
            "recovered_ch4": a((20, 40, 60)[k], "万Nm3", "放空气回收计量"),
        },
        "reductions": [{"measure": "放空气回收与火炬熄灭", "kind": "methane_utilisation",
                        "amount": a((6000, 12000, 18000)[k], "t", "减排量计算书", "calculated"), "baseline": "直接放空",
                        "evidence": "回收装置运行记录"}],
        "removals": [{"kind": "restoration_sink", "amount": a((800, 900, 1000)[k], "t", "井场复垦监测", "estimated"),
                      "method": "IPCC 增量法", "evidence": "井场复垦记录"}],
        "offsets": [credit("CCER", "CCER-14-2024-0688", "CN-CCER-14-0688-", 1 + k * 90000,
                           (40000, 62000, 80000)[k], y - 1, f"{y + 1}-03-10", name, "全国温室气体自愿减排注册登记系统", "注销证明")],
        "resources": {
            "solid_waste_generated": a(out * 0.018, "t", "钻井固废台账"),
            "solid_waste_utilised": a(out * 0.018 * (0.65, 0.7, 0.76)[k], "t", "综合利用台账"),
            "fresh_water": a((65, 60, 55)[k], "万m3", "取水计量"), "recycled_water": a((120, 140, 160)[k], "万m3", "采出水回用计量"),
            "total_area": a(640, "ha", "用地批复"), "green_area": a((220, 235, 250)[k], "ha", "绿化台账"),
        },
        "qualitative": {
            "I08": q(2, "CO2 驱气先导试验"), "I14": q(3, "HSE 部碳管理科"), "I15": q((3, 3, 4)[k], "甲烷排放监测与考核制度"),
            "I16": q(3, "能源管理体系运行"), "I17": q((2, 3, 3)[k], "甲烷减排行动方案"), "I22": q(3, "井场复垦方案与验收"),
        },
        "targets": {"reduction_target": a((6000, 11000, 16000)[k], "t", "年度计划", "calculated")},
        "boundary": {"scopes": [1, 2], "gases": ["CO2", "CH4"]},
    }


MINES = (coal_underground, coal_surface, iron, copper, limestone, gas_field)
PREVIOUS_2021 = {"jinyuan-coal": 1.03, "zhundong-opencast": 1.02, "qianxi-iron": 1.04, "gandong-copper": 1.05,
                 "wannan-limestone": 1.06, "chuannan-gas": 1.03}


def _clean(obj):
    """Drop None values and None list items (optional parts of a year)."""
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_clean(v) for v in obj if v is not None]
    return obj


def build() -> list[dict]:
    docs = []
    for make in MINES:
        prev = None
        for k, y in enumerate(YEARS):
            d = _clean(make(y, k))
            d = {"schema_version": "cnm-record/1", **d, "period": {"year": y},
                 "assessment": {**ASSESSOR, "commissioning_party": d["mine"]["name_zh"],
                                "report_date": f"{y + 1}-04-30",
                                "reason": "落实集团碳达峰碳中和行动方案，开展年度碳中和评价",
                                "objectives": "核算年度温室气体排放、减排、移除与抵消，评定碳中和等级并提出改进建议"}}
            d.setdefault("boundary", {"scopes": [1, 2], "gases": ["CO2", "CH4"],
                                      "description": "采矿许可范围内的开采、加工、运输及辅助生产",
                                      "sources": "化石燃料燃烧、外购电力、逃逸排放"})
            d["boundary"].setdefault("description", "采矿许可范围内的开采、加工、运输及辅助生产")
            d["public_opinion"] = {"channel": f"carbon@{d['mine']['id']}.example.cn；矿区公示栏",
                                   "questionnaire_responses": 120 + 10 * k, "questionnaire_satisfied": 96 + 12 * k}
            if prev is None:
                first = assess(record_from_data(d))
                factor = PREVIOUS_2021[d["mine"]["id"]]
                d["previous"] = {"period": str(y - 1),
                                 "gross_emissions": a(first.inventory.gross * factor, "t", "2021年度碳排放核查报告", "measured"),
                                 "output": a(d["production"]["output"]["value"] * 0.97, d["production"]["output"]["unit"],
                                             "2021年产量报表")}
            else:
                d["previous"] = {"period": str(y - 1),
                                 "gross_emissions": a(prev.inventory.gross, "t", f"{y - 1}年度碳中和评价结果", "calculated"),
                                 "output": prev.record.production.output.model_dump(exclude_none=True)}
            prev = assess(record_from_data(d))
            docs.append(d)
    return docs


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for d in build():
        path = OUT / f"{d['mine']['id']}_{d['period']['year']}.yaml"
        header = (f"# Demo record (invented figures, realistic magnitudes): {d['mine']['name_zh']} {d['period']['year']}\n"
                  "# Generated by scripts/make_demo_records.py; canonical record schema cnm-record/1.\n")
        path.write_text(header + yaml.safe_dump(json.loads(json.dumps(d)), allow_unicode=True, sort_keys=False,
                                                width=120), encoding="utf-8")
        print(path.relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main()
