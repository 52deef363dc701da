"""Learning blend weights from judged briefs plus past outcomes, guarded by held-out briefs.

``scout eval tune --learn`` fits the blend's weights, ``past_performance`` (the
benchmark tenant's outcomes) included, on the train split, and writes a config
only if the fitting procedure beats Scout's default on briefs it did not see:

1. The train briefs are cut into :data:`FOLDS` folds **by niche** (a niche's
   direct and paraphrased briefs share a fold, so a fold's topic is new to the
   fit), seeded.
2. Each candidate procedure in :data:`CANDIDATES` is fitted on all folds but
   one and scored on the one left out, for every fold: each train brief gets a
   held-out nDCG@10. The default weights are scored on the same briefs.
3. Candidates that lose more than ``max_loss`` on a :data:`GUARDED` measure
   (MAP, R@100) held out are out; of the rest, the one with the best held-out
   mean of the headline measure is chosen. The guard: unless it beats the
   default's held-out mean by more than ``min_gain``, nothing is written
   (:class:`GuardRefused`, with the figures). Otherwise it is fitted on all
   train briefs and written as a ``blend`` config (``base = "none"``).

Why weights and not a tree model (LightGBM lambdarank): the blend keeps every
score explainable (the breakdown adds up to the score) and the engine runs the
learned config as it runs any other; with 28 judged train briefs a model with
more freedom overfits faster (see docs/evaluation.md for what plain tuning did).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.configs import RunConfig
from eval.metrics import HEADLINE, MEASURES, per_brief
from eval.stats import paired_p_value
from eval.trec import Qrels, Run
from eval.tune import ROUNDS, TuneResult, tune_weights
from ranker.signals import DEFAULT_WEIGHTS, SIGNAL_NAMES
from ranker.table import SignalTable
from scout.errors import ScoutError

FOLDS = 4
SEED = 0
#: Held-out gain over the default the chosen procedure must exceed to be written.
MIN_GAIN = 0.005
#: Measures a candidate may not lose more than ``max_loss`` of, held out (the headline
#: is not all a shortlist needs: these guard the depth of the ranking).
GUARDED: tuple[str, ...] = ("MAP", "R@100")
MAX_LOSS = 0.01
#: Fitting procedures tried, by name: which weights may move (None: all).
CANDIDATES: dict[str, tuple[str, ...] | None] = {
    "past_performance": ("past_performance",),
    "all_weights": None,
}
DEPTH = 100


class GuardRefused(ScoutError):
    """The learned weights did not beat the default on held-out briefs."""

    def __init__(self, result: LearnResult) -> None:
        super().__init__(result.verdict(), field="min_gain")
        self.result = result


@dataclass(frozen=True)
class CandidateScore:
    name: str
    #: Held-out value of the headline measure per train brief (each from the fold
    #: leaving it out).
    heldout: dict[str, float]
    #: Held-out means of the :data:`GUARDED` measures.
    guarded: dict[str, float]

    @property
    def mean(self) -> float:
        return sum(self.heldout.values()) / len(self.heldout) if self.heldout else 0.0


@dataclass(frozen=True)
class LearnResult:
    measure: str
    folds: tuple[tuple[str, ...], ...]
    default: CandidateScore
    candidates: tuple[CandidateScore, ...]
    chosen: str
    min_gain: float
    max_loss: float
    #: Weights of the chosen procedure fitted on every train brief (None if refused).
    fit: TuneResult | None

    @property
    def best(self) -> CandidateScore:
        return next(c for c in self.candidates if c.name == self.chosen)

    @property
    def gain(self) -> float:
        return self.best.mean - self.default.mean

    def losses(self, candidate: CandidateScore) -> dict[str, float]:
        """Guarded measures ``candidate`` loses more than ``max_loss`` of, and by how much."""
        return {m: v - self.default.guarded[m] for m, v in candidate.guarded.items()
                if v < self.default.guarded[m] - self.max_loss}

    @property
    def accepted(self) -> bool:
        return self.gain > self.min_gain and not self.losses(self.best)

    @property
    def p_value(self) -> float:
        ids = sorted(self.default.heldout)
        return paired_p_value([self.default.heldout[q] for q in ids],
                              [self.best.heldout[q] for q in ids])

    def verdict(self) -> str:
        n = len(self.default.heldout)
        figures = (f"held-out {self.measure} over {n} train briefs in {len(self.folds)} folds: "
                   f"{self.chosen} {self.best.mean:.4f} vs default {self.default.mean:.4f} "
                   f"({self.gain:+.4f}, p={self.p_value:.3g})")
        def describe(c: CandidateScore) -> str:
            guarded = ", ".join(f"{m} {v:.4f}" for m, v in c.guarded.items())
            lost = "".join(f"; loses {m} {d:+.4f}" for m, d in self.losses(c).items())
            return f"{c.name} {c.mean:.4f} ({guarded}{lost})"

        default = ", ".join(f"{m} {v:.4f}" for m, v in self.default.guarded.items())
        others = "; ".join(describe(c) for c in self.candidates)
        where = f"[default {default}; candidates: {others}]"
        if self.accepted:
            return f"learned weights beat the default: {figures} {where}"
        if self.gain > self.min_gain:
            lost = ", ".join(f"{m} {d:+.4f}" for m, d in self.losses(self.best).items())
            why = (f"the learned weights lose more than {self.max_loss:.4f} of {lost} "
                   "on held-out briefs")
        else:
            why = ("the learned weights do not beat the default by more than "
                   f"{self.min_gain:.4f} on held-out briefs")
        return f"refusing to write a config: {why}; {figures} {where}"

    def config(self, name: str, description: str = "") -> RunConfig:
        if self.fit is None or not self.accepted:
            raise GuardRefused(self)
        return self.fit.config(name, description)


def niche_folds(niches: Mapping[str, str], k: int = FOLDS, seed: int = SEED
                ) -> tuple[tuple[str, ...], ...]:
    """Brief ids in ``k`` folds, every niche's briefs in one fold; seeded, deterministic."""
    groups = sorted(set(niches.values()))
    random.Random(seed).shuffle(groups)
    k = max(2, min(k, len(groups)))
    fold_of = {g: i % k for i, g in enumerate(groups)}
    out: list[list[str]] = [[] for _ in range(k)]
    for bid in sorted(niches):
        out[fold_of[niches[bid]]].append(bid)
    return tuple(tuple(f) for f in out if f)


def learn(tables: Mapping[str, SignalTable], qrels: Qrels, niches: Mapping[str, str], *,
          k: int = FOLDS, seed: int = SEED, measure: str = HEADLINE, rounds: int = ROUNDS,
          candidates: Mapping[str, Sequence[str] | None] | None = None,
          min_gain: float = MIN_GAIN, max_loss: float = MAX_LOSS) -> LearnResult:
    """Cross-validate each candidate procedure, choose one, and fit it if it passes the guard.

    ``tables`` are the train briefs' signal tables (``past_performance`` in them
    when outcomes were at hand), ``niches`` each brief's niche (the fold unit).
    """
    procedures = dict(CANDIDATES if candidates is None else candidates)
    if not procedures:
        raise ValueError("no candidate procedure to learn with")
    spec = [m for m in MEASURES if m.name == measure or m.name in GUARDED]
    if measure not in {m.name for m in spec}:
        raise ValueError(f"unknown measure {measure!r}")
    missing = sorted(set(tables) - set(niches))
    if missing:
        raise ValueError(f"brief {missing[0]!r} has no niche to fold by")
    folds = niche_folds({q: niches[q] for q in tables}, k, seed)
    start = {n: DEFAULT_WEIGHTS.get(n, 0.0) for n in SIGNAL_NAMES}

    def heldout(name: str, weights_for_fold: list[Mapping[str, float]]) -> CandidateScore:
        out: dict[str, dict[str, float]] = {m.name: {} for m in spec}
        for fold, weights in zip(folds, weights_for_fold, strict=True):
            run: Run = {q: tables[q].rank(weights, DEPTH) for q in fold}
            for m, values in per_brief(qrels, run, fold, spec).items():
                out[m].update(values)
        guarded = {m: sum(v.values()) / len(v) for m, v in out.items()
                   if m in GUARDED and m != measure and v}
        return CandidateScore(name, out[measure], guarded)

    default = heldout("default", [start] * len(folds))
    scored: list[CandidateScore] = []
    for name, signals in procedures.items():
        per_fold: list[Mapping[str, float]] = []
        for fold in folds:
            inside = {q: t for q, t in tables.items() if q not in fold}
            fit = tune_weights(inside, qrels, start=start, measure=measure, rounds=rounds,
                               signals=signals)
            per_fold.append(fit.weights)
        scored.append(heldout(name, per_fold))
    probe = LearnResult(measure, folds, default, tuple(scored), scored[0].name, min_gain,
                        max_loss, None)
    safe = [c for c in scored if not probe.losses(c)] or scored
    best = max(safe, key=lambda c: (c.mean, -list(procedures).index(c.name)))
    result = LearnResult(measure, folds, default, tuple(scored), best.name, min_gain, max_loss,
                         None)
    if not result.accepted:
        return result
    fit = tune_weights(tables, qrels, start=start, measure=measure, rounds=rounds,
                       signals=procedures[best.name])
    return LearnResult(measure, folds, default, tuple(scored), best.name, min_gain, max_loss,
                       fit)
