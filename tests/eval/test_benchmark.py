"""The judged benchmark: deterministic bytes, valid qrels, and the promised hard cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.benchmark import SIZES, Benchmark, load_benchmark, make_benchmark
from eval.briefs import KINDS
from eval.constraints import violations
from eval.judgments import judge
from schemas import tier_of
from scout.errors import InvalidInput

FILES = ("creators.jsonl", "latent.jsonl", "briefs.jsonl", "qrels.txt", "benchmark.json",
         "outcomes.jsonl")


@pytest.fixture(scope="module")
def default_bench(tmp_path_factory: pytest.TempPathFactory) -> Benchmark:
    return make_benchmark(tmp_path_factory.mktemp("bench"), 42, "default")


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = make_benchmark(tmp_path / "a", 5, "small")
    b = make_benchmark(tmp_path / "b", 5, "small")
    c = make_benchmark(tmp_path / "c", 6, "small")
    for name in FILES:
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes(), name
    for name in ("creators.jsonl", "briefs.jsonl", "qrels.txt"):
        assert (a.path / name).read_bytes() != (c.path / name).read_bytes(), name


def test_small_benchmark_shape(tmp_path: Path) -> None:
    bench = make_benchmark(tmp_path, 3, "small")
    size = SIZES["small"]
    assert bench.meta["creators"] == len(bench.creators) == size.creators
    assert len(bench.briefs) == size.briefs
    assert {b.split for b in bench.briefs} == {"train", "test"}


def check_qrels(bench: Benchmark) -> None:
    ids = [b.id for b in bench.briefs]
    assert ids == sorted(set(ids))
    assert set(bench.qrels) == set(ids)
    for item in bench.briefs:
        grades = bench.qrels[item.id]
        assert set(grades.values()) <= {0, 1, 2, 3}
        assert set(grades) <= set(bench.creators)
        good = sum(1 for g in grades.values() if g >= 2)
        assert good >= bench.meta["min_relevant"], item.id
        assert item.brief.id == item.id and item.split in ("train", "test")
        assert item.related and item.niche not in item.related
    train = {b.niche for b in bench.select("train")}
    test = {b.niche for b in bench.select("test")}
    assert not train & test  # the test split's topics are unseen when tuning


def test_qrels_are_valid_and_splits_do_not_share_topics(default_bench: Benchmark) -> None:
    check_qrels(default_bench)
    assert default_bench.meta["splits"] == {"train": 28, "test": 28}


def test_briefs_file_lines_are_briefs_with_id_and_split(default_bench: Benchmark) -> None:
    lines = (default_bench.path / "briefs.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    assert {"id", "split", "text", "eval"} <= set(first)
    assert load_benchmark(default_bench.path).briefs == default_bench.briefs


def test_hard_cases_are_present(default_bench: Benchmark) -> None:
    bench = default_bench
    assert {b.kind for b in bench.briefs} == set(KINDS)
    assert {b.style for b in bench.briefs} == {"direct", "paraphrase"}
    creators, latent = bench.creators, bench.latent
    non_english = breakers = unsafe_zero = micro_over_mega = 0
    for item in bench.briefs:
        grades = bench.qrels[item.id]
        for cid, grade in grades.items():
            c, truth = creators[cid], latent[cid]
            if grade >= 2 and "en" not in c.languages and item.kind == "market":
                non_english += 1
            if truth.niche == item.niche and violations(item.brief, c, bench.now):
                assert grade == 0
                breakers += 1
            if item.brief.brand_safety == "strict" and truth.unsafe and truth.niche == item.niche:
                assert grade == 0
                unsafe_zero += 1
        best_micro = max((g for cid, g in grades.items()
                          if tier_of(creators[cid].followers) == "micro"), default=0)
        megas = [g for cid, g in grades.items() if tier_of(creators[cid].followers) == "mega"
                 and latent[cid].niche == item.niche]
        micro_over_mega += any(g < best_micro for g in megas)
    assert non_english >= 20
    assert breakers >= 100
    assert unsafe_zero >= 3
    assert micro_over_mega >= 10


def test_judgments_never_read_the_rankers_signals(default_bench: Benchmark) -> None:
    """Same truth, different observed stats and text: same grade."""
    item = next(b for b in default_bench.briefs if b.kind == "open")
    cid = next(c for c, g in default_bench.qrels[item.id].items() if g == 3)
    creator = default_bench.creators[cid]
    garbled = creator.model_copy(update={"bio": "nothing here", "content": [],
                                         "engagement_rate": 0.0, "avg_views": 1.0})
    truth = default_bench.latent[cid]
    assert judge(item.brief, item.niche, item.related, garbled, truth).grade == 3


def test_loading_refuses_what_is_not_a_benchmark(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"(briefs|creators)\.jsonl is missing"):
        load_benchmark(tmp_path)
    bench = make_benchmark(tmp_path / "b", 1, "small")
    lines = (bench.path / "briefs.jsonl").read_text().splitlines()
    broken = json.loads(lines[0])
    broken["split"] = "validation"
    (bench.path / "briefs.jsonl").write_text(json.dumps(broken) + "\n")
    with pytest.raises(InvalidInput, match="split must be train or test"):
        load_benchmark(bench.path)
    with pytest.raises(InvalidInput, match="split must be"):
        bench.select("dev")


def test_some_briefs_name_competitors_and_their_creators_are_judged_zero(
        default_bench: Benchmark) -> None:
    from schemas.creator import brand_key

    named = [b for b in default_bench.briefs if b.brief.competitors is not None]
    assert 8 <= len(named) <= 30
    assert {b.split for b in named} == {"train", "test"}
    assert all(b.brief.brand_category for b in default_bench.briefs)
    recorded = {c.brand for cr in default_bench.creators.values()
                for c in cr.brand_collaborations}
    zeroed = 0
    for item in named:
        rivals = item.brief.competitors
        assert rivals is not None and rivals.mode == "exclude"
        # named as a brand would type them: matching must ignore case and spaces
        assert not set(rivals.brands) <= recorded
        assert {brand_key(b) for b in rivals.brands} <= {brand_key(b) for b in recorded}
        for cid, grade in default_bench.qrels[item.id].items():
            if "competitors" in violations(item.brief, default_bench.creators[cid],
                                           default_bench.now):
                assert grade == 0
                zeroed += 1
        assert sum(1 for g in default_bench.qrels[item.id].values() if g >= 2) >= 5
    assert zeroed >= 50


def test_outcomes_follow_the_truth_in_the_feedback_shape(default_bench: Benchmark,
                                                         tmp_path: Path) -> None:
    """``outcomes.jsonl`` is what the feedback loader reads; inflated audiences and low
    quality convert worse; adding outcomes leaves every other file's bytes alone."""
    from ranker.outcomes import load_outcomes

    records = load_outcomes(default_bench.path / "outcomes.jsonl")
    assert default_bench.meta["outcomes"] == len(records) > 100
    assert {r.creator_id for r in records} <= set(default_bench.creators)
    latent = default_bench.latent

    def rate(pick: Any) -> float:
        chosen = [r for r in records if pick(latent[r.creator_id])]
        return sum(r.conversions for r in chosen) / max(1, sum(r.clicks for r in chosen))

    assert rate(lambda t: t.inflated) < 0.5 * rate(lambda t: not t.inflated)
    assert rate(lambda t: t.quality < 0.35) < rate(lambda t: t.quality > 0.65)
    log = default_bench.outcomes
    assert log is not None and log.records == len(records)
    # outcomes come from their own random stream: the creators are byte for byte those the
    # generator writes alone (so the embedding cache of an existing benchmark still hits)
    from indexer.sample_data import write_sample_data

    small = make_benchmark(tmp_path / "small", 9, "small")
    alone = write_sample_data(tmp_path / "alone", SIZES["small"].creators, 9)
    assert alone["creators"].read_bytes() == small.creators_path.read_bytes()
    assert (small.path / "outcomes.jsonl").is_file()
