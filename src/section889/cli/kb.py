"""`section889 kb …`: inspect and export the knowledge base (list, status, show, search, export);
the commands that change what it is composed from are in `cli/kb_layers.py`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from section889.cli import context, kb_layers
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


app.command("import")(kb_layers.import_)
app.command()(kb_layers.update)
app.command("pack")(kb_layers.pack_)
app.command()(kb_layers.layers)
app.command("remove-layer")(kb_layers.remove_layer_command)
