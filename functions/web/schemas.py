"""Schemas shared by every area of the API."""

from __future__ import annotations

from pydantic import ConfigDict

from functions.lazy_model import LazyModel


class StrictModel(LazyModel):
    """Request bodies: unknown fields are an error, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldProblem(LazyModel):
    field: str
    message: str


class ErrorBody(LazyModel):
    code: str
    message: str
    fields: list[FieldProblem] = []  # noqa: RUF012 (pydantic copies it per instance)


class ErrorResponse(LazyModel):
    """The one error shape of every 4xx and 5xx."""

    error: ErrorBody
