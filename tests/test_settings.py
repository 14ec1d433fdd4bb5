"""Every setting is documented, and bad values are refused with the setting's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from section889.settings import Settings

DOC = Path(__file__).parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in text and f"SECTION889_{name.upper()}" in text, name


def test_environment_variables_set_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECTION889_MATCH_THRESHOLD", "0.9")
    assert Settings().match_threshold == 0.9


def test_bad_values_are_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECTION889_MATCH_THRESHOLD", "1.5")
    with pytest.raises(ValidationError, match="match_threshold"):
        Settings()


def test_cli_names_a_bad_setting_and_exits_2(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SECTION889_MATCH_THRESHOLD": "abc"}
    names = tmp_path / "v.csv"
    names.write_text("vendor_name\nAcme\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "section889", "screen", "vendors", str(names)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "SECTION889_MATCH_THRESHOLD" in done.stderr
    assert "Traceback" not in done.stderr
