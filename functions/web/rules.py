"""URL rules whose reverse builders are compiled on first use rather than when the rule is added."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule

Builder = Callable[..., tuple[str, str]]


class LazyBuilderRule(Rule):
    """A werkzeug Rule that compiles its two URL builders only when a URL is first built from it.

    Werkzeug writes, compiles and execs two Python functions per rule as it is added (~0.15 ms
    per rule); the API matches URLs but hardly ever builds them, so a cold start would pay for
    nothing (~6 ms for the whole API's 41 rules). Matching is untouched and `url_for` still
    works (tests/unit/test_lazy_rules.py).
    """

    def _compile_builder(self, append_unknown: bool = True) -> Builder:
        def build_on_first_use(rule: Rule, **values: Any) -> tuple[str, str]:
            builder: Builder = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, "_build_unknown" if append_unknown else "_build", builder)
            return builder(**values)

        return build_on_first_use
