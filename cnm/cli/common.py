"""What every command shares: options, error printing, exit codes.

Exit codes: 0 ok; 1 input errors (each listed with its location); 2 usage errors (typer).
No traceback reaches the user: cnm's own errors are printed as located lines, anything
unexpected as one line asking to report it (set CNM_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cnm.errors import CnmError, DataFileError, InputErrors


def _width(stream) -> int | None:
    """Rich's width on a terminal or where COLUMNS says; 200 when output goes to a file or a
    pipe (Rich would take 80 and truncate the wide tables: history, indicators)."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return None if tty or os.environ.get("COLUMNS") else 200


console = Console(highlight=False, soft_wrap=True, width=_width(sys.stdout))
err_console = Console(stderr=True, highlight=False, soft_wrap=True, width=_width(sys.stderr))

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class Lang(StrEnum):
    zh = "zh"
    en = "en"


MethodologyOpt = Annotated[Path | None, typer.Option("--methodology", "-m", help="methodology file (default: Appendix A)",
                                                     exists=True, dir_okay=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of tables")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="language of messages and tables")]


def print_errors(exc: CnmError, lang: str = "zh") -> None:
    """Located error lines: 'where: code: message'."""
    problems = getattr(exc, "problems", None)
    if isinstance(exc, (InputErrors, DataFileError)) and problems:
        head = getattr(exc, "source", None) or getattr(exc, "path", "")
        err_console.print(f"[bold red]{head}[/]: {len(problems)} 个问题 / problem(s)")
        for p in problems:
            msg = p.message_zh if lang == "zh" and p.message_zh else p.message_en
            err_console.print(f"  {p.loc}: {p.code}: {msg}", markup=False)
    else:
        err_console.print(str(exc), markup=False)


def guarded(fn: Callable) -> Callable:
    """Run a command body; turn cnm's errors into located lines and exit code 1."""

    @wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except CnmError as exc:
            print_errors(exc, kwargs.get("lang", Lang.zh).value if isinstance(kwargs.get("lang"), Lang) else "zh")
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:  # a bug: one line, no traceback with mine data
            if os.environ.get("CNM_DEBUG"):
                raise
            err_console.print(f"内部错误 / internal error: {type(exc).__name__}: {exc} "
                              "(rerun with CNM_DEBUG=1 and report it)", markup=False)
            raise typer.Exit(EXIT_INTERNAL) from None

    return run


def dump_json(obj) -> None:
    """Print JSON (UTF-8, no ASCII escapes) to stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
