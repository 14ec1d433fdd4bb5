"""The one Jinja environment behind every HTML page the package renders (D-14).

Templates live in `section889/reports/templates/`. Autoescaping is on for every template (names,
hosts and models come from untrusted inputs), undefined names are errors, and blocks trim their
whitespace. `environment()` builds a fresh environment: a renderer calls `render(...)` once per
document, a long-lived face (the web UI) keeps one environment for its lifetime.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def environment() -> Environment:
    """A Jinja environment over the package's templates."""
    return Environment(
        loader=PackageLoader("section889.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    """Template `name` rendered with `context`."""
    return environment().get_template(name).render(**context)
