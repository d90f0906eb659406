"""LibreOffice headless: recalculate and convert many workbooks in one soffice run.

Each run uses its own throwaway user profile (so parallel runs and a user's open LibreOffice
do not clash) set to recalculate every formula on load (OOXMLRecalcMode = always).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cnm.errors import CnmError

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise CnmError("LibreOffice (soffice) 未安装 / LibreOffice is not installed: run scripts/install-system-deps.sh")
    return exe


def convert(files: list[Path], outdir: Path, fmt: str = "xlsx", timeout: int = 600) -> list[Path]:
    """Open each file in LibreOffice (recalculating it) and save it as `fmt` into `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cnm-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(PROFILE_XCU, encoding="utf-8")
        cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    ext = fmt.split(":")[0]
    out = [outdir / (Path(f).stem + "." + ext) for f in files]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise CnmError(f"LibreOffice did not write {', '.join(map(str, missing))}: {proc.stderr.strip()[:500]}")
    return out
