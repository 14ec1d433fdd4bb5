"""Accuracy figures of screening results against the labelled evaluation set (pure functions)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eval_rules import CATEGORIES, EvalRow


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher said about one evaluation row."""

    status: str
    entity: str
    score: float = 0.0
    explanation: str = ""

    @property
    def positive(self) -> bool:
        return self.status != "clear"


Pair = tuple[EvalRow, Outcome]


@dataclass(frozen=True, slots=True)
class Detection:
    """Confusion counts of "is this name any covered/former/possible party" and derived rates."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def detection(pairs: Sequence[tuple[bool, bool]]) -> Detection:
    """Counts from (expected positive, predicted positive) pairs."""
    tp = sum(1 for e, p in pairs if e and p)
    fp = sum(1 for e, p in pairs if not e and p)
    fn = sum(1 for e, p in pairs if e and not p)
    return Detection(tp, fp, fn, len(pairs) - tp - fp - fn)


def detect(pairs: Sequence[Pair]) -> Detection:
    return detection([(row.positive, out.positive) for row, out in pairs])


def status_accuracy(pairs: Sequence[Pair]) -> float:
    if not pairs:
        return 0.0
    return sum(1 for row, out in pairs if out.status == row.expected_status) / len(pairs)


def entity_accuracy(pairs: Sequence[Pair]) -> float:
    """Share of expected positives for which the matcher named the right covered entity."""
    positives = [(row, out) for row, out in pairs if row.positive]
    if not positives:
        return 0.0
    right = sum(1 for row, out in positives if out.entity.casefold() == row.expected_entity)
    return right / len(positives)


def _group(pairs: Sequence[Pair], key: Callable[[EvalRow], str]) -> dict[str, list[Pair]]:
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(key(pair[0]), []).append(pair)
    return groups


def summary(pairs: Sequence[Pair]) -> dict[str, Any]:
    """Detection, status and entity accuracy of a group of rows."""
    return {
        "rows": len(pairs),
        "positives": sum(1 for row, _ in pairs if row.positive),
        **detect(pairs).as_dict(),
        "status_accuracy": round(status_accuracy(pairs), 4),
        "entity_accuracy": round(entity_accuracy(pairs), 4),
    }


def accuracy_report(pairs: Sequence[Pair], *, show: int = 30) -> dict[str, Any]:
    """Every accuracy figure of the benchmark, with the first `show` misclassified rows.

    Rows the matcher missed or wrongly flagged come first, then rows flagged with the wrong status.
    """
    by_category = _group(pairs, lambda r: r.category)
    hard = by_category.get("hard_negative", [])
    registry = by_category.get("registry_negative", [])
    covered_pool = [
        p for p in pairs if p[0].expected_status == "covered" or p[0].category == "hard_negative"
    ]
    predicted_covered = [(r, o) for r, o in covered_pool if o.status == "covered"]
    right_covered = sum(1 for r, _ in predicted_covered if r.expected_status == "covered")
    order = {c: i for i, c in enumerate(CATEGORIES)}
    wrong = [(r, o) for r, o in pairs if o.status != r.expected_status]
    wrong.sort(  # missed or false hits first, then wrong statuses
        key=lambda p: (
            p[0].positive == p[1].positive,
            order.get(p[0].category, 99),
            p[0].name.casefold(),
        )
    )
    return {
        "overall": summary(pairs),
        "by_split": {
            split: summary(group) for split, group in sorted(_group(pairs, _split).items())
        },
        "by_category": {
            c: summary(by_category[c]) for c in sorted(by_category, key=lambda c: order.get(c, 99))
        },
        "hard_negatives": {
            "rows": len(hard),
            "came_out_covered": sum(1 for _, o in hard if o.status == "covered"),
            "came_out_possible": sum(1 for _, o in hard if o.status == "possible"),
            "covered_precision": round(
                right_covered / len(predicted_covered) if predicted_covered else 1.0, 4
            ),
        },
        "registry_negatives": {
            "rows": len(registry),
            "possible": sum(1 for _, o in registry if o.status == "possible"),
            "covered": sum(1 for _, o in registry if o.status == "covered"),
            "former_affiliate": sum(1 for _, o in registry if o.status == "former_affiliate"),
            "possible_rate": round(_rate(registry, "possible"), 6),
            "covered_rate": round(_rate(registry, "covered"), 6),
        },
        "misclassified_total": len(wrong),
        "misclassified": [_describe(r, o) for r, o in wrong[:show]],
    }


def _split(row: EvalRow) -> str:
    return row.split


def _rate(pairs: Sequence[Pair], status: str) -> float:
    return sum(1 for _, o in pairs if o.status == status) / len(pairs) if pairs else 0.0


def _describe(row: EvalRow, out: Outcome) -> dict[str, Any]:
    return {
        "name": row.name,
        "as_of": row.as_of.isoformat(),
        "category": row.category,
        "split": row.split,
        "expected": f"{row.expected_status}:{row.expected_entity}".rstrip(":"),
        "got": f"{out.status}:{out.entity}".rstrip(":"),
        "score": round(out.score, 3),
        "explanation": out.explanation[:160],
    }


def best_threshold(scored: Sequence[tuple[bool, float]]) -> tuple[float, Detection]:
    """The cut-off (predict positive when score ≥ it) with the best F1 on these rows."""
    best = (101.0, detection([(e, False) for e, _ in scored]))
    for cut in sorted({s for _, s in scored}):
        found = detection([(e, s >= cut) for e, s in scored])
        if found.f1 > best[1].f1:
            best = (cut, found)
    return best
