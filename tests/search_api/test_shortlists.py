"""Shortlists: create, list with cursors, rename, delete, items with notes and tags, export."""

from __future__ import annotations

import csv
import io

import pytest
from api_support import Api, KeyedClient, error_of

from search_api.accounts import shortlists as store


@pytest.fixture
def client(api: Api) -> KeyedClient:
    return api.client("acme", "write")


def test_shortlist_crud(client: KeyedClient) -> None:
    made = client.post("/v1/shortlists", json={"name": " Gym  launch ", "description": "Q3"})
    assert made.status_code == 201
    sl = made.get_json()
    assert sl["name"] == "Gym  launch" and sl["item_count"] == 0
    sid = sl["id"]
    assert error_of(client.post("/v1/shortlists", json={"name": "Gym  launch"}), 409)["field"] \
        == "name"
    renamed = client.patch(f"/v1/shortlists/{sid}", json={"name": "Gym"}).get_json()
    assert renamed["name"] == "Gym" and renamed["description"] == "Q3"
    assert error_of(client.patch(f"/v1/shortlists/{sid}", json={}), 400)
    assert error_of(client.post("/v1/shortlists", json={"name": ""}), 400)["field"] == "name"
    assert error_of(client.post("/v1/shortlists", json={"name": "x", "colour": 1}), 400)[
        "field"] == "colour"

    added = client.put(f"/v1/shortlists/{sid}/items/lifter",
                       json={"note": "great fit", "tags": ["Gym", "gym", "top pick"]})
    assert added.status_code == 201
    item = added.get_json()
    assert item["tags"] == ["gym", "top pick"] and item["creator"]["handle"] == "@lifter"
    replaced = client.put(f"/v1/shortlists/{sid}/items/lifter", json={"tags": ["maybe"]})
    assert replaced.status_code == 200 and replaced.get_json()["note"] == ""
    assert client.put(f"/v1/shortlists/{sid}/items/vegan_cook").status_code == 201
    assert error_of(client.put(f"/v1/shortlists/{sid}/items/nobody"), 404)["field"] == \
        "creator_id"
    assert error_of(client.put(f"/v1/shortlists/{sid}/items/gamer", json={"tags": ["a,b"]}),
                    400)["field"] == "tags[0]"

    detail = client.get(f"/v1/shortlists/{sid}").get_json()
    assert [i["creator_id"] for i in detail["items"]] == ["lifter", "vegan_cook"]
    assert detail["item_count"] == 2
    assert client.delete(f"/v1/shortlists/{sid}/items/lifter").status_code == 204
    assert error_of(client.delete(f"/v1/shortlists/{sid}/items/lifter"), 404)
    assert client.delete(f"/v1/shortlists/{sid}").status_code == 204
    assert error_of(client.get(f"/v1/shortlists/{sid}"), 404)["field"] == "shortlist_id"


def test_list_pages_with_cursors(client: KeyedClient) -> None:
    names = [f"list {n}" for n in range(5)]
    for name in names:
        client.post("/v1/shortlists", json={"name": name})
    seen: list[str] = []
    cursor = None
    while True:
        url = "/v1/shortlists?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).get_json()
        assert len(page["results"]) <= 2
        seen += [s["name"] for s in page["results"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == names[::-1]  # newest first, each once
    assert error_of(client.get("/v1/shortlists?cursor=bogus"), 400)["field"] == "cursor"
    other = client.get("/v1/exclusions?limit=1")  # a cursor of another list is refused
    assert other.status_code == 200
    first = client.get("/v1/shortlists?limit=1").get_json()["next_cursor"]
    assert error_of(client.get(f"/v1/exclusions?cursor={first}"), 400)["field"] == "cursor"
    assert error_of(client.get("/v1/shortlists?limit=101"), 400)["field"] == "limit"
    assert error_of(client.get("/v1/shortlists?limit=zero"), 400)["field"] == "limit"


def test_export_csv_and_json(client: KeyedClient) -> None:
    sid = client.post("/v1/shortlists", json={"name": "Export me!"}).get_json()["id"]
    client.put(f"/v1/shortlists/{sid}/items/lifter",
               json={"note": "=HYPERLINK(\"http://evil\")", "tags": ["gym", "top"]})
    client.put(f"/v1/shortlists/{sid}/items/vegan_cook", json={"note": "plain, with comma"})
    resp = client.get(f"/v1/shortlists/{sid}/export")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="Export-me-.csv"'
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert [r["creator_id"] for r in rows] == ["lifter", "vegan_cook"]
    assert rows[0]["followers"] == "300000" and rows[0]["tags"] == "gym;top"
    assert rows[0]["note"].startswith("'=")  # defused for spreadsheets
    assert rows[1]["note"] == "plain, with comma"
    as_json = client.get(f"/v1/shortlists/{sid}/export?format=json")
    body = as_json.get_json()
    assert as_json.headers["Content-Disposition"].endswith('.json"')
    assert body["shortlist"]["id"] == sid and body["shortlist"]["item_count"] == 2
    assert body["items"][0]["creator"]["tier"] == "mid"
    assert error_of(client.get(f"/v1/shortlists/{sid}/export?format=xlsx"), 400)["field"] == \
        "format"


def test_quotas(client: KeyedClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "MAX_ITEMS", 1)
    monkeypatch.setattr(store, "MAX_SHORTLISTS", 1)
    sid = client.post("/v1/shortlists", json={"name": "one"}).get_json()["id"]
    assert error_of(client.post("/v1/shortlists", json={"name": "two"}), 422)["code"] == \
        "limit_exceeded"
    client.put(f"/v1/shortlists/{sid}/items/lifter")
    assert error_of(client.put(f"/v1/shortlists/{sid}/items/gamer"), 422)["field"] == \
        "creator_id"
    assert client.put(f"/v1/shortlists/{sid}/items/lifter", json={"note": "edit"}).status_code \
        == 200
