"""A group file: the parent company, its subsidiary mines, ownership and control (R-6.1).

The share of a mine's emissions the group accounts for follows the GHG Protocol Corporate
Standard, ch. 3 (setting organisational boundaries):

    equity       the group's equity share
    financial    100 % where the group has financial control, its equity share under joint
                 financial control, 0 otherwise
    operational  100 % where the group has operational control, 0 otherwise

A member acquired or divested during a period is in the boundary for that whole period if it
was acquired, and out of it for the whole period if it was divested (ch. 5: structural changes
are accounted for the entire year, with the base year recalculated accordingly).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from cnm.datafiles import parse_text, problems_from_validation, read_text
from cnm.errors import DataFileError, InputErrors, Problem
from cnm.record import Co2eMass, Name, OffsetCredit, Period, QualitativeEntry, Slug, Text, _Model

GROUP_SCHEMA = "cnm-group/1"


class Approach(StrEnum):
    equity = "equity"
    financial = "financial"
    operational = "operational"


APPROACH_ZH = {"equity": "股权比例", "financial": "财务控制", "operational": "运营控制"}


class StakeChange(_Model):
    """From `date` on, the group's equity (and, where given, its control) in a member is this.
    A change during a period holds for that whole period, like an acquisition (ch. 5)."""

    date: dt.date
    equity_percent: float = Field(gt=0, le=100)
    financial_control: bool | Literal["joint"] | None = None
    operational_control: bool | None = None


class Member(_Model):
    """One subsidiary mine (or one the group held or sold)."""

    mine: Slug = Field(description="the mine's id, as in its records")
    name_zh: Name | None = Field(None, description="shown when no record of the mine is given (e.g. a mine sold)")
    equity_percent: float = Field(gt=0, le=100, description="the group's equity share, percent (before the "
                                                           "first of `stake_changes`)")
    financial_control: bool | Literal["joint"] = Field(False, description="true, false or 'joint'")
    operational_control: bool = False
    acquired: dt.date | None = Field(None, description="date the group acquired it (structural change)")
    divested: dt.date | None = Field(None, description="date the group sold it (structural change)")
    existed_in_base_year: bool = Field(True, description="false for a mine built after the base year")
    base_year_emissions: Co2eMass | None = Field(None, description="the mine's gross emissions in the base year "
                                                               "(tCO2e, 100 %) when no record of that year is given")
    stake_changes: list[StakeChange] = Field(default_factory=list, description="later changes of the stake or "
                                                                                "control, oldest first")
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Member:
        if self.acquired and self.divested and self.divested <= self.acquired:
            raise ValueError("出售日期须晚于收购日期 / 'divested' must be after 'acquired'")
        dates = [c.date for c in self.stake_changes]
        if dates != sorted(set(dates)):
            raise ValueError("stake_changes 须按日期先后排列且日期不重复 / 'stake_changes' must be in date order, "
                             "one per date")
        if dates and ((self.acquired and dates[0] <= self.acquired) or (self.divested and dates[-1] >= self.divested)):
            raise ValueError("股权变动须在收购之后、出售之前 / a stake change must fall after 'acquired' and "
                             "before 'divested'")
        return self

    def at(self, period: Period) -> Member:
        """The member as held during `period`: the stake and control in force at its end."""
        changes = [c for c in self.stake_changes if c.date <= period.end]
        if not changes:
            return self
        update: dict = {"equity_percent": changes[-1].equity_percent}
        for c in changes:
            if c.financial_control is not None:
                update["financial_control"] = c.financial_control
            if c.operational_control is not None:
                update["operational_control"] = c.operational_control
        return self.model_copy(update=update)

    def held_share(self, approach: Approach | str, period: Period) -> float:
        """The share accounted for in `period`: 0 outside the boundary, else that of the stake then."""
        return self.at(period).share(approach) if self.in_boundary(period) else 0.0

    def share(self, approach: Approach | str) -> float:
        """The fraction of the mine's figures the group accounts for under an approach."""
        a = Approach(approach)
        if a is Approach.equity:
            return self.equity_percent / 100
        if a is Approach.financial:
            if self.financial_control == "joint":
                return self.equity_percent / 100
            return 1.0 if self.financial_control else 0.0
        return 1.0 if self.operational_control else 0.0

    def basis(self, approach: Approach | str) -> tuple[str, str]:
        """Why the share is what it is (zh, en)."""
        a = Approach(approach)
        if a is Approach.equity:
            return f"持股 {self.equity_percent:g}%", f"{self.equity_percent:g}% equity"
        if a is Approach.financial:
            if self.financial_control == "joint":
                return (f"共同财务控制，按持股 {self.equity_percent:g}%",
                        f"joint financial control, at {self.equity_percent:g}% equity")
            return ("拥有财务控制权", "financial control") if self.financial_control else ("无财务控制权", "no financial control")
        return ("拥有运营控制权", "operational control") if self.operational_control else ("无运营控制权", "no operational control")

    def in_boundary(self, period: Period) -> bool:
        """Held during `period` (acquired: the whole period; divested: none of it)."""
        if self.acquired and self.acquired > period.end:
            return False
        return not (self.divested and self.divested <= period.end)


class Group(_Model):
    """A parent company and its mines."""

    schema_: Literal["cnm-group/1"] = Field(GROUP_SCHEMA, alias="schema")
    id: Slug
    name_zh: Name
    name_en: Name | None = None
    approach: Approach = Field(Approach.financial, description="default consolidation approach")
    base_year: int | None = Field(None, ge=2000, le=2100)
    significance_threshold_percent: float = Field(5, gt=0, le=100, description="base-year recalculation threshold")
    members: list[Member] = Field(min_length=1)
    offsets: list[OffsetCredit] = Field(default_factory=list, description="credits the group itself retired")
    qualitative: dict[Annotated[str, StringConstraints(pattern=r"^I\d{2}$")], QualitativeEntry] = Field(
        default_factory=dict, description="group-level qualitative entries (e.g. the group's carbon department)")
    notes: Text | None = None

    @model_validator(mode="after")
    def _unique(self) -> Group:
        seen: dict[str, int] = {}
        for i, m in enumerate(self.members):
            if m.mine in seen:
                raise ValueError(f"矿山 {m.mine} 在 members 中出现两次（第 {seen[m.mine] + 1} 和第 {i + 1} 项） / "
                                 f"mine {m.mine} is listed twice in members (items {seen[m.mine] + 1} and {i + 1})")
            seen[m.mine] = i
        return self

    def member(self, mine_id: str) -> Member | None:
        return next((m for m in self.members if m.mine == mine_id), None)

    def at(self, period: Period) -> Group:
        """The group as it held its members during `period` (stake changes applied)."""
        if not any(m.stake_changes for m in self.members):
            return self
        return self.model_copy(update={"members": [m.at(period) for m in self.members]})


def load_group(path: str | Path) -> Group:
    """Load a group file; InputErrors names the file and each bad field."""
    p = Path(path)
    try:
        data = parse_text(read_text(p), str(p))
    except DataFileError as exc:
        raise InputErrors(str(p), exc.problems) from None
    try:
        return Group.model_validate(data if isinstance(data, dict) else {"_": data})
    except ValidationError as exc:
        raise InputErrors(str(p), problems_from_validation(exc)) from None


def group_files(path: str | Path) -> list[Path]:
    """A group file, or the group files (sorted) of a folder."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() in (".yaml", ".yml", ".json") and f.is_file())
        if not files:
            raise InputErrors(str(p), [Problem(str(p), "no group file (.yaml, .json) in this folder",
                                               "该文件夹中没有集团文件", code="group-none")])
        return files
    return [p]
