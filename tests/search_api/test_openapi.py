"""The OpenAPI 3.1 spec is generated from the models and routes; the docs page is offline."""

from __future__ import annotations

import re
from typing import Any

from schemas import Brief
from search_api.openapi import STATIC, build_spec


def test_spec_shape(api: Any) -> None:
    spec = api.client(None).get("/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    match = spec["paths"]["/v1/match"]["post"]
    body_ref = match["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = body_ref.split("/")[-1]
    assert set(spec["components"]["schemas"][name]["properties"]) == set(Brief.model_fields)
    assert {"200", "401", "403", "422", "429"} <= set(match["responses"])
    assert spec["paths"]["/healthz"]["get"]["security"] == []
    export = spec["paths"]["/v1/shortlists/{shortlist_id}/export"]["get"]["responses"]["200"]
    assert set(export["content"]) == {"application/json", "text/csv"}
    for item in spec["paths"].values():
        for op in item.values():
            assert op["operationId"] and op["summary"]
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(spec).replace("'", '"')))
    assert refs <= set(spec["components"]["schemas"])


def test_spec_is_valid_openapi(api: Any) -> None:
    import schemathesis

    loaded = schemathesis.openapi.from_dict(build_spec(api.app))  # raises when malformed
    operations = [result.ok() for result in loaded.get_all_operations()]  # each one resolves
    assert len(operations) >= 30


def test_docs_page_works_offline(api: Any) -> None:
    page = api.client(None).get("/docs").get_data(as_text=True)
    assert "/docs/assets/docs.js" in page and "/docs/assets/docs.css" in page
    for name in ("index.html", "docs.js", "docs.css"):
        text = (STATIC / name).read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), name
        assert "cdn" not in text.lower()
    assert api.client(None).get("/docs/assets/docs.js").mimetype == "text/javascript"
    assert api.client(None).get("/docs/assets/secret.py").status_code == 404
