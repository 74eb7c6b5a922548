"""The project's exception tree; each class knows its HTTP status and error code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one named field of a request."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ProjectError(Exception):
    """Base of every error the API turns into a JSON response."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, fields: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or []


class ValidationFailed(ProjectError):
    status = 422
    code = "validation_error"


class BadRequest(ProjectError):
    status = 400
    code = "bad_request"


class Unauthorized(ProjectError):
    status = 401
    code = "unauthorized"


class Forbidden(ProjectError):
    status = 403
    code = "forbidden"


class NotFound(ProjectError):
    status = 404
    code = "not_found"


class Conflict(ProjectError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ProjectError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ProjectError):
    status = 415
    code = "unsupported_media_type"


class RateLimited(ProjectError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class UpstreamUnavailable(ProjectError):
    """A dependency (AWS, the model) failed in a way worth retrying."""

    status = 503
    code = "upstream_unavailable"
