"""`python -m sitegen build --content content --out build/site`."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from sitegen.build import build
from sitegen.context import BuildOptions
from sitegen.problems import ContentInvalid


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
        help="forget the page cache and the output (drawn images stay cached by content)",
    )
    build_cmd.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parsing and rendering processes")
    build_cmd.add_argument("--drafts", action="store_true", help="include draft articles")
    build_cmd.add_argument("--future", action="store_true", help="include articles dated in the future")
    args = parser.parse_args(argv)

    cache_dir = args.cache or args.out.parent / "cache"
    if args.clean:
        (cache_dir / "sitegen.pickle").unlink(missing_ok=True)
        shutil.rmtree(args.out, ignore_errors=True)
    options = BuildOptions(
        content_dir=args.content,
        out_dir=args.out,
        bundle_dir=args.bundle or args.out.parent / "bundle",
        drafts=args.drafts,
        future=args.future,
        cache_dir=cache_dir,
        report_path=args.out.parent / "report.json",
        jobs=max(1, args.jobs),
    )
    try:
        report = build(options)
    except ContentInvalid as exc:
        print(exc.problems.report(), file=sys.stderr)
        print(f"build failed: {len(exc.problems.items)} content problem(s)", file=sys.stderr)
        return 1
    print(report.summary())
    return 0
