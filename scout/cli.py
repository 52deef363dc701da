"""``scout``: the command line. Other tools call it, so its contract is stable.

Exit codes: 0 success, 1 a Scout error (message on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scout.config import AUTO, EMBEDDING_BACKENDS, Config, load_config
from scout.errors import InvalidRecord, ScoutError


def _common(p: argparse.ArgumentParser, data_dir: bool = True) -> None:
    if data_dir:
        p.add_argument("--data-dir", type=Path, help="index directory (default data/index "
                       "or SCOUT_DATA_DIR)")
    p.add_argument("--backend", choices=["embedded", "opensearch"],
                   help="storage backend (default embedded or SCOUT_BACKEND)")
    p.add_argument("--config", type=Path, help="scout.toml settings file")
    p.add_argument("--model", help="sentence-transformers model path (default packaged MiniLM)")
    p.add_argument("--embedding-backend", choices=list(EMBEDDING_BACKENDS),
                   help="torch (default, or SCOUT_EMBEDDING_BACKEND), onnx or onnx-int8 "
                        "(ONNX Runtime; a new index for each)")
    p.add_argument("--query-embedding-backend", choices=[AUTO, *EMBEDDING_BACKENDS],
                   help="how briefs and search texts are embedded (default auto: onnx over a "
                        "torch or onnx index when ONNX Runtime is installed, else as "
                        "--embedding-backend; or SCOUT_QUERY_EMBEDDING_BACKEND); onnx over a "
                        "torch index gives the same vectors, faster")


def _keys_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, help="index directory holding tenants.db "
                   "(default data/index or SCOUT_DATA_DIR)")
    p.add_argument("--config", type=Path, help="scout.toml settings file")


def _format(p: argparse.ArgumentParser, default: str = "table") -> None:
    p.add_argument("--format", choices=["json", "table"], default=default)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scout", description="Creator matching and search.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="validate, embed and index creator records")
    p.add_argument("paths", nargs="+", help="JSONL/CSV files or directories of them")
    p.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                   help="fail: refuse the batch on any bad record (default); "
                        "skip: index the good ones and write a reject report")
    p.add_argument("--reject-report", type=Path,
                   help="where rejects go (default DATA_DIR/rejects.jsonl)")
    p.add_argument("--rebuild", action="store_true",
                   help="re-index from scratch: build a new index from PATHS aside and swap it "
                        "in at once (searches never see a half-built index); creators not in "
                        "PATHS are removed")
    _common(p)

    p = sub.add_parser("match", help="rank creators for a brief (JSON file or - for stdin)")
    p.add_argument("brief")
    p.add_argument("--limit", type=int)
    p.add_argument("--cursor")
    p.add_argument("--outcomes", help="JSONL of past collaboration outcomes (the shape POST "
                   "/v1/feedback takes) for the past_performance signal; it counts only "
                   "where a brief or config gives past_performance a weight")
    _common(p)
    _format(p)

    p = sub.add_parser("search", help="keyword + semantic search with filters and facets")
    p.add_argument("text", nargs="?", default="")
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                   help="country=DE, language=de, category=food, platform=tiktok, tier=micro, "
                        "min_followers=N, max_followers=N, min_avg_views=N, max_avg_views=N, "
                        "min_engagement_rate=F, exclude=ID (repeatable)")
    p.add_argument("--sort", choices=["relevance", "followers", "engagement", "avg_views"])
    p.add_argument("--limit", type=int)
    p.add_argument("--cursor")
    _common(p)
    _format(p)

    p = sub.add_parser("similar", help="lookalike creators")
    p.add_argument("creator_id")
    p.add_argument("--limit", type=int, default=20)
    _common(p)
    _format(p)

    p = sub.add_parser("overlap", help="pairwise audience overlap of creators, explained")
    p.add_argument("ids", nargs="+", metavar="ID", help="2 to 50 creator ids")
    _common(p)
    _format(p)

    p = sub.add_parser("delete", help="delete creators by id from every store")
    p.add_argument("ids", nargs="+")
    _common(p)

    p = sub.add_parser("serve", help="serve the HTTP API with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    _common(p)

    p = sub.add_parser("keys", help="API keys: create, list, revoke (stored hashed)")
    keys = p.add_subparsers(dest="keys_command", required=True)
    k = keys.add_parser("create", help="create a key and print it (shown once, never stored)")
    k.add_argument("--tenant", required=True, help="tenant id: a-z, 0-9, _ and -")
    k.add_argument("--scope", choices=["read", "write", "admin"], default="read")
    k.add_argument("--name", default="", help="a label, e.g. 'web page'")
    k.add_argument("--rate-limit", help="override SCOUT_RATE_LIMIT for this key, e.g. 60/minute")
    k.add_argument("--replace", action="store_true",
                   help="first revoke the tenant's live keys with the same --name")
    k.add_argument("--url", metavar="BASE",
                   help="also print BASE#key=<key>: a link that hands the key to the web page")
    _keys_common(k)
    k = keys.add_parser("list", help="list keys (ids, tenants, scopes; never secrets)")
    k.add_argument("--tenant")
    k.add_argument("--all", action="store_true", help="include revoked keys")
    _keys_common(k)
    _format(k)
    k = keys.add_parser("revoke", help="revoke a key by its id")
    k.add_argument("key_id")
    _keys_common(k)

    p = sub.add_parser("sample-data", help="write a deterministic synthetic corpus")
    p.add_argument("--creators", type=int, default=1000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--split-content", action="store_true",
                   help="write content to content.jsonl keyed by creator_id")

    p = sub.add_parser("schemas", help="write the JSON Schema files of the records")
    p.add_argument("--out", type=Path, default=Path("schemas/json"))

    from eval.cli import add_eval_commands  # evaluation and benchmarks live in eval/

    add_eval_commands(sub)
    return parser


def config_from(args: argparse.Namespace) -> Config:
    return load_config(
        getattr(args, "config", None),
        data_dir=getattr(args, "data_dir", None),
        backend=getattr(args, "backend", None),
        model=getattr(args, "model", None),
        outcomes=getattr(args, "outcomes", None),
        embedding_backend=getattr(args, "embedding_backend", None),
        query_embedding_backend=getattr(args, "query_embedding_backend", None),
        show_progress=sys.stderr.isatty() or None,
    )


def _emit(payload: Any, fmt: str, table: Any) -> None:
    if fmt == "json":
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(table(payload))


def _match_table(resp: dict[str, Any]) -> str:
    lines = [f"{'#':>3}  {'creator':<14} {'handle':<22} {'score':>6}  {'followers':>10}  "
             f"{'eng':>6}  {'cred':>4}  {'data':<6}  top reasons"]
    for n, r in enumerate(resp["results"], start=1):
        c = r["creator"]
        er = c.get("engagement_rate")
        cred = (c.get("credibility") or {}).get("score")
        data = (c.get("confidence") or {}).get("level", "-")
        lines.append(
            f"{n:>3}  {r['creator_id']:<14} {(c.get('handle') or '-')[:22]:<22} "
            f"{r.get('score', 0):>6.3f}  {c.get('followers') or 0:>10,}  "
            f"{(er or 0) * 100:>5.1f}%  {'-' if cred is None else f'{cred:.2f}':>4}  "
            f"{data:<6}  {'; '.join(r.get('reasons', [])[:2])}"
        )
    if resp.get("facets"):
        for name, counts in resp["facets"].items():
            top = ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8])
            lines.append(f"  {name}: {top}")
    lines += _proposal_lines(resp)
    held = resp.get("excluded")
    if held and held.get("total"):
        lines.append(f"  held back: {held['total']} (" + ", ".join(
            f"{rule} {n}" for rule, n in held["by_rule"].items()) + ")")
    total = resp.get("total")
    if total is not None:
        lines.append(f"  {total} creators matched" +
                     (f"; next page: --cursor {resp['next_cursor']}" if resp.get("next_cursor")
                      else ""))
    return "\n".join(lines)


def _overlap_table(resp: dict[str, Any]) -> str:
    ids = resp["ids"]
    width = max(8, *(len(i) for i in ids)) + 2
    lines = [" " * width + "".join(f"{i[:width - 2]:>{width}}" for i in ids)]
    for cid, row in zip(ids, resp["matrix"], strict=True):
        lines.append(f"{cid:<{width}}" + "".join(f"{v:>{width}.2f}" for v in row))
    lines.append("")
    for pair in resp["pairs"]:
        lines.append(f"{pair['a']} ~ {pair['b']}: {pair['overlap']:.2f} ({pair['basis']}) "
                     f"{pair['explanation']}")
    return "\n".join(lines)


def _proposal_lines(resp: dict[str, Any]) -> list[str]:
    proposed = resp.get("proposed_set")
    if not proposed:
        return []
    top = proposed["top_k"]
    return [f"  proposed set within EUR {proposed['budget_eur']:,.0f}: "
            f"{', '.join(proposed['creator_ids']) or '-'}",
            f"    cost EUR {proposed['total_cost_eur']:,.0f}, expected reach "
            f"{proposed['expected_reach']:,.0f} views, fit-weighted reach "
            f"{proposed['objective']:,.0f} (top of the ranking within budget: "
            f"{top['objective']:,.0f})"]


def run(args: argparse.Namespace) -> int:
    if args.command == "sample-data":
        from indexer.sample_data import write_sample_data

        paths = write_sample_data(args.out, args.creators, args.seed,
                                  split_content=args.split_content)
        for path in paths.values():
            print(path)
        return 0
    if args.command == "schemas":
        from schemas.export import write_json_schemas

        for path in write_json_schemas(args.out):
            print(path)
        return 0
    if args.command in ("eval", "bench"):
        return int(args.handler(args))
    config = config_from(args)
    if args.command == "keys":
        return _run_keys(args, config)
    if args.command == "serve":
        from search_api.server import serve

        serve(config, args.host, args.port, args.workers)
        return 0

    from scout.engine import Engine

    engine = Engine(config)
    try:
        return _run_engine(args, engine, config)
    finally:
        engine.close()


def _run_engine(args: argparse.Namespace, engine: Any, config: Config) -> int:
    from schemas import Brief, parse
    from schemas.params import parse_filter_flag, search_query_from_params
    from scout.errors import InvalidBrief, InvalidInput

    if args.command == "index":
        report_path = args.reject_report or config.data_dir / "rejects.jsonl"
        write = engine.rebuild_paths if args.rebuild else engine.index_paths
        try:
            report = write(args.paths, on_error=args.on_error, reject_report=report_path)
        except InvalidRecord as exc:
            rejects = getattr(exc, "rejects", [])
            for reject in rejects[:20]:
                print(f"rejected: {reject}", file=sys.stderr)
            if len(rejects) > 20:
                print(f"... and {len(rejects) - 20} more (see {report_path})", file=sys.stderr)
            print("nothing was written; fix the records or use --on-error skip",
                  file=sys.stderr)
            return 1
        for reject in report.rejected[:20]:
            print(f"skipped: {reject}", file=sys.stderr)
        print(json.dumps(report.to_dict()))
        return 0
    if args.command == "delete":
        gone = engine.delete(args.ids)
        missing = sorted(set(args.ids) - set(gone))
        print(json.dumps({"deleted": gone, "not_found": missing}))
        return 0
    if args.command == "match":
        text = sys.stdin.read() if args.brief == "-" else _read(args.brief)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{args.brief}: not valid JSON ({exc.msg}, line {exc.lineno})",
                               field="brief") from None
        if isinstance(data, dict):
            if args.limit is not None:
                data["limit"] = args.limit
            if args.cursor:
                data["cursor"] = args.cursor
        brief = parse(Brief, data, InvalidBrief)
        _emit(engine.match(brief).model_dump(mode="json"), args.format, _match_table)
        return 0
    if args.command == "search":
        pairs = [parse_filter_flag(f) for f in args.filter]
        pairs.append(("q", args.text))
        for key in ("sort", "limit", "cursor"):
            if getattr(args, key) is not None:
                pairs.append((key, str(getattr(args, key))))
        query = search_query_from_params(pairs)
        _emit(engine.search(query).model_dump(mode="json"), args.format, _match_table)
        return 0
    if args.command == "similar":
        _emit(engine.similar(args.creator_id, args.limit).model_dump(mode="json"), args.format,
              _match_table)
        return 0
    if args.command == "overlap":
        _emit(engine.overlap(args.ids).model_dump(mode="json"), args.format, _overlap_table)
        return 0
    raise AssertionError(f"unhandled command {args.command}")


def _run_keys(args: argparse.Namespace, config: Config) -> int:
    from search_api.accounts import Accounts
    from search_api.accounts.ratelimit import parse_rate

    accounts = Accounts(config.tenants_path())
    try:
        if args.keys_command == "create":
            if args.rate_limit:
                args.rate_limit = str(parse_rate(args.rate_limit, "--rate-limit") or "off")
            if args.replace:
                for key_id in accounts.keys.revoke_named(args.tenant, args.name):
                    print(f"revoked {key_id}", file=sys.stderr)
            key, info = accounts.keys.create(args.tenant, args.scope, args.name, args.rate_limit)
            print(key)
            if args.url:
                print(f"{args.url}#key={key}")
            print(f"created key {info.id} for tenant {info.tenant!r} with scope {info.scope!r}; "
                  "it is shown only now", file=sys.stderr)
            return 0
        if args.keys_command == "list":
            infos = accounts.keys.list(args.tenant, include_revoked=args.all)
            rows = [i.model_dump(mode="json") for i in infos]
            if args.format == "json":
                print(json.dumps(rows, indent=2))
            else:
                print(f"{'id':<14} {'tenant':<16} {'scope':<6} {'name':<20} {'created':<20} "
                      f"{'last used':<20} revoked")
                for r in rows:
                    print(f"{r['id']:<14} {r['tenant']:<16} {r['scope']:<6} {r['name'][:20]:<20} "
                          f"{r['created_at'][:19]:<20} {(r['last_used_at'] or '-')[:19]:<20} "
                          f"{(r['revoked_at'] or '-')[:19]}")
            return 0
        info = accounts.keys.revoke(args.key_id)
        print(f"revoked {info.id} (tenant {info.tenant!r})")
        return 0
    finally:
        accounts.close()


def _read(path: str) -> str:
    from scout.errors import InvalidInput

    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="brief") from None


def quiet_client_logs() -> None:
    """opensearch-py logs a warning (with a traceback) for every failed request; Scout
    logs one line per outage transition itself, so an outage logs once, not per request."""
    logging.getLogger("opensearch").setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    quiet_client_logs()
    try:
        return run(args)
    except ScoutError as exc:
        where = f" [{exc.field}]" if exc.field else ""
        print(f"scout: error{where}: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
