"""The `section889` command: one Typer app; each command group lives in its own module."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from section889.cli import bulk as bulk_commands
from section889.cli import context
from section889.cli import decide as decide_commands
from section889.cli import kb as kb_commands
from section889.cli import phaseout as phaseout_commands
from section889.cli import rules as rules_commands
from section889.cli import sam as sam_commands
from section889.cli import screen as screen_commands
from section889.errors import InputError, Section889Error

if TYPE_CHECKING:
    from section889.settings import Settings

app = typer.Typer(
    name="section889",
    help=(
        "Section 889 (FY2019 NDAA) compliance: screen vendors against the covered entities "
        "(Huawei, ZTE, Hytera, Hikvision, Dahua and their affiliates).\n\n"
        "Example: section889 screen vendors suppliers.csv --out screened.xlsx"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(screen_commands.app, name="screen")
app.add_typer(kb_commands.app, name="kb")
app.add_typer(phaseout_commands.app, name="phaseout")
app.add_typer(bulk_commands.app, name="bulk")
app.add_typer(decide_commands.app)
app.add_typer(rules_commands.app, name="rules")
app.add_typer(sam_commands.app, name="sam")

err = Console(stderr=True)


@app.callback()
def _start(ctx: typer.Context) -> None:
    """Build this run's settings and runtime once; hand them down through the context."""
    state, token = context.begin(_settings)
    ctx.obj = state
    ctx.call_on_close(lambda: context.end(state, token))


def _settings() -> Settings:
    """The settings from SECTION889_* (pydantic-settings is imported only when a command runs);
    a bad value is an InputError naming the variable."""
    from pydantic import ValidationError

    from section889.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"SECTION889_{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise InputError(f"invalid setting — {problems}") from None


def run() -> None:
    """Entry point: map every Section889Error to a one-line message and its category's exit code
    (`errors.Category.exit_code`: 2 input, 3 data, 4 not found, 5 permission, 6 conflict)."""
    try:
        app()
    except Section889Error as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.category.exit_code)
