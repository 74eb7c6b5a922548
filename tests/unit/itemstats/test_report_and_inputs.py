"""The report end to end on small inputs: per version, per dimension from the bank, and the files it writes."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from analytics.itemstats.analysis import analyse
from analytics.itemstats.cli import main, write_outputs
from analytics.itemstats.data import Attempt, InputError, bank_from_section, first_attempts, read_jsonl

ROOT = Path(__file__).resolve().parents[3]
SECTION: dict[str, Any] = {
    "version": "v1",
    "dimensions": [{"id": "decomposition", "name": "Decomposition"}, {"id": "guardrails", "name": "Guardrails"}],
    "items": [
        {"id": "q1", "type": "single", "dimensions": {"decomposition": 1}, "options": [{"id": "a"}, {"id": "b"}]},
        {"id": "q2", "type": "pick", "dimensions": {"decomposition": 0.5, "guardrails": 1}, "options": [{"id": "a"}]},
        {"id": "q3", "type": "single", "dimensions": {"guardrails": 1}, "options": [{"id": "a"}, {"id": "b"}]},
    ],
}
# MATRIX_A of test_statistics: q1 [1,1,0,0], q2 [1,0,1,0], q3 [1,1,0,0].
ROWS = [[1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]


def _attempts(version: str = "v1") -> list[Attempt]:
    return [
        Attempt(
            f"{version}-{n}", version, dict(zip(["q1", "q2", "q3"], row, strict=True)), {"q1": "a" if row[0] else "b"}
        )
        for n, row in enumerate(ROWS)
    ]


def test_dimensions_take_every_item_that_weighs_on_them() -> None:
    result = analyse(_attempts(), bank_from_section(SECTION))["versions"]["v1"]
    assert result["dimensions"]["decomposition"]["item_ids"] == ["q1", "q2"]
    assert result["dimensions"]["guardrails"]["item_ids"] == ["q2", "q3"]
    # q1 and q2 are uncorrelated (alpha 0); q2 and q3 likewise; the whole test has alpha 0.6 (by hand).
    assert result["dimensions"]["decomposition"]["cronbach_alpha"] == pytest.approx(0.0)
    assert result["test"]["cronbach_alpha"] == pytest.approx(0.6)
    assert result["test"]["mean"] == pytest.approx(1.5)
    assert result["items"]["q1"]["option_frequencies"] == {"a": 0.5, "b": 0.5}
    # q2: discrimination 0 and efficiency 0 (by hand in test_statistics): flagged twice, facility 50% is fine.
    assert result["items"]["q2"]["flags"] == ["low_efficiency", "weak_discrimination"]


def test_each_bank_version_is_analysed_on_its_own_and_only_the_matching_one_gets_dimensions() -> None:
    result = analyse(_attempts("v1") + _attempts("v0")[:3], bank_from_section(SECTION))["versions"]
    assert sorted(result) == ["v0", "v1"]
    assert result["v0"]["attempts"] == 3
    assert result["v0"]["dimensions"] == {}
    assert result["v0"]["bank_known"] is False
    assert result["v1"]["bank_known"] is True


def test_only_first_attempts_count_and_each_attempt_once() -> None:
    repeat = Attempt("x", "v1", {"q1": 1.0}, is_first_attempt=False)
    twice = _attempts()[:2] + _attempts()[:1] + [repeat]
    assert [a.attempt_id for a in first_attempts(twice)] == ["v1-0", "v1-1"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "2: not JSON"),
        ('{"attempt_id": "a", "quiz_version": "v", "items": {"q1": 1.5}}', "2: items.q1: expected points from 0 to 1"),
        ('{"attempt_id": "", "quiz_version": "v", "items": {"q1": 1}}', "2: attempt_id"),
        ('{"attempt_id": "a", "quiz_version": "v", "items": {}}', "2: items"),
        ('{"attempt_id": "a", "quiz_version": "v", "items": {"q1": true}}', "2: items.q1"),
    ],
)
def test_a_bad_export_line_names_the_file_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    good = '{"attempt_id": "ok", "quiz_version": "v", "items": {"q1": 1}}'
    path = tmp_path / "export.jsonl"
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"export\.jsonl:{message}"):
        read_jsonl(path)


def test_the_report_files_are_markdown_csv_and_a_valid_svg(tmp_path: Path) -> None:
    written = write_outputs(analyse(_attempts(), bank_from_section(SECTION)), tmp_path)
    assert [p.name for p in written] == ["report.md", "items.csv", "chart-v1.svg"]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Cronbach's alpha | 0.60 |" in report
    assert "| `q1` | 50.0% |" in report
    rows = list(csv.DictReader(io.StringIO((tmp_path / "items.csv").read_text(encoding="utf-8"))))
    assert [r["item_id"] for r in rows] == ["q1", "q2", "q3"]
    assert rows[0]["discrimination_index"] == "0.7071"
    svg = ET.fromstring((tmp_path / "chart-v1.svg").read_text(encoding="utf-8"))  # noqa: S314 (our own output)
    assert svg.tag.endswith("svg")
    assert svg.find("{http://www.w3.org/2000/svg}title") is not None


def test_json_mode_prints_one_object_keyed_by_version_item_and_dimension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"sections": {"score": SECTION}}), encoding="utf-8")
    export = tmp_path / "export.jsonl"
    export.write_text(
        "".join(
            json.dumps({"attempt_id": a.attempt_id, "quiz_version": "v1", "items": a.items}) + "\n" for a in _attempts()
        ),
        encoding="utf-8",
    )
    assert main(["report", "--from", str(export), "--bundle", str(bundle), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    version = figures["versions"]["v1"]
    assert sorted(version["items"]) == ["q1", "q2", "q3"]
    assert sorted(version["dimensions"]) == ["decomposition", "guardrails"]
    assert version["items"]["q1"]["discrimination_index"] == pytest.approx(2**-0.5)


def test_an_empty_or_missing_export_is_a_clear_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--from", str(tmp_path / "nope.jsonl"), "--bundle", str(tmp_path / "b.json")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    assert main(["report", "--from", str(tmp_path / "empty.jsonl"), "--bundle", str(tmp_path / "b.json")]) == 2
    assert "no first attempts" in capsys.readouterr().err


def test_the_shipped_example_export_reads_and_reports(tmp_path: Path) -> None:
    attempts = read_jsonl(ROOT / "analytics" / "example-attempts.jsonl")
    assert len(attempts) >= 100
    result = analyse(list(first_attempts(attempts)), None)
    (version,) = result["versions"].values()
    assert version["test"]["cronbach_alpha"] > 0.5
    # The example carries one deliberately broken item, so a reader sees what a flag looks like.
    assert any("negative_discrimination" in item["flags"] for item in version["items"].values())
