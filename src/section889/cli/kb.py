"""`section889 kb …`: inspect, export, import and update the knowledge base."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from section889.cli import context
from section889.cli.options import as_of_option
from section889.knowledge.export import ExportFormat

if TYPE_CHECKING:  # the rest is imported when a command runs: `--help` stays fast
    from section889.knowledge import KnowledgeBase
    from section889.knowledge.models import Provenance

app = typer.Typer(
    help=(
        "Inspect, export, import and update the knowledge base.\n\n"
        "Example: section889 kb show huawei --as-of 2020-06-01"
    ),
    no_args_is_help=True,
)

AsOf = Annotated[
    dt.datetime | None, as_of_option("Judge ties on this date (YYYY-MM-DD); default today.")
]
SEARCH_LIMIT = 40


def _kb() -> KnowledgeBase:
    """The effective KB of this run (its age warning is printed once, at the end of the run)."""
    return context.runtime().kb


def _day(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.date.today()


def _src(prov: Provenance) -> str:
    return (
        f"source: {prov.source} ({prov.confidence.value}) [{prov.file}:{prov.line}, {prov.layer}]"
    )


@app.command("list")
def list_entities() -> None:
    """The five covered entities, their scope, and their parties: current, former, in review today.

    Example: section889 kb list
    """
    from section889.knowledge.queries import entity_counts

    kb = _kb()
    today = dt.date.today()
    typer.echo(f"Covered entities on {today.isoformat()} — {kb.version.describe()}")
    typer.echo(f"{'id':<10} {'name':<48} {'scope':<32} current former review")
    for row in entity_counts(kb, today):
        e = row.entity
        typer.echo(
            f"{e.id:<10} {e.name:<48} {e.scope.value:<32} "
            f"{row.current:>7} {row.former:>6} {row.review:>6}"
        )


@app.command()
def status() -> None:
    """Which facts are in use, how old they are, and whether that is more than allowed.

    Example: section889 kb status
    """
    from section889.services.kb_compose import is_shipped

    runtime = context.runtime()
    kb = runtime.kb
    age = runtime.knowledge_age()
    limit = runtime.settings.kb_max_age_days
    where = "shipped with the package" if is_shipped(kb) else "from an installed pack"
    typer.echo(f"Knowledge base: {kb.version.describe()}, {where}")
    verdict = (
        f"older than the {limit} days allowed (SECTION889_KB_MAX_AGE_DAYS): install a newer pack "
        "with `section889 kb update PACK`"
        if age > limit
        else f"within the {limit} days allowed"
    )
    typer.echo(f"  facts are {age} days old — {verdict}")


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="Entity id (huawei) or its name.")],
    as_of: AsOf = None,
) -> None:
    """One covered entity: parties with dates and tie on a date, names, ids, sources, look-alikes.

    Example: section889 kb show huawei --as-of 2020-06-01
    """
    from section889.knowledge import tie_on
    from section889.knowledge.queries import find_entity

    kb = _kb()
    on = _day(as_of)
    found = find_entity(kb, entity)
    typer.echo(f"{found.id} — {found.name}  [{kb.version.describe()}]")
    typer.echo(f"  scope: {found.scope.value}; country: {found.country}")
    typer.echo(f"  {_src(found.provenance)}")
    if found.note:
        typer.echo(f"  note: {found.note}")
    typer.echo(f"\nParties (tie on {on.isoformat()}):")
    for party in kb.parties_of(found.id):
        dates = f"from {party.since or '—'} to {party.until or '—'}"
        tie = tie_on(party, on)
        typer.echo(f"\n  {party.id}: {party.name}")
        typer.echo(
            f"    {party.relationship.value}; country {party.country or '—'}; {dates}; "
            f"status {party.status.value}"
        )
        typer.echo(f"    tie on {on.isoformat()}: {tie.tie.value} — {tie.reason}")
        typer.echo(f"    {_src(party.provenance)}")
        if party.note:
            typer.echo(f"    note: {party.note}")
        typer.echo("    names:")
        for kind in dict.fromkeys(n.kind for n in party.names):
            for name in (n for n in party.names if n.kind == kind):
                typer.echo(f"      {kind.value}: {name.text} — {_src(name.provenance)}")
        for ident in party.identifiers:
            typer.echo(
                f"    identifier {ident.scheme.value} {ident.value} — {_src(ident.provenance)}"
            )
    looks = [x for x in kb.lookalikes.values() if x.resembles == found.id]
    typer.echo(
        f"\nLook-alikes of {found.id} (NOT covered):" if looks else "\nNo look-alikes recorded."
    )
    for look in sorted(looks, key=lambda x: x.id):
        names = " / ".join(n.text for n in look.names)
        typer.echo(f"  {look.id}: {names} — {look.reason} — {_src(look.provenance)}")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="A supplier name, or part of one.")],
    as_of: AsOf = None,
) -> None:
    """Screen TEXT with the matcher, and list every knowledge-base name containing it.

    Shows why a name matched (or did not): the matcher's verdict and evidence, next to the names
    the knowledge base actually holds.

    Example: section889 kb search "Honor Device" --as-of 2020-06-01
    """
    from section889.knowledge.queries import search_names

    runtime = context.runtime()
    kb = runtime.kb
    on = _day(as_of)
    result = runtime.matcher.screen(text, as_of=on)
    typer.echo(f"Screening {text!r} on {on.isoformat()} — {kb.version.describe()}")
    typer.echo(f"  status: {result.status.value}; score {result.score:.2f}")
    if result.entity_id:
        typer.echo(f"  entity: {result.entity_id}; party: {result.party_id}")
        typer.echo(f"  matched: {result.matched_name}")
    if result.explanation:
        typer.echo(f"  explanation: {result.explanation}")
    for ev in result.evidence:
        typer.echo(
            f"  evidence ({ev.kind}): {ev.detail}" + (f" [{ev.source}]" if ev.source else "")
        )
    hits = [
        f"  look-alike {h.owner.removeprefix('look-alike ')}: {h.text} — resembles "
        f"{h.covered_by}, NOT covered"
        if h.tie is None
        else f"  {h.owner}: {h.text} [{h.kind}] — {h.tie}"
        for h in search_names(kb, text, on)
    ]
    typer.echo(f"\nKnowledge-base names containing {text!r}: {len(hits) or 'none'}")
    for line in hits[:SEARCH_LIMIT]:
        typer.echo(line)
    if len(hits) > SEARCH_LIMIT:
        typer.echo(f"  … and {len(hits) - SEARCH_LIMIT} more")


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="json (one document) or ftm (JSON lines)."),
    ] = ExportFormat.JSON,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Export the whole knowledge base as one JSON document or as FollowTheMoney entities.

    The FtM export (Company/Organization per party, Ownership/UnknownLink per tie with its dates,
    look-alikes marked NOT covered) loads into OpenSanctions tools such as yente or nomenklatura.

    Example: section889 kb export --format ftm --out section889.ftm.json
    """
    kb = _kb()
    from section889.files import write_bytes_atomic
    from section889.knowledge.export import export_text

    text = export_text(kb, fmt)
    if out is None:
        typer.echo(text, nl=False)
        typer.echo(f"exported {kb.version.describe()}", err=True)
        return
    write_bytes_atomic(out, text.encode("utf-8"))
    typer.echo(f"wrote {out} ({fmt.value}) from {kb.version.describe()}")


@app.command("import")
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
    typer.echo(f"Knowledge base now: {_kb().version.describe()}")


@app.command()
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
    typer.echo(f"Knowledge base now: {_kb().version.describe()}")


@app.command("pack")
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
    from section889.knowledge import load_directory
    from section889.knowledge.packs import build_pack, write_manifest

    if facts_as_of:
        write_manifest(directory, facts_as_of=facts_as_of.date())
    kb = load_directory(directory, layer="pack")
    manifest = build_pack(directory, out)
    typer.echo(
        f"wrote {out}: {len(manifest.checksums)} files, facts as of {manifest.facts_as_of}, "
        f"{len(kb.entities)} entities, {len(kb.parties)} parties, {len(kb.ouis)} OUIs"
    )


@app.command()
def layers() -> None:
    """List the shipped facts, installed packs and import layers, and which are in use.

    Example: section889 kb layers
    """
    from section889.knowledge import load_directory
    from section889.services.kb_compose import active_pack
    from section889.store.kb_files import import_layers, installed_packs

    runtime = context.runtime()
    settings = runtime.settings
    kb = runtime.kb
    typer.echo(f"In use: {kb.version.describe()}")
    in_use = active_pack(settings)
    shipped = load_directory()
    state = "superseded" if in_use else "in use"
    typer.echo(f"shipped: facts as of {shipped.version.facts_as_of.isoformat()} ({state})")
    for p in installed_packs(settings.data_dir):
        state = "in use" if in_use and p.name == in_use.name else "not in use"
        forced = ", forced" if p.forced else ""
        typer.echo(
            f"{p.layer}: facts as of {p.facts_as_of.isoformat()}; installed "
            f"{p.installed_at.isoformat(timespec='seconds')} from {p.source} ({state}{forced})"
        )
    for layer in import_layers(settings.data_dir):
        typer.echo(
            f"{layer.layer}: {layer.count} parties from {layer.source_file} "
            f"(sha256 {layer.source_sha256[:12]}…), imported {layer.imported_at.isoformat()}"
        )


@app.command("remove-layer")
def remove_layer_command(
    label: Annotated[
        str, typer.Argument(help="Import layer label (or pack:<name> to drop a pack).")
    ],
) -> None:
    """Remove an import layer (or an installed pack, named `pack:<name>`).

    Example: section889 kb remove-layer opensanctions-csl
    """
    from section889.errors import InputError
    from section889.services.knowledge import remove_layer
    from section889.store.kb_files import import_layers, installed_packs

    holder = context.holder()
    data_dir = holder.current.data_dir
    if not remove_layer(holder, label):
        known = [x.layer for x in import_layers(data_dir)]
        known += [p.layer for p in installed_packs(data_dir)]
        raise InputError(f"no layer {label!r}; installed: {', '.join(known) or 'none'}")
    typer.echo(f"Removed {label}. Knowledge base now: {_kb().version.describe()}")
