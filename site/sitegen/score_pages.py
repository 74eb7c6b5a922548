"""The Score's public pages: the quiz, the result shell, per-band share pages and their preview images.

Nothing here carries answer keys, points or explanations: the browser gets questions and options only.
Share links point at `/score/band/<band id>/`, a static page per band whose OpenGraph tags and image
name the band, because link previews are fetched by crawlers that run no JavaScript and so could
never see a result that the result page loads by script.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sitegen.cache import digest
from sitegen.context import BuildContext, Page
from sitegen.score_bank import Bank
from sitegen.score_models import PickItem

PLACE_NAMES = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th"]


@dataclass(frozen=True)
class Screen:
    """One question as the quiz page shows it: no key, no explanation."""

    id: str
    kind: str  # single, ranking, pick, rating or familiarity
    number: int
    scenario: str
    question: str
    options: list[dict[str, str]]
    pick: int | None = None


def quiz_screens(bank: Bank) -> list[Screen]:
    """The scored items in file order, then the self-rating questions."""
    screens = [
        Screen(
            id=scored.id,
            kind=scored.item.type,
            number=index,
            scenario=scored.item.scenario,
            question=scored.item.question,
            options=[{"id": o.id, "text": o.text} for o in scored.item.options],
            pick=scored.item.pick if isinstance(scored.item, PickItem) else None,
        )
        for index, scored in enumerate(bank.items, start=1)
    ]
    for question in bank.familiarity.questions:
        screens.append(
            Screen(
                id=question.id,
                kind="familiarity",
                number=len(screens) + 1,
                scenario="",
                question=question.question,
                options=[{"id": o.id, "text": o.text} for o in question.options],
            )
        )
    return screens


def score_pages(ctx: BuildContext, bank: Bank) -> Iterable[Page]:
    site_title = ctx.settings.title if ctx.settings else "Agent Boss"
    common: dict[str, Any] = {
        "bank_version": bank.version,
        "dimensions": bank.dimensions.dimensions,
        "bands": bank.bands.bands,
        "consent": bank.settings.consent,
        "minutes": bank.minutes(),
    }
    screens = quiz_screens(bank)
    yield Page(
        "/score/",
        "score/quiz.html",
        {
            **common,
            "screens": screens,
            "scale": bank.settings.rating_scale,
            "places": PLACE_NAMES,
            "og_image": "/score/og.png",
        },
    )
    yield Page("/score/result/", "score/result.html", {**common, "og_image": "/score/og.png"})
    yield Page("/score/forget/", "score/forget.html", {**common, "og_image": "/score/og.png"})
    card = (f"Free, about {bank.minutes()} minutes", "The Agent Boss Score", "How well do you orchestrate AI agents?")
    yield preview_page("/score/og.png", *card, site_title)
    for band in bank.bands.bands:
        url = f"/score/band/{band.id}/"
        yield Page(url, "score/band.html", {**common, "band": band, "og_image": f"{url}og.png"})
        yield preview_page(f"{url}og.png", "Agent Boss Score", band.name, band.summary, site_title)


def preview_page(url: str, kicker: str, title: str, text: str, footer: str) -> Page:
    """A share card, drawn (~50 ms) only when its words changed since the file was written."""

    def produce() -> bytes:
        from sitegen.score_og import preview_image  # Pillow loads only when a card is drawn

        return preview_image(kicker, title, text, footer)

    return Page(url, produce=produce, key=digest("score-og", kicker, title, text, footer), indexable=False)
