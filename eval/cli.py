"""``scout eval`` sub-commands (registered into the main CLI by :func:`add_eval_commands`).

Heavy imports (the model, ir-measures, matplotlib) happen inside the handlers,
so building the ``scout`` parser stays cheap.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from scout.config import DEFAULT_MODEL, EMBEDDING_BACKENDS


def add_eval_commands(sub: Any) -> None:
    """Register ``scout eval ...`` on the ``scout`` sub-parser collection."""
    p = sub.add_parser("eval", help="offline relevance evaluation: benchmark, runs, reports")
    ev = p.add_subparsers(dest="eval_command", required=True)

    c = ev.add_parser("make-benchmark", help="write a judged benchmark (creators, briefs, qrels)")
    c.add_argument("--out", type=Path, required=True, help="benchmark directory")
    c.add_argument("--seed", type=int, default=42)
    size = c.add_mutually_exclusive_group()
    size.add_argument("--size", choices=["small", "default"], default="default",
                      help="default: 2,000 creators and 56 briefs; small: 120 and 8")
    size.add_argument("--small", dest="size", action="store_const", const="small",
                      help="same as --size small (for tests and quick looks)")
    c.set_defaults(handler=_make_benchmark)

    c = ev.add_parser("run", help="rank the benchmark's briefs with a config; write a TREC run")
    _benchmark_arg(c)
    c.add_argument("--config", required=True, metavar="NAME_OR_FILE",
                   help="a named config (scout eval configs) or a TOML file")
    c.add_argument("--out", type=Path, required=True, help="TREC run file to write")
    c.add_argument("--split", choices=["all", "train", "test"], default="all")
    c.add_argument("--depth", type=int, default=100, help="results per brief (max 100)")
    c.add_argument("--name", help="run name in the file (default: the config's name)")
    _engine_args(c)
    c.set_defaults(handler=_run)

    c = ev.add_parser("compare", help="metrics, significance, plots and a report for runs")
    c.add_argument("--run", action="append", required=True, type=Path, metavar="RUN",
                   help="a TREC run file (repeat; the first is the reference)")
    c.add_argument("--qrels", type=Path, help="TREC qrels (default: the benchmark's)")
    c.add_argument("--benchmark", type=Path,
                   help="benchmark directory: qrels, splits and beyond-accuracy properties")
    c.add_argument("--split", choices=["all", "train", "test"], default="all",
                   help="briefs to score (needs --benchmark unless all)")
    c.add_argument("--test", choices=["student", "fisher"], default="student",
                   help="paired test: t-test or randomization (default student)")
    c.add_argument("--out", type=Path, default=Path("eval-report"),
                   help="report directory (report.md, report.html, results.json, plots)")
    c.add_argument("--title", default="Scout relevance evaluation")
    c.set_defaults(handler=_compare)

    c = ev.add_parser("tune", help="search signal weights on a split; write a TOML config")
    _benchmark_arg(c)
    c.add_argument("--split", choices=["train", "test", "all"], default="train",
                   help="briefs to tune on (default train; the other split is reported)")
    c.add_argument("--out", type=Path, help="TOML config to write (default DIR/tuned.toml)")
    c.add_argument("--name", default="tuned")
    c.add_argument("--rounds", type=int, default=3, help="coordinate-ascent rounds")
    c.add_argument("--learn", action="store_true",
                   help="learn from judged briefs plus the benchmark's outcomes "
                        "(past_performance), choose by k-fold held-out briefs inside the "
                        "split, and write the config only if it beats the default there")
    c.add_argument("--folds", type=int, default=4, help="--learn: folds (by niche)")
    c.add_argument("--seed", type=int, default=0, help="--learn: fold assignment seed")
    c.add_argument("--min-gain", type=float, default=0.005,
                   help="--learn: held-out nDCG@10 gain over the default needed to write "
                        "(default 0.005)")
    c.add_argument("--max-loss", type=float, default=0.01,
                   help="--learn: held-out MAP and R@100 loss allowed (default 0.01)")
    _engine_args(c)
    c.set_defaults(handler=_tune)

    c = ev.add_parser("configs", help="list the named configs")
    c.set_defaults(handler=_configs)

    from eval.bench.cli import add_bench_command  # performance benchmarks: eval/bench/

    add_bench_command(sub)


def _benchmark_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--benchmark", type=Path, required=True, help="benchmark directory")


def _engine_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=DEFAULT_MODEL,
                   help="sentence-transformers model path (default packaged MiniLM)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--embedding-backend", choices=EMBEDDING_BACKENDS,
                   default=os.environ.get("SCOUT_EMBEDDING_BACKEND") or "torch",
                   help="torch (default, or SCOUT_EMBEDDING_BACKEND), onnx or onnx-int8 "
                        "(pip install 'scout-engine[onnx]'); each gets its own index")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# -- handlers ---------------------------------------------------------------------------
def _make_benchmark(args: argparse.Namespace) -> int:
    from eval.benchmark import make_benchmark

    started = time.perf_counter()
    bench = make_benchmark(args.out, args.seed, args.size)
    splits = bench.meta["splits"]
    judged = sum(len(r) for r in bench.qrels.values())
    print(f"wrote {args.out}: {bench.meta['creators']} creators, {len(bench.briefs)} briefs "
          f"({splits['train']} train, {splits['test']} test), {judged} judgments "
          f"in {time.perf_counter() - started:.1f}s")
    return 0


def _run(args: argparse.Namespace) -> int:
    from eval.benchmark import load_benchmark
    from eval.configs import load_run_config
    from eval.metrics import MEASURE_NAMES
    from eval.runner import Evaluator, benchmark_engine, score_run
    from eval.trec import write_run
    from scout.errors import InvalidInput

    if not 1 <= args.depth <= 100:
        raise InvalidInput("--depth must be between 1 and 100", field="depth")
    bench = load_benchmark(args.benchmark)
    config = load_run_config(args.config)
    started = time.perf_counter()
    with benchmark_engine(bench, model=args.model, device=args.device,
                          progress=not args.quiet,
                          embedding_backend=args.embedding_backend) as engine:
        ready = time.perf_counter()
        evaluator = Evaluator(engine, bench, depth=args.depth, progress=not args.quiet)
        run = evaluator.run(config, args.split)
    done = time.perf_counter()
    name = args.name or config.name
    write_run(run, args.out, name)
    result = score_run(bench, run, name, args.split)
    figures = "  ".join(f"{m} {result.means[m]:.4f}" for m in MEASURE_NAMES)
    print(f"{name} on {args.split} ({len(result.per_brief['nDCG@10'])} briefs): {figures}")
    print(f"wrote {args.out} (index ready in {ready - started:.1f}s, ranked in "
          f"{done - ready:.1f}s)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from eval.benchmark import load_benchmark
    from eval.properties import ranking_properties
    from eval.report import compare_runs, summary_text, write_report
    from eval.trec import read_qrels, read_run
    from scout.errors import InvalidInput

    bench = load_benchmark(args.benchmark) if args.benchmark else None
    if args.qrels is not None:
        qrels = read_qrels(args.qrels)
    elif bench is not None:
        qrels = bench.qrels
    else:
        raise InvalidInput("give --qrels or --benchmark", field="qrels")
    runs = []
    for path in args.run:
        run, name = read_run(path)
        if any(name == n for n, _ in runs):
            name = f"{name}:{path.stem}"
        runs.append((name, run))
    if bench is not None:
        briefs = [b.id for b in bench.select(args.split)]
    elif args.split != "all":
        raise InvalidInput("--split needs --benchmark (it knows which brief is which)",
                           field="split")
    else:
        briefs = sorted({q for _, run in runs for q in run} & set(qrels))
    if not briefs:
        raise InvalidInput("no brief is both judged and in the runs", field="run")
    properties = None
    groups: dict[str, list[str]] = {}
    if bench is not None:
        wanted = {b.id: b.brief for b in bench.select(args.split)}
        properties = {name: ranking_properties(run, qrels, wanted, bench.creators, bench.latent,
                                               now=bench.now)
                      for name, run in runs}
        from eval.briefs import KINDS

        chosen = bench.select(args.split)
        for key in (*KINDS, "direct", "paraphrase"):
            groups[key] = [b.id for b in chosen if key in (b.kind, b.style)]
    title = args.title + (f" — {args.split} split" if args.split != "all" else "")
    comparison = compare_runs(qrels, runs, briefs, test=args.test, properties=properties,
                              title=title, groups=groups)
    print(summary_text(comparison))
    files = write_report(comparison, args.out)
    print(f"\nreport: {files['markdown']} and {files['html']} (plots {files['metrics_plot'].name},"
          f" {files['deltas_plot'].name}; data {files['json'].name})")
    return 0


def _tune(args: argparse.Namespace) -> int:
    from eval.benchmark import load_benchmark
    from eval.configs import load_run_config
    from eval.metrics import HEADLINE
    from eval.report import text_table
    from eval.runner import Evaluator, benchmark_engine
    from eval.tune import tune_weights

    bench = load_benchmark(args.benchmark)
    other = {"train": "test", "test": "train", "all": "all"}[args.split]
    out = args.out or bench.path / f"{args.name}.toml"
    notes: list[str] = []
    with benchmark_engine(bench, model=args.model, device=args.device,
                          progress=not args.quiet,
                          embedding_backend=args.embedding_backend) as engine:
        evaluator = Evaluator(engine, bench, progress=not args.quiet)
        started = time.perf_counter()
        tables = evaluator.tables(args.split)
        if args.learn:
            from eval.learn import learn

            if bench.outcomes is None:
                _say(f"note: {bench.path} has no outcomes.jsonl; learning from judgments only")
            learned = learn(tables, bench.qrels_for(args.split),
                            {b.id: b.niche for b in bench.select(args.split)},
                            k=args.folds, seed=args.seed, rounds=args.rounds,
                            min_gain=args.min_gain, max_loss=args.max_loss)
            _say(learned.verdict())
            if learned.fit is None:
                _say(f"nothing written ({out} left as it was)")
                return 3
            result = learned.fit
            notes.append(f"# learned ({learned.chosen}); {learned.verdict()}")
            how = (f"learned ({learned.chosen}) on the {args.split} split of "
                   f"{bench.path.name} with outcomes; held-out {learned.measure} "
                   f"{learned.best.mean:.4f} vs default {learned.default.mean:.4f}")
        else:
            result = tune_weights(tables, bench.qrels_for(args.split), rounds=args.rounds,
                                  progress=not args.quiet)
            how = (f"coordinate ascent on the {args.split} split of {bench.path.name} "
                   f"({result.measure})")
        took = time.perf_counter() - started
        tuned = result.config(args.name, how)
        default = load_run_config("scout-default")
        rows = [["config", f"{HEADLINE} {args.split}", f"{HEADLINE} {other}"]]
        figures: dict[str, tuple[float, float]] = {}
        for config in (default, tuned):
            a = evaluator.evaluate(config, args.split).means[HEADLINE]
            b = evaluator.evaluate(config, other).means[HEADLINE]
            figures[config.name] = (a, b)
            rows.append([config.name, f"{a:.4f}", f"{b:.4f}"])
    header = [f"# {HEADLINE}: {args.split} {figures[args.name][0]:.4f} "
              f"(scout-default {figures['scout-default'][0]:.4f}), {other} "
              f"{figures[args.name][1]:.4f} (scout-default {figures['scout-default'][1]:.4f})",
              f"# benchmark {bench.path} seed {bench.meta.get('seed')}; "
              f"{result.evaluations} weight vectors tried", *notes]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header) + "\n" + tuned.to_toml(engine=args.learn),
                   encoding="utf-8")
    weights = ", ".join(f"{n} {w:.3f}" for n, w in result.weights.items() if w > 0)
    print(f"tuned on {args.split} in {took:.1f}s ({result.evaluations} weight vectors): "
          f"{weights}")
    print(text_table(rows))
    print(f"wrote {out}")
    return 0


def _configs(args: argparse.Namespace) -> int:
    from eval.configs import NAMED

    for config in NAMED.values():
        print(f"{config.name:<14} {config.kind:<9} {config.description}")
    return 0
