"""``scout serve`` exports the ONNX query model before its workers start."""

from __future__ import annotations

from pathlib import Path

import pytest

from scout.config import load_config
from scout.errors import ConfigError
from search_api.server import prepare_query_model


@pytest.mark.slow
def test_an_exported_model_starts_the_workers_as_configured(onnx_cache: Path) -> None:
    config = load_config()
    assert config.query_backend == "onnx"
    assert prepare_query_model(config) is config


def test_a_failed_export_falls_back_under_auto_and_fails_a_named_backend(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the ONNX cache should be")
    monkeypatch.setenv("SCOUT_ONNX_CACHE", str(blocked))  # the child process inherits it
    served = prepare_query_model(load_config())
    assert served.query_backend == "torch" and not served.query_backend_is_automatic
    with pytest.raises(ConfigError) as err:
        prepare_query_model(load_config(query_embedding_backend="onnx"))
    assert err.value.field == "query_embedding_backend" and "not-a-folder" in err.value.message
