"""`import section889.reports` stays cheap: no spreadsheet, PDF or template library, no reader."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("openpyxl", "fpdf", "jinja2", "section889.readers", "duckdb")


def loaded_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_package_loads_nothing_heavy() -> None:
    assert loaded_after("import section889.reports") == []


def test_writing_a_csv_table_needs_no_spreadsheet_library() -> None:
    statement = (
        "from section889.reports import open_table\nimport section889.reports.inventory_table"
    )
    assert loaded_after(statement) == []


def test_names_are_still_importable_from_the_package() -> None:
    from section889.reports import OUTPUT_TYPES, check_output_path, open_table

    assert ".xlsx" in OUTPUT_TYPES and callable(open_table) and callable(check_output_path)
