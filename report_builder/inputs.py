"""What a report is rendered from, kept so the archive can render it again (R-8.2: archived and
re-verifiable): the record, the earlier records used as history, the methodology file (and the
files it names), the target grade, the review block and the stamp. `assemble` turns them into
the `ReportInput` the renderers print; `cnm report` and `report_builder.verify` both call it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from cnm.datafiles import load_data
from cnm.errors import CnmError
from cnm.record import Record
from report_builder.context import ReportInput, Review

#: Keys of a methodology file that name other files (cnm.methodology.MethodologyFile).
_FILE_KEYS = ("base", "catalog", "rubric", "gwp", "factor_sets")


@dataclass
class RenderInputs:
    """Everything besides the software that decides a report's bytes."""

    record: Record
    lang: str
    formats: tuple[str, ...]
    stamp: dt.datetime
    stamp_from: str = "SOURCE_DATE_EPOCH"  # or 'report_date' / 'period_end' (report_builder.source_stamp)
    earlier: list[Record] | None = None  # None: no --history; else the earlier records used, oldest first
    methodology: Path | None = None  # the -m file, None for the default methodology
    target: str | None = None
    review: Review = field(default_factory=Review)


def assemble(inputs: RenderInputs, methodology) -> ReportInput:
    """The report's content: the record assessed (against its earlier records with history), the
    improvement plan towards the target, the review block and the stamp."""
    from cnm.planner import plan
    from cnm.result import assess
    from report_builder.gc_tuning import fewer_collections
    from report_builder.history import with_history

    rec, earlier = inputs.record, inputs.earlier
    with fewer_collections():  # the planner re-assesses the record some 80 times
        result, trend = with_history(rec, earlier, methodology) if earlier is not None else (assess(rec, methodology), [])
        proposal = plan(rec, methodology, target=inputs.target, history=earlier)
    return ReportInput(result=result, methodology=methodology, history=trend, plan=proposal,
                       review=inputs.review, generated=inputs.stamp)


def methodology_files(path: Path) -> list[tuple[str, bytes]]:
    """The methodology file and every file it names (its base, catalog, rubric, GWP set and factor
    sets, recursively), as (path relative to the methodology's folder, bytes). A named file
    outside that folder cannot keep its relative place in a bundle: that is refused, located."""
    root = Path(os.path.abspath(path)).parent
    out: dict[str, bytes] = {}

    def add(p: Path, where: str, methodology_file: bool = True) -> None:
        p = Path(os.path.abspath(p))
        try:
            rel = p.relative_to(root).as_posix()
        except ValueError:
            raise BundleInputError(
                f"{where}: {p} 在方法文件所在文件夹之外，无法放入归档包；请把它复制到 {root} 下并改用相对路径 / "
                f"{p} is outside the methodology file's folder, so the archive cannot carry it; copy it under "
                f"{root} and name it by a relative path") from None
        if rel in out:
            return
        out[rel] = p.read_bytes()
        data = load_data(p) if methodology_file else None
        if not isinstance(data, dict):
            return
        for key in _FILE_KEYS:
            refs = data.get(key)
            for ref in refs if isinstance(refs, list) else [refs]:
                if isinstance(ref, str) and (p.parent / ref).is_file():  # else a bundled name (default, ar4 ...)
                    add(p.parent / ref, f"{rel}: {key}", key == "base")

    add(path, str(path))
    return sorted(out.items())


class BundleInputError(CnmError):
    """An input of the report cannot be put into its archive bundle."""
