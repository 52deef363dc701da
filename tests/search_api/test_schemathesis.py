"""Property-based runs of the whole API against its own OpenAPI spec (schemathesis).

1. With valid keys (an admin key of the catalog tenant, so every operation is allowed):
   no 5xx, and every response conforms to the spec (status, media type, body schema,
   headers), over every operation.
2. With no key, a malformed key or a revoked key: only 401 (403/404 tolerated) on every
   non-public operation.
3. With another tenant's keys aimed at tenant A's real shortlist, feedback, brief and key
   ids: only 401/403/404, and A's data is unchanged afterwards.

Examples per operation are bounded (see ``EXAMPLES``) so the file runs in about a minute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from api_support import CORPUS, Api, make_api
from conftest import write_jsonl
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from scout.config import load_config
from scout.engine import Engine

#: Generated requests per operation: the valid-key run explores inputs; the others only
#: need a few shapes of each request, since the key is checked before anything else.
EXAMPLES = 20
NEGATIVE_EXAMPLES = 5
OWNED_PARAMS = {"shortlist_id", "feedback_id", "brief_id", "key_id"}


@pytest.fixture(scope="module")
def module_api(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    engine = Engine(load_config(data_dir=tmp / "idx", show_progress=False), embedder=embedder)
    engine.index_paths([write_jsonl(tmp / "corpus.jsonl", CORPUS)])
    api = make_api(engine, tmp, rate_limit="off", catalog_tenant="acme")
    yield api
    api.accounts.close()
    engine.close()


@pytest.fixture(scope="module")
def seeded(module_api: Api) -> dict[str, str]:
    """Tenant acme's real resources, for the cross-tenant run to aim at."""
    c = module_api.client("acme", "admin")
    sid = c.post("/v1/shortlists", json={"name": "seeded"}).get_json()["id"]
    c.put(f"/v1/shortlists/{sid}/items/lifter", json={"note": "n", "tags": ["t"]})
    fid = c.post("/v1/feedback", json={"creator_id": "lifter", "views": 10}).get_json()["id"]
    bid = c.post("/v1/briefs", json={"text": "protein bar"}).get_json()["id"]
    kid = c.post("/v1/keys", json={"name": "seeded", "scope": "read"}).get_json()["id"]
    c.put("/v1/exclusions/gamer", json={"reason": "seeded"})
    return {"shortlist_id": sid, "feedback_id": fid, "brief_id": bid, "key_id": kid,
            "creator_id": "lifter"}


@pytest.fixture(scope="module")
def api_schema(module_api: Api) -> Any:
    return schemathesis.openapi.from_wsgi("/openapi.json", module_api.app)


def for_every_operation(api_schema: Any, check: Callable[[Any], None], examples: int,
                        only: Callable[[Any], bool] = lambda operation: True) -> None:
    """Run ``check`` on generated cases of every operation; report all failing ones."""
    failures: list[str] = []
    labels: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        if not only(operation):
            continue

        @settings(max_examples=examples, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            check(case)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then fail once
            failures.append(f"{operation.label}: {exc}")
    assert len(labels) >= 30, labels
    assert not failures, "\n\n".join(failures)


def test_valid_keys_conform_to_spec(module_api: Api, api_schema: Any) -> None:
    key = module_api.key("acme", "admin")
    # Not "positive_data_acceptance": a schema cannot say which cursors Scout issued or
    # which names are taken, so some schema-valid requests are rightly refused (400/409/422).
    for_every_operation(api_schema, lambda case: case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"}, excluded_checks=[positive_data_acceptance]),
        EXAMPLES)


def test_without_a_valid_key_only_401(module_api: Api, api_schema: Any) -> None:
    revoked = module_api.accounts.keys.create("acme", "admin", "revoked")[0]
    module_api.accounts.keys.revoke(revoked.split("_")[1])
    bad_headers = ({}, {"Authorization": "Bearer scout_000000000000_" + "x" * 43},
                   {"Authorization": "Basic dXNlcjpwYXNz"},
                   {"Authorization": f"Bearer {revoked}"})

    def check(case: Any) -> None:
        public = case.operation.definition.raw.get("security") == []
        for headers in bad_headers:
            response = case.call(headers=headers)
            assert response.status_code < 500, response.text
            if not public:
                assert response.status_code == 401, (case.operation.label, response.text)
                assert response.json()["error"]["code"] == "unauthorized"
                assert "www-authenticate" in {h.lower() for h in response.headers}

    for_every_operation(api_schema, check, NEGATIVE_EXAMPLES)


def test_other_tenant_cannot_reach_owned_resources(module_api: Api, api_schema: Any,
                                                   seeded: dict[str, str]) -> None:
    keys = [module_api.key("intruder", scope) for scope in ("read", "write", "admin")]

    def owned(operation: Any) -> bool:
        """Operations naming a tenant-owned object in their path; the others act on the
        caller's own data (its lists, its new objects) or on the shared catalog."""
        return bool(set(re.findall(r"{(\w+)}", operation.path)) & OWNED_PARAMS)

    def check(case: Any) -> None:
        params = set(case.path_parameters or {})
        for name in params:
            case.path_parameters[name] = seeded.get(name, case.path_parameters[name])
        for key in keys:
            response = case.call(headers={"Authorization": f"Bearer {key}"})
            assert response.status_code in (401, 403, 404), (case.operation.label,
                                                              response.text)

    for_every_operation(api_schema, check, NEGATIVE_EXAMPLES, only=owned)


def test_seeded_data_survived_the_runs(module_api: Api, seeded: dict[str, str]) -> None:
    c = module_api.client("acme", "read")
    detail = c.get(f"/v1/shortlists/{seeded['shortlist_id']}").get_json()
    assert [i["creator_id"] for i in detail["items"]] == ["lifter"]
    assert c.get(f"/v1/feedback/{seeded['feedback_id']}").status_code == 200
    assert c.get(f"/v1/briefs/{seeded['brief_id']}").status_code == 200
    assert c.get("/v1/exclusions/gamer").status_code == 200
