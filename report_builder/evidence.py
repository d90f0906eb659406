"""Section 5.1's evidence column for quantitative indicators (R-7.2: a quantitative indicator
states its data source and data quality): the sources and quality tiers of the record inputs
each indicator is computed from, read from `cnm.provenance.data_inputs`. Nothing is computed
here; the table below only says which record fields feed which indicator (as `cnm.metrics` and
`cnm.accounting` read them).
"""

from __future__ import annotations

from cnm.provenance import DataInput
from cnm.trace import within
from report_builder.labels import QUALITY, enum, pick

#: Record fields of the inventory (gross emissions, G-6) and of energy use.
EMISSIONS = ("fuels", "electricity", "heat", "coal_mine_methane", "oil_gas", "carbonates", "explosives", "fgases")
ENERGY = ("fuels", "electricity", "heat")

#: Record fields each quantitative indicator is computed from (cnm.metrics), by path prefix.
INPUTS: dict[str, tuple[str, ...]] = {
    "I01": (*EMISSIONS, "production.output", "targets.emission_cap"),
    "I02": (*EMISSIONS, "production.output"),
    "I03": (*EMISSIONS, "production.output", "previous"),
    "I04": (*EMISSIONS, "previous.gross_emissions"),
    "I05": (*ENERGY, "targets.energy_cap", "production.output"),
    "I06": (*ENERGY, "production.output"),
    "I07": ("reductions", *EMISSIONS),
    "I09": ("reductions", "targets.reduction_target"),
    "I10": ("resources.solid_waste_generated", "resources.solid_waste_utilised"),
    "I11": ("resources.recycled_water", "resources.fresh_water"),
    "I12": ("resources.solid_waste_generated", "production.output"),
    "I13": ("resources.fresh_water", "production.output_value"),
    "I18": ENERGY,
    "I19": ENERGY,
    "I20": ("removals", *EMISSIONS),
    "I21": ("removals", *EMISSIONS),
    "I23": ("resources.green_area", "resources.total_area"),
    "I24": ("removals", *EMISSIONS),
}
CAPS = {"I01": "emission_cap", "I05": "energy_cap"}  # scored against the cap when given, else output x reference
USES_PREVIOUS = ("I03", "I04")
USES_CREDITS = ("I21",)
RECOMPUTED = "recomputed from the record"  # cnm.result: the previous period came from an earlier record

WORDS = {
    "no_source": ("未注明来源", "source not given"),
    "previous_record": ("上期数据取自上期记录的核算（见历年趋势）",
                        "previous period recomputed from its own record (see the trend)"),
    "credits": ("碳信用 {n} 笔（见 4.4）", "{n} credit(s) (see 4.4)"),
    "credits_evidence": ("碳信用 {n} 笔，注销凭证：{evidence}（见 4.4）", "{n} credit(s), retirement evidence: {evidence} "
                         "(see 4.4)"),
    "inventory": ("排放清单各项数据（来源与质量等级见 4.1）", "the inventory's data (sources and quality tiers in 4.1)"),
    "energy": ("能源消费数据（来源与质量等级见 4.1）", "energy data (sources and quality tiers in 4.1)"),
}


def _matches(loc: str, prefixes: tuple[str, ...]) -> bool:
    return any(within(loc, p) for p in prefixes)


def indicator_evidence(indicator, inputs: list[DataInput], record, lang: str, scope3_counted: bool = False) -> str:
    """'原矿产量报表（实测）；油料台账（实测）…' for one quantitative indicator: each distinct data
    source of its inputs once, with the quality tiers it was given at."""
    zh = lang == "zh"
    prefixes = INPUTS.get(indicator.id, ())
    if scope3_counted and EMISSIONS[-1] in prefixes:  # Scope 3 counts in gross emissions
        prefixes = (*prefixes, "scope3")
    if getattr(record.targets, CAPS.get(indicator.id, ""), None) is not None:
        prefixes = tuple(p for p in prefixes if p != "production.output")
    recomputed = indicator.id in USES_PREVIOUS and any(getattr(x, "source", "") == RECOMPUTED for x in indicator.inputs)
    if recomputed:
        prefixes = tuple(p for p in prefixes if not p.startswith("previous"))
    # the whole inventory (or all energy use) is cited once, pointing to 4.1, not source by source
    summary = next((k for k, group in (("inventory", EMISSIONS), ("energy", ENERGY)) if set(group) <= set(prefixes)), None)
    if summary:
        drop = {*(EMISSIONS if summary == "inventory" else ENERGY), "scope3"}
        prefixes = tuple(p for p in prefixes if p not in drop)
    tiers: dict[str, list[str]] = {}
    for d in inputs:
        if _matches(d.loc, prefixes):
            source = d.data_source or pick(WORDS["no_source"], lang)
            tier = enum(QUALITY, d.quality or "unspecified", lang)
            if tier not in tiers.setdefault(source, []):
                tiers[source].append(tier)
    sep, open_, close = ("、", "（", "）") if zh else (", ", " (", ")")
    parts = [pick(WORDS[summary], lang)] if summary else []
    parts += [f"{source}{open_}{sep.join(ts)}{close}" for source, ts in tiers.items()]
    if recomputed:
        parts.append(pick(WORDS["previous_record"], lang))
    if indicator.id in USES_CREDITS and record.offsets:
        proofs = list(dict.fromkeys(c.evidence for c in record.offsets if c.evidence))
        key = "credits_evidence" if proofs else "credits"
        parts.append(pick(WORDS[key], lang).format(n=len(record.offsets), evidence=sep.join(proofs)))
    return ("；" if zh else "; ").join(parts)
