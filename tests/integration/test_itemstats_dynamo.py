"""itemstats reads attempts from the table as the Score stores them: a Query on gsi1, first attempts only."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest

from analytics.itemstats.cli import main
from analytics.itemstats.dynamo import query_first_attempts


def _store(table: Any, attempt_id: str, version: str, points: dict[str, float], first: bool = True) -> None:
    """An attempt item in the shape functions/score writes."""
    table.put_item(
        Item={
            "pk": f"SCORE#{attempt_id}",
            "sk": "ATTEMPT",
            "gsi1pk": f"SCOREVER#{version}",
            "gsi1sk": f"2026-11-24T09:{len(attempt_id):02d}:00+00:00#{attempt_id}",
            "attempt_id": attempt_id,
            "quiz_version": version,
            "item_points": {k: Decimal(str(v)) for k, v in points.items()},
            "answers": {"q1": "a"},
            "is_first_attempt": first,
            "overall": 50,
        }
    )


class QueryOnly:
    """The table, minus Scan: a Scan would raise AttributeError."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self.queries: list[dict[str, Any]] = []

    def query(self, **request: Any) -> Any:
        self.queries.append(request)
        return self.table.query(**request)


@pytest.fixture
def table(aws: Any) -> Any:
    table = boto3.resource("dynamodb").Table(aws.outputs["TableName"])
    for n in range(7):
        _store(table, f"a{n}", "v1", {"q1": n % 2, "q2": 0.25 * (n % 5)})
    _store(table, "again", "v1", {"q1": 1, "q2": 1}, first=False)
    _store(table, "other", "v0", {"q1": 1, "q2": 1})
    return table


def test_only_first_attempts_of_the_version_are_read_through_gsi1_page_by_page(table: Any) -> None:
    query_only = QueryOnly(table)
    attempts = list(query_first_attempts(query_only, "v1", page_size=3))
    assert sorted(a.attempt_id for a in attempts) == [f"a{n}" for n in range(7)]
    assert {a.quiz_version for a in attempts} == {"v1"}
    assert attempts[1].items == {"q1": 1.0, "q2": 0.25}
    assert attempts[0].answers == {"q1": "a"}
    assert len(query_only.queries) >= 3  # paged, not one unbounded read
    assert {q["IndexName"] for q in query_only.queries} == {"gsi1"}


def test_the_export_target_writes_jsonl_the_report_reads(
    table: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export.jsonl"
    missing_bundle = tmp_path / "none.json"
    assert main(["export", "--version", "v1", "--out", str(out), "--bundle", str(missing_bundle)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 7
    assert set(lines[0]) == {"attempt_id", "quiz_version", "items", "answers"}
    capsys.readouterr()
    assert main(["report", "--from", str(out), "--bundle", str(missing_bundle), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["versions"]["v1"]["attempts"] == 7


def test_the_report_can_read_the_table_directly(table: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--version", "v1", "--bundle", str(tmp_path / "none.json"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["versions"]["v1"]["attempts"] == 7


def test_without_a_table_name_the_report_says_what_it_needs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TABLE_NAME", raising=False)
    assert main(["report", "--version", "v1", "--bundle", str(tmp_path / "none.json")]) == 2
    assert "TABLE_NAME" in capsys.readouterr().err


def _answers_for(item: dict[str, Any], n: int) -> Any:
    """A valid answer of each item type, varied by `n` so takers differ."""
    options = [o["id"] for o in item["options"]]
    rotated = options[n % len(options) :] + options[: n % len(options)]
    if item["type"] == "single":
        return rotated[0]
    if item["type"] == "pick":
        return rotated[: item.get("pick") or 1]
    if item["type"] == "ranking":
        return rotated
    return {o: 1 + (n + i) % 4 for i, o in enumerate(options)}


def test_attempts_submitted_through_the_score_api_are_what_itemstats_reads(
    client: Any, deps: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    section = deps.bundle.section("score")
    for n in range(4):
        body = {
            "quiz_version": section["version"],
            "answers": {item["id"]: _answers_for(item, n) for item in section["items"]},
            "familiarity": {q["id"]: q["options"][0]["id"] for q in section["familiarity"]},
            "is_first_attempt": n < 3,  # the fourth is a retake: not counted
        }
        response = client.post("/api/score/attempts", json=body)
        assert response.status_code == 201, response.get_json()
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"sections": {"score": section}}), encoding="utf-8")
    assert main(["report", "--version", section["version"], "--bundle", str(bundle), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["versions"][section["version"]]
    assert figures["attempts"] == 3
    assert figures["bank_known"] is True
    assert set(figures["items"]) == {item["id"] for item in section["items"]}
    assert figures["items_not_in_bank"] == []
    single = next(item["id"] for item in section["items"] if item["type"] == "single")
    assert figures["items"][single]["answers_counted"] == 3
