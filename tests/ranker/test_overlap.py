"""Audience overlap: demographic likeness, shared samples, explanations, the request checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import creator_record, post, write_jsonl

from indexer.embedder import Embedder
from ranker.overlap import (
    check_ids,
    compare,
    creators_overlap,
    demographic_overlap,
    explain,
    overlap_matrix,
    shared_counts,
)
from schemas import Creator
from schemas.creator import AudienceSample
from scout.config import load_config
from scout.engine import Engine
from scout.errors import InvalidQuery, InvalidRecord, NotFound

DE_YOUNG = {"countries": {"DE": 0.6, "AT": 0.2}, "age": {"18-24": 0.5, "25-34": 0.3},
            "gender": {"female": 0.7, "male": 0.3}}
DE_MIXED = {"countries": {"DE": 0.3, "FR": 0.5}, "gender": {"female": 0.4, "male": 0.6}}


def test_demographic_overlap_is_the_mean_histogram_intersection() -> None:
    mean, dims = demographic_overlap([DE_YOUNG, DE_MIXED, None])
    # countries: min(.6,.3) = .3 (AT and FR not shared); gender: min(.7,.4)+min(.3,.6) = .7;
    # age: only one side reports it, so it is left out of the mean
    assert dims["countries"][0, 1] == pytest.approx(0.3)
    assert dims["gender"][0, 1] == pytest.approx(0.7)
    assert np.isnan(dims["age"][0, 1])
    assert mean[0, 1] == pytest.approx(0.5) and mean[1, 0] == pytest.approx(0.5)
    assert np.isnan(mean[0, 2]) and np.isnan(mean[2, 2])


def test_identical_complete_audiences_overlap_fully() -> None:
    full = {"countries": {"DE": 1.0}, "age": {"18-24": 0.4, "25-34": 0.6},
            "gender": {"female": 0.5, "male": 0.5}}
    m = overlap_matrix(["a", "b"], [full, full], [None, None], [None, None])
    assert m.overlap[0, 1] == pytest.approx(1.0) and m.basis[0, 1] == "demographics"


def test_shared_counts_match_python_sets() -> None:
    rng = np.random.default_rng(7)
    samples = [[f"u{x}" for x in rng.choice(300, size=rng.integers(0, 120), replace=False)]
               for _ in range(9)]
    counts = shared_counts(samples)
    for i in range(9):
        for j in range(9):
            assert counts[i, j] == len(set(samples[i]) & set(samples[j]))


def test_complete_samples_give_the_overlap_coefficient() -> None:
    a = AudienceSample(ids=["x", "y", "z", "w"])
    b = AudienceSample(ids=["y", "z", "q"])
    m = overlap_matrix(["a", "b"], [DE_YOUNG, DE_MIXED], [a, b], ["tiktok", "tiktok"])
    # 2 shared of the smaller list's 3
    assert m.sample[0, 1] == pytest.approx(2 / 3) and m.overlap[0, 1] == pytest.approx(2 / 3)
    assert m.basis[0, 1] == "sample" and m.shared[0, 1] == 2
    assert m.demographic[0, 1] == pytest.approx(0.5)  # still reported


def test_sampled_lists_are_scaled_by_the_sampling_rates() -> None:
    # each sample is 10% of a 1000-person population; 5 shared ids -> |A n B| ~ 5 / .01 = 500
    a = AudienceSample(kind="followers", ids=[f"a{i}" for i in range(95)] + [f"s{i}" for i in
                                                                           range(5)],
                       population=1000)
    b = AudienceSample(kind="followers", ids=[f"b{i}" for i in range(95)] + [f"s{i}" for i in
                                                                           range(5)],
                       population=1000)
    m = overlap_matrix(["a", "b"], [None, None], [a, b], ["instagram", "instagram"])
    assert m.sample[0, 1] == pytest.approx(0.5)
    assert "5 followers appear in both samples" in explain(m, 0, 1)


def test_samples_of_other_kinds_or_platforms_are_not_compared() -> None:
    comments = AudienceSample(kind="commenters", ids=["x", "y"])
    follows = AudienceSample(kind="followers", ids=["x", "y"])
    m = overlap_matrix(["a", "b", "c"], [DE_YOUNG, DE_MIXED, DE_MIXED],
                       [comments, follows, AudienceSample(ids=["x", "y"])],
                       ["tiktok", "tiktok", "youtube"])
    assert m.basis[0, 1] == "demographics" and m.shared[0, 1] == 0  # kinds differ
    assert m.basis[0, 2] == "demographics"  # platforms differ: other id spaces
    assert np.isnan(m.sample[0, 1])


def test_no_audience_data_is_overlap_zero_with_basis_none() -> None:
    m = overlap_matrix(["a", "b"], [None, DE_MIXED], [None, None], [None, None])
    assert m.overlap[0, 1] == 0.0 and m.basis[0, 1] == "none"
    assert m.overlap[0, 0] == 1.0 and m.basis[0, 0] == "self"
    assert explain(m, 0, 1) == "no audience data to compare for a and b"


def test_explanation_names_dimensions_and_the_shared_market() -> None:
    m = overlap_matrix(["a", "b"], [DE_YOUNG, DE_MIXED], [None, None], [None, None])
    text = explain(m, 0, 1, [DE_YOUNG, DE_MIXED])
    assert text.startswith("audiences look 50% alike (countries 30%, gender 70%)")
    assert "largest shared market DE (at least 30% of each audience)" in text


def test_audience_sample_record_rules() -> None:
    sample = AudienceSample(ids=[" u1", "u2", "u1"])
    assert sample.ids == ["u1", "u2"] and sample.rate() == 1.0
    with pytest.raises(ValueError, match="at least 1 character"):
        AudienceSample(ids=["u1", ""])
    assert AudienceSample(ids=["a", "b"], population=8).rate() == 0.25
    with pytest.raises(ValueError, match="population"):
        AudienceSample(ids=["a", "b", "c"], population=2)
    record = Creator.model_validate({"id": "c1", "audience_sample": {"ids": ["u1"],
                                                                      "kind": "followers"}})
    assert record.audience_sample is not None and record.audience_sample.kind == "followers"
    with pytest.raises(ValueError):
        Creator.model_validate({"id": "c1", "audience_sample": {"ids": ["u1"], "kind": "fans"}})


def test_check_ids() -> None:
    assert check_ids(["a", " b", "a", ""]) == ["a", "b"]
    with pytest.raises(InvalidQuery, match="at least two") as err:
        check_ids(["a", "a"])
    assert err.value.field == "ids"
    with pytest.raises(InvalidQuery, match="at most 50"):
        check_ids([f"c{i}" for i in range(51)])
    with pytest.raises(InvalidQuery, match="not a creator id"):
        check_ids(["a", "no spaces"])


CORPUS: list[dict[str, Any]] = [
    creator_record("cook_a", audience=DE_YOUNG, content=[post("a1", "Vegan ramen")],
                   audience_sample={"ids": ["u1", "u2", "u3", "u4"]}),
    creator_record("cook_b", audience=DE_MIXED, content=[post("b1", "Tofu stir fry")],
                   audience_sample={"ids": ["u3", "u4", "u5"]}),
    creator_record("cook_c", audience=DE_YOUNG, content=[post("c1", "Lentil soup")]),
    creator_record("silent", audience=None, content=[]),
]


@pytest.fixture(scope="module")
def engine(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    data = tmp_path_factory.mktemp("overlap")
    eng = Engine(load_config(data_dir=data / "index", show_progress=False), embedder=embedder)
    eng.index_paths([write_jsonl(data / "creators.jsonl", CORPUS)])
    yield eng
    eng.close()


def test_compare_over_the_document_store(engine: Engine) -> None:
    resp = compare(engine.backend.docs, ["cook_a", "cook_b", "cook_c", "silent"])
    assert resp.ids == ["cook_a", "cook_b", "cook_c", "silent"]
    assert [row[i] for i, row in enumerate(resp.matrix)] == [1.0, 1.0, 1.0, 1.0]
    assert resp.matrix == [list(r) for r in zip(*resp.matrix, strict=True)]  # symmetric
    by_pair = {(p.a, p.b): p for p in resp.pairs}
    assert len(by_pair) == 6
    ab = by_pair["cook_a", "cook_b"]
    assert ab.basis == "sample" and ab.shared_ids == 2 and ab.overlap == pytest.approx(0.6667)
    assert ab.sample_kind == "commenters" and ab.demographic == pytest.approx(0.5)
    assert "also comments on the other" in ab.explanation
    ac = by_pair["cook_a", "cook_c"]  # same audience shares, no sample on c
    assert ac.basis == "demographics" and ac.sample is None
    assert resp.matrix[0][2] == ac.overlap
    assert by_pair["cook_a", "silent"].basis == "none"
    assert [p.overlap for p in resp.pairs] == sorted((p.overlap for p in resp.pairs),
                                                     reverse=True)


def test_compare_unknown_id_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound) as err:
        compare(engine.backend.docs, ["cook_a", "nobody"])
    assert err.value.field == "ids" and "nobody" in err.value.message


def test_engine_overlap_and_creators_overlap_agree(engine: Engine) -> None:
    found = engine.backend.docs.get(["cook_a", "cook_b"])
    direct = creators_overlap([found["cook_a"], found["cook_b"]])
    assert engine.overlap(["cook_a", "cook_b"]).matrix[0][1] == round(direct.overlap[0, 1], 4)


def test_index_rejects_a_bad_sample(tmp_path: Path, embedder: Embedder) -> None:
    eng = Engine(load_config(data_dir=tmp_path / "i", show_progress=False), embedder=embedder)
    try:
        bad = creator_record("x", audience_sample={"ids": ["a", "b"], "population": 1})
        with pytest.raises(InvalidRecord):
            eng.index_paths([write_jsonl(tmp_path / "c.jsonl", [bad])])
    finally:
        eng.close()
