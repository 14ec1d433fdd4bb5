"""`section889 decide FILE`: decide one procurement (YAML/JSON) or many (.jsonl).

Parse the options → `services.determinations.decide_source` → render (text, JSON, JSON lines,
or the determination memo as HTML or PDF).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from section889.cli import context
from section889.cli.options import as_of_option
from section889.errors import InputError

if TYPE_CHECKING:
    from section889.services.determinations import Decided

EPILOG = (
    "Examples:\n\n"
    "section889 decide procurement.yaml\n\n"
    "section889 decide procurement.yaml --policy strict --as-of 2024-06-01 --format json\n\n"
    "section889 decide many.jsonl --format jsonl > determinations.jsonl\n\n"
    "section889 decide procurement.yaml --format html > memo.html\n\n"
    "section889 decide procurement.yaml --format pdf --out memo.pdf\n\n"
    "section889 decide procurement.yaml --numbering part40\n\n"
    "html and pdf are the contracting officer's determination memo (facts, rules applied with "
    "citations, outcome, required actions, decision id); one procurement per memo, so a .jsonl "
    "input is refused. pdf needs --out; html goes to stdout unless --out is given. json prints "
    "one indented document for a YAML/JSON input and one line per determination for .jsonl."
)


class Format(StrEnum):
    """`--format`."""

    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    HTML = "html"
    PDF = "pdf"


class NumberingOption(StrEnum):
    """`--numbering`."""

    FAR = "far"
    PART40 = "part40"


MEMOS = frozenset({Format.HTML, Format.PDF})

app = typer.Typer(no_args_is_help=True)


@app.command("decide", epilog=EPILOG, no_args_is_help=True)
def decide_command(
    file: Annotated[Path, typer.Argument(help="Procurement input: .yaml, .yml, .json or .jsonl.")],
    policy: Annotated[
        str | None,
        typer.Option("--policy", help="Policy pack id (default: the input's, else current-law)."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None, as_of_option("Decide as of this date (default today).")
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="text, json, jsonl (one line each), html or pdf (html/pdf: the memo).",
        ),
    ] = Format.TEXT,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the memo to this file (required for pdf; html prints to stdout without).",
            dir_okay=False,
        ),
    ] = None,
    numbering: Annotated[
        NumberingOption,
        typer.Option(
            "--numbering",
            help="Citation numbering: far (default) or part40 (FAR Part 40 numbers where known).",
        ),
    ] = NumberingOption.FAR,
) -> None:
    """Decide whether Section 889 permits a procurement action.

    Prints the outcome, its basis, the rules applied with citations, required actions and
    cross-references. A .jsonl file is decided in bulk, one determination per line.
    --format html or pdf writes the contracting officer's determination memo.
    """
    from section889.readers.procurements import holds_many
    from section889.services.determinations import decide_source

    many = holds_many(file)
    if fmt in MEMOS:
        if many:
            raise InputError(
                f"--format {fmt}: a memo is of one procurement; a .jsonl file holds many "
                "(use --format text, json or jsonl, or decide one YAML/JSON file)",
                path=file,
            )
        if out is None and fmt is Format.PDF:
            raise InputError("--format pdf needs --out FILE")
    elif out is not None:
        raise InputError("--out is only for --format html or pdf")
    decided = decide_source(
        context.runtime(),
        file,
        policy=policy,
        as_of=as_of.date() if as_of else None,
        numbering="part40" if numbering is NumberingOption.PART40 else "far",
    )
    if fmt in MEMOS:
        _memo(fmt, out, next(iter(decided)))
        return
    from section889.reports.determination_text import render_text

    for index, one in enumerate(decided):
        result = one.determination
        if fmt is Format.JSONL or (fmt is Format.JSON and many):
            typer.echo(result.to_json())
        elif fmt is Format.JSON:
            typer.echo(result.to_json(indent=2))
        else:
            if index:
                typer.echo("\n" + "-" * 72)
            typer.echo(render_text(result))


def _memo(fmt: Format, out: Path | None, one: Decided) -> None:
    """The determination memo of one procurement: html to stdout or --out, pdf to --out."""
    from section889.reports.determination_memo import memo_html, write_memo_html, write_memo_pdf

    if out is None:
        typer.echo(memo_html(one.determination, one.procurement), nl=False)
        return
    write = write_memo_pdf if fmt is Format.PDF else write_memo_html
    typer.echo(f"wrote {write(out, one.determination, one.procurement)}", err=True)
