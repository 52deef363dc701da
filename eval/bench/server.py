"""A real ``scout serve`` in a child process, and API keys for it (loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eval.bench.common import rss_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_key(data_dir: Path, tenant: str, scope: str, env: dict[str, str] | None = None
               ) -> str:
    """A new API key from ``scout keys create`` (printed once; the last token of stdout)."""
    out = subprocess.run(
        [sys.executable, "-m", "scout", "keys", "create", "--tenant", tenant, "--scope", scope,
         "--data-dir", str(data_dir), "--name", "bench", "--rate-limit", "off"],
        capture_output=True, text=True, check=True, env={**os.environ, **(env or {})},
        timeout=120)
    return out.stdout.splitlines()[0].strip()  # the key is the first line of stdout


@contextmanager
def serve(data_dir: Path, workers: int = 2, env: dict[str, str] | None = None,
          timeout_s: float = 600.0) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start ``scout serve`` on a free loopback port; yield its base URL and process."""
    port = free_port()
    environ = {**os.environ, "SCOUT_RATE_LIMIT": "off", "OMP_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", **(env or {})}
    log = (data_dir / "bench-serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "scout", "serve", "--data-dir", str(data_dir), "--host",
         "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT, env=environ)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if proc.poll() is not None:
                tail = (data_dir / "bench-serve.log").read_text(errors="replace")[-3000:]
                # The tail goes in the message: callers often delete data_dir right after.
                raise RuntimeError(f"scout serve exited ({proc.returncode}); the end of "
                                   f"{data_dir / 'bench-serve.log'}:\n{tail}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as resp:
                    if resp.status == 200 and len(children(proc.pid)) >= workers:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("scout serve did not become ready in time")
            time.sleep(0.5)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def server_memory(pid: int) -> dict[str, int]:
    """RSS, peak RSS and PSS of the gunicorn master and its workers, summed (and per worker)."""
    procs = [pid, *children(pid)]
    stats = [rss_bytes(p) for p in procs]
    return {"processes": len(procs),
            "rss_sum": sum(s.get("vmrss", 0) for s in stats),
            "peak_rss_sum": sum(s.get("vmhwm", 0) for s in stats),
            "pss_sum": sum(s.get("pss", 0) for s in stats),
            "peak_rss_worker_max": max((s.get("vmhwm", 0) for s in stats[1:]), default=0)}
