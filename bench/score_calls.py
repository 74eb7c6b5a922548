"""DynamoDB calls per Score request: submissions (with retries and replays) and result fetches.

    python bench/score_calls.py [--attempts 300] [--fetches 300]      (or `make bench-score`)

Runs the real service code against moto with the stack provisioned from infra/ and the real
content bundle, counting every DynamoDB API call through botocore's event hooks. Issue 4 sets the
budget at <= 2 calls per submission on average and 1 per result fetch. The traffic mix: every
tenth submission is retried with the same Idempotency-Key (a replay), and one client address sends
every fourth submission, far more than its allowance of 10 an hour, so many of its requests are
refused. Latencies are moto's, useful only to compare runs on one machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "eu-west-2"})

from moto import mock_aws  # noqa: E402
from sitegen.build import build  # noqa: E402
from sitegen.context import BuildOptions  # noqa: E402

from devstack.provision import provision  # noqa: E402
from functions import bootstrap  # noqa: E402
from functions.config import Settings  # noqa: E402
from functions.deps import Deps  # noqa: E402
from functions.errors import RateLimited  # noqa: E402
from functions.score.service import Submission, fetch_attempt, submit_attempt  # noqa: E402
from tests.score_helpers import submission  # noqa: E402


class Calls:
    """Counts DynamoDB calls, by operation name, made through one client."""

    def __init__(self, client: Any) -> None:
        self.counts: Counter[str] = Counter()
        client.meta.events.register("before-call.dynamodb", lambda model, **_: self.counts.update([model.name]))

    def take(self) -> int:
        total = sum(self.counts.values())
        self.counts.clear()
        return total


def run(attempts: int, fetches: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        bundle_dir = Path(tmp) / "bundle"
        build(BuildOptions(content_dir=ROOT / "content", out_dir=Path(tmp) / "site", bundle_dir=bundle_dir))
        with mock_aws():
            bootstrap.reset()
            for name, value in provision(region="eu-west-2").environment().items():
                os.environ[name] = value
            deps = Deps(settings=Settings(bundle_dir=bundle_dir, score_attempts_per_hour=10))
            section = deps.bundle.section("score")
            calls = Calls(deps.table.meta.client)
            rng = random.Random(4)
            submit_calls: list[int] = []
            submit_seconds: list[float] = []
            ids: list[str] = []
            outcomes: Counter[str] = Counter()
            for n in range(attempts):
                body = submission(section, quality=rng.choice(["best", "worst"]), familiarity=rng.randrange(5))
                request = Submission(body["quiz_version"], body["answers"], body["familiarity"], True)
                # One busy address sends every fourth submission: well over the hourly allowance.
                address = "192.0.2.1" if n % 4 == 0 else f"198.51.100.{n % 250}"
                key = f"bench-key-{n:012d}"
                for replay in (False, True) if n % 10 == 0 else (False,):
                    started = time.perf_counter()
                    try:
                        result, replayed = submit_attempt(deps, request, address, idempotency_key=key)
                        outcomes["replayed" if replayed else "stored"] += 1
                        if not replay:
                            ids.append(result.id)
                    except RateLimited:
                        outcomes["rate limited"] += 1
                    submit_seconds.append(time.perf_counter() - started)
                    submit_calls.append(calls.take())
            fetch_calls: list[int] = []
            fetch_seconds: list[float] = []
            for _ in range(fetches):
                started = time.perf_counter()
                fetch_attempt(deps, rng.choice(ids))
                fetch_seconds.append(time.perf_counter() - started)
                fetch_calls.append(calls.take())
            bootstrap.reset()
    return {
        "submissions": len(submit_calls),
        "outcomes": dict(outcomes),
        "submit_mean": statistics.mean(submit_calls),
        "submit_max": max(submit_calls),
        "submit_ms": 1000 * statistics.median(submit_seconds),
        "fetches": len(fetch_calls),
        "fetch_mean": statistics.mean(fetch_calls),
        "fetch_max": max(fetch_calls),
        "fetch_ms": 1000 * statistics.median(fetch_seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=300)
    parser.add_argument("--fetches", type=int, default=300)
    args = parser.parse_args()
    figures = run(args.attempts, args.fetches)
    print(f"submissions: {figures['submissions']} requests {figures['outcomes']}")
    print("| request | requests | DynamoDB calls, mean | max | median latency (moto) |")
    print("|---|---|---|---|---|")
    print(
        f"| POST /api/score/attempts | {figures['submissions']} | **{figures['submit_mean']:.2f}** | "
        f"{figures['submit_max']} | {figures['submit_ms']:.1f} ms |"
    )
    print(
        f"| GET /api/score/attempts/{{id}} | {figures['fetches']} | **{figures['fetch_mean']:.2f}** | "
        f"{figures['fetch_max']} | {figures['fetch_ms']:.1f} ms |"
    )
    ok = figures["submit_mean"] <= 2 and figures["fetch_mean"] <= 1
    print(f"budget (<= 2 per submission on average, 1 per fetch): {'met' if ok else 'NOT MET'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
