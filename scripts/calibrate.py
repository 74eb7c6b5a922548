"""`make calibrate TASK=<lesson.md> GOLDEN=<jsonl> [ADVERSARIAL=<jsonl>] [JUDGE=offline|openai] [JSON=1]`.

Reads a brief lesson (any path, validated as the build does), runs the judge over the labelled
submissions and reports how far its verdicts agree with the labels. Exit 0 on a report, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitegen.gymlessons.reader import read_lesson
from sitegen.gymlessons.spec import task_spec
from sitegen.problems import Problems

from functions.agent.offline_judge import OfflineJudge
from functions.gym.calibration import AdversarialCase, CalibrationReport, GoldenCase, calibrate, read_cases
from functions.gym.specs import BriefTask
from functions.gym.tasks import parse_tasks


def load_brief_task(path: Path) -> BriefTask:
    problems = Problems(root=path.parent)
    loaded = read_lesson(path, problems)
    if loaded is None or problems:
        raise SystemExit(f"{problems.report()}\n{path}: the lesson is not valid")
    task = parse_tasks({"tasks": {loaded.id: task_spec(loaded)}})[loaded.id]
    if not isinstance(task, BriefTask):
        raise SystemExit(f"{path}: calibration needs a brief task, this one is {task.kind!r}")
    return task


def make_judge(name: str):  # type: ignore[no-untyped-def]
    if name == "offline":
        return OfflineJudge()
    from functions.agent.factory import make_judge as configured_judge
    from functions.config import Settings

    settings = Settings()
    if settings.agent_provider != "openai":
        raise SystemExit("JUDGE=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible endpoint)")
    return configured_judge(settings)


def print_report(task: BriefTask, report: CalibrationReport, judge: str) -> None:
    data = report.as_dict()
    print(f"task {task.id} · judge {judge}")
    print(f"{'criterion':<16}{'accuracy':>10}{'precision':>11}{'recall':>8}{'support':>9}")
    for cid, row in data["per_criterion"].items():
        cells = [("-" if row[k] is None else f"{row[k]:.2f}") for k in ("accuracy", "precision", "recall")]
        print(f"{cid:<16}{cells[0]:>10}{cells[1]:>11}{cells[2]:>8}{row['support']:>9}")
    print(f"criterion accuracy {data['criterion_accuracy']:.3f} · Spearman {data['spearman']}")
    for miss in data["misgraded"]:
        wanted = "met" if miss["expected"] else "not met"
        print(f"  misgraded {miss['id']}: {miss['criterion']} should be {wanted}")
    if data["adversarial"]:
        print(f"adversarial above their maximum: {data['adversarial_above_max']} of {len(data['adversarial'])}")
        for case in data["adversarial"]:
            if case["score"] > case["max_score"]:
                print(f"  {case['id']}: scored {case['score']} > {case['max_score']} ({', '.join(case['met'])})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="calibrate", description=__doc__)
    parser.add_argument("--task", type=Path, required=True)
    parser.add_argument("--golden", type=Path, required=True)
    parser.add_argument("--adversarial", type=Path)
    parser.add_argument("--judge", choices=["offline", "openai"], default="offline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        task = load_brief_task(args.task)
        golden = read_cases(args.golden, GoldenCase)
        adversarial = read_cases(args.adversarial, AdversarialCase) if args.adversarial else []
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    known = {c.id for c in task.criteria}
    unknown = sorted({cid for case in golden for cid in case.met} - known)
    if unknown:
        print(f"{args.golden}: unknown criterion ids {', '.join(unknown)}", file=sys.stderr)
        return 2
    report = calibrate(task.criteria, make_judge(args.judge), golden, adversarial)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print_report(task, report, args.judge)
    return 0


if __name__ == "__main__":
    sys.exit(main())
