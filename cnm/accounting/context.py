"""Shared state of one accounting run: the record, the methodology, the lines and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from cnm.errors import FactorNotFound, UnitError
from cnm.factors import Factor
from cnm.findings import Finding, make
from cnm.record import Amount, Record
from cnm.trace import FactorUse, TraceInput, cited
from cnm.units import convert

Basis = Literal["both", "location", "market"]

#: The `gas` of a line the mine reports directly in tCO2e (Scope 3): no gas and no gas mass, its
#: `gas_t` is the tCO2e itself (gwp 1); a report shows it as "reported as CO2e", not as a gas.
CO2E = "CO2e"


class EmissionLine(BaseModel):
    """One source of the inventory, with everything needed to recompute it."""

    model_config = ConfigDict(frozen=True)
    key: str
    scope: Literal[1, 2, 3]
    category: str
    basis: Basis = "both"
    source: str
    label_zh: str
    label_en: str
    loc: str
    gas: str
    gas_t: float
    gwp: float
    tco2e: float
    activity: float | None = None
    activity_unit: str = ""
    data_source: str | None = None
    quality: str | None = None
    formula: str
    inputs: tuple[TraceInput, ...] = ()
    factors: tuple[FactorUse, ...] = ()
    formula_zh: str = ""  # the formula in Chinese; empty when it is all symbols


class EnergyLine(BaseModel):
    """One energy carrier in tce (GB/T 2589, electricity at its calorific equivalent)."""

    model_config = ConfigDict(frozen=True)
    key: str
    source: str
    label_zh: str
    label_en: str
    loc: str
    kind: Literal["fuel", "electricity", "heat"]
    renewable: bool = False
    tce: float
    formula: str
    inputs: tuple[TraceInput, ...] = ()
    factors: tuple[FactorUse, ...] = ()
    formula_zh: str = ""  # the formula in Chinese; empty when it is all symbols


def factor_use(f: Factor) -> FactorUse:
    """The provenance of a library factor as a result shows it."""
    return FactorUse(set_id=f.set_id, factor_id=f.id, name_zh=f.name_zh, name_en=f.name_en,
                     value=_unit_words(f.display_value), value_zh=f.display_value_zh, **cited(f), year=f.data_year or f.year,
                     quality=f.quality or "", verification=f.verification or "", note=f.note or "")


def _unit_words(value: str) -> str:
    """A factor's value as English text says its unit: 't/facility-year', not the unit registry's
    't/facility_year' (the trace inputs and formulas say facility-year)."""
    return value.replace("facility_year", "facility-year")


def measured_use(factor_id: str, value: str, source: str, source_zh: str = "") -> FactorUse:
    """The provenance of the mine's own (measured) factor; `source_zh` when cnm words the source."""
    return FactorUse(set_id="measured", factor_id=factor_id, value=value, source=source, source_zh=source_zh,
                     quality="measured", verification="M")


@dataclass
class Ctx:
    """Collects lines and findings; a failing input records an error and the run goes on."""

    record: Record
    methodology: object  # cnm.methodology.Methodology (not imported: no cycle)
    lines: list[EmissionLine] = field(default_factory=list)
    energy: list[EnergyLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def lib(self):
        return self.methodology.factors

    def note(self, code: str, loc: str, **fields) -> None:
        self.findings.append(make(code, loc, **fields))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def amount(self, a: Amount | None, to: str, loc: str) -> float | None:
        """`a` in unit `to`; None (and an error finding) if the unit does not fit."""
        if a is None:
            return None
        try:
            return convert(a.value, a.unit, to, loc)
        except UnitError as exc:
            self.note("unit-mismatch", f"{loc}.unit", unit=a.unit, expected=exc.expected)
            return None

    def factor(self, kind: str, factor_id: str, loc: str) -> Factor | None:
        try:
            return self.lib.get(kind, factor_id)
        except FactorNotFound as exc:
            sug = ", ".join(exc.suggestions)
            self.note("unknown-source", loc, source=factor_id,
                      suggest_zh=f"（是否为：{sug}？）" if sug else "",
                      suggest_en=f" (did you mean: {sug}?)" if sug else "")
            return None

    def gwp(self, gas: str, loc: str) -> float | None:
        g = self.methodology.gwp
        if not g.has(gas):
            self.note("unknown-gas", loc, gas=gas, gwp=g.id)
            return None
        declared = {x.strip().upper() for x in self.record.boundary.gases}
        declared |= {x[:-1] for x in declared if x in ("HFCS", "PFCS")}  # the standard writes HFCs, PFCs
        family = g.gas(gas).family
        if g.gas(gas).gas.upper() not in declared and family.upper() not in declared and family != "CO2":
            self.note("gas-not-declared", "boundary.gases", gas=g.gas(gas).gas)
        return g.gwp(gas)

    def emit(self, **kw) -> None:
        """Add an emission line; tCO2e = gas_t x gwp."""
        kw.setdefault("tco2e", kw["gas_t"] * kw["gwp"])
        self.lines.append(EmissionLine(**kw))

    def add_energy(self, **kw) -> None:
        self.energy.append(EnergyLine(**kw))
