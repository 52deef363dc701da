"""Paired significance tests."""

from __future__ import annotations

import pytest
from scipy import stats

from eval.stats import paired_p_value


def test_identical_scores_are_not_significant() -> None:
    a = [0.1, 0.5, 0.9]
    assert paired_p_value(a, a, "student") == 1.0
    assert paired_p_value(a, a, "fisher") == 1.0


def test_student_is_scipys_paired_t_test() -> None:
    a = [0.2, 0.4, 0.5, 0.7, 0.1, 0.3]
    b = [0.3, 0.5, 0.4, 0.9, 0.3, 0.35]
    assert paired_p_value(a, b, "student") == pytest.approx(stats.ttest_rel(b, a).pvalue)


def test_fisher_randomization_is_seeded_and_detects_a_consistent_gain() -> None:
    a = [0.1 * i for i in range(20)]
    b = [x + 0.05 + 0.01 * (i % 3) for i, x in enumerate(a)]
    p = paired_p_value(a, b, "fisher")
    assert p == paired_p_value(a, b, "fisher")
    assert p < 0.001
    noisy = [x + (0.05 if i % 2 else -0.05) for i, x in enumerate(a)]
    assert paired_p_value(a, noisy, "fisher") > 0.5


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="same briefs"):
        paired_p_value([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="student, fisher"):
        paired_p_value([0.0, 1.0], [1.0, 0.0], "wilcoxon")
