"""Configuration precedence: defaults < TOML file < SCOUT_* environment < explicit overrides."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from scout.config import DEFAULT_MODEL, Config, load_config
from scout.errors import ConfigError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SCOUT_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    config = load_config()
    assert config.model == DEFAULT_MODEL and config.backend == "embedded"
    assert (config.document_store, config.vector_index) == ("sqlite", "faiss")
    assert config.data_dir == Path("data/index")


def test_backend_picks_the_stores() -> None:
    config = Config(backend="opensearch")
    assert (config.document_store, config.vector_index) == ("opensearch", "faiss")
    assert Config(backend="opensearch", vector_index="opensearch").vector_index == "opensearch"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"backend": "mongodb"}, "backend"),
    ({"document_store": "redis"}, "document_store"),
    ({"vector_index": "annoy"}, "vector_index"),
    ({"search_cache_size": -1}, "search_cache_size"),
    ({"search_cache_ttl_s": 0.0}, "search_cache_ttl_s"),
    ({"gc_threshold": -1}, "gc_threshold"),
])
def test_impossible_settings_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_file_then_env_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scout.toml"
    path.write_text('[scout]\ndata_dir = "from-file"\nembed_batch_size = 8\n'
                    'device = "cpu"\nexact_threshold = 5\n[scout.weights]\nlexical = 0.5\n')
    from_file = load_config(path)
    assert from_file.data_dir == Path("from-file") and from_file.embed_batch_size == 8
    assert from_file.weights == {"lexical": 0.5} and from_file.exact_threshold == 5

    monkeypatch.setenv("SCOUT_DATA_DIR", "from-env")
    monkeypatch.setenv("SCOUT_OPENSEARCH_SHARDS", "3")
    monkeypatch.setenv("SCOUT_OPENSEARCH_VERIFY_CERTS", "no")
    monkeypatch.setenv("SCOUT_CONFIG", str(path))
    from_env = load_config()
    assert from_env.data_dir == Path("from-env") and from_env.embed_batch_size == 8
    assert from_env.opensearch_shards == 3 and from_env.opensearch_verify_certs is False

    explicit = load_config(data_dir=tmp_path / "flag", device=None)
    assert explicit.data_dir == tmp_path / "flag" and explicit.device == "cpu"


def test_search_cache_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (load_config().search_cache_size, load_config().search_cache_ttl_s) == (1024, 60.0)
    monkeypatch.setenv("SCOUT_SEARCH_CACHE_SIZE", "0")
    monkeypatch.setenv("SCOUT_SEARCH_CACHE_TTL_S", "2.5")
    assert (load_config().search_cache_size, load_config().search_cache_ttl_s) == (0, 2.5)


def test_gc_threshold_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().gc_threshold == 10_000
    monkeypatch.setenv("SCOUT_GC_THRESHOLD", "0")
    assert load_config().gc_threshold == 0


def test_concurrent_retrieval_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().concurrent_retrieval is True
    monkeypatch.setenv("SCOUT_CONCURRENT_RETRIEVAL", "false")
    assert load_config().concurrent_retrieval is False
    assert load_config(concurrent_retrieval=True).concurrent_retrieval is True


def test_retrieval_floor_from_env_and_its_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().retrieval_floor == 0.5
    monkeypatch.setenv("SCOUT_RETRIEVAL_FLOOR", "1")
    assert load_config().retrieval_floor == 1.0
    for bad in ("0", "1.5", "-0.2", "nan"):
        monkeypatch.setenv("SCOUT_RETRIEVAL_FLOOR", bad)
        with pytest.raises(ConfigError, match="retrieval_floor must be above 0") as err:
            load_config()
        assert err.value.field == "retrieval_floor"


def test_gc_between_requests_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().gc_between_requests is True
    monkeypatch.setenv("SCOUT_GC_BETWEEN_REQUESTS", "false")
    assert load_config().gc_between_requests is False


def test_empty_env_values_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOUT_BACKEND", "")
    assert load_config().backend == "embedded"


def test_bad_file_and_values_are_config_errors(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "missing.toml")
    assert info.value.field == "config"
    broken = tmp_path / "broken.toml"
    broken.write_text("data_dir = \n")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        load_config(broken)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("colour = 'green'\n")
    with pytest.raises(ConfigError) as info:
        load_config(unknown)
    assert info.value.field == "colour"
    monkeypatch.setenv("SCOUT_OPENSEARCH_SHARDS", "many")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert info.value.field == "opensearch_shards"


def test_config_is_immutable() -> None:
    config = Config()
    with pytest.raises(AttributeError):
        config.model = "other"  # type: ignore[misc]
    assert config.replace(model="other").model == "other" and config.model == DEFAULT_MODEL


def test_embedding_backend_from_env_and_its_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().embedding_backend == "torch"
    monkeypatch.setenv("SCOUT_EMBEDDING_BACKEND", "onnx-int8")
    assert load_config().embedding_backend == "onnx-int8"
    assert load_config(embedding_backend="onnx").embedding_backend == "onnx"
    monkeypatch.setenv("SCOUT_EMBEDDING_BACKEND", "int4")
    with pytest.raises(ConfigError, match="torch, onnx, onnx-int8") as err:
        load_config()
    assert err.value.field == "embedding_backend"


def test_query_embedding_backend_is_onnx_by_default_over_fp32_and_refuses_other_vectors(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # auto: ONNX fp32 over a torch or onnx index on the CPU (the test extra installs ONNX
    # Runtime), the index's own backend otherwise; empty: always the index's own
    config = load_config()
    assert config.query_embedding_backend == "auto" and config.query_backend_is_automatic
    assert config.query_backend == "onnx"
    assert load_config(embedding_backend="onnx").query_backend == "onnx"
    assert load_config(embedding_backend="onnx-int8").query_backend == "onnx-int8"
    assert load_config(device="cuda").query_backend == "torch"
    assert load_config(query_embedding_backend="").query_backend == "torch"
    assert not load_config(query_embedding_backend="torch").query_backend_is_automatic
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if not installed
    assert load_config().query_backend == "torch"
    monkeypatch.setenv("SCOUT_QUERY_EMBEDDING_BACKEND", "onnx")
    config = load_config()
    assert (config.embedding_backend, config.query_backend) == ("torch", "onnx")
    # fp32 both ways; int8 vectors only ever meet int8 vectors
    assert load_config(embedding_backend="onnx",
                       query_embedding_backend="torch").query_backend == "torch"
    for index, query in (("torch", "onnx-int8"), ("onnx-int8", "onnx"), ("onnx", "int4")):
        with pytest.raises(ConfigError) as err:
            load_config(embedding_backend=index, query_embedding_backend=query)
        assert err.value.field == "query_embedding_backend" and repr(query) in err.value.message
