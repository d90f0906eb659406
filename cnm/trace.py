"""Trace: how each figure of a result was computed (R-4.1), so a report can show it and an
assessor can verify it: the formula, its inputs with units, and the factors with sources."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FactorUse(BaseModel):
    """The factor a line used, with its provenance; `measured` when the mine's own value won."""

    model_config = ConfigDict(frozen=True)
    set_id: str
    factor_id: str
    name_zh: str = ""
    name_en: str = ""
    value: str = Field(description="value with unit, e.g. '0.5306 tCO2/MWh'")
    source: str
    year: int | None = None
    quality: str
    verification: str = ""
    note: str = ""


class TraceInput(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    value: float | str | None
    unit: str = ""
    source: str = ""


class TraceItem(BaseModel):
    """One computed figure."""

    model_config = ConfigDict(frozen=True)
    key: str
    label_zh: str
    label_en: str
    value: float | None
    unit: str
    formula: str
    inputs: tuple[TraceInput, ...] = ()
    factors: tuple[FactorUse, ...] = ()


def inp(name: str, value, unit: str = "", source: str = "") -> TraceInput:
    """Shorthand for a trace input."""
    return TraceInput(name=name, value=value, unit=unit, source=source or "")
