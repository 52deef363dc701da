"""The ONNX Runtime embedding backends against the PyTorch fp32 path, on the real model.

The packaged MiniLM is exported once per session (``onnx_cache``, slow); every check
compares vectors with the ones sentence-transformers computes in the same process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from indexer.embedder import Embedder
from indexer.onnx_embed import ONNX_FILES, RECIPE, OnnxEncoder
from scout.config import Config
from scout.engine import Engine
from scout.errors import ConfigError, MissingDependency

TEXTS = [
    "Quick vegan dinners",
    "   15-minute tofu ramen, vegan recipe   ",
    "Heavy metal guitar covers and amp reviews",
    "Hallo, wie geht's? Wir kochen heute Käsespätzle 🧀",
    "protein bar taste test for gym-goers #fitness #protein",
    "a",
    # Longer than max_seq_length (256 tokens): both paths must truncate alike.
    "budget travel in Lisbon, street food and hidden viewpoints " * 40,
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=1))


@pytest.fixture(scope="module")
def reference(embedder: Embedder) -> np.ndarray:
    return embedder._encode(TEXTS, False)


@pytest.mark.slow
def test_onnx_fp32_matches_the_pytorch_vectors(onnx_cache: Path, reference: np.ndarray) -> None:
    onnx = Embedder(backend="onnx")
    vectors = onnx.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert onnx.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert cosines(vectors, reference).min() >= 0.999
    assert onnx.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_onnx_int8_stays_close_and_keeps_the_neighbours(onnx_cache: Path,
                                                        reference: np.ndarray) -> None:
    int8 = Embedder(backend="onnx-int8")
    vectors = int8.encode(TEXTS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cos = cosines(vectors, reference)
    assert cos.min() >= 0.97 and cos.mean() >= 0.985, cos
    # Related texts stay closer than unrelated ones.
    ramen, soup, engine, bars, gym = int8.encode([
        "15-minute tofu ramen, vegan recipe", "easy plant-based noodle soup cooking",
        "how to replace the clutch of a diesel truck", "protein bar taste test for gym-goers",
        "leg day workout at the gym"])
    assert ramen @ soup > ramen @ engine + 0.1
    assert bars @ gym > bars @ engine and bars @ gym > ramen @ engine


@pytest.mark.slow
def test_a_text_gets_the_same_vector_whatever_its_batch(onnx_cache: Path) -> None:
    for backend, tolerance in (("onnx", 1e-4), ("onnx-int8", 1e-6)):
        embedder = Embedder(backend=backend, batch_size=3)
        together = embedder.encode(TEXTS)
        alone = np.vstack([embedder.encode([t]) for t in reversed(TEXTS)])[::-1]
        np.testing.assert_allclose(together, alone, atol=tolerance, err_msg=backend)
        np.testing.assert_allclose(embedder.encode_one(TEXTS[2]), together[2], atol=tolerance)


@pytest.mark.slow
def test_each_backend_has_its_own_cache_key(onnx_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    torch, onnx, int8 = (Embedder(backend=b, cache_path=path)
                         for b in ("torch", "onnx", "onnx-int8"))
    assert torch.model_key == torch.weights_key  # PyTorch caches and indexes stay valid
    assert len({torch.model_key, onnx.model_key, int8.model_key}) == 3
    vectors = {e.backend: e.encode(["morning yoga flow"])[0] for e in (torch, onnx, int8)}
    import sqlite3

    with sqlite3.connect(path) as conn:
        keys = {row[0] for row in conn.execute("SELECT model FROM emb")}
    assert keys == {torch.model_key, onnx.model_key, int8.model_key}
    assert not np.array_equal(vectors["torch"], vectors["onnx-int8"])
    # Read back from the cache: each backend gets its own vector.
    again = Embedder(backend="onnx-int8", cache_path=path)
    np.testing.assert_array_equal(again.encode(["morning yoga flow"])[0], vectors["onnx-int8"])
    for e in (torch, onnx, int8, again):
        e.close()


@pytest.mark.slow
def test_an_index_refuses_another_backend(onnx_cache: Path, tmp_path: Path) -> None:
    Engine(Config(data_dir=tmp_path / "idx", embedding_backend="onnx-int8")).close()
    meta = (tmp_path / "idx" / "index.json").read_text()
    assert '"embedding_backend": "onnx-int8"' in meta
    with pytest.raises(ConfigError, match="onnx-int8") as err:
        Engine(Config(data_dir=tmp_path / "idx"))
    assert err.value.field == "model"


@pytest.mark.slow
def test_the_export_is_cached_and_reused(onnx_cache: Path) -> None:
    int8 = Embedder(backend="onnx-int8")
    folder = onnx_cache / f"{int8.weights_key}-r{RECIPE}"
    files = [folder / ONNX_FILES["onnx"], folder / ONNX_FILES["onnx-int8"]]
    stamps = [f.stat().st_mtime_ns for f in files]
    assert int8.onnx.path == files[1]
    assert (folder / "export.json").is_file()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    # The int8 file is about a quarter of the fp32 one.
    assert files[1].stat().st_size < files[0].stat().st_size / 2
    from indexer.embedder import resolve_model_path

    OnnxEncoder(resolve_model_path(int8.model_name), int8.model_name, int8.weights_key,
                "onnx-int8")
    assert [f.stat().st_mtime_ns for f in files] == stamps


def test_missing_onnxruntime_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if not installed
    with pytest.raises(MissingDependency, match=r"pip install 'scout-engine\[onnx\]'"):
        Embedder(backend="onnx-int8")
    Embedder(backend="torch")  # the default path does not need it


def test_bad_backend_and_device_are_config_errors() -> None:
    with pytest.raises(ConfigError) as err:
        Embedder(backend="tensorrt")
    assert err.value.field == "embedding_backend"
    with pytest.raises(ConfigError) as err:
        Embedder(backend="onnx", device="cuda")
    assert err.value.field == "embedding_backend"
