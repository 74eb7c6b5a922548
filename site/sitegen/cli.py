"""`python -m sitegen build --content content --out build/site`; `python -m sitegen serve-builds` keeps
a resident builder that later `build` runs with the same cache folder hand their work to.

A build that ran here, for a person at a terminal, leaves such a builder behind for the next one
(SITEGEN_BUILDER=on|off overrides that; CI and scripts get none by default)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen import uptodate

if TYPE_CHECKING:
    from sitegen.cache import BuildCache

# A builder started by a build, rather than by `make build-server`, stops sooner when unused.
STARTED_BUILDER_IDLE_SECONDS = 900


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitegen")
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="build the static site and the content bundle")
    build_cmd.add_argument("--content", type=Path, default=Path("content"))
    build_cmd.add_argument("--out", type=Path, default=Path("build/site"))
    build_cmd.add_argument("--bundle", type=Path, default=None, help="default: <out>/../bundle")
    build_cmd.add_argument("--cache", type=Path, default=None, help="incremental cache; default: <out>/../cache")
    build_cmd.add_argument(
        "--clean",
        action="store_true",
        help="forget the page cache and the output: render every page again",
    )
    build_cmd.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parsing and rendering processes")
    build_cmd.add_argument("--drafts", action="store_true", help="include draft articles")
    build_cmd.add_argument("--future", action="store_true", help="include articles dated in the future")
    build_cmd.add_argument("--here", action="store_true", help="build in this process even if a builder is running")
    serve_cmd = sub.add_parser("serve-builds", help="keep a builder loaded for later builds with this cache folder")
    serve_cmd.add_argument("--cache", type=Path, default=Path("build/cache"))
    serve_cmd.add_argument("--idle", type=float, default=1800, help="seconds without a build before it stops")
    serve_cmd.add_argument("--stop", action="store_true", help="stop the builder serving this cache folder")
    args = parser.parse_args(argv)
    if args.command == "serve-builds":
        return _stop_builder(args.cache) if args.stop else _serve_builds(args.cache, args.idle)
    leave_builder = _builder_wanted()
    if leave_builder is None:
        print("sitegen: SITEGEN_BUILDER must be 'on' or 'off'", file=sys.stderr)
        return 2

    if not args.content.is_dir():
        print(f"sitegen: --content {args.content}: no such folder", file=sys.stderr)
        return 2
    cache_dir = args.cache or args.out.parent / "cache"
    bundle_dir = args.bundle or args.out.parent / "bundle"
    report_path = args.out.parent / "report.json"
    stamp = cache_dir / uptodate.STAMP_NAME
    if args.clean:
        (cache_dir / "sitegen.pickle").unlink(missing_ok=True)
        uptodate.forget(stamp)
        shutil.rmtree(args.out, ignore_errors=True)
    described = {"out": args.out, "bundle": bundle_dir, "cache": cache_dir, "report": report_path}
    taken = uptodate.inputs(
        {**{name: str(path.resolve()) for name, path in described.items()}, "drafts": args.drafts,
         "future": args.future},
        args.content,
    )  # fmt: skip
    summary = uptodate.still_valid(stamp, taken)
    if summary is not None:
        print(f"{summary}\n  nothing changed since that build: its output is current")
        if leave_builder and not args.here:
            _leave_builder(cache_dir)
        return 0
    uptodate.forget(stamp)
    if not (args.here or args.clean):
        from sitegen import buildserver  # standard library only

        arguments = {"content": args.content, "out": args.out, "bundle": bundle_dir, "cache": cache_dir,
                     "report": report_path}  # fmt: skip
        request = {
            "args": {**{name: str(path.resolve()) for name, path in arguments.items()},
                     "drafts": args.drafts, "future": args.future, "jobs": args.jobs},
            "inputs": taken,
        }  # fmt: skip
        reply = buildserver.hand_over(cache_dir, request)
        if reply is not None:
            sys.stdout.write(reply.get("stdout", ""))
            sys.stderr.write(reply.get("stderr", ""))
            return int(reply["code"])
    status = _build(args, cache_dir, bundle_dir, report_path, stamp, taken)
    if leave_builder and not args.here:  # after a failed build too: the fix is the next build
        _leave_builder(cache_dir)
    return status


def _leave_builder(cache_dir: Path) -> None:
    """Start a builder for the next build with this cache folder, unless one already serves it."""
    from sitegen import buildserver

    if buildserver.hand_over(cache_dir, {"ping": True}) is None:
        buildserver.start_detached(cache_dir, STARTED_BUILDER_IDLE_SECONDS)
        print(f"  a builder now keeps the generator loaded for the next build here (it stops after "
              f"{STARTED_BUILDER_IDLE_SECONDS // 60} idle minutes; SITEGEN_BUILDER=off starts none)")  # fmt: skip


def _builder_wanted() -> bool | None:
    """Whether a build done here should leave a builder for the next one; None for a bad setting."""
    setting = os.environ.get("SITEGEN_BUILDER", "").strip().lower()
    if setting:
        return {"on": True, "off": False}.get(setting)
    return not os.environ.get("CI") and sys.stdin.isatty() and sys.stdout.isatty()


def _stop_builder(cache_dir: Path) -> int:
    from sitegen import buildserver

    stopped = buildserver.hand_over(cache_dir, {"stop": True}) is not None
    print(f"builder for {cache_dir} stopped" if stopped else f"no builder serves {cache_dir}")
    return 0


def _serve_builds(cache_dir: Path, idle_seconds: float) -> int:
    """Load everything now, then build what `build` runs hand over, with the cache kept in memory."""
    import gc

    from sitegen import buildserver
    from sitegen.areas import areas
    from sitegen.build import build  # noqa: F401 - imported now, once: that is the point
    from sitegen.cache import BuildCache
    from sitegen.writer import make_environment

    areas()  # every area and Jinja2 too, so that no build handed over waits for an import
    make_environment({})

    gc.enable()  # a long-lived process (builds pause it themselves)
    cache_dir = cache_dir.resolve()
    log = cache_dir / "sitegen.pickle"
    # Read now, while nobody waits: the first build handed over finds it in memory.
    kept: dict[str, Any] = {"seen": _signature(log), "cache": BuildCache(log)}

    def run(request: dict[str, Any]) -> int:
        given = request["args"]
        args = argparse.Namespace(
            content=Path(given["content"]), out=Path(given["out"]), drafts=bool(given["drafts"]),
            future=bool(given["future"]), jobs=int(given["jobs"]),
        )  # fmt: skip
        if _signature(log) != kept["seen"]:
            kept["cache"] = BuildCache(log)  # another process wrote it since: read it again
        status = _build(args, cache_dir, Path(given["bundle"]), Path(given["report"]),
                        cache_dir / uptodate.STAMP_NAME, request["inputs"], kept["cache"])  # fmt: skip
        kept["seen"] = _signature(log)
        return status

    return buildserver.serve(cache_dir, uptodate.code(), run, idle_seconds)


def _signature(path: Path) -> tuple[int, int, int] | None:
    from sitegen.cache import stat_signature

    try:
        return stat_signature(path)
    except FileNotFoundError:
        return None


def _build(
    args: argparse.Namespace,
    cache_dir: Path,
    bundle_dir: Path,
    report_path: Path,
    stamp: Path,
    taken: dict[str, Any],
    cache: BuildCache | None = None,
) -> int:
    from sitegen.build import build  # the heavy imports: only when there is work to do
    from sitegen.context import BuildOptions
    from sitegen.problems import ContentInvalid

    options = BuildOptions(
        content_dir=args.content,
        out_dir=args.out,
        bundle_dir=bundle_dir,
        drafts=args.drafts,
        future=args.future,
        cache_dir=cache_dir,
        report_path=report_path,
        jobs=max(1, args.jobs),
    )
    try:
        report = build(options, cache)
    except ContentInvalid as exc:
        print(exc.problems.report(), file=sys.stderr)
        print(f"build failed: {len(exc.problems.items)} content problem(s)", file=sys.stderr)
        return 1
    summary = report.summary()
    next_publish = report.areas.get("insights", {}).get("next_publish_at")
    valid_until = datetime.fromisoformat(next_publish) if next_publish else None
    uptodate.record(stamp, taken, [args.out, bundle_dir, report_path], valid_until, summary)
    print(summary)
    return 0
