"""Screening a long list in worker processes gives exactly what one process gives, in order."""

from __future__ import annotations

import datetime as dt
import random

from section889.knowledge import load_directory
from section889.matching import Matcher
from section889.matching.background import registry_organisations
from section889.matching.parallel import BATCH_ROWS, screen_many
from section889.workers import Workers


def test_workers_change_speed_not_results() -> None:
    matcher = Matcher(load_directory())
    orgs = sorted({org for _, org in registry_organisations()})
    rng = random.Random(889)
    covered = ["HUAWEI TECHNOLOGIES CO.,LTD", "Sepura plc", "杭州海康威视数字技术股份有限公司"]
    names = [rng.choice(orgs) for _ in range(2 * BATCH_ROWS + 1234)] + covered * 50
    rng.shuffle(names)
    day = dt.date(2026, 1, 1)
    one = list(matcher.screen_many(names, as_of=day))
    two = list(screen_many(matcher, names, as_of=day, workers=Workers(2)))
    assert [r.input_name for r in two] == names
    assert [(r.status, r.entity_id, r.explanation) for r in two] == [
        (r.status, r.entity_id, r.explanation) for r in one
    ]
    assert sum(r.status.value == "covered" for r in two) >= 100


def test_short_lists_with_workers_screen_in_process() -> None:
    matcher = Matcher(load_directory())
    results = list(screen_many(matcher, ["ZTE Corporation"] * 10, workers=Workers(4)))
    assert [r.status.value for r in results] == ["covered"] * 10
