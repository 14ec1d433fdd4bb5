"""The public Python API is listed once, in section889.__all__, and works as documented."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import section889
from section889.devices.models import DeviceStatus

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


def test_all_is_sorted_and_every_name_resolves_with_a_docstring() -> None:
    assert section889.__all__ == sorted(section889.__all__)
    assert set(dir(section889)) == set(section889.__all__) - {"__version__"}
    for name in section889.__all__:
        value = getattr(section889, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), f"section889.{name} has no docstring"


def _resolves(dotted: str) -> bool:
    """True when `section889.<dotted>` is a module, or a name inside one."""
    parts = dotted.split(".")
    for cut in range(len(parts), -1, -1):
        module = ".".join(["section889", *parts[:cut]])
        try:
            value: object = importlib.import_module(module)
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(value, name):
                return False
            value = getattr(value, name)
        return True
    return False


def test_every_section889_name_in_the_docs_resolves() -> None:
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = sorted(
        f"{path.name}: section889.{dotted}"
        for path in texts
        for dotted in set(re.findall(r"\bsection889\.([A-Za-z_][\w.]*\w)", path.read_text("utf-8")))
        if not dotted.endswith((".py", ".md", ".db", ".ftm", ".json")) and not _resolves(dotted)
    )
    assert not missing, "docs name what does not exist:\n" + "\n".join(missing)


def test_importing_the_package_loads_no_service_or_renderer() -> None:
    code = (
        "import sys, section889; "
        "heavy = [m for m in ('section889.services.runtime', 'openpyxl', 'fpdf', 'pydantic') "
        "if m in sys.modules]; print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_screen_name_defaults_to_today_and_names_the_covered_entity() -> None:
    result = section889.screen_name("Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert result.status is section889.MatchStatus.COVERED
    assert result.entity_id == "hikvision"


def test_screen_name_as_of_decides_affiliation() -> None:
    before = section889.screen_name("Honor Device Co., Ltd.", as_of=dt.date(2020, 6, 1))
    after = section889.screen_name("Honor Device Co., Ltd.", as_of=dt.date(2021, 6, 1))
    assert before.status is section889.MatchStatus.COVERED
    assert after.status is section889.MatchStatus.FORMER_AFFILIATE


def test_screen_names_keeps_order() -> None:
    names = ["ZTE Corporation", "Acme Plumbing LLC", "Sepura plc"]
    results = list(section889.screen_names(names, as_of=dt.date(2026, 1, 1)))
    assert [r.input_name for r in results] == names
    assert [r.status.value for r in results] == ["covered", "clear", "former_affiliate"]


def test_an_explicit_runtime_is_used_instead_of_the_default(tmp_path: Path) -> None:
    runtime = section889.Runtime.build(section889.Settings(data_dir=tmp_path))
    result = section889.screen_name("ZTE Corporation", runtime=runtime)
    assert result.status is section889.MatchStatus.COVERED
    assert runtime.built("kb")


def test_decide_takes_the_mapping_a_procurement_file_holds() -> None:
    data = yaml.safe_load((EXAMPLES / "procurement.yaml").read_text(encoding="utf-8"))
    current = section889.decide(data, as_of=dt.date(2026, 7, 1))
    assert isinstance(current, section889.Determination)
    assert current.outcome is section889.Outcome.PROHIBITED
    assert current.policy["id"] == "current-law" and current.policy["enacted"] is True
    what_if = section889.decide(
        data, policy="dod-exemption-proposal-2024", as_of=dt.date(2026, 7, 1)
    )
    assert what_if.policy["enacted"] is False and what_if.decision_id != current.decision_id
    with pytest.raises(section889.InputError, match="items"):
        section889.decide({**data, "items": "not a list"})


def test_screen_inventory_finds_the_covered_switch_and_writes_the_laydown(tmp_path: Path) -> None:
    out = tmp_path / "laydown.html"
    summary = section889.screen_inventory(
        EXAMPLES / "inventory", out=out, as_of=dt.date(2025, 6, 1), inquirer="tester"
    )
    hosts = {f.asset.first("hostname"): f.status for f in summary.run.findings}
    assert hosts["core-sw-01"] is DeviceStatus.COVERED
    assert out.exists() and (tmp_path / "laydown.inquiry.pdf").exists()
