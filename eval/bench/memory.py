"""Memory: bytes per creator of the vector side, and peak RSS of ``scout serve`` (item 4).

The vector side is what the FAISS indexes hold in memory (int8 codes, HNSW
links, id maps; float32 rows below the HNSW threshold); the float32 truth stays
on disk in the SQLite log. Peak RSS of ``scout serve`` is read from ``/proc``
(VmHWM) for the gunicorn master and its 2 workers after a few requests; PSS
counts shared pages once.
"""

from __future__ import annotations

import gc
import json
import urllib.request
from typing import Any

from eval.bench.common import Settings, rss_bytes, table, write_result
from eval.bench.corpora import open_corpus
from eval.bench.server import create_key, serve, server_memory

TARGET_BYTES_PER_CREATOR = 1024


def run(settings: Settings) -> dict[str, Any]:
    rows = []
    for size in settings.corpus_sizes():
        settings.say(f"memory: corpus of {size:,} creators")
        before = rss_bytes().get("vmrss", 0)
        backend, info = open_corpus(settings, size)
        backend.docs.count()  # load the document mirror too
        parts = backend.memory_bytes()
        after = rss_bytes().get("vmrss", 0)
        vectors = parts["profile_vectors"] + parts["content_vectors"]
        rows.append({
            "creators": size, "content_vector_count": info.content_vectors,
            "profile_index": backend.profiles.mode, "content_index": backend.content.mode,
            **{f"{name}_bytes": value for name, value in parts.items()},
            "vector_bytes_per_creator": round(vectors / size, 1),
            "profile_bytes_per_creator": round(parts["profile_vectors"] / size, 1),
            "content_bytes_per_vector": round(parts["content_vectors"]
                                              / max(1, info.content_vectors), 1),
            "document_bytes_per_creator": round(parts["documents"] / size, 1),
            "process_rss_growth": after - before,
        })
        backend.close()
        del backend
        gc.collect()
    largest = settings.corpus_sizes()[-1]
    settings.say(f"memory: scout serve --workers 2 over {largest:,} creators")
    _, info = open_corpus(settings, largest)
    data_dir = __import__("pathlib").Path(info.path)
    key = create_key(data_dir, "bench", "read")
    with serve(data_dir, workers=2) as (url, proc):
        for path in ("/v1/search?q=vegan%20recipes&limit=20", "/v1/search?country=DE&limit=20"):
            req = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {key}"})
            for _ in range(3):
                urllib.request.urlopen(req, timeout=120).read()
        req = urllib.request.Request(url + "/v1/match", method="POST", headers={
            "Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            data=json.dumps({"text": "protein bar taste test", "limit": 20}).encode())
        urllib.request.urlopen(req, timeout=120).read()
        serve_memory = server_memory(proc.pid)
    at_target = [r for r in rows if r["creators"] == 1_000_000] or rows[-1:]
    verdicts = []
    for r in at_target:
        verdicts.append({"target": f"vector side <= {TARGET_BYTES_PER_CREATOR} bytes per "
                                   f"creator at {r['creators']:,} (profile + content spaces)",
                         "bytes_per_creator": r["vector_bytes_per_creator"],
                         "met": r["vector_bytes_per_creator"] <= TARGET_BYTES_PER_CREATOR})
        verdicts.append({"target": "profile space alone <= 1 KB per creator",
                         "bytes_per_creator": r["profile_bytes_per_creator"],
                         "met": r["profile_bytes_per_creator"] <= TARGET_BYTES_PER_CREATOR})
    result = {"rows": rows, "serve": {"creators": largest, **serve_memory},
              "targets": verdicts}
    print(table([["creators", "profile idx", "content idx", "vector B/creator",
                  "profile B/creator", "content B/vector", "docs B/creator"]]
                + [[f"{r['creators']:,}", r["profile_index"], r["content_index"],
                    r["vector_bytes_per_creator"], r["profile_bytes_per_creator"],
                    r["content_bytes_per_vector"], r["document_bytes_per_creator"]]
                   for r in rows]))
    print(f"scout serve over {largest:,} creators: peak RSS (sum of 3 processes) "
          f"{serve_memory['peak_rss_sum'] / 2**20:.0f} MiB, PSS "
          f"{serve_memory['pss_sum'] / 2**20:.0f} MiB")

    def plot(ax: Any) -> None:
        sizes = [r["creators"] for r in rows]
        ax.plot(sizes, [r["vector_bytes_per_creator"] for r in rows], "o-",
                label="vector side (profile + content)")
        ax.plot(sizes, [r["profile_bytes_per_creator"] for r in rows], "s-",
                label="profile space")
        ax.plot(sizes, [r["document_bytes_per_creator"] for r in rows], "^-",
                label="document mirror (columns + BM25)")
        ax.axhline(TARGET_BYTES_PER_CREATOR, color="r", linestyle=":", label="1 KB target")
        ax.set_xscale("log")
        ax.set_xlabel("creators")
        ax.set_ylabel("bytes per creator in memory")
        ax.set_title("Memory per creator")
        ax.legend(fontsize=8)

    write_result(settings, "memory", result, plot)
    return result
