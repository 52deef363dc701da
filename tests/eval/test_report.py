"""Comparisons: table, significance marks, report files and plots (no model needed)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from eval.report import compare_runs, markdown_table, metric_table, summary_text, write_report
from eval.runner import fuse_rrf
from eval.trec import Qrels, Run


def data() -> tuple[Qrels, Run, Run]:
    rng = random.Random(1)
    qrels: Qrels = {}
    good: Run = {}
    poor: Run = {}
    for q in range(12):
        qid = f"b{q:02d}"
        relevant = [f"r{q}_{i}" for i in range(8)]
        noise = [f"n{q}_{i}" for i in range(30)]
        qrels[qid] = {cid: rng.choice((1, 2, 3)) for cid in relevant}
        good[qid] = [(c, 1.0 - i / 100) for i, c in enumerate(relevant[:6] + noise[:10])]
        poor[qid] = [(c, 1.0 - i / 100) for i, c in enumerate(noise[:10] + relevant[:6])]
    return qrels, good, poor


def test_compare_marks_significant_differences_against_the_first_run(tmp_path: Path) -> None:
    qrels, good, poor = data()
    c = compare_runs(qrels, [("good", good), ("poor", poor)], list(qrels))
    assert c.reference.name == "good"
    assert c.runs[0].means["nDCG@10"] > c.runs[1].means["nDCG@10"]
    assert c.p_values["poor"]["nDCG@10"] < 0.01
    rows = metric_table(c)
    assert rows[2][2].endswith("‡") and rows[1][-1] == "—"
    assert "-" in rows[2][-1] and "p=" in rows[2][-1]
    assert markdown_table(rows).count("\n") == len(rows)
    assert "paired student test vs good" in summary_text(c)


def test_report_files_and_plots_are_written(tmp_path: Path) -> None:
    qrels, good, poor = data()
    c = compare_runs(qrels, [("good", good), ("poor", poor), ("same", good)], list(qrels),
                     test="fisher", groups={"odd": ["b01", "b03", "zz"], "none": ["zz"]})
    assert c.groups == {"odd": ["b01", "b03"]}  # unknown briefs and empty groups drop out
    files = write_report(c, tmp_path / "report")
    for key in ("markdown", "html", "json", "metrics_plot", "deltas_plot"):
        assert files[key].is_file() and files[key].stat().st_size > 0
    for key in ("metrics_plot", "deltas_plot"):
        assert files[key].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = files["markdown"].read_text()
    assert "![metrics](metrics.png)" in md and "| good |" in md
    assert "<table>" in files["html"].read_text()
    assert "## By brief group" in md and "odd (2)" in md
    body = json.loads(files["json"].read_text())
    assert body["reference"] == "good" and body["runs"][2]["p_values"]["nDCG@10"] == 1.0


def test_reciprocal_rank_fusion() -> None:
    a = {"b1": [("x", 9.0), ("y", 8.0), ("z", 7.0)]}
    b = {"b1": [("y", 0.9), ("w", 0.8)]}
    fused = fuse_rrf([a, b], k=60)["b1"]
    assert [c for c, _ in fused] == ["y", "x", "w", "z"]
    assert fused[0][1] == round(1 / 62 + 1 / 61, 6)
