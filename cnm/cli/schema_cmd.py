"""`cnm schema record`: the published JSON Schema of the canonical record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cnm.cli.common import console, dump_json, guarded
from cnm.record_io import record_schema


@guarded
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write; default stdout")] = None,
) -> None:
    """Print or write the JSON Schema of the canonical record (cnm-record/1)."""
    s = record_schema()
    if output is None:
        dump_json(s)
    else:
        output.write_text(json.dumps(s, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {output}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
