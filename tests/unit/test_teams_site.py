"""The teams area of the built site: the pages, the request form and the bundle section."""

from __future__ import annotations

import json
from pathlib import Path

DIMENSIONS = ["decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design"]


def test_the_teams_pages_are_built(built_site: Path) -> None:
    for page in ("teams", "teams/join", "teams/accept", "teams/manage", "teams/report", "admin"):
        assert (built_site / "site" / page / "index.html").is_file(), page


def test_the_request_form_names_every_field_the_api_expects(built_site: Path) -> None:
    html = (built_site / "site" / "teams" / "index.html").read_text(encoding="utf-8")
    for field in ("organisation", "contact_name", "work_email", "team_size", "message", "consent", "website"):
        assert f'name="{field}"' in html, field
    assert 'class="teams-honeypot" aria-hidden="true"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_the_bundle_names_the_seven_dimensions_for_reports(built_site: Path) -> None:
    bundle = json.loads((built_site / "bundle" / "bundle.json").read_text(encoding="utf-8"))
    section = bundle["sections"]["teams"]
    assert [d["id"] for d in section["dimensions"]] == DIMENSIONS
    assert all(d["name"] for d in section["dimensions"])
    for lesson in section["lessons"]:
        assert set(lesson["dimensions"]) <= set(DIMENSIONS)
        assert lesson["url"].startswith("/gym/")
