"""Downloads: each mine's record and result as JSON and CSV, and the whole data set.

Personal data are never published: the fields of PERSONAL_FIELDS (the mine's responsible person
and contact: a person's name and telephone number) are removed from every record download
(`public_record`), as from the pages, which never showed them.

CSV is UTF-8 with a BOM (Excel opens Chinese correctly) and every text cell goes through
`csv_cell`, so a name starting with = + - @ is never run as a formula. The ZIP has fixed
timestamps, so two builds of the same data give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from cnm.methodology import Methodology, export_text
from cnm.present.safe import csv_cell
from cnm.vocabulary import emission_category
from site_builder import paths
from site_builder.data import Entry, SiteData

#: Fields of the record (cnm.record) that hold personal data, by section: withheld from every
#: download. The lead assessor (assessment.lead_assessor) is not among them: the published,
#: signed assessment report names the lead assessor in that professional capacity.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {"mine": ("responsible_person", "contact")}


def public_record(e: Entry) -> dict:
    """The record as published: its JSON-mode dump without the personal fields."""
    return e.record.model_dump(mode="json", exclude_none=True,
                               exclude={section: set(names) for section, names in PERSONAL_FIELDS.items()})


def _json(obj) -> bytes:
    """Compact UTF-8 JSON (the C encoder; an indented dump is several times slower)."""
    return (json.dumps(obj, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _csv(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:  # csv_cell leaves numbers, None and booleans as they are: only text goes through it
        w.writerow([csv_cell(v) if type(v) is str else v for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _flatten(obj, prefix: str = "") -> Iterable[tuple[str, object]]:
    """{'a': {'b': [1, 2]}} -> ('a.b[0]', 1), ('a.b[1]', 2)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _flatten(v, f"{prefix}[{i}]")
    else:
        yield prefix, obj


def record_csv(e: Entry, dumped: dict | None = None) -> bytes:
    """The record as field/value rows (`dumped`: its JSON-mode dump, when the caller has it)."""
    return _csv(["field", "value"], _flatten(dumped if dumped is not None else public_record(e)))


def result_csv(e: Entry) -> bytes:
    """The result's figures as rows: section, id, name (zh, en), value, unit."""
    c = e.contract
    inv = c["inventory"]
    rows: list[list[object]] = [["mine", c["mine"]["id"], c["mine"]["name_zh"], c["mine"]["name_en"] or "", "", ""],
                                ["period", c["period"], "", "", c["period"], ""]]
    for k in ("scope1", "scope2_location", "scope2_market", "scope3", "gross", "removals", "residual", "offsets"):
        rows.append(["inventory", k, "", "", inv[k], "tCO2e"])
    rows.append(["inventory", "offset_share", "抵消比例", "Offset share", inv["offset_share"], "fraction"])
    rows.append(["energy", "total_tce", "能源消费总量", "Energy consumption", c["energy_tce"], "tce"])
    rows += [["by_category", f"S{b['scope']}.{b['category']}", *(emission_category(b["category"]) or ("", "")),
              b["tco2e"], "tCO2e"] for b in inv["by_category"]]
    rows += [["line", ln["key"], ln["label_zh"], ln["label_en"], ln["tco2e"], "tCO2e"] for ln in c.get("lines", [])]
    for i in c["indicators"]:
        rows.append(["indicator_value", i["id"], i["name_zh"], i["name_en"], i["value"], i["unit"]])
        rows.append(["indicator_score", i["id"], i["name_zh"], i["name_en"], i["score"], "points"])
    rows += [["group_score", g["id"], g["name_zh"], g["name_en"], g["score"], "points"] for g in c["groups"]]
    rows += [["level_score", lv["id"], lv["name_zh"], lv["name_en"], lv["score"], "points"] for lv in c["levels"]]
    rows += [["total", "total", "综合评价得分", "Total score", c["total"], "points"],
             ["grade", "grade", c["grade"], c["grade_en"], "", ""],
             ["methodology", c["methodology"]["name"], c["methodology"]["version"], c["methodology"]["hash"], "", ""]]
    return _csv(["section", "id", "name_zh", "name_en", "value", "unit"], rows)


SUMMARY_HEADER = ["mine_id", "name_zh", "name_en", "category", "province", "parent_group", "period", "grade",
                  "grade_en", "total", "gross_tco2e", "residual_tco2e", "offsets_tco2e", "offset_share",
                  "intensity", "intensity_unit", "energy_tce", "methodology_hash"]


def summary_row(e: Entry) -> list[object]:
    c, m, inv = e.contract, e.contract["mine"], e.contract["inventory"]
    i02 = e.indicator("I02") or {"value": None, "unit": ""}
    return [m["id"], m["name_zh"], m["name_en"] or "", m["category"], m["province"] or "", m["parent_group"] or "",
            c["period"], c["grade"], c["grade_en"], c["total"], inv["gross"], inv["residual"], inv["offsets"],
            inv["offset_share"], i02["value"], i02["unit"], c["energy_tce"], c["methodology"]["hash"]]


METHODOLOGY_FILES = ("data/methodology.yaml", "data/methodology.json")


def methodology_files(m: Methodology) -> dict[str, bytes]:
    """The methodology in use, exactly as `cnm methodology export -o FILE` writes it (.yaml, .json):
    name, version, hash and the whole content the hash covers (catalog, weights, rubric, GWP,
    factor sets, parameters), from the core's `Methodology.info()` and `.content()`."""
    return {"data/methodology.yaml": export_text(m, "yaml").encode("utf-8"),
            "data/methodology.json": export_text(m, "json").encode("utf-8")}


def data_files(data: SiteData) -> dict[str, bytes]:
    """Every download, keyed by its path under the site root."""
    files: dict[str, bytes] = methodology_files(data.methodology)
    for e in data.entries:
        record = public_record(e)
        files[paths.data_file(e.mine_id, e.period, "record.json")] = _json(record)
        files[paths.data_file(e.mine_id, e.period, "record.csv")] = record_csv(e, record)
        files[paths.data_file(e.mine_id, e.period, "result.json")] = _json(e.contract)
        files[paths.data_file(e.mine_id, e.period, "result.csv")] = result_csv(e)
    files["data/results.csv"] = _csv(SUMMARY_HEADER, (summary_row(e) for e in data.entries))
    files["data/results.json"] = _json([dict(zip(SUMMARY_HEADER, summary_row(e), strict=True)) for e in data.entries])
    return files


def dataset_zip(files: dict[str, bytes], epoch: int) -> bytes:
    """All per-mine files in one ZIP with fixed timestamps and order."""
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]  # ZIP dates start in 1980
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo("cnm-dataset/" + name.removeprefix("data/"), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])
    return buf.getvalue()


def write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    root = site_dir.resolve()
    for rel, data in sorted(files.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"refusing to write outside the site: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
