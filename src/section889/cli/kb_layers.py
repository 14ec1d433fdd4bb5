"""`section889 kb import | update | pack | layers | remove-layer`: change what the knowledge base
is composed from (registered on the `kb` group by `cli/kb.py`). Each command calls its service,
which reloads the runtime, and prints what it did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from section889.cli import context


def import_(
    file: Annotated[
        Path, typer.Argument(help="FollowTheMoney JSON lines, e.g. an OpenSanctions export.")
    ],
    label: Annotated[
        str | None, typer.Option(help="Layer name; default from the file name.")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Attach every entity to this covered entity.")
    ] = None,
) -> None:
    """Add FollowTheMoney organizations as a separate layer over the shipped facts.

    Each Company/Organization/LegalEntity is attached to --entity, or to the covered entity its
    names match; the rest are counted and left out. Imported parties have status `review`, so the
    matcher reports them as `possible` at most and names the layer.

    Example: section889 kb import us_trade_csl.ftm.json --label opensanctions-csl
    """
    from section889.services.knowledge import import_layer

    report = import_layer(context.holder(), file, label=label, entity_id=entity)
    if report.layer is None:
        typer.echo(f"Nothing imported from {file}: no layer written.")
    else:
        typer.echo(
            f"Imported {report.imported} of {report.read} entities from {file} "
            f"as layer {report.layer.layer}"
        )
        for eid, n in sorted(report.by_entity.items()):
            typer.echo(f"  {eid}: {n}")
    if report.unlike:
        typer.echo(
            f"{report.unlike} entities did not resemble any covered entity and were not imported"
        )
    if report.known:
        typer.echo(
            f"{report.known} entities are already in the knowledge base and were not imported"
        )
    if report.conflicts:
        typer.echo(
            f"{report.conflicts} entities carry a name of another covered entity or a look-alike "
            "and were not imported"
        )
    if report.other_schema:
        typer.echo(
            f"{report.other_schema} entities are not organizations (people, sanctions …) "
            "and were skipped"
        )
    _say_in_use()


def update(
    pack: Annotated[
        Path, typer.Argument(help="A pack (directory, .zip, .tar.gz) or an IEEE registry CSV.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; install nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Install even if its facts are older.")
    ] = False,
) -> None:
    """Verify a newer pack (or a fresh IEEE oui.csv/mam.csv/oui36.csv), show changes, install it.

    Example: section889 kb update section889-kb-2026-01-10.zip --dry-run
    """
    from section889.services.kb_update import install_update, staged_update

    holder = context.holder()
    with staged_update(pack, holder.current) as plan:
        what = "IEEE registry download" if plan.kind == "ieee-registry" else "pack"
        typer.echo(f"Update from {pack} ({what})")
        typer.echo(f"  in use: {plan.current.version.describe()}")
        typer.echo(f"  new:    {plan.new.version.describe()}")
        typer.echo(f"Changes: {plan.diff.summary()}")
        for line in plan.diff.lines():
            typer.echo(f"  {line}")
        if plan.is_older:
            typer.echo("The new facts are OLDER than the facts in use.")
        if plan.is_same:
            typer.echo("These are the facts already in use; nothing to install.")
            return
        if dry_run:
            typer.echo("Dry run: nothing installed.")
            return
        installed = install_update(plan, holder, force=force)
    typer.echo(f"Installed {installed.layer}.")
    _say_in_use()


def pack_(
    directory: Annotated[Path, typer.Argument(help="Folder with pack.yaml and the CSV files.")],
    out: Annotated[Path, typer.Option("--out", help="The .zip to write.")],
    facts_as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--facts-as-of",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Set facts_as_of (YYYY-MM-DD).",
        ),
    ] = None,
) -> None:
    """Write every file's sha256 into pack.yaml and zip the pack (for maintainers).

    The facts are validated first; a bad row stops with its file and line.

    Example: section889 kb pack src/section889/knowledge/data --out section889-kb.zip
    """
    from section889.services.kb_update import make_pack

    built = make_pack(directory, out, facts_as_of=facts_as_of.date() if facts_as_of else None)
    manifest, kb = built.manifest, built.kb
    typer.echo(
        f"wrote {out}: {len(manifest.checksums)} files, facts as of {manifest.facts_as_of}, "
        f"{len(kb.entities)} entities, {len(kb.parties)} parties, {len(kb.ouis)} OUIs"
    )


def layers() -> None:
    """List the shipped facts, installed packs and import layers, and which are in use.

    Example: section889 kb layers
    """
    from section889.services.knowledge import layer_listing

    listing = layer_listing(context.runtime())
    typer.echo(f"In use: {listing.in_use}")
    state = "in use" if listing.shipped_in_use else "superseded"
    typer.echo(f"shipped: facts as of {listing.shipped_facts_as_of.isoformat()} ({state})")
    for p, used in listing.packs:
        forced = ", forced" if p.forced else ""
        typer.echo(
            f"{p.layer}: facts as of {p.facts_as_of.isoformat()}; installed "
            f"{p.installed_at.isoformat(timespec='seconds')} from {p.source} "
            f"({'in use' if used else 'not in use'}{forced})"
        )
    for layer in listing.imports:
        typer.echo(
            f"{layer.layer}: {layer.count} parties from {layer.source_file} "
            f"(sha256 {layer.source_sha256[:12]}…), imported {layer.imported_at.isoformat()}"
        )


def remove_layer_command(
    label: Annotated[
        str, typer.Argument(help="Import layer label (or pack:<name> to drop a pack).")
    ],
) -> None:
    """Remove an import layer (or an installed pack, named `pack:<name>`).

    Example: section889 kb remove-layer opensanctions-csl
    """
    from section889.services.knowledge import remove_layer

    remove_layer(context.holder(), label)
    _say_in_use(f"Removed {label}. ")


def _say_in_use(before: str = "") -> None:
    """`Knowledge base now: …` after a change (the runtime was reloaded by the service)."""
    typer.echo(f"{before}Knowledge base now: {context.runtime().kb.version.describe()}")
