"""What an insight article is: its front matter (validated), its author, and the article as built."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, field_validator

from sitegen.cache import memo_digest
from sitegen.contentmodel import CONTENT_MODEL
from sitegen.markdown import slugify

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
WORDS_PER_MINUTE = 230


class Author(BaseModel):
    """One entry of `content/authors.yml`."""

    model_config = CONTENT_MODEL

    name: str = Field(min_length=2, max_length=80)
    role: str = Field(min_length=2, max_length=80)
    bio: str = Field(min_length=20, max_length=400)
    avatar: str | None = Field(default=None, pattern=r"^[\w./-]+\.(?:png|jpe?g|webp|svg)$")


class Authors(RootModel[dict[str, Author]]):
    """`content/authors.yml`: author key -> author."""

    model_config = ConfigDict(frozen=True, defer_build=True)


class ArticleImage(BaseModel):
    """A lead image: a file next to the article, with the alt text a screen reader reads."""

    model_config = CONTENT_MODEL

    src: str = Field(pattern=r"^[\w./-]+\.(?:png|jpe?g|webp|gif)$")
    alt: str = Field(min_length=3, max_length=200)


def _when(value: Any) -> Any:
    """A date, or a date and time with a timezone: one clear message for anything else."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                "expected a date (2026-11-24) or a date and time with a timezone (2026-11-24T09:00:00Z)"
            ) from None
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError("a date with a time needs a timezone, for example 2026-11-24T09:00:00Z")
    if not isinstance(value, date):
        raise ValueError("expected a date (2026-11-24) or a date and time with a timezone (2026-11-24T09:00:00Z)")
    return value


When = Annotated[datetime | date, BeforeValidator(_when)]


class FrontMatter(BaseModel):
    """The fields at the top of an article, between the `---` lines. Unknown keys are errors."""

    model_config = CONTENT_MODEL

    title: str = Field(min_length=3, max_length=120)
    date: When
    author: str = Field(min_length=1)
    summary: str = Field(min_length=20, max_length=300)
    tags: list[str] = Field(default_factory=list, max_length=10)
    slug: str | None = Field(default=None, pattern=SLUG_PATTERN, max_length=100)
    draft: bool = False
    updated: When | None = None
    image: ArticleImage | None = None
    cta: str | None = None

    @field_validator("summary")
    @classmethod
    def _one_or_two_sentences(cls, value: str) -> str:
        if len(_SENTENCE_END.findall(value.strip())) > 2:
            raise ValueError("the summary should be one or two sentences")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_have_words(cls, value: list[str]) -> list[str]:
        for tag in value:
            if not re.search(r"[a-zA-Z0-9]", tag) or len(tag) > 40:
                raise ValueError(f"tag {tag!r} needs letters or digits and at most 40 characters")
        return value


def as_datetime(value: datetime | date) -> datetime:
    """A plain date publishes at midnight UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(0, 0), tzinfo=UTC)


def author_url(key: str) -> str:
    """An author's page: `/insights/authors/<key as a slug>/`."""
    return f"/insights/authors/{slugify(key) or 'author'}/"


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str

    @property
    def url(self) -> str:
        return f"/insights/tags/{self.slug}/"


@dataclass
class Article:
    """One article as the pages see it."""

    source: Path
    slug: str
    meta: FrontMatter
    author_key: str
    author: Author
    body: bytes  # the rendered HTML, UTF-8 (half the memory of a str: bodies are most of a build's)
    headings: list[tuple[str, str]]
    words: int
    published_at: datetime
    updated_at: datetime | None
    tags: list[Tag]
    content_hash: str
    is_draft: bool = False
    is_scheduled: bool = False
    image_url: str | None = None
    image_size: tuple[int, int] | None = None
    files: dict[str, str] = field(default_factory=dict)  # output path -> source path (images)

    @property
    def url(self) -> str:
        return f"/insights/{self.slug}/"

    @property
    def html(self) -> str:
        return self.body.decode("utf-8")

    @cached_property
    def fingerprint(self) -> str:
        """Everything about the article a page that shows it may depend on (computed once: many pages ask)."""
        return memo_digest(
            self.content_hash,
            self.author.model_dump_json(),
            str(self.is_draft),
            str(self.is_scheduled),
            self.image_url or "",
        )

    @cached_property
    def card_fingerprint(self) -> str:
        """What its card shows (`card` in insights/_macros.html: lists, "Keep reading", the search
        index): an edit to the body alone, or to anything else no card shows, leaves every page that
        shows only its card as it was. A field added to the card must be added here."""
        return memo_digest(
            self.slug,
            self.title,
            self.summary,
            self.published_at.isoformat(),
            str(self.reading_minutes),
            self.author_key,
            self.author.name,
            str(self.is_draft),
            str(self.is_scheduled),
            *(f"{tag.slug}\x00{tag.name}" for tag in self.tags),
        )

    @property
    def author_url(self) -> str:
        return author_url(self.author_key)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def summary(self) -> str:
        return self.meta.summary

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    @property
    def is_public(self) -> bool:
        return not (self.is_draft or self.is_scheduled)
