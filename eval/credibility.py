"""Credibility and growth on the benchmark: does the score find bought audiences, and do
the signals and the ``min_credibility`` filter help ranking?

Three experiments on a judged benchmark (:mod:`eval.benchmark`):

**Detection.** Every creator's credibility (:mod:`ranker.credibility`, computed from
the record as the indexer does) against the generator's truth ``Latent.inflated``:
precision and recall of "score below t" at several thresholds, and the whole
precision/recall curve (plotted).

**Ranking.** Per brief, the top 20 of ``Ranker.match`` for ``scout-default`` and for
variants: the ``credibility`` signal at a few weights, the ``min_credibility`` filter at
a few thresholds, the ``growth`` signal at a few weights. Each is scored by nDCG@10 on
the benchmark's judgments, compared brief by brief with ``scout-default`` (paired
t-test, as ``scout eval compare``), and by the share of creators with a bought audience
in the top 20. Settings are chosen on the train split and reported on the test split.

Run: ``python -m eval.credibility --benchmark data/bench --plot docs/img/credibility-pr.png``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.benchmark import Benchmark, load_benchmark
from eval.configs import RunConfig
from eval.metrics import HEADLINE, per_brief
from eval.properties import ranking_properties
from eval.runner import Evaluator, benchmark_engine
from eval.stats import paired_p_value
from eval.trec import Run
from ranker.credibility import credibility

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
SIGNAL_WEIGHTS = (0.04, 0.08, 0.16)
FILTER_THRESHOLDS = (0.4, 0.5, 0.6)
GROWTH_WEIGHTS = (0.04, 0.08)
TOP = 20


@dataclass(frozen=True)
class Detection:
    threshold: float
    flagged: int
    precision: float
    recall: float


def scores(bench: Benchmark, *, history: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Credibility per creator (unknown as 1: nothing to hold against it) and the truth;
    ``history=False`` scores the records as if they had no history (the content checks)."""
    latent = bench.latent
    ids = sorted(bench.creators)
    creators = [bench.creators[c] for c in ids]
    if not history:
        creators = [c.model_copy(update={"history": []}) for c in creators]
    values = [credibility(c).score for c in creators]
    score = np.array([1.0 if v is None else v for v in values])
    truth = np.array([latent[c].inflated for c in ids])
    return score, truth


def detection(score: np.ndarray, truth: np.ndarray, threshold: float) -> Detection:
    flagged = score < threshold
    hits = int((flagged & truth).sum())
    return Detection(threshold, int(flagged.sum()), hits / max(1, int(flagged.sum())),
                     hits / max(1, int(truth.sum())))


def pr_curve(score: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(thresholds, precision, recall) for "flag below t" at every distinct score."""
    cuts = np.unique(np.concatenate([score, [1.0 + 1e-9]]))
    found = [detection(score, truth, float(t)) for t in cuts]
    return (cuts, np.array([d.precision for d in found]), np.array([d.recall for d in found]))


def plot_pr(score: np.ndarray, truth: np.ndarray, path: Path) -> Path:
    from eval.report import _pyplot, _save

    plt = _pyplot()
    _, precision, recall = pr_curve(score, truth)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    keep = recall > 0
    ax.plot(recall[keep], precision[keep], color="#3060a0")
    for t in THRESHOLDS:
        d = detection(score, truth, t)
        ax.scatter([d.recall], [d.precision], color="#c04030", zorder=3)
        ax.annotate(f"< {t:g}", (d.recall, d.precision), textcoords="offset points",
                    xytext=(-28, -12), fontsize=8)
    ax.axhline(truth.mean(), color="grey", linestyle=":", linewidth=1)
    ax.text(0.02, truth.mean() + 0.01, f"base rate {truth.mean():.1%}", fontsize=8,
            color="grey")
    ax.set_xlabel("recall (bought audiences flagged)")
    ax.set_ylabel("precision (flagged that bought)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(f"Credibility < t vs Latent.inflated ({len(score):,} creators)", fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return _save(fig, path)  # type: ignore[no-untyped-call]


# -- ranking ---------------------------------------------------------------------------------
def variants() -> list[RunConfig]:
    out = [RunConfig("scout-default")]
    out += [RunConfig(f"credibility={w:g}", weights={"credibility": w}) for w in SIGNAL_WEIGHTS]
    out += [RunConfig(f"min_credibility={t:g}", brief={"min_credibility": t})
            for t in FILTER_THRESHOLDS]
    out += [RunConfig(f"growth={w:g}", weights={"growth": w}) for w in GROWTH_WEIGHTS]
    return out


@dataclass(frozen=True)
class Effect:
    name: str
    ndcg: dict[str, float]  # brief id -> nDCG@10
    inflated_top: float

    def mean(self) -> float:
        return float(np.mean(list(self.ndcg.values())))


def effects(evaluator: Evaluator, bench: Benchmark, split: str,
            configs: Sequence[RunConfig]) -> list[Effect]:
    items = bench.select(split)
    briefs = {item.id: item.brief for item in items}
    qrels = bench.qrels_for(split)
    out = []
    for cfg in configs:
        run: Run = evaluator.run(cfg, split)
        values = per_brief(qrels, run, briefs)[HEADLINE]
        props = ranking_properties(run, qrels, briefs, bench.creators, bench.latent, TOP)
        out.append(Effect(cfg.name, values, props.inflated_top))
        log.info("%s on %s: nDCG@10 %.4f, bought in top %d %.1f%%", cfg.name, split,
                 out[-1].mean(), TOP, 100 * props.inflated_top)
    return out


def effects_table(rows: Sequence[Effect]) -> str:
    base = rows[0]
    ids = sorted(base.ndcg)
    lines = [f"| config | nDCG@10 | vs default | p (paired t) | bought audiences in top {TOP} |",
             "|---|---|---|---|---|"]
    for row in rows:
        p = "-" if row is base else f"{paired_p_value([base.ndcg[i] for i in ids], [row.ndcg[i] for i in ids]):.3f}"  # noqa: E501
        lines.append(f"| {row.name} | {row.mean():.4f} | {row.mean() - base.mean():+.4f} | "
                     f"{p} | {row.inflated_top:.1%} |")
    return "\n".join(lines)


def detection_table(found: Sequence[Detection], inflated: int, total: int) -> str:
    lines = [f"| flag when credibility < | flagged | precision | recall ({inflated} of {total} "
             "bought) |", "|---|---|---|---|"]
    lines += [f"| {d.threshold:g} | {d.flagged} | {d.precision:.3f} | {d.recall:.3f} |"
              for d in found]
    return "\n".join(lines)


def reason_counts(bench: Benchmark) -> Mapping[str, tuple[int, int]]:
    """code -> (genuine creators with it, bought ones with it)."""
    counts: dict[str, list[int]] = {}
    for cid, creator in bench.creators.items():
        for reason in credibility(creator).reasons:
            counts.setdefault(reason.code, [0, 0])[int(bench.latent[cid].inflated)] += 1
    return {k: (v[0], v[1]) for k, v in sorted(counts.items())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.credibility",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", default="data/bench")
    parser.add_argument("--splits", nargs="+", default=["train", "test"])
    parser.add_argument("--plot", type=Path, default=None, help="write the PR curve here")
    parser.add_argument("--skip-ranking", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    bench = load_benchmark(args.benchmark)
    score, truth = scores(bench)
    print(f"\n### Detection ({len(score)} creators)\n")
    print(detection_table([detection(score, truth, t) for t in THRESHOLDS], int(truth.sum()),
                          len(score)))
    plain, _ = scores(bench, history=False)
    print("\nWithout history (the content and stats checks alone):\n")
    print(detection_table([detection(plain, truth, t) for t in THRESHOLDS], int(truth.sum()),
                          len(plain)))
    print("\n| reason | genuine creators | bought |\n|---|---|---|")
    for code, (genuine, bought) in reason_counts(bench).items():
        print(f"| `{code}` | {genuine} | {bought} |")
    if args.plot is not None:
        print(f"\nwrote {plot_pr(score, truth, args.plot)}")
    if args.skip_ranking:
        return 0
    with benchmark_engine(bench, progress=False) as engine:
        evaluator = Evaluator(engine, bench, depth=TOP)
        for split in args.splits:
            print(f"\n### Ranking ({split} split, {len(bench.select(split))} briefs)\n")
            print(effects_table(effects(evaluator, bench, split, variants())), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
