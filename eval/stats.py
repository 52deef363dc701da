"""Paired significance tests over per-brief scores.

Two runs are scored on the same briefs, so tests pair them brief by brief:

* ``student`` — the two-sided paired t-test (scipy ``ttest_rel``);
* ``fisher`` — the two-sided paired randomization (sign-flip) test, with a
  seeded generator so a report is reproducible.

Identical score lists give p = 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TESTS: tuple[str, ...] = ("student", "fisher")
PERMUTATIONS = 10_000


def paired_p_value(a: Sequence[float], b: Sequence[float], test: str = "student", *,
                   permutations: int = PERMUTATIONS, seed: int = 0) -> float:
    """Two-sided p-value that ``b`` and ``a`` (paired by position) have the same mean."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError("paired scores need the same briefs in the same order")
    diff = y - x
    if diff.size < 2 or np.allclose(diff, 0.0, atol=1e-12):
        return 1.0
    if test == "student":
        from scipy import stats

        if np.allclose(diff, diff[0], atol=1e-12):
            return 0.0  # every brief moved by the same non-zero amount
        return float(stats.ttest_rel(y, x).pvalue)
    if test == "fisher":
        rng = np.random.default_rng(seed)
        observed = abs(diff.mean())
        signs = rng.choice((-1.0, 1.0), size=(permutations, diff.size))
        extreme = int(np.count_nonzero(np.abs((signs * diff).mean(axis=1)) >= observed - 1e-12))
        return (extreme + 1) / (permutations + 1)
    raise ValueError(f"test must be one of {', '.join(TESTS)}, not {test!r}")
