"""Each ranking signal's documented behaviour, and how weights are resolved."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from indexer.stores.base import DERIVED_STATS, FeatureRows
from ranker import signals as sig
from schemas import Brief

NAN = math.nan


def rows(n: int = 1, **columns: Any) -> FeatureRows:
    """FeatureRows for ``n`` creators; unspecified columns are unknown (NaN / None)."""
    def col(name: str) -> np.ndarray:
        return np.array(columns.get(name, [NAN] * n), dtype=np.float64)

    return FeatureRows(
        ids=[f"c{i}" for i in range(n)],
        followers=col("followers"), avg_views=col("avg_views"),
        engagement_rate=col("engagement_rate"), estimated_cost_eur=col("estimated_cost_eur"),
        last_posted_ts=col("last_posted_ts"),
        flag_count=np.array(columns.get("flag_count", [0] * n), dtype=np.float64),
        tier=columns.get("tier", [None] * n), audience=columns.get("audience", [None] * n),
        **{name: col(name) for name in DERIVED_STATS},
    )


def brief(**fields: Any) -> Brief:
    return Brief.model_validate({"text": "vegan protein bar", **fields})


# -- engagement --------------------------------------------------------------------

def test_micro_at_twice_its_tier_median_beats_mega_at_its_median() -> None:
    micro, mega = sig.TIER_MEDIAN_ENGAGEMENT["micro"], sig.TIER_MEDIAN_ENGAGEMENT["mega"]
    values = sig.engagement_signal(rows(2, tier=["micro", "mega"],
                                        engagement_rate=[2 * micro, mega]))
    assert values[0] > values[1]
    assert values[1] == pytest.approx(0.5)  # at the tier median
    assert values[0] == pytest.approx(2 / 3)


def test_a_creator_without_a_tier_is_judged_against_the_micro_median() -> None:
    micro = sig.TIER_MEDIAN_ENGAGEMENT["micro"]
    values = sig.engagement_signal(rows(3, tier=[None, "micro", "unheard-of"],
                                        engagement_rate=[micro, micro, 0.05]))
    assert values[0] == values[1] == pytest.approx(0.5)
    assert values[2] == pytest.approx(0.5)  # an unknown tier: a 5% median


def test_same_engagement_rate_is_worth_more_in_a_bigger_tier() -> None:
    values = sig.engagement_signal(rows(3, tier=["nano", "micro", "mega"],
                                        engagement_rate=[0.03, 0.03, 0.03]))
    assert values[0] < values[1] < values[2]


def test_engagement_rises_to_the_plausible_ceiling_then_falls() -> None:
    cap = sig.ENGAGEMENT_PLAUSIBLE_RATIO
    rates = [0.0, 0.01, 0.05, 0.05 * cap, 0.05 * cap * 1.5, 0.05 * cap * 3, 1.0, NAN]
    values = sig.engagement_signal(rows(8, tier=["micro"] * 8, engagement_rate=rates))
    assert values[0] == 0.0
    assert np.all(np.diff(values[:4]) > 0)  # more engagement is better up to the ceiling
    assert values[3] == pytest.approx(cap / (1 + cap))  # the peak
    assert values[3] > values[4] > values[5] > values[6] > 0  # then implausible: it falls
    assert values[4] == pytest.approx(values[3] / 1.5 ** 2)
    assert np.all(values[:7] < 1.0)
    assert values[7] == sig.UNKNOWN < 0.5
    # an unknown tier is normalised like micro
    unknown_tier = sig.engagement_signal(rows(1, tier=[None], engagement_rate=[0.05]))
    assert unknown_tier[0] == pytest.approx(0.5)


# -- other signals ----------------------------------------------------------------------

def test_performance_is_views_relative_to_followers() -> None:
    mid = sig.PERFORMANCE_MIDPOINT
    values = sig.performance_signal(rows(5, followers=[1000, 1000, 1000, 0, NAN],
                                         avg_views=[1000 * mid, 10, 5000, 100, 100]))
    assert values[0] == pytest.approx(0.5)
    assert values[1] < values[0] < values[2] < 1.0
    assert values[3] == values[4] == sig.UNKNOWN


def test_cost_efficiency_against_budget_per_wanted_creator() -> None:
    b = brief(budget={"total": 10_000, "currency": "EUR"}, creators_wanted=10)  # 1000 / creator
    values = sig.cost_signal(b, rows(4, estimated_cost_eur=[500, 1000, 4000, NAN]))
    assert list(values[:3]) == pytest.approx([1.0, 1.0, 0.25])
    assert values[3] == sig.UNKNOWN
    usd = sig.cost_signal(brief(budget={"total": 10_000, "currency": "USD"}, creators_wanted=10),
                          rows(1, estimated_cost_eur=[4000]))
    assert usd[0] == pytest.approx(0.25 * 0.92)
    assert sig.cost_signal(brief(), rows(1, estimated_cost_eur=[1]))[0] == sig.UNKNOWN


def test_brand_safety_falls_with_each_flag() -> None:
    assert list(sig.brand_safety_signal(rows(3, flag_count=[0, 1, 3]))) == [1.0, 0.4, 0.1]


def test_recency_decays_over_90_days() -> None:
    now = 1_800_000_000.0
    day = 86_400.0
    values = sig.recency_signal(rows(4, last_posted_ts=[now, now - 90 * day, now + day, NAN]),
                                now)
    assert values[0] == pytest.approx(1.0) and values[2] == pytest.approx(1.0)
    assert values[1] == pytest.approx(math.exp(-1))
    assert values[3] < sig.UNKNOWN


def test_similarity_maps_cosine_band_to_unit_interval() -> None:
    low, high = sig.SIMILARITY_LOW, sig.SIMILARITY_HIGH
    values = sig.similarity_signal(np.array([-0.5, low, (low + high) / 2, high, 0.99]))
    assert list(values) == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0])


def test_audience_fit_is_mean_share_over_targeted_dimensions() -> None:
    audience = {"countries": {"DE": 0.5, "AT": 0.2}, "age": {"18-24": 0.4, "25-34": 0.4},
                "gender": {"female": 0.9}}
    b = brief(audience={"countries": ["DE", "AT"], "age": ["18-24"], "gender": "female"})
    values = sig.audience_fit(b, [audience, None, {}])
    assert values[0] == pytest.approx((0.7 + 0.4 + 0.9) / 3)
    assert values[1] == values[2] == sig.UNKNOWN
    # the brief's countries are the target when the audience block names none
    fallback = sig.audience_fit(brief(countries=["DE"]), [audience])
    assert fallback[0] == pytest.approx(0.5)


# -- weights ------------------------------------------------------------------------------

FULL_BRIEF = {"budget": {"total": 5000}, "audience": {"age": ["18-24"]},
              "brand_category": "food"}


@pytest.mark.parametrize("fields", [{}, FULL_BRIEF, {"objective": "conversions", **FULL_BRIEF},
                                    {"weights": {"lexical": 5, "recency": 0}},
                                    {"brand_safety": "off"}])
def test_weights_normalise_to_one(fields: dict[str, Any]) -> None:
    b = brief(**fields)
    weights = sig.resolve_weights(b, sig.applicable_signals(b))
    assert sum(weights.values()) == pytest.approx(1.0)
    assert all(w > 0 for w in weights.values())
    assert list(weights) == [n for n in sig.SIGNAL_NAMES if n in weights]


def test_defaults_are_documented_and_sum_to_one() -> None:
    assert sum(sig.DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert len(set(sig.SIGNAL_NAMES)) == len(sig.SIGNALS)
    assert all(s.description for s in sig.SIGNALS)


def test_non_applicable_signals_drop_out() -> None:
    plain = sig.applicable_signals(brief())
    assert "cost_efficiency" not in plain and "audience_fit" not in plain
    assert "brand_safety" in plain
    full = sig.applicable_signals(brief(**FULL_BRIEF))
    assert full == set(sig.SIGNAL_NAMES) - {"past_performance"}  # needs outcomes at hand
    assert sig.applicable_signals(brief(**FULL_BRIEF), outcomes=True) == set(sig.SIGNAL_NAMES)
    assert "audience_fit" in sig.applicable_signals(brief(countries=["DE"]))
    assert "audience_fit" in sig.applicable_signals(brief(audience={"gender": "male"}))
    assert "audience_fit" not in sig.applicable_signals(brief(audience={"gender": "any"}))
    assert "brand_safety" not in sig.applicable_signals(brief(brand_safety="off"))
    # the remaining weights keep their default proportions
    weights = sig.resolve_weights(brief(), plain)
    assert set(weights) == {n for n in plain if sig.DEFAULT_WEIGHTS[n] > 0}
    assert weights["content_similarity"] / weights["profile_similarity"] == pytest.approx(
        sig.DEFAULT_WEIGHTS["content_similarity"] / sig.DEFAULT_WEIGHTS["profile_similarity"])


def test_brief_weights_override_defaults_and_config() -> None:
    recency = sig.DEFAULT_WEIGHTS["recency"]  # no objective multiplies recency
    b = brief(weights={"engagement": 1.0, "lexical": 0})
    weights = sig.resolve_weights(b, sig.applicable_signals(b))
    assert "lexical" not in weights  # zero weight drops out
    assert weights["engagement"] / weights["recency"] == pytest.approx(1.0 / recency)
    assert weights["engagement"] > 0.5
    # config base weights apply, and the brief still wins over them
    base = {"engagement": 0.0, "recency": 0.5}
    from_config = sig.resolve_weights(brief(), sig.applicable_signals(brief()), base)
    assert "engagement" not in from_config
    assert from_config["recency"] / from_config["profile_similarity"] == pytest.approx(
        0.5 / sig.DEFAULT_WEIGHTS["profile_similarity"])
    overridden = sig.resolve_weights(b, sig.applicable_signals(b), base)
    assert overridden["engagement"] / overridden["recency"] == pytest.approx(1.0 / 0.5)


def test_all_zero_weights_fall_back_to_content_similarity() -> None:
    b = brief(weights={n: 0 for n in sig.SIGNAL_NAMES})
    assert sig.resolve_weights(b, sig.applicable_signals(b)) == {"content_similarity": 1.0}


@pytest.mark.parametrize("objective", sorted(sig.OBJECTIVE_MULTIPLIERS))
def test_objective_multipliers_shift_emphasis(objective: str) -> None:
    neutral = brief(**FULL_BRIEF)
    shifted = brief(objective=objective, **FULL_BRIEF)
    base = dict(sig.DEFAULT_WEIGHTS)
    got = sig.resolve_weights(shifted, sig.applicable_signals(shifted))
    multipliers = sig.OBJECTIVE_MULTIPLIERS[objective]
    expected = {n: base[n] * multipliers.get(n, 1.0) for n in base if base[n] > 0}
    total = sum(expected.values())
    assert got == pytest.approx({n: w / total for n, w in expected.items()})
    # every boosted signal gains share relative to an unboosted one
    awareness = sig.resolve_weights(neutral, sig.applicable_signals(neutral))
    for name, factor in multipliers.items():
        if factor > 1 and objective != "awareness":
            assert got[name] / got["recency"] > awareness[name] / awareness["recency"]


def test_brief_weight_beats_objective_multiplier() -> None:
    b = brief(objective="engagement", weights={"engagement": 0.12}, **FULL_BRIEF)
    weights = sig.resolve_weights(b, sig.applicable_signals(b))
    assert weights["engagement"] / weights["recency"] == pytest.approx(
        0.12 / sig.DEFAULT_WEIGHTS["recency"])  # the objective's boost is overridden
    boosted = brief(objective="engagement", **FULL_BRIEF)
    boosted_weights = sig.resolve_weights(boosted, sig.applicable_signals(boosted))
    assert boosted_weights["engagement"] / boosted_weights["recency"] == pytest.approx(
        sig.OBJECTIVE_MULTIPLIERS["engagement"]["engagement"] * sig.DEFAULT_WEIGHTS["engagement"]
        / sig.DEFAULT_WEIGHTS["recency"])


# -- credibility and growth ------------------------------------------------------------

def test_credibility_signal_is_the_score_and_unknown_is_below_average() -> None:
    r = rows(3, credibility=[1.0, 0.4, NAN])
    np.testing.assert_allclose(sig.credibility_signal(r), [1.0, 0.4, sig.UNKNOWN])


def test_growth_signal_averages_the_known_growths() -> None:
    r = rows(5, follower_growth_90d=[0.0, 0.3, -0.6, NAN, 0.15],
             view_growth_90d=[0.0, NAN, NAN, NAN, -0.15])
    np.testing.assert_allclose(sig.growth_signal(r), [0.5, 1.0, 0.0, sig.UNKNOWN, 0.5])


def test_credibility_and_growth_ship_off() -> None:
    assert sig.DEFAULT_WEIGHTS["credibility"] == 0.0 and sig.DEFAULT_WEIGHTS["growth"] == 0.0
    weights = sig.resolve_weights(brief(), sig.applicable_signals(brief()))
    assert "credibility" not in weights and "growth" not in weights
    on = brief(weights={"credibility": 0.1})
    assert "credibility" in sig.resolve_weights(on, sig.applicable_signals(on))
