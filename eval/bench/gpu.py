"""GPU measurements (issue 5, item 7): embedding throughput and exact vector search.

CPU stays Scout's default; this benchmark answers whether a GPU changes anything
worth shipping. It runs where a CUDA device exists, in two steps, because the
GPU machine may lack Scout's own dependencies (pydantic, FAISS, Flask):

1. ``python -m eval.bench.gpu prepare BUNDLE`` (on a machine with Scout
   installed) writes the texts of sample creators, the packaged model's files,
   and the fp32 CPU embeddings of the first texts as a reference;
2. ``python -m eval.bench.gpu measure BUNDLE --out DIR`` (on the GPU machine:
   needs only torch, sentence-transformers, numpy and matplotlib) measures

   * encode throughput of the same texts on the machine's CPU cores (fp32, the
     path Scout ships) and on the GPU in fp32, fp16 and bf16, at several batch
     sizes, plus the tokenizer alone (the part a GPU does not speed up);
   * agreement of each GPU path's vectors with the CPU fp32 reference (cosine);
   * exact top-10 search over 100k and 1M clustered unit vectors with a torch
     matrix product on the GPU (the brute-force FAISS-GPU equivalent), one
     query at a time and in batches, against the same search on the CPU.

``--weights-fp16`` in ``prepare`` stores the weights in half precision (the
transfer to the GPU machine is size-limited); ``measure`` casts them back to
fp32 for the fp32 paths and says so in the result.

``scout bench gpu`` runs both steps in one process where a GPU is present.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import Settings, percentiles, table, write_result

#: Creators whose texts are embedded; about 8 texts each.
CREATORS = 600
REFERENCE_TEXTS = 256
LATENCY_TEXTS = 200
BATCHES_GPU = (64, 256, 1024)
BATCHES_CPU = (64, 256)
SEARCH_SIZES = (100_000, 1_000_000)
DIM = 384


# --------------------------------------------------------------------- prepare


def prepare(bundle: Path, *, creators: int = CREATORS,
            weights_fp16: bool = False) -> dict[str, Any]:
    """Texts, model files and fp32 CPU reference vectors for :func:`measure`."""
    from eval.bench.embed import _texts
    from indexer.embedder import load_sentence_transformer, resolve_model_path
    from scout.config import DEFAULT_MODEL

    bundle.mkdir(parents=True, exist_ok=True)
    texts = _texts(creators)
    (bundle / "texts.json").write_text(json.dumps(texts))
    source = resolve_model_path(DEFAULT_MODEL)
    model_dir = bundle / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    ignore = shutil.ignore_patterns("model.safetensors") if weights_fp16 else None
    shutil.copytree(source, model_dir, ignore=ignore)
    if weights_fp16:
        from safetensors.numpy import load_file, save_file

        tensors = load_file(str(source / "model.safetensors"))
        save_file({k: v.astype(np.float16) if v.dtype == np.float32 else v
                   for k, v in tensors.items()}, str(model_dir / "model.safetensors"))
    model = load_sentence_transformer(DEFAULT_MODEL, "cpu")
    reference = model.encode(texts[:REFERENCE_TEXTS], batch_size=64, normalize_embeddings=True,
                             convert_to_numpy=True)
    np.save(bundle / "reference.npy", reference.astype(np.float32))
    meta = {"texts": len(texts), "creators": creators, "weights_fp16": weights_fp16,
            "reference_texts": REFERENCE_TEXTS, "model": DEFAULT_MODEL}
    (bundle / "bundle.json").write_text(json.dumps(meta, indent=2))
    return meta


# --------------------------------------------------------------------- measure


def _sync(torch: Any) -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def _throughput(model: Any, texts: list[str], batch: int, reps: int, torch: Any) -> float:
    model.encode(texts[: batch * 2], batch_size=batch, normalize_embeddings=True)  # warm up
    times = []
    for _ in range(reps):
        _sync(torch)
        started = time.perf_counter()
        model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
        _sync(torch)
        times.append(time.perf_counter() - started)
    return len(texts) / float(np.median(times))


def _latency(model: Any, texts: list[str], torch: Any) -> dict[str, float]:
    """One text at a time, as a brief's embedding is computed at query time."""
    for text in texts[:5]:
        model.encode([text])
    out = []
    for text in texts:
        _sync(torch)
        started = time.perf_counter()
        model.encode([text], normalize_embeddings=True, convert_to_numpy=True)
        _sync(torch)
        out.append((time.perf_counter() - started) * 1000)
    return percentiles(out)


def _clustered(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """Unit vectors scattered around random centres (a stand-in for creator embeddings)."""
    out = np.empty((n, DIM), dtype=np.float32)
    step = 200_000
    for start in range(0, n, step):
        m = min(step, n - start)
        pick = centres[rng.integers(0, len(centres), m)]
        block = pick + rng.standard_normal((m, DIM), dtype=np.float32) * 0.05
        out[start:start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def _search(torch: Any, say: Any, queries_n: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((2_000, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    rows: list[dict[str, Any]] = []
    for n in SEARCH_SIZES:
        base = _clustered(n, rng, centres)
        queries = _clustered(queries_n, rng, centres)
        scores = queries @ base.T
        exact = np.argpartition(-scores, 10, axis=1)[:, :10]
        del scores
        # CPU: numpy matrix-vector product + argpartition, one query at a time.
        cpu_ms = []
        for q in queries:
            started = time.perf_counter()
            s = base @ q
            top = np.argpartition(-s, 10)[:10]
            top[np.argsort(-s[top])]
            cpu_ms.append((time.perf_counter() - started) * 1000)
        rows.append({"creators": n, "path": "CPU numpy fp32 (1 query)",
                     **percentiles(cpu_ms), "recall@10": 1.0})
        say(f"gpu: search {n:,} CPU p50 {rows[-1]['p50']} ms")
        if not torch.cuda.is_available():
            continue
        for dtype_name, dtype in (("fp32", torch.float32), ("fp16", torch.float16)):
            gbase = torch.from_numpy(base).to("cuda", dtype=dtype)
            gq = torch.from_numpy(queries).to("cuda", dtype=dtype)
            for _ in range(3):  # warm up kernels
                torch.topk(gbase @ gq[0], 10)
            _sync(torch)
            single, found = [], []
            for i in range(queries_n):
                started = time.perf_counter()
                top = torch.topk(gbase @ gq[i], 10).indices.cpu().numpy()
                single.append((time.perf_counter() - started) * 1000)
                found.append(top)
            recall = float(np.mean([len(set(f) & set(e)) / 10
                                    for f, e in zip(found, exact, strict=True)]))
            rows.append({"creators": n, "path": f"GPU torch {dtype_name} (1 query)",
                         **percentiles(single), "recall@10": round(recall, 4)})
            _sync(torch)
            started = time.perf_counter()
            torch.topk(gq @ gbase.T, 10, dim=1).indices.cpu()
            batched = (time.perf_counter() - started) * 1000
            rows.append({"creators": n, "path": f"GPU torch {dtype_name} (batch of {queries_n})",
                         "n": queries_n, "p50": round(batched / queries_n, 4),
                         "p95": None, "p99": None, "mean": round(batched / queries_n, 4),
                         "recall@10": round(recall, 4)})
            say(f"gpu: search {n:,} GPU {dtype_name} p50 {rows[-2]['p50']} ms, "
                f"batched {rows[-1]['p50']} ms/query")
            del gbase, gq
            torch.cuda.empty_cache()
    return rows


def measure(bundle: Path, settings: Settings, *, reps: int = 3, queries: int = 200
            ) -> dict[str, Any]:
    import torch
    from sentence_transformers import SentenceTransformer

    meta = json.loads((bundle / "bundle.json").read_text())
    texts: list[str] = json.loads((bundle / "texts.json").read_text())
    reference = np.load(bundle / "reference.npy")
    has_gpu = torch.cuda.is_available()
    gpu_name = torch.cuda.get_device_name(0) if has_gpu else None
    settings.say(f"gpu: {len(texts)} texts, GPU {gpu_name or 'none'}, "
                 f"{os.cpu_count()} CPU cores, torch threads {torch.get_num_threads()}")
    rows: list[dict[str, Any]] = []
    agreement: list[dict[str, Any]] = []

    def agree(model: Any, label: str) -> None:
        got = model.encode(texts[: len(reference)], batch_size=64, normalize_embeddings=True,
                           convert_to_numpy=True).astype(np.float32)
        cos = (got * reference).sum(axis=1)
        agreement.append({"path": label, "mean_cosine": round(float(cos.mean()), 6),
                          "min_cosine": round(float(cos.min()), 6)})

    cpu = SentenceTransformer(str(bundle / "model"), device="cpu", local_files_only=True,
                              model_kwargs={"dtype": torch.float32}).float()
    agree(cpu, "CPU fp32")
    latency: list[dict[str, Any]] = []
    briefs = texts[:LATENCY_TEXTS]
    for threads in (1, os.cpu_count() or 1):
        torch.set_num_threads(threads)
        latency.append({"path": f"CPU fp32, {threads} thread(s)", **_latency(cpu, briefs, torch)})
        settings.say(f"gpu: {latency[-1]}")
    for batch in BATCHES_CPU:
        rows.append({"path": f"CPU fp32, {os.cpu_count()} cores", "batch": batch,
                     "texts_per_s": round(_throughput(cpu, texts, batch, reps, torch), 1)})
        settings.say(f"gpu: {rows[-1]}")
    started = time.perf_counter()
    tokenize = getattr(cpu, "preprocess", cpu.tokenize)
    for i in range(0, len(texts), 256):
        tokenize(texts[i:i + 256])
    tokenize_per_s = len(texts) / (time.perf_counter() - started)
    del cpu
    if has_gpu:
        for label, dtype in (("fp32", torch.float32), ("fp16", torch.float16),
                             ("bf16", torch.bfloat16)):
            model = SentenceTransformer(str(bundle / "model"), device="cuda",
                                        local_files_only=True).to(dtype)
            agree(model, f"GPU {label}")
            latency.append({"path": f"GPU {label}", **_latency(model, briefs, torch)})
            settings.say(f"gpu: {latency[-1]}")
            for batch in BATCHES_GPU:
                rows.append({"path": f"GPU {label}", "batch": batch,
                             "texts_per_s": round(_throughput(model, texts, batch, reps, torch),
                                                  1)})
                settings.say(f"gpu: {rows[-1]}")
            del model
            torch.cuda.empty_cache()
    search = _search(torch, settings.say, queries)
    cpu_best = max(r["texts_per_s"] for r in rows if r["path"].startswith("CPU"))
    gpu_best = max((r["texts_per_s"] for r in rows if r["path"].startswith("GPU")), default=None)
    result = {"bundle": meta, "gpu": gpu_name, "cpu_cores": os.cpu_count(),
              "texts": len(texts), "runs": reps, "encode": rows, "agreement": agreement,
              "tokenize_texts_per_s": round(tokenize_per_s, 1), "search": search,
              "single_text_latency": latency,
              "gpu_over_cpu_encode": round(gpu_best / cpu_best, 2) if gpu_best else None,
              "targets": [{"target": "GPU measured (item 7)", "met": has_gpu or None}]}
    print(table([["path", "batch", "texts/s"]]
                + [[r["path"], r["batch"], r["texts_per_s"]] for r in rows]))
    print(table([["path", "mean cosine vs CPU fp32", "min"]]
                + [[a["path"], a["mean_cosine"], a["min_cosine"]] for a in agreement]))
    print(f"tokenizer alone: {tokenize_per_s:.0f} texts/s")
    print(table([["one text at a time", "p50 ms", "p95 ms", "p99 ms"]]
                + [[r["path"], r["p50"], r["p95"], r["p99"]] for r in latency]))
    print(table([["creators", "search path", "p50 ms", "p99 ms", "recall@10"]]
                + [[r["creators"], r["path"], r["p50"], r["p99"], r["recall@10"]]
                   for r in search]))

    def plot(ax: Any) -> None:
        labels = [f"{r['path']} b{r['batch']}" for r in rows]
        colours = ["tab:blue" if r["path"].startswith("CPU") else "tab:green" for r in rows]
        ax.barh(labels, [r["texts_per_s"] for r in rows], color=colours)
        ax.set_xscale("log")
        ax.set_xlabel("texts / second (log)")
        ax.set_title(f"Embedding throughput, {gpu_name or 'no GPU'} vs {os.cpu_count()} CPU cores")

    write_result(settings, "gpu", result, plot)
    if search:
        _plot_search(settings, search)
    return result


def _plot_search(settings: Settings, search: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
    for path in dict.fromkeys(r["path"].split(" (")[0] + (" batched" if "batch" in r["path"]
                                                           else "") for r in search):
        pts = [r for r in search
               if r["path"].split(" (")[0] + (" batched" if "batch" in r["path"] else "") == path]
        ax.plot([r["creators"] for r in pts], [r["p50"] for r in pts], marker="o", label=path)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("vectors searched")
    ax.set_ylabel("ms per query (p50)")
    ax.set_title("Exact top-10 search: GPU vs CPU")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(settings.out / "gpu-search.png")
    plt.close(fig)


# ------------------------------------------------------------------ entrypoints


def run(settings: Settings) -> dict[str, Any]:
    """``scout bench gpu``: prepare and measure in one process (needs a CUDA device)."""
    import tempfile

    import torch

    if not torch.cuda.is_available():
        raise SystemExit("scout bench gpu: no CUDA device here (torch.cuda.is_available() is "
                         "False); docs/benchmarks.md section 7 shows how it was measured")
    with tempfile.TemporaryDirectory() as tmp:
        prepare(Path(tmp), creators=60 if settings.size == "small" else CREATORS)
        return measure(Path(tmp), settings, reps=2 if settings.size == "small" else 3,
                       queries=20 if settings.size == "small" else 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench.gpu", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare", help="write texts, model files and reference vectors")
    p.add_argument("bundle", type=Path)
    p.add_argument("--creators", type=int, default=CREATORS)
    p.add_argument("--weights-fp16", action="store_true",
                   help="store the weights in half precision (smaller transfer)")
    m = sub.add_parser("measure", help="measure on this machine's CPU and GPU")
    m.add_argument("bundle", type=Path)
    m.add_argument("--out", type=Path, default=Path("bench-results"))
    m.add_argument("--reps", type=int, default=3)
    m.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    if args.step == "prepare":
        print(json.dumps(prepare(args.bundle, creators=args.creators,
                                 weights_fp16=args.weights_fp16)))
        return 0
    measure(args.bundle, Settings(size="full", out=args.out), reps=args.reps,
            queries=args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
