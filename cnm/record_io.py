"""Reading and writing canonical records (JSON or YAML) and their JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cnm.datafiles import parse_text, problems_from_validation, read_text
from cnm.errors import DataFileError, InputErrors
from cnm.record import Record

RECORD_SUFFIXES = (".json", ".yaml", ".yml")


def record_from_data(data: Any, source: str = "record") -> Record:
    """Validate parsed data as a Record; InputErrors lists every located problem."""
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(source, problems_from_validation(exc)) from None


def load_record(path: str | Path) -> Record:
    """Load one record file; InputErrors names the file and the path of each bad field."""
    p = Path(path)
    try:
        data = parse_text(read_text(p), str(p))
    except DataFileError as exc:
        raise InputErrors(str(p), exc.problems) from None
    if not isinstance(data, dict):
        raise InputErrors(str(p), problems_from_validation(_not_object(data)))
    return record_from_data(data, str(p))


def _not_object(data: Any) -> ValidationError:
    try:
        Record.model_validate(data)
    except ValidationError as exc:
        return exc
    raise AssertionError("unreachable")


def record_files(paths: list[str | Path]) -> list[Path]:
    """Record files named directly or found (sorted) in the folders given."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in RECORD_SUFFIXES and f.is_file()))
        else:
            out.append(p)
    return out


def dump_record(record: Record) -> str:
    """Canonical JSON text of a record (UTF-8, indented, no defaults lost)."""
    return json.dumps(record.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2) + "\n"


def record_schema() -> dict:
    """The published JSON Schema of the canonical record."""
    schema = Record.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cnm.example/schema/cnm-record-1.json"
    schema["title"] = "cnm canonical record (one mine, one period)"
    return schema
