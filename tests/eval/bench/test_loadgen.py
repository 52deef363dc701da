"""The load generator's two modes against a server that takes a known time to answer.

The bounds below are lower bounds on latency that follow from the server's own delay and
the schedule, so a slow or busy machine can only make the measured values larger.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

SERVICE_S = 0.02  # each answer takes at least this long; one request at a time


class _Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load generator expects

    def do_GET(self) -> None:
        time.sleep(SERVICE_S)
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Slow)  # one thread: answers one at a time
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _run(url: str, tmp_path: Path, *extra: str) -> dict[str, object]:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps([{"method": "GET", "path": "/"}]))
    out = subprocess.run(
        [sys.executable, "-m", "eval.bench.loadgen", "--url", url, "--key", "k",
         "--requests-file", str(plan), "--requests", "20", "--connections", "1", *extra],
        capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout)
    assert result["completed"] == 20 and result["errors"] == {}, result
    return result


def test_a_closed_loop_counts_each_request_from_when_it_was_sent(
        slow_server: str, tmp_path: Path) -> None:
    result = _run(slow_server, tmp_path)
    assert "offered_rps" not in result and "behind_ms" not in result
    assert float(result["p50_ms"]) >= SERVICE_S * 1000  # type: ignore[arg-type]


def test_an_offered_rate_charges_a_server_that_falls_behind_for_the_wait(
        slow_server: str, tmp_path: Path) -> None:
    # 200 requests a second offered to a server that answers at most 50: request n is due
    # at n * 5 ms but cannot be answered before (n + 1) * 20 ms, so the last of 20 is at
    # least 400 - 95 = 305 ms late; a closed loop would report ~20 ms for every one
    result = _run(slow_server, tmp_path, "--rate", "200")
    assert result["offered_rps"] == 200.0
    assert float(result["p99_ms"]) >= 250.0, result  # type: ignore[arg-type]
    assert float(result["behind_ms"]) >= 200.0, result  # type: ignore[arg-type]


def test_a_negative_rate_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("[]")
    out = subprocess.run(
        [sys.executable, "-m", "eval.bench.loadgen", "--url", "http://127.0.0.1:9",
         "--key", "k", "--requests-file", str(plan), "--rate", "-1"],
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--rate must be 0 (closed loop) or more" in out.stderr
