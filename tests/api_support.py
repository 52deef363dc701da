"""Support for the API tests: a tiny corpus, a keyed test client, per-tenant keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import creator_record, post
from flask import Flask
from flask.testing import FlaskClient

from search_api import create_app
from search_api.accounts import Accounts

CORPUS = [
    creator_record("vegan_cook", bio="Quick vegan dinners", categories=["food"],
                   audience={"countries": {"DE": 0.7}, "age": {"18-24": 0.5}},
                   content=[post("v1", "15-minute tofu ramen", hashtags=["vegan", "ramen"]),
                            post("v2", "Plant-based protein pancakes", hashtags=["vegan"])]),
    creator_record("gamer", bio="Speedruns and retro games", categories=["gaming"], country="FR",
                   languages=["fr"],
                   content=[post("g1", "Beating Zelda in under an hour", hashtags=["gaming"])]),
    creator_record("lifter", bio="Gym workouts and protein snacks", categories=["fitness"],
                   followers=300_000, avg_views=90_000,
                   brand_collaborations=[{"brand": "Protina", "category": "fitness"}],
                   content=[post("f1", "Honest protein bar taste test", hashtags=["gym"])]),
]


class KeyedClient(FlaskClient):
    """A test client that sends ``Authorization: Bearer <key>`` unless told otherwise."""

    key: str | None = None

    def open(self, *args: Any, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.key and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.key}"
        kwargs["headers"] = headers
        return super().open(*args, **kwargs)


@dataclass
class Api:
    """The app under test and helpers to call it as some tenant with some scope."""

    app: Flask
    accounts: Accounts
    keys: dict[tuple[str, str], str] = field(default_factory=dict)

    def key(self, tenant: str = "acme", scope: str = "write") -> str:
        if (tenant, scope) not in self.keys:
            self.keys[tenant, scope] = self.accounts.keys.create(tenant, scope)[0]  # type: ignore[arg-type]
        return self.keys[tenant, scope]

    def client(self, tenant: str | None = "acme", scope: str = "write",
               key: str | None = None) -> KeyedClient:
        c: KeyedClient = self.app.test_client()  # type: ignore[assignment]
        c.key = key if key is not None else (self.key(tenant, scope) if tenant else None)
        return c


def make_api(engine: Any, tmp_path: Path, **overrides: Any) -> Api:
    config = engine.config.replace(**overrides) if overrides else engine.config
    accounts = Accounts(tmp_path / "tenants.db")
    app = create_app(config, engine=engine, accounts=accounts)
    app.test_client_class = KeyedClient
    return Api(app, accounts)


def error_of(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body["error"]) == {"code", "message", "field"}
    return body["error"]
