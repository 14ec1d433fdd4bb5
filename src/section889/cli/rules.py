"""`section889 rules …`: list and show policy packs, run scenario cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Policy packs (current-law, strict, what-if) and scenario cases.", no_args_is_help=True
)


@app.command("packs", epilog="Example: section889 rules packs")
def packs_command() -> None:
    """List the shipped policy packs with version and status."""
    from section889.rules.policy import load_pack, pack_ids

    for pack_id in pack_ids():
        pack = load_pack(pack_id)
        flag = "" if pack.enacted else "  [NOT ENACTED]"
        typer.echo(f"{pack.id}  v{pack.version}  {pack.title}{flag}")
        typer.echo(f"    status: {pack.status}; rules: {len(pack.rules)}")


@app.command("show", epilog="Example: section889 rules show current-law")
def show_command(
    pack_id: Annotated[str, typer.Argument(help="Pack id, e.g. current-law.")],
) -> None:
    """Print every rule of a pack with its citation and effective dates."""
    from section889.rules.policy import load_pack

    pack = load_pack(pack_id)
    typer.echo(f"{pack.id} v{pack.version} — {pack.title}")
    typer.echo(f"enacted: {'yes' if pack.enacted else 'NO (what-if only)'}; status: {pack.status}")
    h = pack.honours
    typer.echo(
        f"honours: agency-head waivers={h.agency_head_waivers}, DNI waivers={h.dni_waivers}, "
        f"DoD DNI waiver 2020–2022={h.historical_dod_dni_waiver}, "
        f"SecDef exemption={h.secdef_exemption}"
    )
    for rule in pack.rules.values():
        dates = f"{rule.effective_from or '…'} – {rule.effective_to or '…'}"
        typer.echo(f"\n{rule.id}  [{dates}]  ({rule.confidence})")
        typer.echo(f"  {rule.title}")
        typer.echo(f"  {rule.citation.text} — {rule.citation.url}")
    for waiver in pack.waivers:
        label = " ASSUMPTION" if waiver.assumption else ""
        typer.echo(
            f"\nwaiver {waiver.id}: {waiver.grantor} → {waiver.grantee}, Part {waiver.part.upper()}, "
            f"{waiver.start} – {waiver.end}, PSC file {waiver.psc_file}{label}"
        )
    if pack.exemption:
        e = pack.exemption
        typer.echo(
            f"\nexemption {e.id} ({e.status}): grantor {e.grantor}; DoD only={e.dod_only}; "
            f"excludes IC={e.excludes_ic}; finding required={e.requires_finding}; "
            f"default PSC {e.default_psc}; default regions {e.default_regions}"
        )


@app.command(
    "test",
    epilog="Examples:\n\nsection889 rules test\n\nsection889 rules test my-cases.yaml",
)
def test_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Case files (default: the shipped cases)."),
    ] = None,
) -> None:
    """Run scenario cases (input → expected outcome, basis, rule ids); exit 1 on a failure."""
    from section889.rules.cases import load_cases, run_case, shipped_case_files

    paths = files or shipped_case_files()
    failed = total = 0
    for path in paths:
        for case in load_cases(path):
            total += 1
            result = run_case(case)
            if not result.passed:
                failed += 1
                typer.echo(f"FAIL {path.name}#{case.id} {case.title}: {'; '.join(result.problems)}")
    typer.echo(f"{total - failed}/{total} cases passed")
    if failed:
        raise typer.Exit(1)
