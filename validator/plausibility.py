"""Ranges, plausible magnitudes and cross-field consistency of a record and its core result.

Every figure compared here comes from the core (`cnm.result.Result`: inventory lines, energy
lines, indicator values) and the category references from the rubric
(`methodology.rubric.categories`); this module only compares them. Findings are located by
record path; `validator.locate` turns the paths into cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from cnm.errors import UnitError
from cnm.findings import Finding
from cnm.offsets import normalise_name
from cnm.record import Amount, Period, Record
from cnm.result import Result
from cnm.units import convert, kind_of
from validator.codes import make
from validator.magnitudes import family, fmt, magnitude_findings, references

#: An intensity this many times above (or below) the category's reference is implausible (the
#: factor of cnm/data/plausibility.yaml: a unit slip is 1,000 or 10,000).
IMPLAUSIBLE = references().factor
#: A unit is suggested when using it instead brings the intensity within this factor of the reference.
PLAUSIBLE = 10.0
#: Previous-period figures this many times off the current ones are flagged.
PREVIOUS_JUMP = 10.0

_INTENSITIES = (("carbon_intensity", "reference_carbon_intensity", "碳排放强度", "carbon intensity"),
                ("energy_intensity", "reference_energy_intensity", "能耗强度", "energy intensity"))
_INDEX = re.compile(r"\[(\d+)\]")
MAGNITUDE_CODES = {"intensity-implausible", "input-implausible", "output-implausible", "output-value-implausible"}


def _path_label(path: str) -> tuple[str, str]:
    return path, path


def record_checks(record: Record, result: Result, methodology, unit_lists=None, today: dt.date | None = None,
                  label=_path_label) -> list[Finding]:
    """Every plausibility and consistency finding of a record, located by record path.

    `unit_lists(path)` gives the units offered for an amount; `label(path)` its (zh, en) label."""
    out = intensity_findings(record, result, methodology, unit_lists or {}, label)
    out += period_findings(record, today or dt.date.today())
    if not any(f.code in MAGNITUDE_CODES for f in out):  # else the current figures are the suspects
        out += previous_findings(record, result)
    out += certificate_findings(record)
    out += resource_findings(record)
    out += percent_findings(record, label)
    return out


def amount_at(record: Record, path: str) -> Amount | None:
    """The Amount at a record path such as 'fuels[0]' or 'electricity.purchased'."""
    obj: object = record
    for part in re.split(r"\.", path):
        m = _INDEX.fullmatch(part[part.find("["):]) if "[" in part else None
        name = part[:part.find("[")] if m else part
        obj = getattr(obj, name, None)
        if m and isinstance(obj, list):
            i = int(m.group(1))
            obj = obj[i] if i < len(obj) else None
        if obj is None:
            return None
    return obj if isinstance(obj, Amount) else None


def _contributions(result: Result, measure: str) -> dict[str, float]:
    """Record path -> its share of gross emissions (tCO2e) or energy (tce), from the core's lines."""
    inv = result.inventory
    out: dict[str, float] = {}
    if measure == "carbon_intensity":
        for ln in inv.lines:
            key = ln.key
            if (".location" in key and inv.scope2_basis != "location") or (".market" in key and inv.scope2_basis != "market"):
                continue
            if key.startswith("S3") and not inv.scope3_included:
                continue
            if ln.loc:
                out[ln.loc] = out.get(ln.loc, 0.0) + ln.tco2e
    else:
        for e in inv.energy_lines:
            if e.loc:
                out[e.loc] = out.get(e.loc, 0.0) + e.tce
    return out


def _alternatives(amount: Amount, units: tuple[str, ...]) -> list[tuple[str, float]]:
    """(unit, how many of the given unit one of it is) for every other unit of the same kind."""
    try:
        kind = kind_of(amount.unit)
    except UnitError:
        return []
    out = []
    for u in units:
        if u == amount.unit:
            continue
        try:
            if kind_of(u) == kind:
                out.append((u, convert(1.0, u, amount.unit)))
        except UnitError:
            continue
    return out


def _units_for(path: str, unit_lists) -> tuple[str, ...]:
    return tuple(unit_lists(path)) if callable(unit_lists) else tuple(unit_lists.get(path, ()))


def intensity_findings(record: Record, result: Result, methodology, unit_lists, label=_path_label) -> list[Finding]:
    """Magnitudes far off the category's usual ranges, one finding per cell: the output, the output
    value and each main input against its range (`validator.magnitudes`). Carbon or energy
    intensity (the further off) `IMPLAUSIBLE` times off the category's reference is a finding at the
    input whose unit was probably mistaken, or at the output: that one alone when both intensities
    are off the same way and the output's unit explains them (and no output value tells by price),
    otherwise only when nothing else was found."""
    found = magnitude_findings(record, result, methodology, unit_lists, label)
    if any(f.loc == "production.output" for f in found):
        return found
    category = methodology.rubric.categories[record.mine.category]
    ratios = []
    for metric, ref_attr, what_zh, what_en in _INTENSITIES:
        ind = next((i for i in result.indicators if i.metric == metric), None)
        ref = getattr(category, ref_attr)
        if ind is not None and ind.value and ind.value > 0:
            ratios.append((abs(math.log10(ind.value / ref)), metric, ind.value / ref, ind, ref, what_zh, what_en))
    off = [r for r in ratios if not 1 / IMPLAUSIBLE < r[2] < IMPLAUSIBLE]
    if not off:
        return found
    _, metric, ratio, ind, ref, what_zh, what_en = max(off)
    total = sum(_contributions(result, metric).values())
    by_price = record.production.output_value is not None  # the price already cleared the output
    best = _best_unit(record, result, metric, ratio, total, unit_lists, output_ok=by_price)
    loc, given, meant = best if best else ("production.output", "", "")
    same_way = len(off) == len(ratios) == 2 and (off[0][2] > 1) == (off[1][2] > 1)
    if found and (by_price or not (loc == "production.output" and meant and same_way)):
        return found
    fields = {"what_zh": what_zh, "what_en": what_en, "value": fmt(ind.value), "unit": ind.unit or "",
              "ref": f"{ref:g}", "times": fmt(ratio)}
    if meant:
        zh, en = label(loc)
        fields |= {"suggest_zh": f"；“{zh}”的单位可能应为“{meant}”而不是“{given}”",
                   "suggest_en": f"; the unit of '{en}' is probably '{meant}', not '{given}'"}
    else:
        fields |= {"suggest_zh": "", "suggest_en": ""}
    return [make("intensity-implausible", loc, **fields)]


def _best_unit(record, result, metric, ratio, total, unit_lists, output_ok=False):
    """The (path, given unit, meant unit) whose correction brings the ratio within PLAUSIBLE of 1:
    a unit of the same family first (kg for t, kWh for 万kWh), then the closest."""
    candidates = []
    shares = _contributions(result, metric)
    for loc, part in sorted(shares.items(), key=lambda kv: -kv[1])[:5]:
        amount = amount_at(record, loc)
        if amount is None or total <= 0:
            continue
        for unit, factor in _alternatives(amount, _units_for(loc, unit_lists)):
            new_ratio = ratio * (total - part + part * factor) / total
            candidates.append((family(unit) != family(amount.unit), abs(math.log10(max(new_ratio, 1e-12))), loc,
                               amount.unit, unit))
    out_amount = record.production.output
    for unit, factor in () if output_ok else _alternatives(out_amount, _units_for("production.output", unit_lists)):
        new_ratio = ratio / factor
        candidates.append((family(unit) != family(out_amount.unit), abs(math.log10(max(new_ratio, 1e-12))),
                           "production.output", out_amount.unit, unit))
    fits = [c for c in candidates if c[1] <= math.log10(PLAUSIBLE)]
    if not fits:
        return None
    _, _, loc, given, meant = min(fits)
    return loc, given, meant


def period_findings(record: Record, today: dt.date) -> list[Finding]:
    """The period has ended; the report is dated after it."""
    out = []
    p = record.period
    if p.end >= today:
        out.append(make("period-not-ended", "period.year", period=p.label, end=p.end.isoformat()))
    date = record.assessment.report_date
    if date is not None and date <= p.end:
        out.append(make("report-date-early", "assessment.report_date", date=date.isoformat(), end=p.end.isoformat()))
    return out


def _period_index(p: Period) -> tuple[int, int]:
    return (p.year, p.half or 0)


def previous_findings(record: Record, result: Result) -> list[Finding]:
    """The previous period comes before this one, right before it, and its figures are of the
    same order as this period's (a unit slip in last year's figures shows as a 10x jump)."""
    prev = record.previous
    if prev is None:
        return []
    before = Period.parse(prev.period)
    now = record.period
    out = []
    if _period_index(before) >= _period_index(now) or before.start >= now.start:
        return [make("previous-period-order", "previous.period", previous=before.label, period=now.label)]
    expected = {Period(year=now.year - 1, half=now.half).label}  # year on year
    if now.half == 2:  # or the half right before
        expected.add(Period(year=now.year, half=1).label)
    elif now.half == 1:
        expected.add(Period(year=now.year - 1, half=2).label)
    if before.label not in expected:
        out.append(make("previous-period-gap", "previous.period", previous=before.label, period=now.label,
                        expected=" / ".join(sorted(expected))))
    decline = next((i for i in result.indicators if i.metric == "intensity_decline"), None)
    values = [i.value for i in (decline.inputs if decline else ()) if isinstance(i.value, (int, float))]
    if len(values) == 2 and all(v and v > 0 for v in values):
        now_i, before_i = values
        jump = max(now_i / before_i, before_i / now_i)
        if jump >= PREVIOUS_JUMP:
            out.append(make("previous-implausible", "previous.gross_emissions", previous=before.label,
                            times=fmt(jump), before=fmt(before_i), now=fmt(now_i)))
    return out


def certificate_findings(record: Record) -> list[Finding]:
    """Green certificates: issued by the end of the period, used by this mine."""
    mine = record.mine
    names = {normalise_name(x) for x in (mine.name_zh, mine.name_en, mine.id, mine.code) if x}
    end = record.period.end
    out = []
    for i, c in enumerate(record.electricity.green_certificates):
        if c.issued and dt.date(int(c.issued[:4]), int(c.issued[5:7]), 1) > end:
            out.append(make("green-certificate-period", f"electricity.green_certificates[{i}].issued",
                            issued=c.issued, end=end.isoformat()))
        if c.consumer and normalise_name(c.consumer) not in names:
            out.append(make("green-certificate-consumer", f"electricity.green_certificates[{i}].consumer",
                            consumer=c.consumer))
    return out


def _amount_in(a: Amount | None, unit: str) -> float | None:
    if a is None:
        return None
    try:
        return convert(a.value, a.unit, unit)
    except UnitError:
        return None


def _percents(record):
    """(record path, value) of every `*_percent` figure of a record, lists included."""
    from cnm.provenance import walk

    for path, value in walk(record):
        if path.endswith("_percent") and isinstance(value, int | float) and not isinstance(value, bool):
            yield path, float(value)


def percent_findings(record: Record, label=_path_label) -> list[Finding]:
    """A percentage above 0 and at most 1 (0.95 for a purity, 0.587 for a CH4 share): most likely
    the fraction typed for the percentage (95, 58.7); every `*_percent` input is well above 1 %
    when it is right (purities, decomposition and oxidation rates, CH4 in flared gas)."""
    out = []
    for path, value in _percents(record):
        if 0 < value <= 1:
            zh, en = (re.sub(r"\s*[(（].*?[)）]|\s*%", "", text) for text in label(path))  # the label's '%' and notes
            out.append(make("percent-as-fraction", path, what_zh=zh, what_en=en, value=f"{value:g}",
                            meant=f"{value * 100:g}"))
    return out


def resource_findings(record: Record) -> list[Finding]:
    """Parts never exceed their whole: areas within the mine area, waste utilised within waste
    generated, satisfied questionnaires within those returned."""
    res = record.resources
    out = []
    total = _amount_in(res.total_area, "m2")
    for key, zh, en in (("green_area", "绿化面积", "green area"), ("restored_area", "已修复面积", "restored area")):
        part = _amount_in(getattr(res, key), "m2")
        if total and part is not None and part > total * (1 + 1e-9):
            out.append(make("part-exceeds-whole", f"resources.{key}", part_zh=zh, part_en=en, whole_zh="矿区总面积",
                            whole_en="total mine area"))
    gen, used = _amount_in(res.solid_waste_generated, "t"), _amount_in(res.solid_waste_utilised, "t")
    if gen is not None and used is not None and used > gen * (1 + 1e-9):
        out.append(make("part-exceeds-whole", "resources.solid_waste_utilised", part_zh="固体废物综合利用量",
                        part_en="solid waste utilised", whole_zh="固体废物产生量", whole_en="solid waste generated"))
    po = record.public_opinion
    if po and po.questionnaire_responses is not None and po.questionnaire_satisfied is not None \
            and po.questionnaire_satisfied > po.questionnaire_responses:
        out.append(make("part-exceeds-whole", "public_opinion.questionnaire_satisfied", part_zh="满意问卷数",
                        part_en="satisfied questionnaires", whole_zh="问卷回收数", whole_en="questionnaires returned"))
    return out
