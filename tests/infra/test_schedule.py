"""CI publishes scheduled articles on time: the deploy records the next publish time, the check reads it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deploy import schedule

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _report(tmp_path: Path, next_publish_at: str | None) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"insights": {"articles": 6, "next_publish_at": next_publish_at}}), encoding="utf-8")
    return path


def test_the_next_publish_time_comes_from_the_insights_build_report(tmp_path: Path) -> None:
    assert schedule.next_publish_at(_report(tmp_path, "2026-11-25T08:00:00+00:00")) == datetime(
        2026, 11, 25, 8, 0, tzinfo=UTC
    )
    assert schedule.next_publish_at(_report(tmp_path, None)) is None
    assert schedule.next_publish_at(tmp_path / "absent.json") is None


def test_a_recorded_publish_time_is_due_once_it_has_passed(aws: Any) -> None:
    import boto3

    ssm = boto3.client("ssm", region_name="eu-west-2")
    assert schedule.is_due(ssm, "prod", NOW) is False  # nothing recorded yet
    schedule.record(ssm, "prod", NOW + timedelta(hours=2))
    assert ssm.get_parameter(Name="/agent-boss-prod/site/next-publish-at")["Parameter"]["Value"] == (
        "2026-11-24T11:00:00+00:00"
    )
    assert schedule.is_due(ssm, "prod", NOW) is False
    assert schedule.is_due(ssm, "prod", NOW + timedelta(hours=2)) is True
    schedule.record(ssm, "prod", None)
    assert schedule.is_due(ssm, "prod", NOW + timedelta(days=9)) is False
