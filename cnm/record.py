"""The canonical record: one mine, one period, its inputs with units, sources and data quality.

The workbook extractor emits it, the engine accepts it from JSON/YAML, and its JSON Schema
is published (docs/reference/record.schema.json). Every quantitative input is an `Amount`:
value, unit, data source and data-quality tier (R-4.1, R-7.2).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from cnm.errors import UnitError
from cnm.units import EXAMPLES, KIND_ZH, kind_of

SCHEMA_VERSION = "cnm-record/1"

MineCategory = Literal[
    "coal_underground", "coal_surface", "oil_field", "gas_field", "ferrous_metal",
    "nonferrous_metal", "building_materials", "chemical_materials", "water_gas_minerals",
]
DataQuality = Literal["measured", "calculated", "estimated", "default"]
Consolidation = Literal["operational_control", "financial_control", "equity_share"]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=4000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]

_AMOUNT_TEXT = re.compile(r"^\s*([-+]?\d[\d,]*\.?\d*(?:[eE][-+]?\d+)?)\s*(\S.*)$")


def _amount_from_text(v):
    """Accept '1200 t' or '3.5 万kWh' as shorthand for {value, unit}."""
    if isinstance(v, str):
        m = _AMOUNT_TEXT.match(v)
        if not m:
            raise ValueError(f"“{v}”不是数量（如“1200 t”） / '{v}' is not an amount such as '1200 t'")
        return {"value": float(m.group(1).replace(",", "")), "unit": m.group(2).strip()}
    return v


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


#: The largest amount a record takes in any unit: far above any mine's (a billion tonnes is 1e9 t),
#: far below where sums overflow to infinity (1e308 t of diesel made the JSON say Infinity).
MAX_AMOUNT = 1e15


class Amount(_Model):
    """A quantity with its unit, where it comes from and how good it is."""

    value: float = Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    unit: str = Field(min_length=1, max_length=40)
    data_source: Text | None = Field(None, description="e.g. 能源统计报表、计量台账、发票")
    quality: DataQuality | None = Field(None, description="measured / calculated / estimated / default")

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        try:
            kind_of(unit)
        except UnitError as exc:
            raise ValueError(f"未知单位“{unit}” / unknown unit '{unit}'") from exc
        return unit


def _kind(*kinds: str):
    """An Amount whose unit must be of one of these kinds."""

    def check(a: Amount) -> Amount:
        k = kind_of(a.unit)
        if k not in kinds:
            examples = "; ".join(EXAMPLES[x] for x in kinds)
            zh = "或".join(KIND_ZH[x] for x in kinds)
            raise ValueError(f"单位“{a.unit}”不是{zh}单位（可用 {examples}） / "
                             f"unit '{a.unit}' is not a {' or '.join(kinds)} unit (use {examples})")
        return a

    return [BeforeValidator(_amount_from_text), AfterValidator(check)]


#: Mass units that say what the mass is of. A tonne of carbon or of methane is not a tonne of
#: CO2e, and a tonne of CO2e is not a tonne of diesel: each is refused where it would be read as
#: the other (pint sees them all as plain mass).
CO2E_UNITS = frozenset({"tCO2e", "tCO2", "kgCO2e", "kgCO2", "万tCO2e"})
GAS_UNITS = {"tC": ("碳质量，乘以 44/12 换算为 tCO2", "a mass of carbon: multiply by 44/12 for tCO2"),
             "tCH4": ("甲烷质量，乘以甲烷 GWP 换算为 tCO2e（煤矿瓦斯请填入瓦斯表）",
                      "a mass of methane: multiply by the GWP of CH4 for tCO2e (coal-mine methane has its own table)"),
             "kgCH4": ("甲烷质量，乘以甲烷 GWP 换算为 tCO2e（煤矿瓦斯请填入瓦斯表）",
                       "a mass of methane: multiply by the GWP of CH4 for tCO2e (coal-mine methane has its own table)")}


def _co2e_mass(a: Amount) -> Amount:
    """An amount of CO2e: carbon or methane masses are refused with the conversion to make."""
    unit = a.unit.strip()
    if unit in GAS_UNITS:
        zh, en = GAS_UNITS[unit]
        raise ValueError(f"本项以 tCO2e 计，“{unit}”是{zh} / this input is in tCO2e; '{unit}' is {en}")
    return a


def _material_mass(a: Amount) -> Amount:
    """A mass of a material (fuel, ore, waste, gas leaked): emission units are refused."""
    unit = a.unit.strip()
    if unit in CO2E_UNITS or unit in GAS_UNITS:
        raise ValueError(f"本项是物料本身的质量（t、万t、kg），“{unit}”是排放量单位 / this input is the mass of the "
                         f"material itself (t, 万t, kg); '{unit}' is an emission unit")
    return a


Mass = Annotated[Amount, *_kind("mass"), AfterValidator(_material_mass)]
Co2eMass = Annotated[Amount, *_kind("mass"), AfterValidator(_co2e_mass)]
Energy = Annotated[Amount, *_kind("energy")]
GasVolume = Annotated[Amount, *_kind("gas_volume")]
WaterVolume = Annotated[Amount, *_kind("volume")]
Area = Annotated[Amount, *_kind("area")]
Money = Annotated[Amount, *_kind("money")]
CoalEquivalent = Annotated[Amount, *_kind("coal_equivalent")]
Output = Annotated[Amount, *_kind("mass", "gas_volume"), AfterValidator(_material_mass)]
FuelQuantity = Annotated[Amount, *_kind("mass", "volume", "gas_volume", "energy")]
Percent = Annotated[float, Field(ge=0, le=100)]


class Mine(_Model):
    id: Slug = Field(description="stable id used in file names and URLs, e.g. 'shanxi-xinyuan-coal'")
    name_zh: Name
    name_en: Name | None = None
    code: Name | None = Field(None, description="unified social credit code or mining licence number")
    category: MineCategory
    province: Name | None = None
    address: Text | None = None
    parent_group: Slug | None = Field(None, description="id of the group that owns the mine")
    consolidation_approach: Consolidation = "operational_control"
    responsible_person: Name | None = None
    contact: Name | None = None


class Period(_Model):
    year: int = Field(ge=2000, le=2100)
    half: Literal[1, 2] | None = Field(None, description="1 or 2 for a half-year period (R-6.3)")

    @property
    def label(self) -> str:
        return f"{self.year}H{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def months(self) -> int:
        return 6 if self.half else 12

    @classmethod
    def parse(cls, label: str) -> Period:
        m = re.fullmatch(r"\s*(\d{4})(?:\s*[Hh]([12]))?\s*", str(label))
        if not m:
            raise ValueError(f"“{label}”不是评价期（如 2024 或 2024H1） / '{label}' is not a period such as 2024 or 2024H1")
        return cls(year=int(m.group(1)), half=int(m.group(2)) if m.group(2) else None)


class Assessment(_Model):
    """Who commissioned and who performs the assessment (Appendix B section 1)."""

    commissioning_party: Name | None = None
    assessor: Name | None = None
    lead_assessor: Name | None = None
    report_date: dt.date | None = None
    standards: list[Name] = Field(default_factory=list)
    reason: Text | None = None
    objectives: Text | None = None


class Boundary(_Model):
    description: Text | None = None
    scopes: list[Literal[1, 2, 3]] = Field(default_factory=lambda: [1, 2])
    gases: list[Name] = Field(default_factory=lambda: ["CO2", "CH4"])
    sources: Text | None = None
    activities: Text | None = None

    @field_validator("scopes")
    @classmethod
    def _scope_1_2(cls, scopes: list[int]) -> list[int]:
        if 1 not in scopes or 2 not in scopes:
            raise ValueError("范围一和范围二必须纳入边界（G-6），如需纳入范围三请加 3 / "
                             "scopes 1 and 2 are always in the boundary (G-6); add 3 to include Scope 3")
        return sorted(set(scopes))


class OwnCh4Factor(_Model):
    """A coal mine's measured CH4 emission factor for surface-mining or post-mining emissions."""

    kg_ch4_per_t: float = Field(ge=0, le=100)
    source: Text = Field(min_length=1, description="the measurement report")


class Production(_Model):
    output: Output = Field(description="main product extracted: t raw coal or ore, t crude, 万Nm3 gas")
    product: Name | None = None
    output_value: Money | None = Field(None, description="gross output value, 万元 (for I13)")
    mine_gas_class: Literal["high_gas", "low_gas", "outburst"] | None = Field(
        None, description="underground coal: gas class for the post-mining CH4 factor")
    own_ch4_factors: dict[Literal["surface_mining", "post_mining"], OwnCh4Factor] = Field(
        default_factory=dict, description="the mine's measured CH4 factors (kg CH4 per t raw coal), in place "
                                          "of the guideline's defaults")


class OwnFuelFactor(_Model):
    """A fuel's measured parameters (overrides the default, R-4.1)."""

    ncv: Annotated[Amount, BeforeValidator(_amount_from_text)] | None = None
    carbon_content: Annotated[Amount, BeforeValidator(_amount_from_text)] | None = None
    oxidation_percent: Percent | None = None
    source: Text = Field(min_length=1, description="lab report or measurement record")


class FuelUse(Amount):
    fuel: Slug | str = Field(description="source id, e.g. diesel, raw_coal, natural_gas")
    use: Literal["stationary", "mobile"] = "stationary"
    own_factor: OwnFuelFactor | None = None

    @model_validator(mode="after")
    def _fuel_unit(self) -> FuelUse:
        if kind_of(self.unit) not in ("mass", "volume", "gas_volume", "energy"):
            raise ValueError(f"单位“{self.unit}”不是燃料数量单位（t、L、万Nm3 或 GJ） / "
                             f"unit '{self.unit}' is not a fuel quantity (t, L, 万Nm3 or GJ)")
        if kind_of(self.unit) == "mass":
            _material_mass(self)
        return self


class GreenCertificate(_Model):
    serial: Name
    quantity: Energy = Field(description="MWh; 1 certificate = 1 MWh")
    issued: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")] | None = None
    consumer: Name | None = None


class Electricity(_Model):
    purchased: Energy | None = None
    exported: Energy | None = None
    onsite_renewable: Energy | None = Field(None, description="self-generated renewable power used on site")
    green_power: Energy | None = Field(None, description="green power bought with its attributes (绿电交易)")
    green_certificates: list[GreenCertificate] = Field(default_factory=list)
    grid_region: Name | None = Field(None, description="override: national, north, east ... or a province")
    factor_year: int | None = Field(None, ge=2000, le=2100, description="grid factor data year to use")
    supplier_factor_tco2_per_mwh: float | None = Field(
        None, ge=0, le=2, description="market-based: the supplier's own emission rate for the non-green power, "
                                      "in place of the residual mix (GHG Protocol Scope 2 Guidance)")
    supplier_factor_source: Text | None = None


class Heat(_Model):
    purchased: Energy | None = None
    exported: Energy | None = None
    supplier_factor_tco2_per_gj: float | None = Field(None, ge=0, le=1, description="the supplier's own factor")
    supplier_factor_source: Text | None = None


class CoalMineMethane(_Model):
    """Pure-CH4 volumes (纯量) of an underground coal mine, Nm3 at 0 °C or m3_20C."""

    ventilation: GasVolume | None = None
    drainage: GasVolume | None = None
    flared: GasVolume | None = None
    utilised_onsite: GasVolume | None = Field(None, description="burnt in the mine's own boilers or engines")
    utilised_offsite: GasVolume | None = Field(None, description="supplied to others")
    co2_ventilation: GasVolume | None = None
    co2_drainage: GasVolume | None = None


class Facility(_Model):
    facility: Slug | str
    count: float = Field(ge=0)
    data_source: Text | None = None
    quality: DataQuality | None = None


class OilGas(_Model):
    facilities: list[Facility] = Field(default_factory=list)
    flared_gas: GasVolume | None = None
    flare_ch4_percent: Percent | None = None
    vented_ch4: GasVolume | None = None
    recovered_co2: Co2eMass | None = None
    recovered_ch4: GasVolume | None = None


class CarbonateUse(_Model):
    carbonate: Slug | str
    amount: Mass = Field(description="mass of the material calcined or roasted")
    purity_percent: Percent = 100
    decomposition_percent: Percent = 100


class ExplosiveUse(_Model):
    explosive: Slug | str
    amount: Mass
    own_factor_tco2_per_t: float | None = Field(None, ge=0, le=3.67)
    own_factor_source: Text | None = None


class FGasUse(_Model):
    gas: Name
    amount: Mass = Field(description="mass leaked or refilled in the period")


class Scope3Item(_Model):
    category: int = Field(ge=1, le=15, description="GHG Protocol Scope 3 category 1..15")
    description: Text
    emissions: Co2eMass = Field(description="tCO2e")
    method: Text | None = None


class Reduction(_Model):
    measure: Name
    kind: Literal["energy_efficiency", "fuel_switch", "electrification", "renewable",
                  "methane_utilisation", "process", "other"] = "other"
    amount: Co2eMass = Field(description="tCO2e avoided against the baseline")
    baseline: Text | None = None
    evidence: Text | None = None


class Removal(_Model):
    """In-boundary removals: self-reduction, never offsets (G-6)."""

    kind: Literal["backfill_co2_fixation", "ccus_storage", "restoration_sink", "carbonation"]
    amount: Co2eMass = Field(description="tCO2e removed and stored in the period")
    area: Area | None = None
    method: Text | None = None
    evidence: Text | None = None


class OffsetCredit(_Model):
    """A credit, allowance or external sink claimed against residual emissions (R-7.3, G-7)."""

    programme: Literal["CCER", "CEA", "CDM", "VCS", "GS", "external_sink", "other"]
    project_id: Name | None = None
    serial_start: Name | None = None
    serial_end: Name | None = None
    vintage: int = Field(ge=1990, le=2100)
    quantity: float = Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False, description="tCO2e")
    retirement_date: dt.date | None = None
    beneficiary: Name | None = None
    registry: Name | None = None
    evidence: Text | None = None


class Resources(_Model):
    solid_waste_generated: Mass | None = None
    solid_waste_utilised: Mass | None = None
    fresh_water: WaterVolume | None = None
    recycled_water: WaterVolume | None = None
    total_area: Area | None = None
    green_area: Area | None = None
    restored_area: Area | None = None


class QualitativeEntry(_Model):
    level: int = Field(ge=0, le=4)
    evidence: Text | None = None


class Targets(_Model):
    reduction_target: Co2eMass | None = Field(None, description="planned self-reduction, tCO2e (I09)")
    emission_cap: Co2eMass | None = Field(None, description="emission cap for the period, tCO2e (I01)")
    energy_cap: CoalEquivalent | None = Field(None, description="energy cap for the period, tce (I05)")
    base_year: int | None = Field(None, ge=2000, le=2100)
    neutrality_year: int | None = Field(None, ge=2000, le=2100)


class PreviousPeriod(_Model):
    """Figures of the previous period as known (issue 8 recomputes them from records)."""

    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(H[12])?$")]
    gross_emissions: Co2eMass
    output: Output
    energy: CoalEquivalent | None = None


class PublicOpinion(_Model):
    channel: Text | None = Field(None, description="where the public sends feedback (R-8.1)")
    questionnaire_responses: int | None = Field(None, ge=0)
    questionnaire_satisfied: int | None = Field(None, ge=0)
    hearing_summary: Text | None = None


class Record(_Model):
    """One mine, one period."""

    schema_version: Literal["cnm-record/1"] = SCHEMA_VERSION
    mine: Mine
    period: Period
    assessment: Assessment = Field(default_factory=Assessment)
    boundary: Boundary = Field(default_factory=Boundary)
    production: Production
    fuels: list[FuelUse] = Field(default_factory=list)
    electricity: Electricity = Field(default_factory=Electricity)
    heat: Heat = Field(default_factory=Heat)
    coal_mine_methane: CoalMineMethane | None = None
    oil_gas: OilGas | None = None
    carbonates: list[CarbonateUse] = Field(default_factory=list)
    explosives: list[ExplosiveUse] = Field(default_factory=list)
    fgases: list[FGasUse] = Field(default_factory=list)
    scope3: list[Scope3Item] = Field(default_factory=list)
    reductions: list[Reduction] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)
    offsets: list[OffsetCredit] = Field(default_factory=list)
    resources: Resources = Field(default_factory=Resources)
    qualitative: dict[Annotated[str, StringConstraints(pattern=r"^I\d{2}$")], QualitativeEntry] = Field(
        default_factory=dict)
    targets: Targets = Field(default_factory=Targets)
    previous: PreviousPeriod | None = None
    public_opinion: PublicOpinion | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _output_matches_category(self) -> Record:
        kind = kind_of(self.production.output.unit)
        want = "gas_volume" if self.mine.category == "gas_field" else "mass"
        if kind != want:
            unit = self.production.output.unit
            raise ValueError(
                f"production.output: 该类矿山产量应以{'气体体积（万Nm3）' if want == 'gas_volume' else '质量（t、万t）'}计，"
                f"而不是“{unit}” / a {self.mine.category} reports output as "
                f"{'gas volume (万Nm3)' if want == 'gas_volume' else 'mass (t, 万t)'}, not '{unit}'")
        return self

    @property
    def key(self) -> str:
        """'<mine id>/<period>' identifies a record in a batch."""
        return f"{self.mine.id}/{self.period.label}"
