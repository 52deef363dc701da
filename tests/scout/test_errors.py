"""One error root; each child carries its HTTP status and the field it is about."""

from __future__ import annotations

import inspect

import pytest

from scout import errors
from scout.errors import (
    BackendUnavailable,
    InvalidBrief,
    InvalidRecord,
    MissingDependency,
    ScoutError,
)


def error_classes() -> list[type[ScoutError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass)
            if issubclass(c, ScoutError) and c is not ScoutError]


def test_every_error_has_its_own_code_and_an_http_status() -> None:
    classes = error_classes()
    codes = [c.code for c in classes]
    assert len(set(codes)) == len(codes)
    assert all(400 <= c.status <= 599 for c in classes)
    assert InvalidBrief.status == 422 and errors.InvalidInput.status == 400
    assert errors.NotFound.status == 404 and BackendUnavailable.status == 503


def test_to_dict_names_the_field() -> None:
    err = InvalidBrief("followers.min: must be >= 0", field="followers.min")
    assert err.to_dict() == {"code": "invalid_brief", "message": "followers.min: must be >= 0",
                             "field": "followers.min"}
    assert str(err) == err.message
    with pytest.raises(ScoutError):
        raise err


def test_invalid_record_says_where() -> None:
    err = InvalidRecord("must be >= 0", field="followers", source="c.jsonl", line=3)
    assert err.message == "c.jsonl:3: must be >= 0"
    assert (err.source, err.line, err.reason, err.field) == ("c.jsonl", 3, "must be >= 0",
                                                            "followers")
    assert InvalidRecord("bad", source="c.csv").message == "c.csv: bad"
    assert InvalidRecord("bad").message == "bad"


def test_missing_dependency_says_how_to_install() -> None:
    err = MissingDependency("faiss-cpu", "embedded")
    assert "pip install" in err.message and "[embedded]" in err.message


def test_backend_unavailable_suggests_a_retry() -> None:
    assert BackendUnavailable("down").retry_after > 0
