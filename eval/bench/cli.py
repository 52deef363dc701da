"""``scout bench``: performance benchmarks, each printing a table and writing JSON + PNG.

Registered into the main CLI by :func:`eval.cli.add_eval_commands`. Heavy imports
happen inside the handlers.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

BENCHMARKS = ("embed", "latency", "recall", "memory", "http", "freshness", "scale")


def add_bench_command(sub: Any) -> None:
    p = sub.add_parser("bench", help="performance benchmarks: embed, latency, recall, memory, "
                                     "http, freshness, scale, all (JSON + PNG under --out)")
    p.add_argument("which", choices=[*BENCHMARKS, "gpu", "all"],
                   help="gpu needs a CUDA device and is not part of all")
    p.add_argument("--size", choices=["small", "full"], default="small",
                   help="small: tiny corpora, proves every benchmark works (CI); "
                        "full: 10k, 100k and 1M creators (hours on 2 cores)")
    p.add_argument("--sizes", help="comma-separated corpus sizes instead of --size's")
    p.add_argument("--out", type=Path, default=Path("bench-results"),
                   help="where <benchmark>.json and <benchmark>.png go")
    p.add_argument("--data", type=Path, default=Path("data/bench-corpora"),
                   help="cache of built benchmark corpora (reused across runs)")
    p.add_argument("--queries", type=int, default=0, help="queries per cell (default by size)")
    p.add_argument("--device", default="cpu",
                   help="embedding device for the embed benchmark (cuda where a GPU exists)")
    p.add_argument("--gc-threshold", type=int, default=None,
                   help="the serving process's garbage-collector threshold (config "
                        "gc_threshold; 0: Python's defaults), for the in-process latency "
                        "benchmark and the servers the others start")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    # Query-time work is single-threaded per request: 2 workers share 2 cores.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    if args.gc_threshold is not None:
        os.environ["SCOUT_GC_THRESHOLD"] = str(args.gc_threshold)
    from importlib import import_module

    from eval.bench.common import Settings

    settings = Settings(size=args.size, out=args.out, data=args.data,
                        sizes=[int(s) for s in args.sizes.split(",")] if args.sizes else [],
                        device=args.device, queries=args.queries, quiet=args.quiet)
    chosen = BENCHMARKS if args.which == "all" else (args.which,)
    summary = []
    for name in chosen:
        started = time.perf_counter()
        result = import_module(f"eval.bench.{name}").run(settings)
        for target in result.get("targets", []):
            met = target.get("met")
            summary.append(f"{'MET    ' if met else 'NOT MET' if met is False else 'n/a    '}"
                           f"  {name}: {target['target']}")
        settings.say(f"{name}: done in {time.perf_counter() - started:.0f}s")
    print("\n".join(["", "targets:", *summary]))
    print(f"results in {settings.out}/")
    return 0
