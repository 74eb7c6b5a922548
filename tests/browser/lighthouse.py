"""Run Lighthouse (the npm project in tests/lighthouse/) against a URL of the live stack.

    from tests.browser.lighthouse import PORTAL_MINIMUMS, lighthouse_shortfalls, run_lighthouse

    def test_the_quiz_page_scores_well_in_lighthouse(live_url: str) -> None:
        assert lighthouse_shortfalls(live_url + "/score/", PORTAL_MINIMUMS) == []

    scores = run_lighthouse(live_url + "/score/")   # {"performance": 100, "accessibility": 100, ...}

Scores are 0-100 integers. Each call is one Lighthouse run (about 11 s), so call it once per URL.
`lighthouse_shortfalls` returns one line per category below its minimum followed by the audits
that cost points, so a failing assertion says what to fix. Use it in a test that takes `live_url`
(it then shares the live stack's xdist group). `make test` installs the npm project first
(`make lighthouse`); the Chromium is the browser tests' one. Lighthouse emulates a mid-range phone
on simulated 4G by default, which is the stricter case for performance.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.browser.conftest import chromium_path

LIGHTHOUSE_DIR = Path(__file__).resolve().parents[1] / "lighthouse"
CLI = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Headless, sandbox-free (root in CI), and nothing that reaches for the network on its own.
# The portal's bar for every page (issue 2); a page may ask for more, never less.
PORTAL_MINIMUMS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class LighthouseFailed(RuntimeError):
    """The CLI did not produce a report (its output is in the message)."""


def lighthouse_report(url: str, categories: Sequence[str] = CATEGORIES, attempts: int = 2) -> dict[str, Any]:
    """The full Lighthouse JSON report for one URL, with Lighthouse's default mobile emulation.

    A run that produces no report (Lighthouse's own trace errors, e.g. NO_NAVSTART on a loaded
    machine) is tried once more; a report with low scores is never re-run.
    """
    if not CLI.exists():
        raise LighthouseFailed(f"Lighthouse is not installed in {LIGHTHOUSE_DIR}: run `make lighthouse`.")
    failure = ""
    for _ in range(attempts):
        report, failure = _run_once(url, categories)
        if report is not None:
            return report
    raise LighthouseFailed(failure)


def _run_once(url: str, categories: Sequence[str], timeout: float = 120) -> tuple[dict[str, Any] | None, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        result = subprocess.run(
            [
                str(CLI),
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                f"--only-categories={','.join(categories)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": chromium_path()},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0 or not out.exists():
            return None, f"lighthouse exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return None, f"lighthouse could not audit {url}: {report['runtimeError']}"
    return report, ""


def scores_of(report: dict[str, Any]) -> dict[str, int]:
    """Category id -> score 0-100 (a category Lighthouse could not score counts as 0)."""
    return {cid: round((cat["score"] or 0) * 100) for cid, cat in report["categories"].items()}


def failing_audits(report: dict[str, Any]) -> list[str]:
    """Weighted audits that did not pass, as `category/audit: score (detail)` lines."""
    lines = []
    for cid, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{cid}/{audit['id']}: {audit['score']} {audit.get('displayValue', '')}".rstrip())
    return lines


def run_lighthouse(url: str, categories: Sequence[str] = CATEGORIES) -> dict[str, int]:
    """Scores 0-100 by category for one URL; raises LighthouseFailed if Lighthouse cannot run."""
    return scores_of(lighthouse_report(url, categories))


def shortfalls(report: dict[str, Any], minimums: dict[str, int]) -> list[str]:
    """Empty when every category meets its minimum; else the shortfalls and the audits behind them."""
    scores = scores_of(report)
    short = [f"{cid}: {scores.get(cid, 0)} < {floor}" for cid, floor in minimums.items() if scores.get(cid, 0) < floor]
    return short + failing_audits(report) if short else []


def lighthouse_shortfalls(url: str, minimums: dict[str, int]) -> list[str]:
    """Run Lighthouse once on `url` for the categories in `minimums`; `[]` means every minimum is met."""
    return shortfalls(lighthouse_report(url, tuple(minimums)), minimums)
