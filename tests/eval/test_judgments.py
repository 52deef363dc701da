"""Grades come from the generator's truth: topic, constraints, quality, audience, price."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conftest import creator_record

from eval.judgments import judge, topic_grade, true_audience_fit
from indexer.sample_data import NICHES, Latent
from schemas import Brief, Creator

GOOD = Latent(niche="vegan_food", quality=0.8, price_eur=300.0, inflated=False)
RELATED = ("home_cooking", "fitness_nutrition")


def creator(**fields: Any) -> Creator:
    return Creator.model_validate(creator_record("c1", **fields))


def brief(**fields: Any) -> Brief:
    return Brief.model_validate({"text": "plant-based dinners", **fields})


def grade(b: Brief, latent: Latent = GOOD, c: Creator | None = None) -> int:
    return judge(b, "vegan_food", RELATED, c or creator(), latent).grade


def test_topic_follows_the_true_niche_not_the_text() -> None:
    assert topic_grade("vegan_food", RELATED, GOOD) == 3
    assert topic_grade("vegan_food", RELATED,
                       replace(GOOD, niche="baking", secondary_niche="vegan_food")) == 2
    assert topic_grade("vegan_food", RELATED, replace(GOOD, niche="home_cooking")) == 1
    assert topic_grade("vegan_food", RELATED, replace(GOOD, niche="gaming")) == 0
    assert set(RELATED) <= set(NICHES["vegan_food"].near)


def test_a_good_creator_of_the_niche_gets_the_top_grade() -> None:
    assert grade(brief()) == 3


def test_breaking_a_hard_constraint_or_strict_safety_means_zero() -> None:
    assert grade(brief(countries=["FR"])) == 0
    assert grade(brief(brand_safety="strict"), replace(GOOD, unsafe=True)) == 0
    assert grade(brief(brand_safety="standard"), replace(GOOD, unsafe=True)) == 1


def test_bought_audiences_low_quality_and_staleness_cost_grades() -> None:
    assert grade(brief(), replace(GOOD, inflated=True)) == 1
    assert grade(brief(), replace(GOOD, quality=0.2)) == 2
    assert grade(brief(), replace(GOOD, stale=True, quality=0.2)) == 1


def test_price_counts_against_the_budget_per_wanted_creator_and_reach_never_helps() -> None:
    b = brief(budget={"total": 2_000}, creators_wanted=10)  # 200 EUR a creator
    assert grade(b, replace(GOOD, price_eur=250.0)) == 3
    assert grade(b, replace(GOOD, price_eur=400.0)) == 2
    assert grade(b, replace(GOOD, price_eur=5_000.0)) == 1
    celebrity = creator(followers=5_000_000, avg_views=2_000_000)
    assert grade(brief(), GOOD, celebrity) == grade(brief(), GOOD, creator(followers=20_000))


def test_audience_fit_uses_the_true_audience_model_not_the_record_shares() -> None:
    lying = creator(country="BR", audience={"countries": {"DE": 0.99}})
    b = brief(audience={"countries": ["DE"]})
    assert true_audience_fit(b, lying, GOOD) == 0.0
    assert grade(b, GOOD, lying) == 2
    home = creator(country="DE", audience={"countries": {"BR": 0.99}})
    assert grade(b, GOOD, home) == 3
    assert true_audience_fit(brief(), home, GOOD) is None
    young = brief(audience={"age": ["18-24", "25-34"], "gender": "female"})
    fit = true_audience_fit(young, home, GOOD)
    assert fit is not None and 0.5 < fit < 1.0
    # matching ages and gender do not make up for no audience in the target countries
    everything = brief(audience={"age": ["18-24", "25-34"], "gender": "female",
                                 "countries": ["DE"]})
    assert true_audience_fit(everything, lying, GOOD) == 0.0
    assert grade(everything, GOOD, lying) == 2 and grade(everything, GOOD, home) == 3
