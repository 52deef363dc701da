"""A bounded HTTP load generator, run as its own process: ``python -m eval.bench.loadgen``.

``--connections`` keep-alive connections (threads) send ``--requests`` requests in
all, or stop at ``--seconds``; each request is picked round-robin from a JSON
list of ``{"method", "path", "body"}``. Prints one JSON object: completed
requests, errors, wall time, requests/s and latency percentiles.

Without ``--rate`` the load is a closed loop: each connection sends its next request as
soon as the last is answered, so the server runs flat out and the latencies include
the time each request queued behind the others (the server's saturation point).
``--rate R`` offers ``R`` requests a second instead: request ``n`` is due ``n / R``
seconds after the start, whichever connection is free sends it, and its latency counts
from when it was due, not when it was sent, so a server that falls behind is charged
for the wait of every request it delayed (no "coordinated omission"). ``behind_ms``
reports the latest any request was sent: a few ms when the server kept up.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from typing import Any
from urllib.parse import urlparse

import numpy as np


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--requests-file", required=True)
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--rate", type=float, default=0.0,
                   help="requests offered a second (0: closed loop, as fast as answered)")
    args = p.parse_args(argv)
    if args.rate < 0:
        p.error(f"--rate must be 0 (closed loop) or more, not {args.rate}")
    with open(args.requests_file, encoding="utf-8") as handle:
        plan: list[dict[str, Any]] = json.load(handle)
    target = urlparse(args.url)
    lock = threading.Lock()
    counter = {"next": 0}
    latencies: list[float] = []
    errors: dict[str, int] = {}
    behind = {"ms": 0.0}
    start = time.perf_counter()
    deadline = time.monotonic() + args.seconds
    headers = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}

    def worker() -> None:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                n = counter["next"]
                if n >= args.requests:
                    break
                counter["next"] = n + 1
            req = plan[n % len(plan)]
            body = json.dumps(req["body"]).encode() if req.get("body") is not None else None
            started = time.perf_counter()
            if args.rate:
                due = start + n / args.rate
                if due > started:
                    time.sleep(due - started)
                late = (time.perf_counter() - due) * 1000.0
                with lock:
                    behind["ms"] = max(behind["ms"], late)
                started = due
            try:
                conn.request(req["method"], req["path"], body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__  # type: ignore[assignment]
                conn.close()
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000.0
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    arr = np.asarray(latencies) if latencies else np.asarray([np.nan])
    json.dump({"completed": len(latencies), "errors": errors, "wall_s": round(wall, 3),
               "rps": round(len(latencies) / wall, 1) if wall else 0.0,
               "connections": args.connections,
               **({"offered_rps": args.rate, "behind_ms": round(behind["ms"], 2)}
                  if args.rate else {}),
               "p50_ms": round(float(np.percentile(arr, 50)), 2),
               "p95_ms": round(float(np.percentile(arr, 95)), 2),
               "p99_ms": round(float(np.percentile(arr, 99)), 2)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
