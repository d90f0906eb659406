"""Exceptions of cnm.

    CnmError                      root of everything cnm raises on purpose
     ├── DataFileError            a bundled or user data file (catalog, rubric, factors...) is wrong
     ├── UnitError                an amount has a unit that is unknown or of the wrong kind
     ├── FactorNotFound           no factor set in the methodology knows a source id
     └── InputErrors              a record (or other user input) has one or more located problems

Every error carries where it is (`loc`, a file, row or field path) and, where it helps,
what to do (`hint`). Messages are bilingual: Chinese first, then English.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class CnmError(Exception):
    """Root of the errors cnm raises on purpose (never a bare traceback for the user)."""


@dataclass
class Problem:
    """One located problem: where, what (zh/en) and what to do."""

    loc: str
    message_en: str
    message_zh: str = ""
    hint: str = ""
    code: str = "invalid"

    def __str__(self) -> str:
        text = f"{self.loc}: {self.code}: {self.message_zh or self.message_en}"
        if self.message_zh and self.message_en:
            text += f" / {self.message_en}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class DataFileError(CnmError, ValueError):
    """A data file (catalog, GWP set, factor set, rubric, methodology) breaks its rules."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s)\n{lines}")


class UnitError(CnmError, ValueError):
    """An amount's unit is unknown or cannot be converted to what the input needs."""

    def __init__(self, loc: str, unit: str, expected: str, detail: str = ""):
        self.loc, self.unit, self.expected = loc, unit, expected
        msg = f"{loc}: 单位 '{unit}' 不可用，应为 {expected} 类单位 / unit '{unit}' cannot be used here, expected a unit of {expected}"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)

    def as_problem(self) -> Problem:
        return Problem(
            loc=self.loc,
            code="unit-mismatch",
            message_zh=f"单位“{self.unit}”不可用，应为 {self.expected} 类单位",
            message_en=f"unit '{self.unit}' cannot be used here, expected a unit of {self.expected}",
            hint=f"use one of: {self.expected}",
        )


class FactorNotFound(CnmError, KeyError):
    """No factor set of the methodology knows this source id."""

    def __init__(self, kind: str, factor_id: str, suggestions: list[str] | None = None):
        self.kind, self.factor_id = kind, factor_id
        self.suggestions = suggestions or []
        msg = f"未知的{kind}排放源/因子 '{factor_id}' / unknown {kind} factor '{factor_id}'"
        if self.suggestions:
            msg += f"; did you mean: {', '.join(self.suggestions)}?"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


@dataclass
class InputErrors(CnmError):
    """A record or other input has located problems; all of them are listed, not just the first."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.source}: {len(self.problems)} problem(s)\n{lines}"
