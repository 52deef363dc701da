"""The API's search cache: repeats come from memory, and no write is ever hidden by it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api_support import Api, make_api
from conftest import creator_record, post


def _ids(resp: Any) -> list[str]:
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return [hit["creator_id"] for hit in resp.get_json()["results"]]


def test_a_repeated_search_is_the_same_answer_from_the_cache(api: Api) -> None:
    c = api.client("acme", "read")
    url = "/v1/search?q=protein&facet=category&limit=1"
    first, again = c.get(url), c.get(url)
    assert (first.headers["X-Scout-Cache"], again.headers["X-Scout-Cache"]) == ("miss", "hit")
    assert again.get_data() == first.get_data()
    # The same query as a JSON body is the same question.
    body = c.post("/v1/search", json={"q": "protein", "facets": ["category"], "limit": 1})
    assert body.headers["X-Scout-Cache"] == "hit" and body.get_data() == first.get_data()
    # Another page, another filter: another question.
    nxt = c.get(url + "&cursor=" + first.get_json()["next_cursor"])
    assert nxt.headers["X-Scout-Cache"] == "miss" and _ids(nxt) != _ids(first)
    assert c.get(url + "&country=FR").headers["X-Scout-Cache"] == "miss"


def test_catalog_writes_are_searchable_at_once(api: Api) -> None:
    c = api.client("acme", "read")
    ops = api.client("operator", "write")
    url = "/v1/search?q=protein"
    assert "shaker" not in _ids(c.get(url)) and c.get(url).headers["X-Scout-Cache"] == "hit"
    record = creator_record("shaker", bio="Protein shakes reviewed",
                            content=[post("s1", "Ranking every protein shake")])
    assert ops.post("/v1/creators", json={"creators": [record]}).get_json()["indexed"] == 1
    fresh = c.get(url)
    assert fresh.headers["X-Scout-Cache"] == "miss" and "shaker" in _ids(fresh)
    assert ops.delete("/v1/creators/lifter").status_code == 204
    assert "lifter" not in _ids(c.get(url))


def test_each_tenant_sees_its_own_holdbacks(api: Api) -> None:
    acme, other = api.client("acme", "write"), api.client("other", "read")
    url = "/v1/search?q=protein"
    assert "lifter" in _ids(acme.get(url)) and "lifter" in _ids(other.get(url))
    assert acme.put("/v1/exclusions/lifter").status_code == 201
    held = acme.get(url)
    assert "lifter" not in _ids(held)
    assert held.get_json()["excluded"] == {"total": 1, "by_rule": {"exclusion": 1}}
    seen = other.get(url)  # the other tenant's answer is untouched, and still cached
    assert "lifter" in _ids(seen) and seen.headers["X-Scout-Cache"] == "hit"
    assert acme.delete("/v1/exclusions/lifter").status_code == 204
    assert "lifter" in _ids(acme.get(url))


def test_another_process_write_is_seen_through_the_cache(api: Api, make_engine: Any,
                                                         tmp_path: Path) -> None:
    engine = api.app.extensions["scout"]
    writer = make_engine(engine.config.data_dir.name)  # a second process's engine
    c = api.client("acme", "read")
    url = "/v1/search?q=retro+games"
    assert _ids(c.get(url))[0] == "gamer" and c.get(url).headers["X-Scout-Cache"] == "hit"
    writer.delete(["gamer"])
    engine.refresh(max_age_s=0)  # what the next request does within 0.2 s
    assert "gamer" not in _ids(c.get(url))


def test_the_cache_can_be_turned_off(api: Api, tmp_path: Path) -> None:
    off = make_api(api.app.extensions["scout"], tmp_path / "off", search_cache_size=0)
    try:
        c = off.client("acme", "read")
        first, again = c.get("/v1/search?q=protein"), c.get("/v1/search?q=protein")
        assert "X-Scout-Cache" not in again.headers and _ids(again) == _ids(first)
    finally:
        off.accounts.close()
