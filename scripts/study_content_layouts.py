"""Two studies of the content (post) space's layout on a saved corpus snapshot, outside
the engine: what a smaller or cheaper layout would keep of the exact answers.

- ``ivfpq SPEC...``: the vector side misses its 1 KB a creator at 1M because of the
  post vectors (7.4 a creator, ~620 bytes each in the HNSW graph with int8 codes and
  sketches). An inverted file of 4-bit product-quantized codes (FAISS fast scan) holds
  ~41 bytes a post vector. For each FAISS ``index_factory`` SPEC (e.g.
  ``IVF4096_HNSW32,PQ64x4fsr``) it builds that index over the snapshot's decoded int8
  codes and measures recall@10 of creators against an exact scan of the codes, two ways:
  ``shortlist`` re-scores the ``R`` posts the inverted file lists on their int8 codes
  and keeps each creator's best (a re-rank that needs the codes, 384 bytes a post, at
  hand); ``leaders`` takes the first ``L`` creators of that list and scores all their
  posts' codes, as ``FaissVectorIndex._ann`` does with the graph's leaders.
- ``sketch-dims``: a large filtered set is first ranked on 64-byte sketches
  (``faiss_index._Sketch``) and only the leaders are scored on their codes. The scan
  reads ~47 MB at a 10% filter of 1M creators, at memory speed. For each sketch width
  it counts the places of the exact top 400 lost outside the leaders over random 10%
  filters, and times the scan.

    python scripts/study_content_layouts.py SIZE OUT.json ivfpq SPEC [SPEC ...]
    python scripts/study_content_layouts.py SIZE OUT.json sketch-dims

The snapshot is read from ``data/bench-corpora/corpus-SIZE-s42/vectors`` (built and
saved by ``scout bench``); the queries are the corpus model's. One thread searches, as
one request does. Figures: docs/benchmarks.md, section 4 ("Smaller post spaces,
studied").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import faiss
import numpy as np

import indexer.stores.faiss_index as faiss_index
from eval.bench.common import percentiles, timed
from eval.bench.corpus import VectorModel
from indexer.stores.faiss_index import _affine_codes, _Sketch
from indexer.stores.ids import first_seen
from indexer.stores.kernels import group_best_codes, group_best_sketch, row_scores

QUERIES = 100
K = 10
TRAIN = 200_000
CHUNK = 500_000


class Posts:
    """The snapshot's int8 codes (by vector), their decoding, and each creator's rows."""

    def __init__(self, size: int) -> None:
        where = Path(f"data/bench-corpora/corpus-{size}-s42/vectors")
        meta = json.loads((where / "content.json").read_text())
        graph = faiss.read_index(str(where / meta["file"]))
        codes, self.scale, self.offset = _affine_codes(graph)
        self.codes = np.array(codes)  # a copy: the graph is freed
        del graph
        with np.load(where / meta["arrays"]) as arrays:
            self.group = arrays["fid_group"]
        live = self.group >= 0
        nums, first, counts = np.unique(self.group[live], return_index=True,
                                        return_counts=True)
        self.nums = nums
        self.start = np.zeros(int(nums.max()) + 1, dtype=np.int64)
        self.count = np.zeros_like(self.start)
        self.start[nums] = np.flatnonzero(live)[first]
        self.count[nums] = counts

    def decoded(self, rows: np.ndarray) -> np.ndarray:
        return self.codes[rows].astype(np.float32) * self.scale + self.offset

    def terms(self, query: np.ndarray) -> tuple[np.ndarray, float]:
        return (query * self.scale).astype(np.float32), float(query @ self.offset)

    def best(self, query: np.ndarray, groups: np.ndarray) -> np.ndarray:
        weights, bias = self.terms(query)
        return group_best_codes(self.codes, self.start[groups], self.count[groups],
                                weights, bias).scores

    def top(self, query: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
        return groups[np.argsort(-self.best(query, groups), kind="stable")[:k]]


def ivfpq(posts: Posts, specs: list[str]) -> list[dict[str, Any]]:
    queries = VectorModel(42).queries(QUERIES, 1)
    truth = [set(posts.top(q, posts.nums, K).tolist()) for q in queries]
    print("exact answers ready", flush=True)
    rng = np.random.default_rng(0)
    rows = posts.codes.shape[0]
    train = posts.decoded(np.sort(rng.choice(rows, min(rows, TRAIN), replace=False)))
    out: list[dict[str, Any]] = []
    for spec in specs:
        faiss.omp_set_num_threads(2)
        index = faiss.index_factory(posts.codes.shape[1], spec, faiss.METRIC_INNER_PRODUCT)
        index.train(train)
        for start in range(0, rows, CHUNK):
            index.add(posts.decoded(np.arange(start, min(rows, start + CHUNK))))
        size = faiss.serialize_index(index).size
        print(f"{spec}: {size / rows:.1f} bytes a post vector", flush=True)
        faiss.omp_set_num_threads(1)
        ivf = faiss.extract_index_ivf(index)
        for nprobe in (16, 32, 64):
            ivf.nprobe = nprobe
            for way, depth, lead in (("shortlist", 1000, 0), ("shortlist", 3000, 0),
                                     ("shortlist", 10000, 0), ("leaders", 1000, 200),
                                     ("leaders", 3000, 500), ("leaders", 10000, 500)):
                recalls, times = [], []
                for query, want in zip(queries, truth, strict=True):
                    ms, got = timed(lambda q=query, i=index, d=depth, w=way, n=lead:
                                    _answer(posts, i, q, d, w, n))
                    times.append(ms)
                    recalls.append(len(want & set(got.tolist())) / K)
                row = {"spec": spec, "bytes_per_vector": round(size / rows, 1),
                       "nprobe": nprobe, "way": way, "listed": depth, "leaders": lead,
                       "recall": round(float(np.mean(recalls)), 4),
                       "worst": sorted(recalls)[:3], **percentiles(times)}
                print(row, flush=True)
                out.append(row)
        del index, ivf
    return out


def _answer(posts: Posts, index: Any, query: np.ndarray, depth: int, way: str,
            lead: int) -> np.ndarray:
    _, listed = index.search(query.reshape(1, -1), depth)
    rows = listed[0][listed[0] >= 0]
    if way == "leaders":
        groups = posts.group[rows]
        leaders = np.sort(first_seen(groups[groups >= 0])[:lead])
        return posts.top(query, leaders, K)
    weights, bias = posts.terms(query)
    scores = row_scores(posts.codes, rows, weights, bias)
    groups = posts.group[rows]
    order = np.argsort(-scores, kind="stable")
    return first_seen(groups[order][groups[order] >= 0])[:K]


def sketch_dims(posts: Posts) -> list[dict[str, Any]]:
    rng = np.random.default_rng(0)
    rows = posts.codes.shape[0]
    sample = posts.decoded(np.sort(rng.choice(rows, min(rows, 20_000), replace=False)))
    queries = VectorModel(42).queries(40, 5)
    filters = [np.sort(rng.choice(posts.nums, posts.nums.size // 10, replace=False))
               for _ in queries]
    truth = [posts.top(q, f, 400) for q, f in zip(queries, filters, strict=True)]
    out: list[dict[str, Any]] = []
    for dims in (64, 48, 32, 24):
        faiss_index.SKETCH_DIM = dims  # read by _Sketch.fit
        sketch = _Sketch.fit(sample)
        for start in range(0, rows, CHUNK):
            sketch.put(start, posts.decoded(np.arange(start, min(rows, start + CHUNK))))
        sketch.rows = sketch.rows[:rows]
        for lead in (1600, 3200):
            lost, times = 0, []
            for query, allowed, want in zip(queries, filters, truth, strict=True):
                ms, approx = timed(lambda q=query, f=allowed, s=sketch: group_best_sketch(
                    s.rows, posts.start[f], posts.count[f], s.weights(q)))
                times.append(ms)
                cut = np.partition(approx, allowed.size - lead)[allowed.size - lead]
                lost += np.setdiff1d(want, allowed[approx >= cut]).size
            row = {"dims": dims, "leaders": lead, "places": 400 * len(queries),
                   "lost": int(lost), **percentiles(times)}
            print(row, flush=True)
            out.append(row)
    return out


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[2] not in ("ivfpq", "sketch-dims"):
        raise SystemExit(__doc__)
    size, target, study = int(argv[0]), Path(argv[1]), argv[2]
    posts = Posts(size)
    rows = ivfpq(posts, argv[3:]) if study == "ivfpq" else sketch_dims(posts)
    target.write_text(json.dumps({"size": size, "study": study, "rows": rows}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
