"""Every endpoint needs a key of the right scope; keys are stored hashed and can be revoked."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_support import Api, error_of

from search_api.openapi import build_spec

SAMPLE_BODY: dict[str, Any] = {"text": "protein bar"}


def _operations(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    spec = build_spec(api.app)
    return [(path, method, op) for path, item in spec["paths"].items()
            for method, op in item.items()]


def _url(path: str) -> str:
    return re.sub(r"{[^}]+}", "lifter", path)


def test_every_route_is_declared(api: Api) -> None:
    """A route without an operation would still need a key, but must not hide from the spec."""
    from search_api.operations import operation_of

    for rule in api.app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        assert operation_of(api.app.view_functions[rule.endpoint]) is not None, rule.rule


def test_no_key_is_401_on_every_non_public_endpoint(api: Api) -> None:
    anonymous = api.client(None)
    checked = 0
    for path, method, op in _operations(api):
        resp = anonymous.open(_url(path), method=method.upper(), json=SAMPLE_BODY)
        if op.get("security") == []:
            assert resp.status_code < 400, (method, path)
            continue
        err = error_of(resp, 401)
        assert err["code"] == "unauthorized"
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz",
                                    "Bearer scout_000000000000_" + "a" * 43, "Bearer nonsense"])
def test_bad_authorization_headers_are_401(api: Api, header: str) -> None:
    resp = api.client(None).get("/v1/me", headers={"Authorization": header})
    assert error_of(resp, 401)["code"] == "unauthorized"


def test_scopes_are_ordered_and_enforced_on_every_endpoint(api: Api) -> None:
    ranks = {"read": 0, "write": 1, "admin": 2}
    for scope in ("read", "write"):
        c = api.client("acme", scope)
        for path, method, op in _operations(api):
            needed = op.get("x-scope")
            if needed is None or ranks[needed] <= ranks[scope]:
                continue
            resp = c.open(_url(path), method=method.upper(), json=SAMPLE_BODY)
            assert error_of(resp, 403)["code"] == "forbidden", (scope, method, path)


def test_read_key_reads_but_cannot_write(api: Api) -> None:
    c = api.client("acme", "read")
    assert c.post("/v1/match", json={"text": "protein bar"}).status_code == 200
    assert c.get("/v1/shortlists").status_code == 200
    assert error_of(c.post("/v1/shortlists", json={"name": "x"}), 403)["code"] == "forbidden"
    assert error_of(c.put("/v1/exclusions/gamer"), 403)["code"] == "forbidden"


def test_catalog_writes_need_the_catalog_tenant(api: Api) -> None:
    record = {"id": "newbie", "bio": "Vegan baking", "country": "DE", "followers": 1000}
    brand = api.client("acme", "admin")
    assert error_of(brand.post("/v1/creators", json={"creators": [record]}), 403)["code"] == \
        "forbidden"
    assert error_of(brand.delete("/v1/creators/gamer"), 403)["code"] == "forbidden"
    ops = api.client("operator", "write")
    assert ops.post("/v1/creators", json={"creators": [record]}).get_json()["indexed"] == 1
    assert ops.get("/v1/creators/newbie").status_code == 200
    bad = ops.post("/v1/creators", json={"creators": [{**record, "followers": -1}]})
    assert error_of(bad, 422)["field"] == "creators[0].followers"
    assert ops.delete("/v1/creators/newbie").status_code == 204
    assert error_of(ops.delete("/v1/creators/newbie"), 404)["field"] == "creator_id"
    assert error_of(api.client("operator", "read").delete("/v1/creators/gamer"), 403)


def test_keys_are_stored_hashed_and_revocable(api: Api) -> None:
    key, info = api.accounts.keys.create("acme", "read", "probe")
    secret = key.split("_", 2)[2]
    api.accounts.db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    on_disk = b"".join(p.read_bytes() for p in api.accounts.db.path.parent.glob("tenants.db*"))
    assert secret.encode() not in on_disk and key.encode() not in on_disk
    c = api.client(key=key)
    assert c.get("/v1/me").get_json() == {"tenant": "acme", "key_id": info.id, "scope": "read",
                                          "rate_limit": "1200/minute"}
    api.accounts.keys.revoke(info.id)
    assert "revoked" in error_of(c.get("/v1/me"), 401)["message"]


def test_key_management_api_stays_in_the_tenant(api: Api) -> None:
    admin = api.client("acme", "admin")
    made = admin.post("/v1/keys", json={"name": "web page", "scope": "read"})
    assert made.status_code == 201
    body = made.get_json()
    assert body["key"].startswith(f"scout_{body['id']}_") and body["tenant"] == "acme"
    listed = admin.get("/v1/keys").get_json()["results"]
    assert body["id"] in [k["id"] for k in listed]
    assert all("key" not in k and "hash" not in k for k in listed)
    assert api.client(key=body["key"]).get("/v1/me").get_json()["scope"] == "read"
    other = api.client("globex", "admin")
    assert body["id"] not in [k["id"] for k in other.get("/v1/keys").get_json()["results"]]
    assert error_of(other.delete(f"/v1/keys/{body['id']}"), 404)["code"] == "not_found"
    assert api.client(key=body["key"]).get("/v1/me").status_code == 200
    assert admin.delete(f"/v1/keys/{body['id']}").status_code == 204
    assert error_of(api.client(key=body["key"]).get("/v1/me"), 401)
    assert error_of(admin.post("/v1/keys", json={"scope": "root"}), 400)["field"] == "scope"


def test_public_endpoints_need_no_key(api: Api) -> None:
    anonymous = api.client(None)
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/openapi.json").get_json()["openapi"] == "3.1.0"
    assert anonymous.get("/docs").status_code == 200
    assert error_of(anonymous.get("/metrics"), 401)
    assert api.client("acme", "admin").get("/metrics").status_code == 200
