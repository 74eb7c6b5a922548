"""URL rules compile their reverse builders on first use: matching and url_for behave as before."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for
from werkzeug.routing import Rule

from functions.config import Settings
from functions.web.app import create_app
from functions.web.rules import LazyBuilderRule


def _app() -> Flask:
    app = Flask("lazy_rules_test", static_folder=None)
    app.url_rule_class = LazyBuilderRule
    app.add_url_rule("/api/things/<thing_id>/parts/<int:number>", endpoint="part", view_func=lambda **_: "part")
    return app


def test_urls_build_from_a_rule_whose_builders_are_lazy() -> None:
    app = _app()
    with app.test_request_context():
        assert url_for("part", thing_id="a b", number=3) == "/api/things/a%20b/parts/3"
        assert url_for("part", thing_id="x", number=1, sort="new") == "/api/things/x/parts/1?sort=new"
        assert url_for("part", thing_id="x", number=1, _external=True) == "http://localhost/api/things/x/parts/1"


def test_a_rule_compiles_its_builder_only_when_a_url_is_first_built(monkeypatch: Any) -> None:
    compiled: list[bool] = []
    real = Rule._compile_builder

    def counting(rule: Rule, append_unknown: bool = True) -> Any:
        compiled.append(append_unknown)
        return real(rule, append_unknown)

    monkeypatch.setattr(Rule, "_compile_builder", counting)
    app = _app()
    assert compiled == []
    with app.test_request_context():
        url_for("part", thing_id="x", number=1)
        url_for("part", thing_id="y", number=2)
    assert compiled == [True]  # once, for the builder url_for uses, then reused


def test_matching_is_unchanged_by_lazy_builders() -> None:
    client = _app().test_client()
    assert client.get("/api/things/x/parts/2").text == "part"
    assert client.get("/api/things/x/parts/two").status_code == 404


def test_the_api_uses_lazy_rules_and_still_builds_its_urls() -> None:
    app = create_app(settings=Settings())
    assert {type(rule) for rule in app.url_map.iter_rules()} == {LazyBuilderRule}
    with app.test_request_context():
        assert url_for("score.get_attempt", attempt_id="abc") == "/api/score/attempts/abc"
