"""`python -m analytics.itemstats`: the report from a JSONL export or straight from DynamoDB, and the export.

python -m analytics.itemstats report [--from FILE] [--json] [--out DIR] [--version V]
python -m analytics.itemstats export --version V --out FILE
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from analytics.itemstats.analysis import analyse
from analytics.itemstats.data import Attempt, Bank, InputError, first_attempts, read_bank, read_jsonl, write_jsonl
from analytics.itemstats.report import csv_text, markdown, svg_chart

ROOT = Path(__file__).resolve().parents[2]


def _table() -> Any:
    import boto3

    name = os.environ.get("TABLE_NAME")
    if not name:
        raise InputError("reading DynamoDB needs TABLE_NAME (and AWS credentials); or pass FROM=<export.jsonl>")
    return boto3.resource("dynamodb").Table(name)


def _from_table(version: str | None, bank: Bank | None) -> list[Attempt]:
    from analytics.itemstats.dynamo import query_first_attempts

    version = version or (bank.version if bank else None)
    if not version:
        raise InputError("no bank version: pass VERSION=<hash> or build the site (make build) first")
    return list(query_first_attempts(_table(), version))


def write_outputs(analysis: dict[str, Any], out_dir: Path) -> list[Path]:
    """report.md and items.csv for everything; one SVG chart per bank version."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "report.md", out_dir / "items.csv"]
    written[0].write_text(markdown(analysis), encoding="utf-8")
    written[1].write_text(csv_text(analysis), encoding="utf-8")
    for version, figures in analysis["versions"].items():
        chart = out_dir / f"chart-{version}.svg"
        chart.write_text(svg_chart(figures), encoding="utf-8")
        written.append(chart)
    return written


def report(args: argparse.Namespace) -> int:
    bank = read_bank(args.bundle)
    attempts = read_jsonl(args.source) if args.source else _from_table(args.version, bank)
    chosen = [a for a in first_attempts(attempts) if args.version is None or a.quiz_version == args.version]
    if not chosen:
        raise InputError("no first attempts to analyse")
    analysis = analyse(chosen, bank)
    if args.json:
        print(json.dumps(analysis, indent=2, sort_keys=False))
        return 0
    for path in write_outputs(analysis, args.out):
        print(f"wrote {path}")
    return 0


def export(args: argparse.Namespace) -> int:
    count = write_jsonl(_from_table(args.version, read_bank(args.bundle)), args.out)
    print(f"wrote {count} first attempts of bank {args.version} to {args.out}")
    return 0


def simulate_export(args: argparse.Namespace) -> int:
    from analytics.itemstats.simulate import simulate

    try:
        section = json.loads(args.bundle.read_text(encoding="utf-8"))["sections"]["score"]
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(f"{args.bundle}: no Score section to simulate from (make build first)") from exc
    count = write_jsonl(simulate(section, args.attempts), args.out)
    print(f"wrote {count} synthetic first attempts of bank {section['version']} to {args.out}")
    return 0


COMMANDS = {"report": report, "export": export, "simulate": simulate_export}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="itemstats", description="Item statistics of the Agent Boss Score.")
    sub = parser.add_subparsers(dest="command", required=True)
    bundle = ROOT / "build" / "bundle" / "bundle.json"
    rep = sub.add_parser("report", help="compute the statistics")
    rep.add_argument("--from", dest="source", type=Path, help="a JSONL export (default: query DynamoDB)")
    rep.add_argument("--json", action="store_true", help="print one JSON object instead of writing files")
    rep.add_argument("--out", type=Path, default=ROOT / "build" / "itemstats")
    rep.add_argument("--version", help="only this bank version (default: all in the file; the bundle's for DynamoDB)")
    rep.add_argument("--bundle", type=Path, default=bundle, help="the built content bundle (dimensions, options)")
    exp = sub.add_parser("export", help="write first attempts of one bank version from DynamoDB as JSONL")
    exp.add_argument("--version", required=True)
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--bundle", type=Path, default=bundle)
    sim = sub.add_parser("simulate", help="write a synthetic export drawn from the built bank")
    sim.add_argument("--out", type=Path, required=True)
    sim.add_argument("--attempts", type=int, default=240)
    sim.add_argument("--bundle", type=Path, default=bundle)
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"itemstats: {exc}", file=sys.stderr)
        return 2
