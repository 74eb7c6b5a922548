"""Health and the API's own description."""

from __future__ import annotations

import logging
from typing import Literal

from botocore.exceptions import BotoCoreError, ClientError
from flask import Response

from functions.bundle import bundle_version_or_none
from functions.lazy_model import LazyModel
from functions.web.areas import load_all_areas
from functions.web.openapi import build_openapi
from functions.web.routing import REGISTRY, ApiBlueprint, current_deps, json_response

log = logging.getLogger("functions.web.health")
blueprint = ApiBlueprint("health", __name__, tag="platform")


class Health(LazyModel):
    status: Literal["ok", "degraded"]
    code_version: str
    content_version: str | None
    table_reachable: bool


@blueprint.operation(
    "/api/health", "GET", summary="Versions and whether the table is reachable", responses={200: Health}
)
def health() -> Response:
    deps = current_deps()
    try:
        deps.table.meta.client.describe_table(TableName=deps.settings.table_name)
        reachable = True
    except (BotoCoreError, ClientError) as exc:
        log.warning("table unreachable", extra={"error": str(exc)})
        reachable = False
    content_version = bundle_version_or_none(deps.settings.bundle_dir)
    status: Literal["ok", "degraded"] = "ok" if reachable and content_version else "degraded"
    return json_response(
        Health(
            status=status,
            code_version=deps.settings.code_version,
            content_version=content_version,
            table_reachable=reachable,
        )
    )


@blueprint.operation("/api/openapi.json", "GET", summary="This API's OpenAPI 3.1 document", responses={200: None})
def openapi() -> Response:
    load_all_areas()  # the document lists every area's operations, loaded or not
    return json_response(build_openapi(REGISTRY.operations, version=current_deps().settings.code_version))
