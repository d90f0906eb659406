"""The methodology a CNM_* call computes under: the one whose hash the workbook carries.

The template's UDF formulas pass the workbook's methodology hash (the defined name
`P_METHOD_HASH`) as the last argument, `method`. The add-in computes under the default
methodology or under a methodology file it can find: the files and folders listed in the
environment variable `CNM_METHODOLOGY_PATH` (separated by `os.pathsep`) and the folder
`~/.cnm/methodologies` (`%USERPROFILE%\\.cnm\\methodologies` on Windows). Any other hash is
refused (`#CNM! method: …`), so the cell falls back to its native formula, which reads the
workbook's own parameter sheets: a UDF never silently computes under another methodology.
A blank `method` (a formula typed by hand) means the default methodology.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cnm import quick
from cnm.errors import CnmError

ENV = "CNM_METHODOLOGY_PATH"
USER_DIR = Path.home() / ".cnm" / "methodologies"
SUFFIXES = (".yaml", ".yml", ".json")


def search_paths() -> list[Path]:
    """Where methodology files are looked for, in order."""
    listed = [Path(p).expanduser() for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]
    return [*listed, USER_DIR]


def _files() -> list[Path]:
    out = []
    for p in search_paths():
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in SUFFIXES and f.is_file()))
        elif p.is_file():
            out.append(p)
    return out


@lru_cache(maxsize=64)
def _load(path: str, mtime: float):
    from cnm.methodology import load_methodology

    try:
        return load_methodology(path)
    except (CnmError, OSError, ValueError):
        return None  # not a methodology file (or a broken one): it simply does not match


def methodology_for(method):
    """The methodology whose hash is `method` (None for a blank: the default)."""
    from cnm.methodology import default_methodology

    if method in (None, ""):
        return None
    wanted = str(method).strip().lower()
    default = default_methodology()
    if wanted == default.hash:
        return default
    for f in _files():
        m = _load(str(f), f.stat().st_mtime)
        if m is not None and m.hash == wanted:
            return m
    raise quick.QuickError("method", f"加载项找不到本工作簿的评价方法 {wanted[:12]}，请把方法文件放到 ~/.cnm/methodologies",
                           f"the add-in cannot load the workbook's methodology {wanted[:12]}: put its file "
                           f"in ~/.cnm/methodologies or {ENV}")
