"""When the site must be rebuilt to publish a scheduled article, for CI's frequent schedule check.

Each site deploy records the next scheduled article's publish time (from the insights build
report, build/report.json) in an SSM parameter of the stage. CI's schedule asks `--check` every
quarter hour and redeploys the site once that time has passed, so an article goes live within
minutes of its publish time without anyone merging anything.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "build" / "report.json"
NOTHING_SCHEDULED = "none"


def parameter_name(stage: str) -> str:
    """The stage's SSM parameter holding the next publish time."""
    service = yaml.safe_load((ROOT / "serverless.yml").read_text(encoding="utf-8"))["service"]
    return f"/{service}-{stage}/site/next-publish-at"


def next_publish_at(report: Path = REPORT) -> datetime | None:
    """The earliest publish time of a scheduled article in the build report, if any."""
    if not report.exists():
        return None
    value = json.loads(report.read_text(encoding="utf-8")).get("insights", {}).get("next_publish_at")
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record(ssm: Any, stage: str, when: datetime | None) -> str:
    """Store the next publish time (or that nothing is scheduled); returns the stored value."""
    value = when.astimezone(UTC).isoformat() if when else NOTHING_SCHEDULED
    ssm.put_parameter(Name=parameter_name(stage), Value=value, Type="String", Overwrite=True)
    return value


def is_due(ssm: Any, stage: str, now: datetime) -> bool:
    """True when a recorded publish time has passed (the site must be rebuilt now)."""
    try:
        value = ssm.get_parameter(Name=parameter_name(stage))["Parameter"]["Value"]
    except ssm.exceptions.ParameterNotFound:
        return False
    return value != NOTHING_SCHEDULED and datetime.fromisoformat(value) <= now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-2"))
    args = parser.parse_args(argv)
    import boto3

    due = is_due(boto3.client("ssm", region_name=args.region), args.stage, datetime.now(UTC))
    print(f"due={'true' if due else 'false'}")
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"due={'true' if due else 'false'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
