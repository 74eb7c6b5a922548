"""Lighthouse on the live stack: the home page meets the portal's bar (100/100/100, performance >= 95).

How to check your own page (one Lighthouse run, about 11 s, per URL):

    from tests.browser.lighthouse import PORTAL_MINIMUMS, lighthouse_shortfalls

    def test_the_gym_page_meets_the_lighthouse_bar(live_url: str) -> None:
        assert lighthouse_shortfalls(live_url + "/gym/", PORTAL_MINIMUMS) == []

`lighthouse_shortfalls` returns `[]` when every category meets its minimum, otherwise lines such as
`accessibility: 92 < 100` followed by the audits that lost points (`accessibility/color-contrast: 0`).
`run_lighthouse(url, categories)` returns the bare scores (0-100 by category id) if you need them.
"""

from __future__ import annotations

from typing import Any

from tests.browser.lighthouse import PORTAL_MINIMUMS, failing_audits, lighthouse_shortfalls, scores_of, shortfalls


def test_the_home_page_meets_the_lighthouse_bar(live_url: str) -> None:
    assert lighthouse_shortfalls(live_url + "/", PORTAL_MINIMUMS) == []


def _report(scores: dict[str, float | None], audit_score: float) -> dict[str, Any]:
    return {
        "categories": {
            cid: {"score": score, "auditRefs": [{"id": f"{cid}-audit", "weight": 1}, {"id": "info", "weight": 0}]}
            for cid, score in scores.items()
        },
        "audits": {
            **{
                f"{cid}-audit": {"id": f"{cid}-audit", "score": audit_score, "displayValue": "2 items"}
                for cid in scores
            },
            "info": {"id": "info", "score": 0},
        },
    }


def test_scores_are_whole_percentages_and_an_unscored_category_counts_as_zero() -> None:
    assert scores_of(_report({"seo": 0.915, "performance": None}, 1)) == {"seo": 92, "performance": 0}


def test_failing_audits_name_only_the_weighted_audits_that_lost_points() -> None:
    assert failing_audits(_report({"accessibility": 0.9}, 0)) == ["accessibility/accessibility-audit: 0 2 items"]
    assert failing_audits(_report({"accessibility": 1.0}, 1)) == []


def test_a_category_below_its_minimum_is_reported_with_the_audits_that_cost_points() -> None:
    report = _report({"performance": 0.94, "seo": 1.0}, 0)
    assert shortfalls(report, {"performance": 95, "seo": 100})[0] == "performance: 94 < 95"
    assert "performance/performance-audit: 0 2 items" in shortfalls(report, {"performance": 95})
    assert shortfalls(report, {"performance": 94, "seo": 100}) == []
