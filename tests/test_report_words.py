"""The report's words, read back from its real outputs: section 4.1 names inputs as the
workbook does (zh/en labels, not record paths), units are words of the report's language, the
evidence of quantitative indicators in 5.1 is their inputs' data sources and quality tiers
(R-7.2, R-4.1), and the English PDF reads back with pdftotext."""

from __future__ import annotations

import re
import shutil

import docx
import pytest

from cnm.grading import grade_en
from cnm.record_io import load_record
from cnm.result import assess
from report_builder.labels import SECTIONS
from tests.conftest import RECORDS
from tests.test_report import STEM, HeadingParser, pdf_text, run_report

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing: make system")
RAW_PATHS = ("production.output", "fuels[0]", "electricity.purchased", "diesel", "natural_gas")


def section(html: str, start: str, end: str) -> str:
    """The text between two headings' ids of the report's HTML."""
    i = html.index(f'id="{start}"')
    return HeadingParser.text_of(html[i:html.index(f'id="{end}"', i)])


def cells_of_rows(html: str, start: str, end: str) -> list[list[str]]:
    """The table rows (cell texts) between two headings of the report's HTML."""
    i = html.index(f'id="{start}"')
    part = html[i:html.index(f'id="{end}"', i)]
    return [[HeadingParser.text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", part, re.S)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("words")
    for lang in ("zh", "en"):
        run_report([str(RECORDS / f"{STEM}.yaml"), "--history", str(RECORDS), "--lang", lang, "-o", str(out / lang)])
    return out


@pytest.fixture(scope="module")
def result():
    return assess(load_record(RECORDS / f"{STEM}.yaml"))


def test_zh_data_section_names_inputs_in_chinese(reports):
    html = (reports / "zh" / f"{STEM}.zh.html").read_text(encoding="utf-8")
    text = section(html, "s4_1", "s4_2")
    for raw in RAW_PATHS:
        assert raw not in text, raw
    for label in ("生产：主要产品产量", "化石燃料消耗：柴油 消耗量", "化石燃料消耗：天然气 消耗量", "电力：购入电量",
                  "炸药使用：铵油炸药 使用量", "上一评价期：排放总量"):
        assert label in text, label
    rows = {r[0]: r for r in cells_of_rows(html, "s4_1", "s4_2") if r}
    assert rows["化石燃料消耗：柴油 消耗量"][1:] == ["3,825.0", "t", "油料台账", "实测"]


def test_zh_units_and_scope_basis_are_chinese(reports):
    html = (reports / "zh" / f"{STEM}.zh.html").read_text(encoding="utf-8")
    body = section(html, "s4", "s6")
    assert "percent" not in body and "location)" not in body and "market)" not in body
    assert "范围二 (基于位置)" in body and "范围二 (基于市场)" in body
    rows = {r[0]: r for r in cells_of_rows(html, "s5_1", "s5_2") if r}
    assert rows["I10"][3] == "%" and rows["I08"][3] == "级"


def test_quantitative_evidence_is_sources_and_tiers(reports, result):
    html = (reports / "zh" / f"{STEM}.zh.html").read_text(encoding="utf-8")
    rows = {r[0]: r for r in cells_of_rows(html, "s5_1", "s5_2") if r}
    assert rows["I10"][6] == "尾矿和废石台账（实测）；综合利用台账（实测）"
    assert rows["I13"][6] == "财务报表（实测）；取水计量（实测）"
    assert rows["I05"][6].endswith("节能目标责任书（缺省值）") and "原矿产量报表" not in rows["I05"][6]  # a cap is given
    assert "上期数据取自上期记录的核算" in rows["I03"][6]  # --history: I03 from the earlier record
    assert "碳信用 1 笔，注销凭证：注销证明（见 4.4）" in rows["I21"][6]  # the credit's own evidence, not fuel ledgers
    for iid in ("I01", "I02", "I21"):  # the whole inventory is cited once, pointing to 4.1 where each source is
        assert rows[iid][6].startswith("排放清单各项数据（来源与质量等级见 4.1）") and "油料台账" not in rows[iid][6]
    assert rows["I06"][6].startswith("能源消费数据（来源与质量等级见 4.1）")
    for i in result.indicators:
        if i.nature == "quantitative":
            assert i.formula not in rows[i.id][6], i.id  # no English formula text
    i14 = next(i for i in result.indicators if i.id == "I14")
    assert rows["I14"][6] == f"{i14.level_zh} — {i14.evidence}"  # qualitative: level and evidence as before
    d = docx.Document(str(reports / "zh" / f"{STEM}.zh.docx"))
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    assert ["I10", *rows["I10"][1:]] in cells
    assert not any(raw in c for row in cells for c in row for raw in ("production.output", "fuels[0]"))


def test_en_words(reports):
    html = (reports / "en" / f"{STEM}.en.html").read_text(encoding="utf-8")
    text = section(html, "s4_1", "s4_2")
    for raw in RAW_PATHS:
        assert raw not in text, raw
    assert "Fossil fuels: Diesel, amount" in text and "Electricity: purchased" in text
    rows = {r[0]: r for r in cells_of_rows(html, "s5_1", "s5_2") if r}
    assert rows["I10"][3] == "%" and rows["I10"][6] == "尾矿和废石台账 (measured); 综合利用台账 (measured)"
    assert "(location-based)" in section(html, "s4_2", "s4_3")


@needs_poppler
def test_english_pdf_reads_back(reports, result):
    text = pdf_text(reports / "en" / f"{STEM}.en.pdf")
    flat = re.sub(r"\s+", " ", text)
    english = [SECTIONS[k][1] for k in SECTIONS if k.startswith("s")]
    positions = [flat.index(title) for title in english]  # each title is there, in Appendix B's order
    assert positions == sorted(positions)
    assert result.record.mine.name_en in flat and result.record.mine.name_zh in flat
    assert f"Grade {grade_en(result.grade)}" in flat and f"{result.total:.2f}" in flat
    body = flat[:flat.index(SECTIONS["annex_a"][1])]  # annex A (the trace) keeps the core's unit words
    assert "Fossil fuels: Diesel, amount" in body and "percent" not in body


def test_annex_a_formulas_in_the_report_language(reports):
    """Annex A prints the core's Chinese formula and input names in the Chinese HTML and DOCX, the
    English ones in the English report (tests/test_trace.py checks every row of every demo record)."""
    zh_html = (reports / "zh" / f"{STEM}.zh.html").read_text(encoding="utf-8")
    en_html = (reports / "en" / f"{STEM}.en.html").read_text(encoding="utf-8")
    zh_annex, en_annex = section(zh_html, "annex_a", "annex_b"), section(en_html, "annex_a", "annex_b")
    assert "公式 排放总量 - 边界内移除量" in zh_annex and "输入 排放总量 = " in zh_annex
    assert "sum of the Scope 1 lines" not in zh_annex and "piecewise-linear" not in zh_annex
    assert "Formula gross - in-boundary removals" in en_annex and "Inputs gross = " in en_annex
    assert "排放总量 - 边界内移除量" not in en_annex
    d = docx.Document(str(reports / "zh" / f"{STEM}.zh.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "公式 排放总量 - 边界内移除量" in text and "sum of the Scope 1 lines" not in text


def test_one_measurement_scored_twice_is_named_once_in_the_conclusions():
    """I20 and I24 both score the restoration sink: 改进空间 lists it once with both ids."""
    from cnm.methodology import default_methodology
    from report_builder.context import ReportInput, build

    r = assess(load_record(RECORDS / "jinyuan-coal_2024.yaml"))
    weak = build(ReportInput(result=r, methodology=default_methodology()), "zh")["conclusions"]["weaknesses"]
    sink = [w for w in weak if "生态修复固碳量" in w]
    assert len(sink) == 1 and sink[0].startswith("I20、I24 生态修复固碳量: ")


def test_progress_public_opinion_credit_details_and_ratio_definitions(reports):
    """4.5 progress against the mine's targets and 4.6 its public opinion (R-10.1, R-8.1), each
    credit's registry, beneficiary and evidence in 4.4 (R-7.3), the two ratios of 5.2 defined, and
    the methodology named in the report's language."""
    from cnm.methodology import default_methodology

    zh = (reports / "zh" / f"{STEM}.zh.html").read_text(encoding="utf-8")
    en = (reports / "en" / f"{STEM}.en.html").read_text(encoding="utf-8")
    assert "自主减排量 / 减排目标" in section(zh, "s4_5", "s4_6") and "3,400 / 3,200 tCO2e（106.2%）" in zh
    assert "能源消费总量 / 上限" in section(zh, "s4_5", "s4_6")
    assert "收回 140 份，满意 120 份（85.7%）" in section(zh, "s4_6", "s5")
    assert "140 responses, 120 satisfied (85.7%)" in section(en, "s4_6", "s5")
    credits = section(zh, "s4_4", "s4_5")
    assert "登记簿：" in credits and "受益方：" in credits and "凭证：" in credits
    assert "抵消比例 = 有效抵消量 ÷ 剩余排放量" in section(zh, "s5_2", "s6")
    m = default_methodology()
    assert m.name_en in section(en, "s5_2", "s6") and m.name not in section(en, "s5_2", "s6")
    assert "（Share" not in en and "(Share " in en


def test_a_path_that_needs_credits_says_so_beside_its_steps():
    """Credits cost no rubric step but are not free: '0，另需碳信用 327,343 tCO2e', not '0'."""
    from cnm.methodology import default_methodology
    from cnm.planner import plan
    from report_builder.context import ReportInput, build

    record = load_record(RECORDS / "jinyuan-coal_2024.yaml")
    m = default_methodology()
    p = plan(record, m, target="C")
    c = build(ReportInput(result=assess(record, m), methodology=m, plan=p), "zh")
    (path,) = c["conclusions"]["plan"]["paths"]
    assert path["effort"] == f"0，另需碳信用 {p.paths[0].credits_t:,.0f} tCO2e"
