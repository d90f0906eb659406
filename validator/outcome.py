"""What validating one workbook produced: its findings, its record when it could be extracted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnm.findings import Finding
from cnm.record import Record

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
#: C0/C1 control characters: text from workbooks and file names never reaches a terminal or a
#: report with them (ANSI escape sequences, characters XML cannot hold)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """Text safe for a terminal line or a report cell: control characters replaced by '?'."""
    return _CONTROL.sub("?", "" if text is None else str(text))


@dataclass
class WorkbookOutcome:
    file: str
    findings: list[Finding] = field(default_factory=list)
    record: Record | None = None
    #: the record read from the workbook even when it has errors: what it claims (its credits for
    #: the batch-wide serial check, G-7), never extracted
    claimed: Record | None = None
    sha256: str = ""
    template_version: str = ""
    seconds: float = 0.0
    #: cell of each offsets row's serial start, by record index (for cross-workbook findings)
    serial_cells: dict[int, str] = field(default_factory=dict)
    #: not a submission (a findings report of `cnm validate`): neither passed nor failed
    skipped: bool = False

    @property
    def claims(self) -> Record | None:
        """What the workbook claims: the extracted record, else the one read despite errors."""
        return self.record or self.claimed

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """No errors: the workbook passes and its record may be extracted."""
        return self.errors == 0

    @property
    def passed(self) -> bool:
        """Validated and without errors (a skipped file is not counted as passed)."""
        return self.ok and not self.skipped

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.loc, f.code))

    def verdict(self, lang: str = "zh") -> str:
        """One line: passed or failed, counts, who and which period, the first error."""
        who = ""
        if self.record:
            mine = self.record.mine
            name = (mine.name_en or mine.name_zh) if lang == "en" else mine.name_zh
            who = f" — {name} {self.record.period.label}"
        if self.skipped:
            head = "跳过" if lang == "zh" else "skipped"
            return " — ".join([f"{head}: {printable(self.file)}"] + [
                printable(f.message_zh if lang == "zh" else f.message_en) for f in self.findings[:1]])
        if lang == "zh":
            head = "通过" if self.ok else "不通过"
            counts = f"{self.errors} 个错误，{self.warnings} 个警告"
        else:
            head = "passed" if self.ok else "FAILED"
            counts = f"{self.errors} error(s), {self.warnings} warning(s)"
        line = f"{head}: {printable(self.file)}{printable(who)} ({counts})"
        first = next((f for f in self.sorted_findings() if f.severity == "error"), None)
        if first is not None:
            line += f" — {finding_line(first, lang)}"
        return line


def finding_line(f: Finding, lang: str = "zh") -> str:
    """'where: code: message' (no 'where' for a finding about the whole file)."""
    msg = printable(f.message_zh if lang == "zh" else f.message_en)
    return f"{printable(f.loc)}: {f.code}: {msg}" if f.loc else f"{f.code}: {msg}"
