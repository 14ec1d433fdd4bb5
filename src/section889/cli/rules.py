"""`section889 rules …`: list and show policy packs, run scenario cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from section889.cli import context

app = typer.Typer(
    help="Policy packs (current-law, strict, what-if) and scenario cases.", no_args_is_help=True
)


@app.command("packs", epilog="Example: section889 rules packs")
def packs_command() -> None:
    """List the shipped policy packs with version and status."""
    from section889.services.determinations import policy_packs

    for pack in policy_packs(context.runtime()):
        flag = "" if pack.enacted else "  [NOT ENACTED]"
        typer.echo(f"{pack.id}  v{pack.version}  {pack.title}{flag}")
        typer.echo(f"    status: {pack.status}; rules: {len(pack.rules)}")


@app.command("show", epilog="Example: section889 rules show current-law")
def show_command(
    pack_id: Annotated[str, typer.Argument(help="Pack id, e.g. current-law.")],
) -> None:
    """Print every rule of a pack with its citation and effective dates."""
    pack = context.runtime().policy(pack_id)
    typer.echo(f"{pack.id} v{pack.version} — {pack.title}")
    typer.echo(f"enacted: {'yes' if pack.enacted else 'NO (what-if only)'}; status: {pack.status}")
    h = pack.honours
    typer.echo(
        f"honours: agency-head waivers={h.agency_head_waivers}, DNI waivers={h.dni_waivers}, "
        f"DoD DNI waiver 2020–2022={h.historical_dod_dni_waiver}, "
        f"SecDef exemption={h.secdef_exemption}"
    )
    st = pack.statute
    typer.echo(
        "statute: "
        + ", ".join(f"{part} from {day}" for part, day in st.effective.items())
        + f"; agency-head waivers end by {st.agency_waiver_end['a']} (A) / "
        f"{st.agency_waiver_end['b']} (B); DoD DNI waiver {st.dod_dni_waiver_start} – "
        f"{st.dod_dni_waiver_end}; FY2024 NDAA §805 entity {st.ndaa24_805_entity}, goods "
        f"{st.ndaa24_805_goods}"
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
    from section889.services.determinations import run_scenario_cases

    results = run_scenario_cases(context.runtime(), files or ())
    failed = [r for r in results if not r.passed]
    for result in failed:
        case = result.case
        typer.echo(f"FAIL {case.file}#{case.id} {case.title}: {'; '.join(result.problems)}")
    typer.echo(f"{len(results) - len(failed)}/{len(results)} cases passed")
    if failed:
        raise typer.Exit(1)
