"""The result as an email: a text part and an HTML part (pure; every value escaped)."""

from __future__ import annotations

from html import escape

from functions.mail import Email
from functions.score.schemas import AttemptResult

FORGET_PATH = "/score/forget/"


def report_email(to: str, result: AttemptResult, site_url: str) -> Email:
    """The report for one attempt, linking back to the full result."""
    link = f"{site_url}/score/result/?id={result.id}"
    forget = f"{site_url}{FORGET_PATH}"
    dimensions = [(d.name, d.score, d.level_name) for d in result.dimensions]
    gaps = [(g.name, g.score, g.why) for g in result.gaps]
    text_lines = [
        f"Your Agent Boss Score: {result.overall} out of 100 ({result.band.name})",
        "",
        result.band.summary,
        result.band.meaning,
        "",
        "Your profile:",
        *(f"- {name}: {score} ({level})" for name, score, level in dimensions),
        "",
        "Your biggest gaps:",
        *(f"- {name} ({score}): {why}" for name, score, why in gaps),
        "",
        "Next steps:",
        *(f"- {step}" for step in result.band.next_steps),
        "",
        f"Your full result: {link}",
        "",
        f"You asked for this report. To have us forget your address: {forget}",
    ]
    rows = "".join(
        f"<tr><th scope='row' align='left'>{escape(name)}</th><td>{score}</td><td>{escape(level)}</td></tr>"
        for name, score, level in dimensions
    )
    gap_items = "".join(
        f"<li><strong>{escape(name)} ({score})</strong>: {escape(why)}</li>" for name, score, why in gaps
    )
    steps = "".join(f"<li>{escape(step)}</li>" for step in result.band.next_steps)
    html = (
        "<!doctype html><html lang='en-GB'><body style='font-family:system-ui,sans-serif;line-height:1.5'>"
        f"<h1>Your Agent Boss Score: {result.overall} out of 100</h1>"
        f"<p><strong>{escape(result.band.name)}</strong>: {escape(result.band.summary)}</p>"
        f"<p>{escape(result.band.meaning)}</p>"
        "<h2>Your profile</h2><table cellpadding='6'><thead><tr><th align='left'>Dimension</th>"
        f"<th>Score</th><th>Level</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<h2>Your biggest gaps</h2><ul>{gap_items}</ul>"
        f"<h2>Next steps</h2><ul>{steps}</ul>"
        f"<p><a href='{escape(link)}'>See your full result</a></p>"
        f"<p style='font-size:small'>You asked for this report. <a href='{escape(forget)}'>Forget my address</a>.</p>"
        "</body></html>"
    )
    return Email(
        to=to,
        subject=f"Your Agent Boss Score: {result.overall} ({result.band.name})",
        text="\n".join(text_lines),
        html=html,
    )
