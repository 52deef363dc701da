"""Sample data -> CLI index -> match through the CLI and over HTTP, with the real model.

Two hand-made creators are added to the generated corpus so the test can check
behaviour exactly: on the same topic, a micro creator with strong engagement
must rank above a mega creator with weak engagement.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import creator_record, post

pytestmark = pytest.mark.slow

SCOUT = [sys.executable, "-m", "scout"]
BRIEF = {
    "text": "Plant-based vegan recipes: quick tofu dinners and meal prep",
    "objective": "conversions",
    "countries": ["DE", "AT", "US", "GB"],
    "followers": {"min": 10_000},
    "min_engagement_rate": 0.005,
    "budget": {"total": 50_000, "currency": "EUR"},
    "creators_wanted": 10,
    "limit": 30,
}
VEGAN_POSTS = ["Vegan tofu stir fry in 15 minutes", "Plant-based meal prep for the week",
               "Crispy tofu dinner, fully vegan"]


def _posts(prefix: str, views: int, likes: int) -> list[dict[str, Any]]:
    return [post(f"{prefix}{n}", caption, views=views, likes=likes, hashtags=["vegan", "tofu"])
            for n, caption in enumerate(VEGAN_POSTS)]


MICRO = creator_record("zz_micro_vegan", bio="Vegan home cooking", followers=40_000,
                       avg_views=30_000, country="DE", posts=None,
                       content=_posts("m", views=30_000, likes=3_600))
MEGA = creator_record("zz_mega_vegan", bio="Vegan home cooking", followers=3_000_000,
                      avg_views=120_000, country="DE",
                      content=_posts("g", views=120_000, likes=600))
OFF_TOPIC = creator_record("zz_off_topic", bio="Car reviews and engine sounds", followers=40_000,
                           avg_views=30_000, country="DE", categories=["cars"],
                           content=[post("c1", "V8 engine cold start", views=30_000, likes=3_600,
                                         hashtags=["cars"])])


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCOUT, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    done = run_cli("sample-data", "--creators", "300", "--seed", "11", "--out", str(root / "s"))
    assert done.returncode == 0, done.stderr
    with (root / "s" / "creators.jsonl").open("a") as handle:
        for record in (MICRO, MEGA, OFF_TOPIC):
            record.pop("posts", None)
            handle.write(json.dumps(record) + "\n")
    done = run_cli("index", str(root / "s" / "creators.jsonl"), "--data-dir", str(root / "idx"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indexed"] == 303
    (root / "brief.json").write_text(json.dumps(BRIEF))
    return root


def check_response(body: dict[str, Any]) -> list[str]:
    results = body["results"]
    assert results, "the brief should match creators"
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    for r in results:
        assert abs(sum(r["breakdown"].values()) - r["score"]) < 1e-6
        c = r["creator"]
        assert c["country"] in BRIEF["countries"]
        assert c["followers"] >= 10_000
        assert c["engagement_rate"] >= 0.005
        assert r["reasons"]
    ids = [r["creator_id"] for r in results]
    assert len(ids) == len(set(ids))
    return ids


def test_match_through_cli(indexed: Path) -> None:
    done = run_cli("match", str(indexed / "brief.json"), "--data-dir", str(indexed / "idx"),
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    ids = check_response(json.loads(done.stdout))
    assert "zz_micro_vegan" in ids
    assert "zz_mega_vegan" not in ids or ids.index("zz_micro_vegan") < ids.index("zz_mega_vegan")
    assert "zz_off_topic" not in ids[:10]


def test_cli_refuses_bad_brief(indexed: Path) -> None:
    bad = indexed / "bad.json"
    bad.write_text(json.dumps({**BRIEF, "followers": {"min": "many"}}))
    done = run_cli("match", str(bad), "--data-dir", str(indexed / "idx"))
    assert done.returncode == 1
    assert "followers.min" in done.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_match_over_http(indexed: Path) -> None:
    port = _free_port()
    log = (indexed / "serve.log").open("w")
    server = subprocess.Popen([*SCOUT, "serve", "--data-dir", str(indexed / "idx"), "--port",
                               str(port), "--workers", "1"],
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            pytest.fail("scout serve did not come up in 120 s: "
                        + (indexed / "serve.log").read_text()[-2000:])
        headers = _auth_headers(indexed)
        resp = requests.post(f"{base}/v1/match", json=BRIEF, headers=headers, timeout=60)
        assert resp.status_code == 200, resp.text
        ids = check_response(resp.json())
        assert ids.index("zz_micro_vegan") < ids.index("zz_mega_vegan") \
            if "zz_mega_vegan" in ids else "zz_micro_vegan" in ids
        bad = requests.post(f"{base}/v1/match", json={"text": ""}, headers=headers, timeout=60)
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "text"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _auth_headers(indexed: Path) -> dict[str, str]:
    """A read key when the API requires keys (created through the CLI)."""
    help_text = run_cli("--help").stdout
    if "keys" not in help_text:
        return {}
    done = run_cli("keys", "create", "--tenant", "e2e", "--scope", "read", "--data-dir",
                   str(indexed / "idx"))
    assert done.returncode == 0, done.stderr
    key = done.stdout.strip().split()[-1]
    return {"Authorization": f"Bearer {key}"}
