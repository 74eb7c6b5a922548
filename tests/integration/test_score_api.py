"""The Score's API on moto: scoring, storage shape, validation, idempotency, rate limits, percentiles."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from functions.bundle import load_bundle
from tests.score_helpers import submission

URL = "/api/score/attempts"


@pytest.fixture
def section(deps: Any) -> dict[str, Any]:
    return load_bundle(deps.settings.bundle_dir).section("score")  # type: ignore[no-any-return]


def _post(client: Any, body: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, json=body, headers=headers)


def test_perfect_answers_score_100_in_the_top_band_and_the_attempt_is_stored_for_itemstats(
    client: Any, deps: Any, section: dict[str, Any]
) -> None:
    response = _post(client, submission(section))
    assert response.status_code == 201, response.json
    result = response.json
    assert result["overall"] == 100
    assert result["band"]["id"] == section["bands"][-1]["id"]
    assert result["band"]["share_path"] == f"/score/band/{result['band']['id']}/"
    assert all(d["score"] == 100 for d in result["dimensions"])
    assert len(result["gaps"]) == 2
    assert {i["points"] for i in result["items"]} == {1.0}
    assert all(i["explanation"] for i in result["items"])
    assert result["familiarity"]["pattern"] == "aligned"
    assert result["percentile"] is None
    assert response.headers["Location"] == f"{URL}/{result['id']}"

    stored = deps.table.get_item(Key={"pk": f"SCORE#{result['id']}", "sk": "ATTEMPT"})["Item"]
    assert stored["gsi1pk"] == f"SCOREVER#{section['version']}"
    assert stored["gsi1sk"] == f"{stored['created_at']}#{result['id']}"
    assert stored["attempt_id"] == result["id"]
    assert stored["quiz_version"] == section["version"]
    assert stored["is_first_attempt"] is True
    assert set(stored["item_points"]) == {i["id"] for i in section["items"]}
    assert all(0 <= v <= 1 for v in stored["item_points"].values())
    assert stored["answers"] == submission(section)["answers"]
    assert "203.0.113" not in str(stored)
    assert "127.0.0.1" not in str(stored)


def test_poor_answers_land_in_the_first_band_and_confident_users_see_familiarity_ahead(
    client: Any, section: dict[str, Any]
) -> None:
    result = _post(client, submission(section, quality="worst", familiarity=4)).json
    assert result["band"]["id"] == section["bands"][0]["id"]
    assert result["overall"] < 20
    assert result["familiarity"]["pattern"] == "familiarity_ahead"
    assert result["familiarity"]["text"] == section["contrast"]["familiarity_ahead"]
    assert 2 <= len(result["gaps"]) <= 3
    assert all(gap["why"] for gap in result["gaps"])


def test_a_stored_result_is_fetched_by_its_id(client: Any, section: dict[str, Any]) -> None:
    created = _post(client, submission(section)).json
    fetched = client.get(f"{URL}/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json == created


@pytest.mark.parametrize("attempt_id", ["nope", "a" * 22, "../../etc/passwd", "x" * 200])
def test_an_unknown_or_malformed_result_id_is_404(client: Any, attempt_id: str) -> None:
    response = client.get(f"{URL}/{attempt_id}")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_a_stale_version_is_409_telling_the_person_to_reload(client: Any, section: dict[str, Any]) -> None:
    body = submission(section)
    body["quiz_version"] = "0123456789abcdef"
    response = _post(client, body)
    assert response.status_code == 409
    assert response.json["error"]["fields"][0]["field"] == "quiz_version"
    assert "reload" in response.json["error"]["message"].lower()


def _mutated(section: dict[str, Any], change: Any) -> dict[str, Any]:
    body = copy.deepcopy(submission(section))
    change(body, section)
    return body


def _first(section: dict[str, Any], kind: str) -> str:
    return next(i["id"] for i in section["items"] if i["type"] == kind)


CASES = {
    "unknown item": (lambda b, s: b["answers"].update({"no-such-item": "a"}), "answers.no-such-item"),
    "missing answer": (lambda b, s: b["answers"].pop(_first(s, "single")), "answers.{single}"),
    "unknown option": (lambda b, s: b["answers"].update({_first(s, "single"): "z"}), "answers.{single}"),
    "single as list": (lambda b, s: b["answers"].update({_first(s, "single"): ["a"]}), "answers.{single}"),
    "ranking short": (lambda b, s: b["answers"][_first(s, "ranking")].pop(), "answers.{ranking}"),
    "ranking repeats": (
        lambda b, s: b["answers"].update({_first(s, "ranking"): ["a", "a", "b", "c"]}),
        "answers.{ranking}",
    ),
    "pick empty": (lambda b, s: b["answers"].update({_first(s, "pick"): []}), "answers.{pick}"),
    "rating off scale": (lambda b, s: b["answers"][_first(s, "rating")].update({"a": 9}), "answers.{rating}"),
    "rating as bool": (lambda b, s: b["answers"][_first(s, "rating")].update({"a": True}), "answers.{rating}"),
    "rating missing option": (lambda b, s: b["answers"][_first(s, "rating")].pop("a"), "answers.{rating}"),
    "familiarity missing": (lambda b, s: b["familiarity"].pop(s["familiarity"][0]["id"]), "familiarity.{fam}"),
    "familiarity unknown option": (
        lambda b, s: b["familiarity"].update({s["familiarity"][0]["id"]: "q"}),
        "familiarity.{fam}",
    ),
    "version malformed": (lambda b, s: b.update({"quiz_version": "v1"}), "quiz_version"),
    "unknown field": (lambda b, s: b.update({"email": "a@b.example"}), "email"),
    "first attempt missing": (lambda b, s: b.pop("is_first_attempt"), "is_first_attempt"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_answers_are_422_naming_the_field(client: Any, section: dict[str, Any], case: str) -> None:
    change, field = CASES[case]
    names = {kind: _first(section, kind) for kind in ("single", "ranking", "pick", "rating")}
    expected = field.format(fam=section["familiarity"][0]["id"], **names)
    response = _post(client, _mutated(section, change))
    assert response.status_code == 422, response.json
    assert expected in [f["field"] for f in response.json["error"]["fields"]]


def test_over_picking_is_accepted_and_scores_zero_for_that_item(client: Any, section: dict[str, Any]) -> None:
    pick = next(i for i in section["items"] if i["type"] == "pick")
    body = submission(section)
    body["answers"][pick["id"]] = [o["id"] for o in pick["options"]]
    result = _post(client, body).json
    assert next(i["points"] for i in result["items"] if i["id"] == pick["id"]) == 0.0


def test_a_retried_submission_with_the_same_idempotency_key_returns_the_same_attempt(
    client: Any, deps: Any, section: dict[str, Any]
) -> None:
    key = "retry-key-0123456789"
    first = _post(client, submission(section), **{"Idempotency-Key": key})
    again = _post(client, submission(section), **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    stored = deps.table.query(
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :v",
        ExpressionAttributeValues={":v": f"SCOREVER#{section['version']}"},
    )["Items"]
    assert len(stored) == 1


def test_an_idempotency_key_reused_with_different_answers_is_422(client: Any, section: dict[str, Any]) -> None:
    key = "reused-key-0123456789"
    assert _post(client, submission(section), **{"Idempotency-Key": key}).status_code == 201
    response = _post(client, submission(section, quality="worst"), **{"Idempotency-Key": key})
    assert response.status_code == 422
    assert response.json["error"]["fields"][0]["field"] == "Idempotency-Key"


def test_a_malformed_idempotency_key_is_422(client: Any, section: dict[str, Any]) -> None:
    response = _post(client, submission(section), **{"Idempotency-Key": "short"})
    assert response.status_code == 422
    assert response.json["error"]["fields"][0]["field"] == "Idempotency-Key"


def test_too_many_attempts_from_one_address_are_429_with_retry_after(
    client: Any, deps: Any, section: dict[str, Any]
) -> None:
    deps.settings = deps.settings.model_copy(update={"score_attempts_per_hour": 2})
    statuses = [_post(client, submission(section)).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    limited = _post(client, submission(section))
    assert 0 < int(limited.headers["Retry-After"]) <= 3600
    other_address = client.post(URL, json=submission(section), environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert other_address.status_code == 201


def test_the_percentile_appears_once_the_minimum_number_have_taken_this_version(
    client: Any, deps: Any, section: dict[str, Any]
) -> None:
    deps.settings = deps.settings.model_copy(update={"score_percentile_min_takers": 4})
    results = [_post(client, submission(section, quality="worst")).json for _ in range(3)]
    assert all(r["percentile"] is None for r in results)
    best = _post(client, submission(section)).json
    assert best["percentile"] == {"percentile": 99, "top_percent": 1, "takers": 4}
    assert best["percentile_min_takers"] == 4
    fetched_worst = client.get(f"{URL}/{results[0]['id']}").json
    assert fetched_worst["percentile"]["takers"] == 4
    assert fetched_worst["percentile"]["percentile"] == 33  # below 1 of 3 others, tied with 2: (0 + 1) / 3


def test_an_attempt_can_carry_a_cohort_for_team_assessments(deps: Any, section: dict[str, Any]) -> None:
    from functions.score.service import Cohort, Submission, submit_attempt

    body = submission(section)
    cohort = Cohort(organisation_id="org1", team_id="team1", round_id="r1")
    result, replayed = submit_attempt(
        deps, Submission(body["quiz_version"], body["answers"], body["familiarity"], True, cohort), "192.0.2.1"
    )
    stored = deps.table.get_item(Key={"pk": f"SCORE#{result.id}", "sk": "ATTEMPT"})["Item"]
    assert stored["cohort"] == {"organisation_id": "org1", "team_id": "team1", "round_id": "r1"}
    assert replayed is False


def test_each_gap_recommends_the_lessons_and_articles_tagged_with_its_dimension(
    client: Any, section: dict[str, Any]
) -> None:
    result = _post(client, submission(section, quality="worst")).json
    for gap in result["gaps"]:
        expected = section["recommendations"][gap["id"]]
        assert [x["url"] for x in gap["lessons"]] == [x["url"] for x in expected["lessons"]]
        assert [x["url"] for x in gap["articles"]] == [x["url"] for x in expected["articles"]]
    lessons = {x["url"] for gap in result["gaps"] for x in gap["lessons"]}
    articles = {x["url"] for gap in result["gaps"] for x in gap["articles"]}
    assert lessons  # the gym lessons and insight articles on main tag these dimensions
    assert articles
    assert all(url.startswith("/gym/") for url in lessons)
    assert all(url.startswith("/insights/") for url in articles)


def test_a_result_from_a_retired_bank_version_still_loads_and_stands_among_that_version_s_takers(
    client: Any, deps: Any, section: dict[str, Any]
) -> None:
    deps.settings = deps.settings.model_copy(update={"score_percentile_min_takers": 3})
    created = _post(client, submission(section)).json
    old = "0ld0000000000000"
    deps.table.update_item(
        Key={"pk": f"SCORE#{created['id']}", "sk": "ATTEMPT"},
        UpdateExpression="SET quiz_version = :old",
        ExpressionAttributeValues={":old": old},
    )
    # That version's takers: this attempt (100) and three who scored 40.
    deps.table.put_item(Item={"pk": f"SCOREHIST#{old}", "sk": "SHARD#000", "s100": 1, "s40": 3, "total": 4})
    fetched = client.get(f"{URL}/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json["quiz_version"] == old
    assert fetched.json["percentile"] == {"percentile": 99, "top_percent": 1, "takers": 4}
