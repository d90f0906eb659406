"""Re-verifying an archived report (R-8.2, R-4.1): check every file of the archive against its
manifest, then render the report again from the archive's own inputs (record, earlier records,
methodology files, target, review block, stamp) into a temporary folder and compare the bytes.

    >>> problems, checked = verify_bundle(Path("out/qianxi-iron_2024.zh.archive.zip"))
    >>> problems == []   # identical
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cnm.errors import CnmError
from report_builder.bundle import MANIFEST_SCHEMA, sha256


@dataclass(frozen=True)
class Problem:
    """One difference, located by the archive member it concerns."""

    name: str
    message_zh: str
    message_en: str

    def text(self, lang: str) -> str:
        return f"{self.name}: {self.message_zh if lang == 'zh' else self.message_en}"


MAX_ARCHIVE_BYTES = 1 << 30  # unpacked; a report's archive is a few MB


def _members(z: zipfile.ZipFile) -> dict[str, bytes]:
    if sum(i.file_size for i in z.infolist()) > MAX_ARCHIVE_BYTES:
        raise CnmError(f"归档包解压后超过 {MAX_ARCHIVE_BYTES >> 20} MB，不予复核 / the archive unpacks to more than "
                       f"{MAX_ARCHIVE_BYTES >> 20} MB; not verified")
    out = {}
    for info in z.infolist():
        name = PurePosixPath(info.filename)
        if info.is_dir():
            continue
        if name.is_absolute() or ".." in name.parts:  # never written outside the temporary folder
            raise CnmError(f"{info.filename}: 归档包中的路径不安全 / unsafe path in the archive")
        out[info.filename] = z.read(info)
    return out


def _manifest(members: dict[str, bytes]) -> tuple[str, dict]:
    names = [n for n in members if n.endswith(".manifest.json") and "/" not in n]
    if len(names) != 1:
        raise CnmError(f"归档包应含一个清单（*.manifest.json），实有 {len(names)} 个 / "
                       f"the archive should hold one manifest (*.manifest.json), it holds {len(names)}")
    try:
        data = json.loads(members[names[0]].decode("utf-8"))
    except ValueError as exc:
        raise CnmError(f"{names[0]}: 清单不是有效的 JSON / the manifest is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        raise CnmError(f"{names[0]}: 不是 {MANIFEST_SCHEMA} 清单 / not a {MANIFEST_SCHEMA} manifest")
    return names[0], data


def check_members(members: dict[str, bytes], manifest_name: str, manifest: dict) -> list[Problem]:
    """Every file the manifest lists is in the archive with its checksum; the .sha256 file agrees
    (it also covers the manifest)."""
    out = []
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                             and isinstance(f.get("sha256"), str) for f in files):
        return [Problem(manifest_name, "清单的 files 一节应为 {name, sha256, …} 的列表",
                        "the manifest's files should be a list of {name, sha256, ...}")]
    for f in files:
        data = members.get(f["name"])
        if data is None:
            out.append(Problem(f["name"], "清单列出的文件不在归档包中", "listed in the manifest but missing from the archive"))
        elif sha256(data) != f["sha256"]:
            out.append(Problem(f["name"], f"SHA-256 与清单不符（清单 {f['sha256'][:12]}…，实为 {sha256(data)[:12]}…）",
                               f"SHA-256 differs from the manifest ({f['sha256'][:12]}… listed, "
                               f"{sha256(data)[:12]}… found)"))
    sums_name = manifest_name.removesuffix(".manifest.json") + ".sha256"
    listed = {f["name"] for f in manifest.get("files", [])}
    for line in members.get(sums_name, b"").decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if name in members and name not in listed and sha256(members[name]) != digest:
            out.append(Problem(name, f"SHA-256 与 {sums_name} 不符", f"SHA-256 differs from {sums_name}"))
    return out


def _render_inputs_problems(manifest: dict, manifest_name: str, members: dict[str, bytes]) -> list[Problem]:
    """The render block names only files of the archive (never a path of the verifying machine)."""
    spec = manifest["render"]
    if not isinstance(spec, dict):
        return [Problem(manifest_name, "render 一节格式不对", "the render block is malformed")]
    history = spec.get("history") or []
    named = [spec.get("record"), *(history if isinstance(history, list) else [history])]
    if spec.get("methodology"):
        named.append(spec["methodology"])
    return [Problem(manifest_name, f"render 一节引用的 {name!r} 不是归档包中的文件",
                    f"the render block names {name!r}, which is not a file of the archive")
            for name in named if not (isinstance(name, str) and name in members)]


def _rerender(folder: Path, manifest: dict) -> tuple[dict[str, bytes], list[Problem]]:
    """The bundle rendered again from the extracted inputs: {name: bytes} of its files."""
    from cnm.methodology import load_methodology
    from cnm.record_io import load_record
    from report_builder import render
    from report_builder.bundle import write_bundle
    from report_builder.context import Review
    from report_builder.inputs import RenderInputs, assemble

    spec = manifest["render"]
    where = spec["record"]
    try:
        record = load_record(folder / spec["record"])
        earlier = None
        if spec["history"] is not None:
            earlier = []
            for name in spec["history"]:
                where = name
                earlier.append(load_record(folder / name))
        where = spec["methodology"] or "methodology"
        m = load_methodology(folder / spec["methodology"] if spec["methodology"] else None)
    except CnmError as exc:
        return {}, [Problem(where, f"无法读取：{exc}", f"cannot be read: {exc}")]
    if m.info()["hash"] != manifest["methodology"]["hash"]:
        return {}, [Problem(where, "方法学内容指纹与清单不符，无法按同一方法重新生成",
                            "the methodology's content hash differs from the manifest's; the report cannot be "
                            "rendered again under the same methodology")]
    review = Review(**spec["review"])
    inputs = RenderInputs(record=record, lang=spec["lang"], formats=tuple(spec["formats"]),
                          stamp=dt.datetime.fromtimestamp(spec["source_date_epoch"], tz=dt.UTC),
                          stamp_from=spec["stamp_from"], earlier=earlier,
                          methodology=folder / spec["methodology"] if spec["methodology"] else None,
                          target=spec["target"], review=review)
    inp = assemble(inputs, m)
    files = render(inp, inputs.lang, inputs.formats)
    out = folder / "_rendered"
    bundle = write_bundle(out, inp.result, files, inputs.lang, inputs.stamp, inputs)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in [*bundle.files, bundle.manifest]}, []


def verify_bundle(archive: Path) -> tuple[list[Problem], int]:
    """(problems, number of files compared): none when the archive is intact and renders again
    byte for byte."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = _members(z)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CnmError(f"{archive}: 不是可读的 zip 归档包 / not a readable zip archive ({exc})") from None
    manifest_name, manifest = _manifest(members)
    problems = check_members(members, manifest_name, manifest)
    if "render" not in manifest:
        problems.append(Problem(manifest_name, "清单没有 render 一节（生成时未记录输入），无法重新生成",
                                "the manifest has no render block (its inputs were not recorded), so the report "
                                "cannot be rendered again"))
    elif not problems:
        problems += _render_inputs_problems(manifest, manifest_name, members)
    if problems:
        return problems, 0
    with tempfile.TemporaryDirectory(prefix="cnm-verify-") as tmp:
        folder = Path(tmp)
        for name, data in members.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        try:
            again, problems = _rerender(folder, manifest)
        except (KeyError, TypeError) as exc:
            raise CnmError(f"{manifest_name}: render 一节不完整 / the render block is incomplete ({exc})") from None
    if problems:  # e.g. a default methodology that has changed since: say so if the software differs
        notes = _software_differences(manifest_name, manifest)
        if notes:
            notes.append(Problem(manifest_name, "本机软件与生成归档时不同（其默认方法学等可能已更新），请用生成时的 cnm 核验",
                                 "this software differs from the one that made the archive (its default methodology "
                                 "may have changed since): verify with the cnm that made it"))
        return problems + notes, 0
    for f in manifest["files"]:
        data = again.get(f["name"])
        if data is None:
            problems.append(Problem(f["name"], "重新生成时未产生此文件", "not produced when rendered again"))
        elif sha256(data) != f["sha256"]:
            problems.append(Problem(f["name"], "重新生成的文件与归档的不一致（SHA-256 不同）",
                                    "rendered again, its bytes differ from the archived file (SHA-256 differs)"))
    if problems:
        problems += _why_different(manifest_name, manifest)
    return problems, len(manifest["files"])


def _software_differences(manifest_name: str, archived: dict) -> list[Problem]:
    """The archive's software (cnm version, tools, code fingerprint) where it differs from this one's."""
    from report_builder.bundle import software

    def short(key: str, value):
        return f"{value[:16]}…" if key == "code" and isinstance(value, str) else value

    here, out = software(), []
    for key in ("generator", "tools", "code"):
        a, h = short(key, archived.get(key)), short(key, here.get(key))
        if a != h:
            out.append(Problem(manifest_name, f"{key} 不同：归档 {a}，本机 {h}", f"{key} differs: archived {a}, here {h}"))
    return out


def _why_different(manifest_name: str, archived: dict) -> list[Problem]:
    """Why an archive that agrees with its own checksums renders differently here: other software
    (version, tools, or code under the same version: the code fingerprint), or else altered files."""
    out = _software_differences(manifest_name, archived)
    if out:
        out.append(Problem(manifest_name, "归档包与其清单一致，但本机软件与生成时不同，重新生成的字节不同不能说明被篡改；"
                                          "请用生成时的 cnm 版本核验",
                           "the archive agrees with its manifest, but this software differs from the one that made it, "
                           "so different bytes do not show tampering; verify with the cnm that made it"))
    else:
        out.append(Problem(manifest_name, "软件与生成时相同，重新生成的字节却不同：归档中的文件可能连同清单一起被改动"
                                          "（或本机字体不同）",
                           "the same software renders different bytes: the archived files may have been altered "
                           "together with the manifest (or this machine's fonts differ)"))
    return out
