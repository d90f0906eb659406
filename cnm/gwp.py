"""GWP sets (100-year): SAR, AR4 (default, Table A.2 completed per G-4), AR5, AR6.

Each set is one data file in cnm/data/gwp/; every value carries the set's source.
Gas names accept common spellings: 'HFC134a', 'hfc-134a', 'R-134a', '六氟化硫'.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from cnm.datafiles import MAX_METHODOLOGY_FILE_BYTES, bundled_path, load_data, validate
from cnm.errors import CnmError, DataFileError, Problem

BUNDLED_SETS = ("sar", "ar4", "ar5", "ar6")
DEFAULT_SET = "ar4"

_ALIASES = {
    "二氧化碳": "CO2", "甲烷": "CH4", "氧化亚氮": "N2O", "六氟化硫": "SF6", "三氟化氮": "NF3",
    "全氟甲烷": "CF4", "四氟化碳": "CF4", "全氟乙烷": "C2F6", "六氟乙烷": "C2F6",
}


class GasGwp(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    gas: str
    formula: str
    family: str
    gwp: float = Field(gt=0)
    table_a2: bool = False


class GwpSet(BaseModel):
    """One set of 100-year GWP values with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    id: str
    name: str
    horizon_years: int = 100
    source: str
    secondary_source: str = ""
    note: str = ""
    gases: tuple[GasGwp, ...]

    @cached_property
    def _by_key(self) -> dict[str, GasGwp]:
        return {gas_key(g.gas): g for g in self.gases}

    def gas(self, name: str) -> GasGwp:
        """The entry of a gas; CnmError naming the gas and the set when it is unknown."""
        try:
            return self._by_key[gas_key(name)]
        except KeyError:
            known = ", ".join(g.gas for g in self.gases)
            raise CnmError(f"GWP 集 {self.id} 中没有气体 '{name}' / gas '{name}' is not in GWP set "
                           f"{self.id}; known: {known}") from None

    def gwp(self, name: str) -> float:
        """The 100-year GWP of a gas (t CO2e per t)."""
        return self.gas(name).gwp

    def has(self, name: str) -> bool:
        return gas_key(name) in self._by_key


def gas_key(name: str) -> str:
    """Canonical lookup key: 'hfc-134a', 'HFC134a', 'R-134a' and 'HFC 134a' all give 'HFC134A'."""
    text = _ALIASES.get(str(name).strip(), str(name).strip())
    text = re.sub(r"[\s\-_]", "", text).upper()
    if text.startswith("R") and text[1:2].isdigit():
        text = "HFC" + text[1:]
    return text


def canonical_gas(name: str, gwp_set: GwpSet) -> str:
    """The set's own spelling of a gas name."""
    return gwp_set.gas(name).gas


def load_gwp_set(name_or_path: str | Path = DEFAULT_SET) -> GwpSet:
    """Load a bundled set ('sar', 'ar4', 'ar5', 'ar6') or a user's file path."""
    key = str(name_or_path).lower()
    path = bundled_path(f"gwp/{key}.yaml") if key in BUNDLED_SETS else Path(name_or_path)
    return gwp_set_from_data(load_data(path, MAX_METHODOLOGY_FILE_BYTES), str(path))


def gwp_set_from_data(data: object, where: str) -> GwpSet:
    """A GWP set from parsed data (a file's, or inline in a methodology file), checked."""
    gset = validate(GwpSet, data, where)
    co2 = [g for g in gset.gases if gas_key(g.gas) == "CO2"]
    if not co2 or co2[0].gwp != 1:
        raise DataFileError(where, [Problem("gases", "CO2 must be listed with GWP 1",
                                                "必须列出 CO2 且 GWP 为 1", code="gwp-co2")])
    keys = [gas_key(g.gas) for g in gset.gases]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise DataFileError(where, [Problem("gases", f"gases listed twice: {', '.join(dupes)}",
                                                "气体重复列出", code="duplicate-id")])
    return gset
