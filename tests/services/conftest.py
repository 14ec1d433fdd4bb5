"""Screening a vendor list as `screen vendors` does: the service's rows, written by the renderer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from section889.reports.vendor_run import ScreeningSummary
from section889.reports.vendor_table import write_screening
from section889.services.runtime import Runtime
from section889.services.vendor_screening import VendorScreeningRequest, open_vendor_screening

ScreenFile = Callable[..., ScreeningSummary]


@pytest.fixture
def screen_file(runtime: Runtime) -> ScreenFile:
    """`screen_file(request, out=None, on_progress=None)` → the run's summary."""

    def screen(
        request: VendorScreeningRequest, out: Path | None = None, *, on_progress: Any = None
    ) -> ScreeningSummary:
        with open_vendor_screening(runtime, request, on_progress=on_progress) as run:
            if out is not None:
                write_screening(run, out, command="test")
            else:
                run.consume()
        return run.summary

    return screen
