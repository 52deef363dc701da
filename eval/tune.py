"""Weight tuning by coordinate ascent on one split (train), reported against the other.

Each brief's candidates and signal values are computed once
(:func:`ranker.table.signal_table`); a weight vector then only re-sorts them,
so hundreds of vectors cost seconds. Starting from the given weights (Scout's
defaults), each signal in turn is scaled by every factor in :data:`FACTORS`
(an unused signal tries small absolute weights); the best vector on the
objective is kept if it beats the current one by more than :data:`MIN_GAIN`.
Rounds repeat until nothing improves or :data:`ROUNDS` is reached.

Tuning sees only the train briefs (whose niches the test briefs never share),
so the test figure of the written config shows how much of the gain is real.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.configs import RunConfig
from eval.metrics import HEADLINE, MEASURES, means, per_brief
from eval.trec import Qrels, Run
from ranker.signals import DEFAULT_WEIGHTS, SIGNAL_NAMES
from ranker.table import SignalTable

FACTORS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.5, 2.0, 3.0)
FROM_ZERO: tuple[float, ...] = (0.02, 0.05, 0.1, 0.2)
ROUNDS = 3
MIN_GAIN = 1e-4


@dataclass(frozen=True)
class TuneStep:
    signal: str
    weight: float
    objective: float


@dataclass(frozen=True)
class TuneResult:
    weights: dict[str, float]
    start_objective: float
    objective: float
    measure: str
    steps: tuple[TuneStep, ...]
    evaluations: int

    def config(self, name: str, description: str = "") -> RunConfig:
        return RunConfig(name, base="none", weights=self.weights, description=description)


def tune_weights(tables: Mapping[str, SignalTable], qrels: Qrels, *,
                 start: Mapping[str, float] | None = None, measure: str = HEADLINE,
                 rounds: int = ROUNDS, factors: Sequence[float] = FACTORS,
                 signals: Sequence[str] | None = None, progress: bool = False) -> TuneResult:
    """Coordinate ascent on the mean of ``measure`` over the briefs of ``tables``;
    ``signals`` limits which weights may move (default: all)."""
    spec = [m for m in MEASURES if m.name == measure]
    if not spec:
        raise ValueError(f"unknown measure {measure!r}")
    depth = _depth(measure)
    briefs = sorted(tables)
    seen: dict[tuple[float, ...], float] = {}

    def score(weights: Mapping[str, float]) -> float:
        key = tuple(round(weights.get(n, 0.0), 6) for n in SIGNAL_NAMES)
        if key not in seen:
            run: Run = {q: tables[q].rank(weights, depth) for q in briefs}
            seen[key] = means(per_brief(qrels, run, briefs, spec))[measure]
        return seen[key]

    current = _normalised(start or DEFAULT_WEIGHTS)
    best = start_value = score(current)
    steps: list[TuneStep] = []
    moving = [n for n in SIGNAL_NAMES if signals is None or n in signals]
    bar = _bar(rounds * len(moving), progress)
    for _ in range(rounds):
        improved = False
        for name in moving:
            base = current.get(name, 0.0)
            options = [base * f for f in factors] if base > 0 else list(FROM_ZERO)
            for value in options:
                trial = _normalised({**current, name: value})
                if sum(trial.values()) <= 0:
                    continue
                got = score(trial)
                if got > best + MIN_GAIN:
                    best, current, improved = got, trial, True
                    steps.append(TuneStep(name, round(trial[name], 4), got))
            if bar is not None:
                bar.update(1)
                bar.set_postfix({measure: f"{best:.4f}"})
        if not improved:
            break
    if bar is not None:
        bar.close()
    final = {n: round(w, 4) for n, w in current.items()}
    return TuneResult(final, start_value, score(final), measure, tuple(steps), len(seen))


def _normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(max(0.0, weights.get(n, 0.0)) for n in SIGNAL_NAMES)
    if total <= 0:
        return {n: 0.0 for n in SIGNAL_NAMES}
    return {n: max(0.0, weights.get(n, 0.0)) / total for n in SIGNAL_NAMES}


def _depth(measure: str) -> int:
    """How deep a ranking must go to compute ``measure``."""
    _, _, cut = measure.partition("@")
    return int(cut) if cut.isdigit() else 100


def _bar(total: int, show: bool):  # type: ignore[no-untyped-def]
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="tuning", unit="signal", leave=False)
