"""GET /v1/creators/overlap over a real engine, with API keys; the match answer's new fields."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Api, error_of, make_api
from conftest import creator_record, post, write_jsonl

DE = {"countries": {"DE": 0.8}, "age": {"18-24": 0.6, "25-34": 0.4},
      "gender": {"female": 0.5, "male": 0.5}}
FR = {"countries": {"FR": 0.9}, "age": {"18-24": 0.6, "25-34": 0.4},
      "gender": {"female": 0.5, "male": 0.5}}
CORPUS = [
    creator_record("cook_a", audience=DE, content=[post("a1", "Vegan ramen in 15 minutes")],
                   audience_sample={"kind": "commenters", "ids": ["u1", "u2", "u3", "u4"]}),
    creator_record("cook_b", audience=DE, content=[post("b1", "Tofu stir fry for two")],
                   audience_sample={"kind": "commenters", "ids": ["u1", "u2", "u9"]}),
    creator_record("cook_fr", country="FR", languages=["fr"], audience=FR,
                   content=[post("f1", "Ratatouille vegan")]),
]


@pytest.fixture
def api(make_engine: Any, tmp_path: Path) -> Iterator[Api]:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "corpus.jsonl", CORPUS)])
    made = make_api(engine, tmp_path)
    yield made
    made.accounts.close()


def test_overlap_matrix_and_explanations(api: Api) -> None:
    resp = api.client("acme", "read").get("/v1/creators/overlap?ids=cook_a,cook_b,cook_fr")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["ids"] == ["cook_a", "cook_b", "cook_fr"]
    m = body["matrix"]
    assert [m[i][i] for i in range(3)] == [1.0, 1.0, 1.0]
    assert m[0][1] == m[1][0] == pytest.approx(0.6667)  # 2 shared of the smaller list's 3
    # DE vs FR: countries 0, age 1, gender 1 -> 2/3 alike, from demographics only
    assert m[0][2] == pytest.approx(0.6667) and m[0][2] == m[2][0]
    pairs = {(p["a"], p["b"]): p for p in body["pairs"]}
    assert pairs["cook_a", "cook_b"]["basis"] == "sample"
    assert pairs["cook_a", "cook_b"]["shared_ids"] == 2
    assert pairs["cook_a", "cook_fr"]["basis"] == "demographics"
    assert pairs["cook_a", "cook_fr"]["dimensions"] == {"countries": 0.0, "age": 1.0,
                                                        "gender": 1.0}
    assert "audiences look 67% alike" in pairs["cook_a", "cook_fr"]["explanation"]
    assert resp.headers.get("X-Request-Id")


def test_overlap_accepts_repeated_ids(api: Api) -> None:
    c = api.client("acme", "read")
    one = c.get("/v1/creators/overlap?ids=cook_a&ids=cook_fr").get_json()
    assert one["ids"] == ["cook_a", "cook_fr"] and len(one["pairs"]) == 1


def test_overlap_needs_a_key(api: Api) -> None:
    resp = api.client(None).get("/v1/creators/overlap?ids=cook_a,cook_b")
    assert error_of(resp, 401)["code"] == "unauthorized"
    assert "WWW-Authenticate" in resp.headers


def test_overlap_bad_requests_name_the_field(api: Api) -> None:
    c = api.client("acme", "read")
    assert error_of(c.get("/v1/creators/overlap"), 422)["field"] == "ids"
    assert error_of(c.get("/v1/creators/overlap?ids=cook_a"), 422)["field"] == "ids"
    assert error_of(c.get("/v1/creators/overlap?ids=cook_a,cook_a"), 422)["field"] == "ids"
    many = ",".join(f"c{i}" for i in range(51))
    assert error_of(c.get(f"/v1/creators/overlap?ids={many}"), 422)["field"] == "ids"
    err = error_of(c.get("/v1/creators/overlap?ids=cook_a,ghost"), 404)
    assert err["field"] == "ids" and "ghost" in err["message"]


def test_overlap_is_in_the_openapi_spec(api: Api) -> None:
    spec = api.client(None).get("/openapi.json").get_json()
    op = spec["paths"]["/v1/creators/overlap"]["get"]
    assert op["operationId"] == "creators_overlap"
    assert op["x-scope"] == "read"
    assert [p["name"] for p in op["parameters"]] == ["ids"] and op["parameters"][0]["required"]
    assert {"200", "401", "404", "422"} <= set(op["responses"])
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/OverlapResponse")
    # the profile route still answers for real ids
    assert api.client("acme", "read").get("/v1/creators/cook_a").status_code == 200


def test_match_answers_proposed_set_and_takes_diversity(api: Api) -> None:
    c = api.client("acme", "read")
    body = c.post("/v1/match", json={"text": "vegan recipes", "budget": {"total": 500},
                                     "creators_wanted": 2, "diversity": 0.3}).get_json()
    proposed = body["proposed_set"]
    assert proposed["budget_eur"] == 500.0 and proposed["total_cost_eur"] <= 500.0
    assert set(proposed) >= {"creator_ids", "expected_reach", "objective", "top_k"}
    assert body["results"][1]["redundant_with"] is not None
    plain = c.post("/v1/match", json={"text": "vegan recipes"}).get_json()
    assert plain["proposed_set"] is None
    assert all(r["redundancy"] is None for r in plain["results"])
    err = error_of(c.post("/v1/match", json={"text": "x", "diversity": 2}), 422)
    assert err["field"] == "diversity"
