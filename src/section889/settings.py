"""One typed settings object; every field can be set with an environment variable SECTION889_<NAME>."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "section889"


class Settings(BaseSettings):
    """Settings shared by every face (CLI, REST API, web UI); bad values are refused at start."""

    model_config = SettingsConfigDict(env_prefix="SECTION889_", extra="forbid")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where installed knowledge-base update packs and imported layers are kept.",
    )
    kb_max_age_days: int = Field(
        default=180,
        ge=1,
        description="Warn when the knowledge base's facts are older than this many days.",
    )
    warn_shipped_kb_age: bool = Field(
        default=True,
        description=(
            "Warn when the facts shipped in the package are older than kb_max_age_days; "
            "`make demo` sets it false and shows their age once with `section889 kb status`. "
            "An installed pack that is too old is always warned about."
        ),
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description=(
            "Processes that score the distinct names of long lists in memory (screen_names);"
            " the CLI reads and writes in one process, which is what limits it, so 1 is best there."
        ),
    )
    match_threshold: float = Field(
        default=0.8,
        ge=0.0,
        le=1.0,
        description="Lowest score at which a name is reported (as `possible` or stronger).",
    )
