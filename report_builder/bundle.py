"""Writing a report's files and its archive bundle (R-8.2: reviewed, archived, re-verifiable):
the report files, the record as canonical JSON, a manifest with SHA-256 checksums and a zip of
all of them with fixed timestamps."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
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
    files: list[Path]  # report files, the record JSON and the other render inputs
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


_CODE_PACKAGES = ("cnm", "report_builder")


def software() -> dict:
    """What renders a report here: cnm's version, its code fingerprint and the tools' versions (the
    manifest records them; `--verify` compares them with an archive's)."""
    return {"generator": f"cnm {__version__}", "code": code_fingerprint(),
            "tools": {"weasyprint": _version("weasyprint"), "python-docx": _version("python-docx"),
                      "jinja2": _version("jinja2"), "cairosvg": _version("cairosvg")}}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the source files that shape a report (cnm and report_builder: code, templates,
    data, units, every file but byte code): `--verify` tells 'rendered by other code' from
    'altered' even under one version number."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for pkg in _CODE_PACKAGES:
        base = root / pkg
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def stem_of(result: Result) -> str:
    """'<mine id>_<period>': ids are checked slugs, so the name is safe for any file system."""
    return record_stem(result.record)


def record_stem(record) -> str:
    return f"{safe_slug(record.mine.id)}_{record.period.label}"


PART = ".part"  # a file being written: '.<name>.part' beside it, renamed into place when all are written


def remove_parts(folder: Path, stem: str) -> None:
    """Drop what a report that stopped half-way (a killed worker) left being written."""
    for part in [*folder.glob(f".{stem}.*{PART}"), *folder.glob(f"{stem}.*/**/.*{PART}")]:
        part.unlink(missing_ok=True)


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


def input_entries(stem: str, inputs) -> tuple[list[tuple[str, bytes, str]], dict]:
    """The render inputs besides the record, as (name, bytes, role) entries, and the manifest's
    `render` block naming them (`report_builder.verify` renders the report again from these)."""
    from report_builder.inputs import methodology_files

    entries, history, method = [], None, None
    if inputs.earlier is not None:
        history = []
        for rec in inputs.earlier:
            name = f"{stem}.history/{safe_slug(rec.mine.id)}_{rec.period.label}.record.json"
            entries.append((name, dump_record(rec).encode("utf-8"), "history"))
            history.append(name)
    if inputs.methodology is not None:
        files = methodology_files(inputs.methodology)
        entries += [(f"{stem}.methodology/{rel}", data, "methodology") for rel, data in files]
        method = f"{stem}.methodology/{Path(inputs.methodology).name}"
    render = {"lang": inputs.lang, "formats": list(inputs.formats), "target": inputs.target,
              "review": {"reviewer": inputs.review.reviewer, "date": inputs.review.date,
                         "opinion": inputs.review.opinion},
              "source_date_epoch": int(inputs.stamp.timestamp()), "stamp_from": inputs.stamp_from,
              "record": f"{stem}.record.json", "history": history, "methodology": method}
    return entries, render


def write_bundle(folder: Path, result: Result, rendered: dict[str, bytes], lang: str, stamp: dt.datetime,
                 inputs=None) -> Bundle:
    """Write `rendered` ({'pdf': bytes, ...}), the record JSON, the manifest and the archive; with
    `inputs` (report_builder.inputs.RenderInputs) also the earlier records, the methodology files
    and the manifest's `render` block, so `cnm report --verify` can render the report again."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem_of(result)
    entries = [(f"{stem}.{lang}.{fmt}", data, "report") for fmt, data in rendered.items()]
    entries.append((f"{stem}.record.json", dump_record(result.record).encode("utf-8"), "record"))
    render = None
    if inputs is not None:
        more, render = input_entries(stem, inputs)
        entries += more
    manifest = {
        "schema": MANIFEST_SCHEMA, **software(),
        "mine": result.record.mine.id, "period": result.record.period.label, "lang": lang,
        "grade": result.grade, "total": result.total, "methodology": result.methodology,
        "source_date_epoch": int(stamp.timestamp()),
        **({"render": render} if render is not None else {}),
        "files": [{"name": n, "role": role, "bytes": len(d), "sha256": sha256(d)} for n, d, role in entries],
    }
    entries.append((f"{stem}.{lang}.manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(),
                    "manifest"))
    sums = "".join(f"{sha256(d)}  {n}\n" for n, d, _ in entries)
    entries.append((f"{stem}.{lang}.sha256", sums.encode(), "checksums"))  # per language: zh and en in one folder
    archive = folder / f"{stem}.{lang}.archive.zip"
    files = [(folder / name, data) for name, data, _ in entries]
    files.append((archive, zip_files([(n, d) for n, d, _ in entries], stamp)))
    staged = []  # every file is written in full before any is renamed into place: a report stopped
    for path, data in files:  # half-way leaves hidden parts, not a bundle that looks whole
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}{PART}")
        part.write_bytes(data)
        staged.append((part, path))
    for part, path in staged:
        os.replace(part, path)
    paths = [p for p, _ in files[:-1]]
    return Bundle(folder=folder, files=paths[:-2], manifest=paths[-2], checksums=paths[-1], archive=archive)
