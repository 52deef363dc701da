"""Every signal of every candidate for one brief: what weight tuning searches over.

Candidates and signal values do not depend on the weights, only the final sum
does, so a tuner computes this table once per brief and re-ranks it for each
weight vector with :meth:`SignalTable.rank` instead of calling ``match`` again.
``rank`` reproduces ``Ranker.match``'s order: the same weight resolution
(config base, objective multipliers, brief overrides, renormalisation over the
applicable signals), the same rounding, ties by creator id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ranker import signals as sig
from ranker.filters import compile_filters
from ranker.ranker import Ranker
from schemas import Brief


@dataclass(frozen=True)
class SignalTable:
    """Candidates of one brief and each applicable signal's value for them."""

    brief: Brief
    ids: list[str]
    values: dict[str, np.ndarray]

    def weights(self, base: Mapping[str, float] | None) -> dict[str, float]:
        """The weights ``match`` would use for this brief with config weights ``base``."""
        return sig.resolve_weights(self.brief, set(self.values), dict(base) if base else None)

    def rank(self, base: Mapping[str, float] | None, limit: int) -> list[tuple[str, float]]:
        """The top ``limit`` (creator id, score), best first, as ``match`` would return them."""
        scores = np.zeros(len(self.ids))
        for name, weight in self.weights(base).items():
            scores += np.round(weight * self.values[name], 6)
        scores = np.round(scores, 6)
        order = np.lexsort((self._id_order, -scores))[:limit]
        return [(self.ids[i], float(scores[i])) for i in order]

    @cached_property
    def _id_order(self) -> np.ndarray:
        """Each id's position in sorted order (the tie-break)."""
        ranks = np.empty(len(self.ids), dtype=np.int64)
        ranks[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))
        return ranks


def signal_table(ranker: Ranker, brief: Brief, *, now: float) -> SignalTable:
    """The candidates ``ranker.match(brief)`` would score, with every applicable signal."""
    spec = compile_filters(brief, now=now)
    qvec = ranker.encode(brief.text)
    ids, lexical, _ = ranker._candidates(brief.text, qvec, spec)
    every = brief.model_copy(update={"weights": dict.fromkeys(sig.SIGNAL_NAMES, 1.0)})
    scored = ranker._score(every, ids, lexical, qvec, now)
    return SignalTable(brief, scored.rows.ids, scored.values)
