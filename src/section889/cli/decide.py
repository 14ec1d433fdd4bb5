"""`section889 decide FILE`: decide one procurement (YAML/JSON) or many (.jsonl)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from section889.cli.options import as_of_option
from section889.errors import InputError

if TYPE_CHECKING:
    from section889.rules.numbering import Numbering

EPILOG = (
    "Examples:\n\n"
    "section889 decide procurement.yaml\n\n"
    "section889 decide procurement.yaml --policy strict --as-of 2024-06-01 --format json\n\n"
    "section889 decide many.jsonl --format json > determinations.jsonl\n\n"
    "section889 decide procurement.yaml --format html > memo.html\n\n"
    "section889 decide procurement.yaml --format pdf --out memo.pdf\n\n"
    "section889 decide procurement.yaml --numbering part40\n\n"
    "html and pdf are the contracting officer's determination memo (facts, rules applied with "
    "citations, outcome, required actions, decision id); one procurement per memo, so a .jsonl "
    "input is refused. pdf needs --out; html goes to stdout unless --out is given."
)
FORMATS = ("text", "json", "html", "pdf")

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
        str,
        typer.Option(
            "--format", help="text, json, html or pdf (html/pdf: the determination memo)."
        ),
    ] = "text",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the memo to this file (required for pdf; html prints to stdout without).",
            dir_okay=False,
        ),
    ] = None,
    numbering: Annotated[
        str,
        typer.Option(
            "--numbering",
            help="Citation numbering: far (default) or part40 (FAR Part 40 numbers where known).",
        ),
    ] = "far",
) -> None:
    """Decide whether Section 889 permits a procurement action.

    Prints the outcome, its basis, the rules applied with citations, required actions and
    cross-references. A .jsonl file is decided in bulk, one determination per line.
    --format html or pdf writes the contracting officer's determination memo.
    """
    from section889.rules.engine import decide
    from section889.rules.inputs import load_procurements
    from section889.rules.numbering import NUMBERINGS, renumber
    from section889.rules.render import render_text

    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if numbering not in NUMBERINGS:
        raise typer.BadParameter(
            f"{numbering!r} is not one of {', '.join(NUMBERINGS)}", param_hint="'--numbering'"
        )
    scheme: Numbering = "part40" if numbering == "part40" else "far"
    bulk = file.suffix.lower() == ".jsonl"
    if fmt in {"html", "pdf"}:
        _memo(
            file,
            fmt,
            out,
            policy=policy,
            as_of=as_of.date() if as_of else None,
            bulk=bulk,
            numbering=scheme,
        )
        return
    if out is not None:
        raise typer.BadParameter("only for --format html or pdf", param_hint="'--out'")
    procurements = load_procurements(file)
    day = as_of.date() if as_of else None
    for index, proc in enumerate(procurements):
        result = renumber(decide(proc, policy=policy, as_of=day), scheme)
        if fmt == "json":
            typer.echo(result.to_json() if bulk else result.to_json(indent=2))
        else:
            if index:
                typer.echo("\n" + "-" * 72)
            typer.echo(render_text(result))


def _memo(
    file: Path,
    fmt: str,
    out: Path | None,
    *,
    policy: str | None,
    as_of: dt.date | None,
    bulk: bool,
    numbering: Numbering = "far",
) -> None:
    """The determination memo of one procurement: html to stdout or --out, pdf to --out."""
    if bulk:
        raise typer.BadParameter(
            f"{fmt} is a memo of one procurement; a .jsonl file holds many "
            "(use --format text or json, or decide one YAML/JSON file)",
            param_hint="'--format'",
        )
    if out is None and fmt == "pdf":
        raise typer.BadParameter("--format pdf needs --out FILE", param_hint="'--out'")
    from section889.reports.determination_memo import memo_html, write_memo_html, write_memo_pdf
    from section889.rules.engine import decide
    from section889.rules.inputs import load_procurements
    from section889.rules.numbering import renumber

    (proc,) = load_procurements(file)
    result = renumber(decide(proc, policy=policy, as_of=as_of), numbering)
    if out is None:
        typer.echo(memo_html(result, proc), nl=False)
        return
    write = write_memo_pdf if fmt == "pdf" else write_memo_html
    typer.echo(f"wrote {write(out, result, proc)}", err=True)
