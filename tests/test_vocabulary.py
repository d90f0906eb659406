"""One vocabulary for coded values: the workbook's drop-downs, the report and the site say the
same words for the same code (they had drifted: 电能替代 / 电气化, 甲烷利用 / 瓦斯利用 ...)."""

from __future__ import annotations

from cnm.methodology import default_methodology
from cnm.vocabulary import TERMS, words
from report_builder import labels
from site_builder import text
from workbook_templates.choices import choices


def test_workbook_report_and_site_use_the_same_words():
    lists = choices(default_methodology())
    for name, terms in TERMS.items():
        assert lists[name].items == terms, name
    assert labels.REMOVAL == text.REMOVAL_KINDS == words("removal_kind")
    assert labels.REDUCTION == text.REDUCTION_KINDS == words("reduction_kind")
    assert labels.CONSOLIDATION == words("consolidation")
    assert {k: v for k, v in labels.QUALITY.items() if k != "unspecified"} == words("quality")


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
