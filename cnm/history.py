"""Dynamic assessment (R-6.3, R-8.1): a mine's periods side by side, each assessed against the
records of its earlier periods (cnm.previous), with a rising intensity flagged (R-4.2).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from cnm.accounting.inventory import output_in
from cnm.errors import InputErrors, Problem
from cnm.findings import Finding
from cnm.previous import period_key
from cnm.record import Record
from cnm.result import Result, assess

HISTORY_SCHEMA = "cnm-history/1"
#: Findings about how the periods were compared (shown with the trend).
HISTORY_CODES = ("previous-mismatch", "previous-annualised", "previous-not-in-history", "previous-record-invalid",
                 "target-year-to-date", "intensity-rising", "no-previous-period")


def index_records(records: Sequence[Record], sources: Sequence[str] | None = None) -> dict[str, list[Record]]:
    """Records by mine id, each in chronological order; one mine and period given twice is an error."""
    seen: dict[str, int] = {}
    problems = []
    by_mine: dict[str, list[Record]] = {}
    for i, r in enumerate(records):
        where = sources[i] if sources else r.key
        if r.key in seen:
            first = sources[seen[r.key]] if sources else r.key
            problems.append(Problem(where, f"{r.key} is given twice (also {first})",
                                    f"{r.key} 重复提供（另见 {first}）", hint="keep one record per mine and period",
                                    code="duplicate-record"))
            continue
        seen[r.key] = i
        by_mine.setdefault(r.mine.id, []).append(r)
    if problems:
        raise InputErrors("records", problems)
    return {k: sorted(v, key=lambda r: period_key(r.period)) for k, v in by_mine.items()}


class TrendRow(BaseModel):
    """One period of a mine's history."""

    period: str
    output: float
    output_unit: str
    gross: float
    intensity: float | None
    intensity_unit: str
    energy_tce: float
    offset_share: float
    compared_with: str | None
    intensity_decline: float | None  # I03 metric, percent (negative: the intensity rose)
    emissions_decline: float | None  # I04 metric, percent
    target_completion: float | None  # I09 metric, percent
    total: float
    grade: str
    rising_intensity: bool
    findings: list[Finding]


class MineHistory(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    mine_id: str
    name_zh: str
    name_en: str | None
    category: str
    methodology: dict[str, str]
    rows: list[TrendRow]
    results: list[Result]

    @property
    def rising(self) -> list[str]:
        """Periods whose intensity rose against their comparison period (R-4.2)."""
        return [r.period for r in self.rows if r.rising_intensity]

    def contract(self) -> dict:
        return {"schema_version": HISTORY_SCHEMA, "methodology": self.methodology,
                "mine": {"id": self.mine_id, "name_zh": self.name_zh, "name_en": self.name_en, "category": self.category},
                "periods": [r.model_dump(mode="json") for r in self.rows], "rising_intensity": self.rising}


def _metric(result: Result, iid: str) -> float | None:
    return next(i.metric_value for i in result.indicators if i.id == iid)


def _compared(result: Result) -> str | None:
    """The comparison period's label, as the I04 trace names it ('gross 2023')."""
    i04 = next(i for i in result.indicators if i.id == "I04")
    return next((x.name.removeprefix("gross ") for x in i04.inputs if x.name.startswith("gross ")), None)


def _row(result: Result, output_unit: str) -> TrendRow:
    i02 = next(i for i in result.indicators if i.id == "I02")
    i03 = next(i for i in result.indicators if i.id == "I03")
    findings = [f for f in result.findings if f.code in HISTORY_CODES]
    return TrendRow(period=result.record.period.label, output=output_in(result.record, output_unit), output_unit=output_unit,
                    gross=result.inventory.gross, intensity=i02.value, intensity_unit=i02.unit,
                    energy_tce=result.inventory.energy_tce, offset_share=result.inventory.offset_share,
                    compared_with=_compared(result), intensity_decline=i03.metric_value,
                    emissions_decline=_metric(result, "I04"), target_completion=_metric(result, "I09"),
                    total=result.total, grade=result.grade,
                    rising_intensity=any(f.code == "intensity-rising" for f in findings), findings=findings)


def mine_history(records: Sequence[Record], methodology=None) -> MineHistory:
    """Assess each period of one mine against its earlier records."""
    from cnm.methodology import default_methodology

    m = methodology or default_methodology()
    ordered = sorted(records, key=lambda r: period_key(r.period))
    results = [assess(r, m, history=ordered[:k]) for k, r in enumerate(ordered)]
    mine = ordered[-1].mine
    return MineHistory(mine_id=mine.id, name_zh=mine.name_zh, name_en=mine.name_en, category=mine.category,
                       methodology=m.info(), rows=[_row(r, m.rubric.categories[mine.category].output_unit) for r in results], results=results)


def histories(records: Sequence[Record], methodology=None, sources: Sequence[str] | None = None) -> list[MineHistory]:
    """The history of every mine among `records`."""
    return [mine_history(recs, methodology) for recs in index_records(records, sources).values()]
