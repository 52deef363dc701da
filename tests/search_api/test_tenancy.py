"""Tenant isolation: tenant B tries every endpoint against tenant A's data and learns nothing.

Every operation of the spec must be tried by the intruder here (checked at the end), so
a new endpoint cannot slip past this test unexamined.
"""

from __future__ import annotations

import re
from typing import Any

from api_support import Api, KeyedClient

from search_api.openapi import build_spec


class Recorder:
    """Wraps a client and remembers which (method, path template) it called."""

    def __init__(self, client: KeyedClient, templates: list[tuple[str, str]]) -> None:
        self.client = client
        self.templates = templates
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, method: str, url: str, **kwargs: Any) -> Any:
        path = url.split("?")[0]
        for m, template in self.templates:
            pattern = "^" + re.sub(r"{[^}]+}", "[^/]+", template) + "$"
            if m == method and re.match(pattern, path):
                self.seen.add((m, template))
        return self.client.open(url, method=method.upper(), **kwargs)


def _seed(a: KeyedClient) -> dict[str, str]:
    sid = a.post("/v1/shortlists", json={"name": "A's secret list"}).get_json()["id"]
    assert a.put(f"/v1/shortlists/{sid}/items/lifter", json={"note": "A only"}).status_code == 201
    fid = a.post("/v1/feedback", json={"creator_id": "lifter", "views": 1000, "clicks": 10,
                                       "conversions": 2, "spend": 100}).get_json()["id"]
    bid = a.post("/v1/briefs", json={"text": "protein bar", "id": "a-brief"}).get_json()["id"]
    kid = a.post("/v1/keys", json={"name": "A's page"}).get_json()["id"]
    assert a.put("/v1/exclusions/gamer", json={"reason": "A's competitor"}).status_code == 201
    assert a.put("/v1/eligibility", json={"enabled": True, "rules": [
        {"country": "DE", "min_followers": 100_000}]}).status_code == 200
    return {"sid": sid, "fid": fid, "bid": bid, "kid": kid}


def test_tenant_b_cannot_see_or_touch_tenant_a(api: Api) -> None:
    a = api.client("acme", "admin")
    ids = _seed(a)
    spec = build_spec(api.app)
    templates = [(m, p) for p, item in spec["paths"].items() for m in item]
    b = Recorder(api.client("globex", "admin"), templates)
    sid, fid, bid, kid = ids["sid"], ids["fid"], ids["bid"], ids["kid"]

    # A's objects by id: all 404, as if they did not exist.
    for method, url, body in [
        ("get", f"/v1/shortlists/{sid}", None),
        ("patch", f"/v1/shortlists/{sid}", {"name": "hijacked"}),
        ("put", f"/v1/shortlists/{sid}/items/vegan_cook", {"note": "x"}),
        ("delete", f"/v1/shortlists/{sid}/items/lifter", None),
        ("get", f"/v1/shortlists/{sid}/export?format=json", None),
        ("get", f"/v1/shortlists/{sid}/export", None),
        ("delete", f"/v1/shortlists/{sid}", None),
        ("get", f"/v1/feedback/{fid}", None),
        ("delete", f"/v1/feedback/{fid}", None),
        ("get", f"/v1/briefs/{bid}", None),
        ("post", f"/v1/briefs/{bid}/match", {"limit": 5}),
        ("delete", f"/v1/briefs/{bid}", None),
        ("delete", f"/v1/keys/{kid}", None),
        ("get", "/v1/exclusions/gamer", None),
        ("delete", "/v1/exclusions/gamer", None),
    ]:
        resp = b(method, url, json=body) if body is not None else b(method, url)
        assert resp.status_code == 404, (method, url, resp.get_data(as_text=True))
        text = resp.get_data(as_text=True)
        assert "A only" not in text and "A's" not in text and "protein bar" not in text

    # B's own views hold nothing of A's.
    assert b("get", "/v1/shortlists").get_json()["results"] == []
    assert b("get", "/v1/exclusions").get_json()["results"] == []
    assert b("get", "/v1/feedback").get_json()["results"] == []
    assert b("get", "/v1/feedback?creator_id=lifter").get_json()["results"] == []
    assert b("get", "/v1/briefs").get_json()["results"] == []
    assert kid not in [k["id"] for k in b("get", "/v1/keys").get_json()["results"]]
    assert b("get", "/v1/me").get_json()["tenant"] == "globex"
    assert b("get", "/v1/eligibility").get_json() == {"enabled": False, "rules": [],
                                                      "updated_at": None}
    profile = b("get", "/v1/creators/lifter").get_json()
    assert profile["performance"] is None and profile["excluded"] is False
    assert profile["creator"]["id"] == "lifter"

    # A's exclusions and rules do not shape B's results.
    matched = b("post", "/v1/match", json={"text": "retro games speedrun"}).get_json()
    assert "gamer" in [r["creator_id"] for r in matched["results"]] and matched["excluded"] is None
    assert "vegan_cook" in [r["creator_id"] for r in matched["results"]]
    found = b("get", "/v1/search?q=games").get_json()
    assert "gamer" in [r["creator_id"] for r in found["results"]]
    assert "gamer" in [r["creator_id"] for r in b("post", "/v1/search", json={"q": "games"})
                       .get_json()["results"]]
    similar = b("get", "/v1/creators/vegan_cook/similar").get_json()["results"]
    assert "gamer" in [r["creator_id"] for r in similar]
    # Audience overlap reads the shared catalog, A's exclusions do not apply to B.
    overlap = b("get", "/v1/creators/overlap?ids=gamer,lifter")
    assert overlap.status_code == 200 and overlap.get_json()["ids"] == ["gamer", "lifter"]

    # B writing in its own namespace never lands in A's.
    b_list = b("post", "/v1/shortlists", json={"name": "A's secret list"})
    assert b_list.status_code == 201  # names are per tenant
    b_sid = b_list.get_json()["id"]
    assert b("put", "/v1/exclusions/vegan_cook").status_code == 201
    assert b("post", "/v1/feedback", json={"creator_id": "lifter", "rating": 1}).status_code == 201
    assert b("post", "/v1/briefs", json={"text": "x", "id": "a-brief"}).status_code == 201
    assert b("put", "/v1/eligibility", json={"enabled": False, "rules": []}).status_code == 200
    assert b("post", "/v1/keys", json={"name": "b"}).status_code == 201
    # Shared, not tenant data: the catalog. B (not the catalog tenant) may not change it.
    assert b("post", "/v1/creators", json={"creators": [{"id": "x1"}]}).status_code == 403
    assert b("delete", "/v1/creators/gamer").status_code == 403
    # Public and operational endpoints.
    for url in ("/healthz", "/openapi.json", "/docs", "/metrics", "/v1/stats/tiers"):
        assert b("get", url).status_code == 200
    b("put", f"/v1/shortlists/{b_sid}/items/gamer")
    b("get", f"/v1/shortlists/{b_sid}/export")

    # A's data is exactly as A left it.
    detail = a.get(f"/v1/shortlists/{sid}").get_json()
    assert detail["name"] == "A's secret list"
    assert [(i["creator_id"], i["note"]) for i in detail["items"]] == [("lifter", "A only")]
    assert [e["creator_id"] for e in a.get("/v1/exclusions").get_json()["results"]] == ["gamer"]
    assert a.get(f"/v1/feedback/{fid}").status_code == 200
    assert a.get("/v1/creators/lifter").get_json()["performance"]["collaborations"] == 1
    assert a.get(f"/v1/briefs/{bid}").get_json()["brief"]["text"] == "protein bar"
    assert a.get("/v1/eligibility").get_json()["enabled"] is True
    a_match = a.post("/v1/match", json={"text": "retro games speedrun"}).get_json()
    assert "gamer" not in [r["creator_id"] for r in a_match["results"]]
    assert "vegan_cook" not in [r["creator_id"] for r in a_match["results"]]  # 50k < 100k in DE

    missing = sorted(set(templates) - b.seen)
    assert not missing, f"the intruder never tried: {missing}"
