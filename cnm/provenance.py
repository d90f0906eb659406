"""R-4.1 / R-7.2: every quantitative input names its data source and data-quality tier."""

from __future__ import annotations

from pydantic import BaseModel

from cnm.findings import Finding, make
from cnm.record import Amount, Facility, Record


def walk(obj, loc: str = ""):
    """(record path, value) of every part of a record, itself first, then its fields, list items
    and mapping entries in order: 'fuels[0].amount', 'fuels[0].amount.value', ..."""
    yield loc, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name), f"{loc}.{name}" if loc else name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk(item, f"{loc}[{i}]")
    elif isinstance(obj, dict):
        for k, item in obj.items():
            yield from walk(item, f"{loc}.{k}")


def _amounts(record: Record):
    """(path, part) of every amount and facility count of the record, in record order."""
    return ((loc, x) for loc, x in walk(record) if isinstance(x, (Amount, Facility)))


def provenance_findings(record: Record) -> list[Finding]:
    """A warning for every amount without a data source or quality tier, located by path."""
    out = []
    for loc, amount in _amounts(record):
        if loc.startswith("previous") or ".own_factor" in loc:
            continue
        if not amount.data_source:
            out.append(make("source-missing", f"{loc}.data_source"))
        if not amount.quality:
            out.append(make("quality-missing", f"{loc}.quality"))
    return out


QUALITY_TIERS = ("measured", "calculated", "estimated", "default")


class DataInput(BaseModel):
    """One input of a record with where it comes from (Appendix B 4.1: data collected)."""

    loc: str
    what: str = ""  # the fuel or facility id where the path alone does not say
    value: float
    unit: str
    data_source: str | None
    quality: str | None


def data_inputs(record: Record) -> list[DataInput]:
    """Every quantitative input of the record, in record order, with its source and quality tier."""
    out = []
    for loc, a in _amounts(record):
        if isinstance(a, Facility):
            out.append(DataInput(loc=loc, what=str(a.facility), value=a.count, unit="count",
                                 data_source=a.data_source, quality=a.quality))
        else:
            out.append(DataInput(loc=loc, what=str(getattr(a, "fuel", "")), value=a.value, unit=a.unit,
                                 data_source=a.data_source, quality=a.quality))
    return out


def quality_tally(record: Record) -> dict[str, int]:
    """How many inputs are in each data-quality tier ('unspecified' where none is given)."""
    tally = dict.fromkeys((*QUALITY_TIERS, "unspecified"), 0)
    for d in data_inputs(record):
        tally[d.quality or "unspecified"] += 1
    return tally
