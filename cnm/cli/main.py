"""`cnm`: the command-line entry point. Each command group lives in its own module."""

from __future__ import annotations

import typer

from cnm.cli import (
    consolidate_cmd,
    demo_cmd,
    history_cmd,
    methodology_cmd,
    plan_cmd,
    report_cmd,
    schema_cmd,
    score_cmd,
    site_cmd,
    validate_cmd,
    weights_cmd,
    workbook_cmd,
)

app = typer.Typer(
    name="cnm",
    help="碳中和矿山评价工具 / carbon-neutral mine assessment (draft standard 碳中和矿山评价).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Each module registers its commands on the app; order is the order of `cnm --help`.
for module in (score_cmd, plan_cmd, report_cmd, consolidate_cmd, history_cmd, methodology_cmd, weights_cmd,
               schema_cmd, workbook_cmd, validate_cmd, site_cmd, demo_cmd):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
