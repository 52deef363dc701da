"""``scout eval`` end to end through the CLI: benchmark, runs, comparison report, tuning."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from eval.benchmark import Benchmark, load_benchmark, make_benchmark
from eval.configs import load_run_config
from eval.runner import MARKER, benchmark_engine, evaluate
from eval.trec import read_run
from indexer.embedder import Embedder
from scout.cli import main


@pytest.fixture(scope="module")
def small_benchmark(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Benchmark:
    """``make-benchmark --small --seed 7``, indexed once with the session's model; the CLI
    runs below find that index and reuse it."""
    bench = make_benchmark(tmp_path_factory.mktemp("small-bench") / "bench", 7, "small")
    with benchmark_engine(bench, embedder=embedder, progress=False):
        pass
    return bench


@pytest.fixture
def bench_dir(small_benchmark: Benchmark) -> Path:
    return small_benchmark.path


def test_make_benchmark_small_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "make-benchmark", "--small", "--seed", "7",
                 "--out", str(tmp_path / "b")]) == 0
    assert "120 creators, 8 briefs (4 train, 4 test)" in capsys.readouterr().out
    assert len(load_benchmark(tmp_path / "b").briefs) == 8


def test_configs_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "configs"]) == 0
    out = capsys.readouterr().out
    for name in ("followers", "bm25", "dense", "hybrid-rrf", "scout-default"):
        assert name in out


def test_bad_input_exits_1_with_the_field(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "run", "--benchmark", str(tmp_path), "--config", "bm25",
                 "--out", str(tmp_path / "r.trec")]) == 1
    assert "not a benchmark" in capsys.readouterr().err
    assert main(["eval", "compare", "--run", str(tmp_path / "missing.trec"),
                 "--qrels", str(tmp_path / "q.txt")]) == 1


@pytest.mark.slow
def test_run_compare_report_end_to_end(bench_dir: Path, small_benchmark: Benchmark,
                                       tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    index_dirs = [p for p in (bench_dir / "index").iterdir() if (p / MARKER).is_file()]
    assert len(index_dirs) == 1  # built once by the fixture, reused by every run below
    runs = []
    for config in ("scout-default", "followers", "hybrid-rrf"):
        out = tmp_path / f"{config}.trec"
        assert main(["eval", "run", "--benchmark", str(bench_dir), "--config", config,
                     "--out", str(out), "--quiet"]) == 0
        assert f"wrote {out}" in capsys.readouterr().out
        run, name = read_run(out)
        assert name == config
        assert set(run) == {b.id for b in small_benchmark.briefs}
        for line in out.read_text().splitlines():
            _, q0, cid, _, _, tag = line.split()
            assert q0 == "Q0" and tag == config and cid in small_benchmark.creators
        for ranked in run.values():
            assert 0 < len(ranked) <= 100
            assert all(a[1] > b[1] for a, b in itertools.pairwise(ranked))
        runs.append(out)

    report = tmp_path / "report"
    assert main(["eval", "compare", "--benchmark", str(bench_dir), "--split", "all",
                 *[arg for r in runs for arg in ("--run", str(r))], "--out", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "nDCG@10" in printed and "micro+mid in top 20" in printed
    for name in ("report.md", "report.html", "results.json", "metrics.png",
                 "ndcg10_deltas.png"):
        assert (report / name).is_file(), name
    assert (report / "metrics.png").read_bytes()[:4] == b"\x89PNG"
    body = json.loads((report / "results.json").read_text())
    assert [r["name"] for r in body["runs"]] == ["scout-default", "followers", "hybrid-rrf"]
    for r in body["runs"]:
        assert r["properties"]["violations"] == 0, r["name"]
    default, followers = body["runs"][0]["means"], body["runs"][1]["means"]
    assert default["nDCG@10"] > followers["nDCG@10"]


@pytest.mark.slow
def test_tune_writes_a_config_that_runs(bench_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tuned.toml"
    assert main(["eval", "tune", "--benchmark", str(bench_dir), "--split", "train",
                 "--rounds", "1", "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "nDCG@10 train" in printed and "nDCG@10 test" in printed
    config = load_run_config(out)
    assert config.name == "tuned" and config.base == "none"
    assert out.read_text().startswith("# nDCG@10: train ")


@pytest.mark.slow
def test_evaluate_api_on_an_engine_agrees_with_the_run_files(
        small_benchmark: Benchmark, embedder: Embedder) -> None:
    result = evaluate(None, small_benchmark, "scout-default", split="test", embedder=embedder)
    assert set(result.per_brief["nDCG@10"]) == {b.id for b in small_benchmark.select("test")}
    assert 0.0 < result.means["nDCG@10"] <= 1.0
    assert result.properties.violations == 0
    assert abs(sum(result.properties.tier_share_top.values()) - 1.0) < 1e-3


@pytest.mark.slow
def test_processes_sharing_a_benchmark_take_turns(small_benchmark: Benchmark,
                                                   embedder: Embedder) -> None:
    """Checking/indexing is exclusive: while another holder keeps the index lock, a new
    user waits instead of deleting or half-trusting the index, then reuses it."""
    import fcntl
    import threading

    lock_path = small_benchmark.path / "index" / f"{embedder.model_key}.lock"
    marker = small_benchmark.path / "index" / embedder.model_key / MARKER
    before = marker.stat().st_mtime_ns
    entered = threading.Event()
    errors: list[BaseException] = []

    def user() -> None:
        try:
            with benchmark_engine(small_benchmark, embedder=embedder, progress=False) as eng:
                entered.set()
                assert eng.backend.docs.count() == len(small_benchmark.creators)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
            entered.set()

    with open(lock_path, "a+") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        thread = threading.Thread(target=user)
        thread.start()
        assert not entered.wait(1.0)  # blocked behind the other holder
        fcntl.flock(other, fcntl.LOCK_UN)
    assert entered.wait(120)
    thread.join(120)
    assert not errors, errors
    assert marker.stat().st_mtime_ns == before  # reused, not rebuilt


@pytest.mark.slow
def test_tune_learn_refuses_without_a_held_out_gain(bench_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "learned.toml"
    code = main(["eval", "tune", "--benchmark", str(bench_dir), "--learn", "--rounds", "1",
                 "--folds", "2", "--min-gain", "1.0", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 3 and not out.exists()
    assert "refusing to write a config" in err and "vs default" in err


@pytest.mark.slow
def test_tune_learn_writes_a_config_the_eval_and_the_engine_read(
        bench_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scout.config import load_config

    out = tmp_path / "learned.toml"
    # A negative margin accepts whatever was learned: here the written file is under test.
    assert main(["eval", "tune", "--benchmark", str(bench_dir), "--learn", "--rounds", "1",
                 "--folds", "2", "--min-gain", "-1", "--max-loss", "1", "--name", "learned",
                 "--out", str(out),
                 "--quiet"]) == 0
    assert "held-out nDCG@10" in capsys.readouterr().err
    config = load_run_config(out)
    assert config.name == "learned" and "past_performance" in config.weights
    assert load_config(out).weights == config.ranker_weights()
    run = tmp_path / "learned.trec"
    assert main(["eval", "run", "--benchmark", str(bench_dir), "--config", str(out),
                 "--split", "test", "--out", str(run), "--quiet"]) == 0
    assert read_run(run)[1] == "learned"
