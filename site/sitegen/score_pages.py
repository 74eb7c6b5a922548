"""The Score's public pages: the quiz, the result shell, per-band share pages and their preview images."""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.context import BuildContext, Page
from sitegen.score_bank import Bank


def score_pages(ctx: BuildContext, bank: Bank) -> Iterable[Page]:
    return []
