"""What every benchmark shares: sizes, machine facts, percentiles, JSON + PNG output."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Corpus sizes per ``--size``: "small" proves every benchmark works (CI), "full" is the report.
SIZES: dict[str, list[int]] = {"small": [300, 1_000], "full": [10_000, 100_000, 1_000_000]}
SEED = 42


@dataclass
class Settings:
    """Options common to every ``scout bench`` command."""

    size: str = "small"
    out: Path = Path("bench-results")
    data: Path = Path("data/bench-corpora")
    sizes: list[int] = field(default_factory=list)
    device: str = "cpu"
    queries: int = 0
    quiet: bool = False

    def corpus_sizes(self) -> list[int]:
        return self.sizes or SIZES[self.size]

    def n_queries(self, small: int, full: int) -> int:
        return self.queries or (small if self.size == "small" else full)

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)


@contextmanager
def all_cores() -> Iterator[None]:
    """FAISS may use every core inside (index builds): queries are measured on one
    thread (``scout bench`` sets ``OMP_NUM_THREADS=1``), but a graph build need not wait."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(max(1, os.cpu_count() or 1))
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


def percentiles(values_ms: Sequence[float]) -> dict[str, float]:
    """Median, p95, p99, mean and count of latencies in milliseconds."""
    if not values_ms:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "p99": float("nan"),
                "mean": float("nan")}
    arr = np.asarray(values_ms, dtype=np.float64)
    return {"n": int(arr.size), "p50": round(float(np.percentile(arr, 50)), 3),
            "p95": round(float(np.percentile(arr, 95)), 3),
            "p99": round(float(np.percentile(arr, 99)), 3), "mean": round(float(arr.mean()), 3)}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return (time.perf_counter() - started) * 1000.0, out


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """The facts a reader needs to weigh a figure: CPU, cores, memory, load, versions."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) * 1024 for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), 0)
    versions: dict[str, str] = {"python": platform.python_version()}
    for name in ("numpy", "faiss", "torch", "sentence_transformers", "onnxruntime"):
        module = sys.modules.get(name)
        if module is None:
            try:
                module = __import__(name)
            except Exception:  # optional: report what is there
                continue
        versions[name] = str(getattr(module, "__version__", "?"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "load_avg": [round(x, 2) for x in os.getloadavg()], "platform": platform.platform(),
            "versions": versions, "commit": commit,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def write_result(settings: Settings, name: str, result: dict[str, Any],
                 plot: Callable[[Any], None] | None) -> dict[str, Path]:
    """``<out>/<name>.json`` (with the machine and command) and ``<out>/<name>.png``."""
    settings.out.mkdir(parents=True, exist_ok=True)
    body = {"benchmark": name, "size": settings.size, "command": " ".join(sys.argv),
            "machine": machine(), **result}
    json_path = settings.out / f"{name}.json"
    json_path.write_text(json.dumps(body, indent=2, default=_jsonable) + "\n")
    paths = {"json": json_path}
    if plot is not None:
        paths["png"] = save_plot(settings.out / f"{name}.png", plot)
    return paths


def save_plot(png: Path, plot: Callable[[Any], None]) -> Path:
    """Draw ``plot`` on the axes of a new figure, the same size for every benchmark, and
    save it as ``png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.5), dpi=110)
    plot(ax)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)
    return png


def plot_p95_by_size(ax: Any, rows: Sequence[dict[str, Any]],
                     series: Sequence[tuple[str, str, Callable[[dict[str, Any]], bool]]], *,
                     xlabel: str, ylabel: str, title: str) -> None:
    """p95 against corpus size on log-log axes: one line per ``(label, style, keep)``,
    through the ``rows`` that ``keep`` selects (each with ``creators`` and ``p95``)."""
    for label, style, keep in series:
        pts = sorted((r["creators"], r["p95"]) for r in rows if keep(r))
        if pts:
            ax.plot(*zip(*pts, strict=True), style, marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7, ncol=2)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    return str(value)


def table(rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table; the first row is the header."""
    cells = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def rss_bytes(pid: int | str = "self") -> dict[str, int]:
    """Resident (VmRSS), peak resident (VmHWM) and proportional (Pss) bytes of a process."""
    out: dict[str, int] = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0].lower()] = int(line.split()[1]) * 1024
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            out["pss"] = int(line.split()[1]) * 1024
    return out
