"""Writing a report's files and its archive bundle (R-8.2: reviewed, archived, re-verifiable):
the report files, the record as canonical JSON, a manifest with SHA-256 checksums and a zip of
all of them with fixed timestamps."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from cnm import __version__
from cnm.present.safe import safe_slug
from cnm.record_io import dump_record
from cnm.result import Result

MANIFEST_SCHEMA = "cnm-report-manifest/1"


@dataclass
class Bundle:
    folder: Path
    files: list[Path]  # report files and the record JSON
    manifest: Path
    checksums: Path
    archive: Path


def _version(pkg: str) -> str:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return "absent"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stem_of(result: Result) -> str:
    """'<mine id>_<period>': ids are checked slugs, so the name is safe for any file system."""
    return f"{safe_slug(result.record.mine.id)}_{result.record.period.label}"


def zip_files(entries: list[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """A zip whose bytes depend only on the entries and the stamp."""
    when = max(stamp, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            z.writestr(info, data, compresslevel=9)
    return out.getvalue()


def write_bundle(folder: Path, result: Result, rendered: dict[str, bytes], lang: str, stamp: dt.datetime) -> Bundle:
    """Write `rendered` ({'pdf': bytes, ...}), the record JSON, the manifest and the archive."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem_of(result)
    entries = [(f"{stem}.{lang}.{fmt}", data) for fmt, data in rendered.items()]
    entries.append((f"{stem}.record.json", dump_record(result.record).encode("utf-8")))
    manifest = {
        "schema": MANIFEST_SCHEMA, "generator": f"cnm {__version__}",
        "tools": {"weasyprint": _version("weasyprint"), "python-docx": _version("python-docx"),
                  "jinja2": _version("jinja2"), "cairosvg": _version("cairosvg")},
        "mine": result.record.mine.id, "period": result.record.period.label, "lang": lang,
        "grade": result.grade, "total": result.total, "methodology": result.methodology,
        "source_date_epoch": int(stamp.timestamp()),
        "files": [{"name": n, "bytes": len(d), "sha256": sha256(d)} for n, d in entries],
    }
    entries.append((f"{stem}.manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()))
    sums = "".join(f"{sha256(d)}  {n}\n" for n, d in entries)
    entries.append((f"{stem}.sha256", sums.encode()))
    paths = []
    for name, data in entries:
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    archive = folder / f"{stem}.{lang}.archive.zip"
    archive.write_bytes(zip_files(entries, stamp))
    return Bundle(folder=folder, files=paths[:-2], manifest=paths[-2], checksums=paths[-1], archive=archive)
