"""Checks submitted answers against one bank version; every problem names its field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.errors import FieldError, ValidationFailed
from functions.score.bank import Item, ScoreBank


def _single(item: Item, answer: Any) -> str | None:
    if not isinstance(answer, str):
        return 'expected one option id, such as "a"'
    return None if answer in item.option_ids else f"unknown option {answer!r}"


def _option_list(item: Item, answer: Any) -> str | None:
    if not isinstance(answer, list) or not all(isinstance(x, str) for x in answer):
        return "expected a list of option ids"
    unknown = [x for x in answer if x not in item.option_ids]
    if unknown:
        return f"unknown option {unknown[0]!r}"
    if len(set(answer)) != len(answer):
        return "an option appears twice"
    return None


def _ranking(item: Item, answer: Any) -> str | None:
    problem = _option_list(item, answer)
    if problem is None and sorted(answer) != sorted(item.option_ids):
        problem = f"rank every option exactly once: {', '.join(item.option_ids)}"
    return problem


def _pick(item: Item, answer: Any) -> str | None:
    problem = _option_list(item, answer)
    if problem is None and not answer:
        problem = "choose at least one option"
    return problem


def _rating(item: Item, answer: Any, top: int) -> str | None:
    if not isinstance(answer, dict):
        return 'expected an object rating each option, such as {"a": 3}'
    unknown = [x for x in answer if x not in item.option_ids]
    if unknown:
        return f"unknown option {unknown[0]!r}"
    missing = [x for x in item.option_ids if x not in answer]
    if missing:
        return f"rate every option; missing {', '.join(missing)}"
    for value in answer.values():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            return f"each rating is a whole number from 1 to {top}"
    return None


def item_problem(item: Item, answer: Any, rating_max: int) -> str | None:
    """What is wrong with one answer's shape or options, or None."""
    if item.type == "single":
        return _single(item, answer)
    if item.type == "ranking":
        return _ranking(item, answer)
    if item.type == "pick":
        return _pick(item, answer)
    return _rating(item, answer, rating_max)


def _unknown_and_missing(prefix: str, given: Mapping[str, Any], expected: list[str]) -> list[FieldError]:
    problems = [
        FieldError(f"{prefix}.{key}", "no such question in this version of the Score")
        for key in given
        if key not in expected
    ]
    problems += [
        FieldError(f"{prefix}.{key}", "missing: answer every question") for key in expected if key not in given
    ]
    return problems


def check_answers(bank: ScoreBank, answers: Mapping[str, Any], familiarity: Mapping[str, Any]) -> None:
    """Raise ValidationFailed listing every problem (unknown or missing question, wrong shape, unknown option)."""
    problems = _unknown_and_missing("answers", answers, list(bank.items_by_id))
    problems += _unknown_and_missing("familiarity", familiarity, list(bank.familiarity_by_id))
    for item_id, answer in answers.items():
        item = bank.items_by_id.get(item_id)
        problem = item_problem(item, answer, bank.rating_max) if item else None
        if problem:
            problems.append(FieldError(f"answers.{item_id}", problem))
    for question_id, answer in familiarity.items():
        question = bank.familiarity_by_id.get(question_id)
        if question and answer not in [option.id for option in question.options]:
            problems.append(FieldError(f"familiarity.{question_id}", "expected one of the question's option ids"))
    if problems:
        raise ValidationFailed("Some answers do not fit the questions.", fields=problems)
