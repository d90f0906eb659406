"""One vocabulary for coded values: the workbook's drop-downs, the report and the site say the
same words for the same code (they had drifted: 电能替代 / 电气化, 甲烷利用 / 瓦斯利用 ...)."""

from __future__ import annotations

from cnm.methodology import default_methodology
from cnm.vocabulary import TERMS, words
from report_builder import labels
from workbook_templates.choices import choices


def test_workbook_report_and_site_say_the_same_words():
    """The workbook's reader maps each word back to its code; the report and the site print the
    same word for a record's code."""
    from cnm.record_io import load_record
    from cnm.result import assess
    from report_builder.context import ReportInput, build
    from site_builder.text import REDUCTION_KINDS, REMOVAL_KINDS, pick
    from tests.conftest import RECORDS

    lists = choices(default_methodology())
    for name, terms in TERMS.items():
        for code, zh, en in terms:
            assert lists[name].value(zh) == code and lists[name].value(en) == code, (name, code)
    r = assess(load_record(RECORDS / "jinyuan-coal_2024.yaml"))
    assert r.record.reductions and r.record.removals
    for lang, k in (("zh", 0), ("en", 1)):
        c = build(ReportInput(result=r, methodology=default_methodology()), lang)
        assert [x["kind"] for x in c["reduce"]["reductions"]] == \
            [words("reduction_kind")[x.kind][k] for x in r.record.reductions] == \
            [pick(REDUCTION_KINDS, x.kind, lang) for x in r.record.reductions]
        assert [x["kind"] for x in c["reduce"]["removals"]] == \
            [words("removal_kind")[x.kind][k] for x in r.record.removals] == \
            [pick(REMOVAL_KINDS, x.kind, lang) for x in r.record.removals]
        assert c["scope"]["consolidation"] == words("consolidation")[r.record.mine.consolidation_approach][k]
    assert labels.QUALITY["unspecified"] == ("未注明", "not given")


def test_every_code_of_the_record_model_has_its_words():
    from cnm.record import Amount, FuelUse, Mine, OffsetCredit, Production, Reduction, Removal

    for model, field, name in ((Reduction, "kind", "reduction_kind"), (Removal, "kind", "removal_kind"),
                               (Mine, "consolidation_approach", "consolidation"), (OffsetCredit, "programme", "programme"),
                               (FuelUse, "use", "use"), (Production, "mine_gas_class", "gas_class"),
                               (Amount, "quality", "quality")):
        codes = {c for c in _literals(model.model_fields[field].annotation)}
        assert codes and codes <= set(words(name)), (model.__name__, codes - set(words(name)))


def _literals(annotation) -> list:
    """The values of a Literal, also inside Optional[...]."""
    from typing import Literal, get_args, get_origin

    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [v for a in get_args(annotation) for v in _literals(a)]


def test_the_workbook_and_the_trace_name_the_gas_volumes_alike():
    """An underground mine's gas volumes: the workbook's labels are cnm.vocabulary's, and the trace
    says them without the workbook's hint ('自用（锅炉、发电）量' -> '自用量')."""
    from cnm.vocabulary import CMM_VOLUMES, plain
    from workbook_templates.layout import CMM

    fields = {f.key: (f.zh, f.en) for f in CMM.items if getattr(f, "units", None) == "gas_volume"}
    assert fields == CMM_VOLUMES
    assert plain(CMM_VOLUMES["utilised_onsite"][0]) == "自用量"


def test_purchased_energy_is_one_word():
    """Purchased electricity and heat are 购入 (GB/T 32151's 净购入) wherever cnm words them: the
    workbook's labels, the findings, the trace, the site's legend and the planner's moves. 外购 had
    stayed in the workbook and the messages while the trace said 购入. Mine-supplied text and a
    factor set's own names (data, part of the methodology's hash) are theirs."""
    from cnm.findings import CODES
    from cnm.plan_levers import all_levers
    from cnm.record_io import load_record
    from cnm.result import assess
    from site_builder.text import CATEGORIES
    from tests.conftest import RECORDS, ROOT, amt, make_record

    words_zh = [(ROOT / "docs/reference" / page).read_text(encoding="utf-8")  # generated, kept current by tests
                for page in ("workbook-layout.md", "findings.md")]
    words_zh += [f"{t.zh} {t.hint_zh}" for t in CODES.values()] + [zh for zh, _ in CATEGORIES.values()]
    words_zh += [str(lever) for lever in all_levers(default_methodology())]
    heat = {"heat": {"purchased": amt(1000, "GJ"), "exported": amt(100, "GJ")}}
    for r in (assess(load_record(RECORDS / "jinyuan-coal_2024.yaml")), assess(make_record(**heat))):
        words_zh += [f"{t.label_zh} {t.formula_zh}" for t in r.trace()]
    assert [w for w in words_zh if "外购" in w] == []
    assert any("购入电量" in w for w in words_zh) and any("购入热力" in w for w in words_zh)
