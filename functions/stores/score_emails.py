"""Report email addresses with the consent given for each: one item per request, deletable by address."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import UpstreamUnavailable
from functions.stores.items import key
from functions.users.registry import delete_items, query_items

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table


def normalise(email: str) -> str:
    return email.strip().lower()


def address_pk(email: str) -> str:
    """Keyed by a hash, so finding an address's records needs the address itself."""
    return f"SCOREEMAIL#{hashlib.sha256(normalise(email).encode()).hexdigest()}"


def save_consent(
    table: Table,
    email: str,
    attempt_id: str,
    consents: Sequence[Mapping[str, str]],
    accepted_at: datetime,
    record_id: str,
) -> None:
    """Record the address with the exact consent text and version agreed to, and when."""
    item: dict[str, Any] = {
        "pk": address_pk(email),
        "sk": f"CONSENT#{accepted_at.isoformat()}#{record_id}",
        "email": normalise(email),
        "attempt_id": attempt_id,
        "consents": [dict(consent) for consent in consents],
        "accepted_at": accepted_at.isoformat(),
    }
    try:
        table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("Your request could not be stored; try again shortly.") from exc


def consents_for(table: Table, email: str) -> list[dict[str, Any]]:
    """Every consent record held for an address (a Query on its partition, every page)."""
    return list(query_items(table, key("pk").eq(address_pk(email))))


def forget(table: Table, email: str) -> int:
    """Delete every record of an address; returns how many were deleted."""
    return delete_items(table, consents_for(table, email))
