"""TREC run and qrels files: the format other tools read."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from eval.trec import read_qrels, read_run, strictly_decreasing, write_qrels, write_run
from scout.errors import InvalidInput


def test_run_file_has_six_columns_ranks_from_one_and_strictly_falling_scores(
        tmp_path: Path) -> None:
    run = {"b2": [("c_9", 0.5), ("c_1", 0.5), ("c_3", 0.5), ("c_4", 0.2)],
           "b1": [("c_1", 3.0)]}
    path = write_run(run, tmp_path / "r.trec", "scout-default")
    lines = path.read_text().splitlines()
    assert lines[0] == "b1 Q0 c_1 1 3.000000 scout-default"
    assert [line.split() for line in lines[1:]] == [
        ["b2", "Q0", "c_9", "1", "0.500000", "scout-default"],
        ["b2", "Q0", "c_1", "2", "0.499999", "scout-default"],
        ["b2", "Q0", "c_3", "3", "0.499998", "scout-default"],
        ["b2", "Q0", "c_4", "4", "0.200000", "scout-default"],
    ]
    back, name = read_run(path)
    assert name == "scout-default"
    assert [c for c, _ in back["b2"]] == ["c_9", "c_1", "c_3", "c_4"]


def test_strictly_decreasing_keeps_order_and_untied_scores() -> None:
    out = strictly_decreasing([("a", 2.0), ("b", 1.0), ("c", 1.0), ("d", 0.0), ("e", 0.0)])
    assert [c for c, _ in out] == list("abcde")
    assert out[:2] == [("a", 2.0), ("b", 1.0)]
    assert all(x[1] > y[1] for x, y in itertools.pairwise(out))


def test_qrels_round_trip_sorted(tmp_path: Path) -> None:
    qrels = {"b2": {"c_2": 0, "c_1": 3}, "b1": {"c_5": 2}}
    path = write_qrels(qrels, tmp_path / "q.txt")
    assert path.read_text() == "b1 0 c_5 2\nb2 0 c_1 3\nb2 0 c_2 0\n"
    assert read_qrels(path) == qrels


def test_bad_files_fail_with_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trec"
    bad.write_text("b1 Q0 c_1 1 0.5 x\nb1 Q0 c_2 two 0.4 x\n")
    with pytest.raises(InvalidInput, match=r"bad\.trec:2"):
        read_run(bad)
    bad.write_text("b1 Q0 c_1 1 0.5\n")
    with pytest.raises(InvalidInput, match="expected 6 columns"):
        read_run(bad)
    bad.write_text("b1 Q0 c_1 1 0.5 x\nb1 Q0 c_2 2 0.4 y\n")
    with pytest.raises(InvalidInput, match="one run per file"):
        read_run(bad)
    with pytest.raises(InvalidInput, match="one word"):
        write_run({}, tmp_path / "r.trec", "two words")
    with pytest.raises(InvalidInput, match="does not exist"):
        read_qrels(tmp_path / "missing.txt")
