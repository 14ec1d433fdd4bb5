"""The run record: proof that a list was screened, against which facts, when, with what result.

Written next to the output as `<out>.run.json`, atomically, and only together with the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from section889.files import AtomicFile

RECORD_SUFFIX = ".run.json"


def record_path_for(out: Path) -> Path:
    """Where the run record of an output goes: `screened.csv` → `screened.csv.run.json`."""
    return out.with_name(out.name + RECORD_SUFFIX)


def write_run_record(target: Path, record: dict[str, Any]) -> AtomicFile:
    """Write `record` as pretty JSON to a temp file beside `target`; the caller commits it."""
    temp = AtomicFile(target)
    try:
        temp.temp.write_text(
            json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except BaseException:
        temp.discard()
        raise
    return temp
