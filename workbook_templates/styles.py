"""Cell styles of the workbook: inputs (yellow, unlocked), computed cells (green, locked),
parameters (grey), headers and titles. The guide sheet's colour legend uses the same fills."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT = "Microsoft YaHei"
TITLE_FONT = Font(name=FONT, size=14, bold=True, color="1F4E79")
BLOCK_FONT = Font(name=FONT, size=11, bold=True, color="1F4E79")
NOTE_FONT = Font(name=FONT, size=9, italic=True, color="595959")
LABEL_FONT = Font(name=FONT, size=10)
LABEL2_FONT = Font(name=FONT, size=9, color="7F7F7F")
HEADER_FONT = Font(name=FONT, size=9, bold=True, color="FFFFFF")
BODY_FONT = Font(name=FONT, size=10)
RESULT_FONT = Font(name=FONT, size=12, bold=True, color="375623")

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CALC_FILL = PatternFill("solid", fgColor="E2EFDA")
PARAM_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
STATIC_FILL = PatternFill("solid", fgColor="DDEBF7")

THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def header(c) -> None:
    c.font, c.fill, c.alignment, c.border = HEADER_FONT, HEADER_FILL, CENTER, BOX


def input_cell(c, fmt: str | None = None) -> None:
    c.fill, c.border, c.font = INPUT_FILL, BOX, BODY_FONT
    c.protection = Protection(locked=False)
    c.alignment = Alignment(vertical="center")
    if fmt:
        c.number_format = fmt


def calc_cell(c, fmt: str | None = None, big: bool = False) -> None:
    c.fill, c.border = CALC_FILL, BOX
    c.font = RESULT_FONT if big else BODY_FONT
    c.protection = Protection(locked=True)
    if fmt:
        c.number_format = fmt


def static_cell(c, fmt: str | None = None) -> None:
    c.fill, c.border, c.font, c.alignment = STATIC_FILL, BOX, BODY_FONT, WRAP
    if fmt:
        c.number_format = fmt


def param(c) -> None:
    c.fill, c.border, c.font = PARAM_FILL, BOX, Font(name=FONT, size=9)


def label(c, secondary: bool = False) -> None:
    c.font = LABEL2_FONT if secondary else LABEL_FONT
    c.alignment = WRAP
    c.border = BOX
