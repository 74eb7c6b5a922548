"""Team assessment requests, organisations, their admins and admin invites: the item shapes.

Requests live at `TEAMREQ#<id>`; `gsi1` lists them by status, newest first
(`gsi1pk = TEAMREQ#STATUS#<status>`, `gsi1sk = <created_at>#<id>`). An organisation and its admins
share `ORG#<id>`; `gsi2` finds the organisations a user administers (`gsi2pk = ORGADMIN#<user>`).
Admin invites are keyed by the SHA-256 of their token, so the table never holds a usable token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import Conflict, UpstreamUnavailable
from functions.stores.items import is_condition_failure, key, plain
from functions.users.registry import delete_items, register_user_data

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

REQUEST_SK = "REQUEST"
ORG_SK = "ORG"
INVITE_SK = "ADMININVITE"


def unavailable(exc: Exception) -> UpstreamUnavailable:
    return UpstreamUnavailable("The data store is unavailable; try again shortly.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get(table: Table, pk: str, sk: str) -> dict[str, Any] | None:
    """One item by key, with plain numbers, or None."""
    try:
        item = table.get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=True).get("Item")
    except (BotoCoreError, ClientError) as exc:
        raise unavailable(exc) from exc
    return plain(item) if item else None


def put_new(table: Table, item: Mapping[str, Any]) -> None:
    """Create an item that must not exist yet (a retried create is a conflict, never an overwrite)."""
    try:
        table.put_item(Item=dict(item), ConditionExpression="attribute_not_exists(pk)")
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("That already exists.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc


def query(table: Table, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of one Query (paged through), with plain numbers."""
    items: list[dict[str, Any]] = []
    try:
        while True:
            page = table.query(**kwargs)
            items += [plain(i) for i in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except (BotoCoreError, ClientError) as exc:
        raise unavailable(exc) from exc


# Requests -----------------------------------------------------------------------------------------


def request_item(request_id: str, fields: Mapping[str, Any], created_at: str) -> dict[str, Any]:
    return {
        "pk": f"TEAMREQ#{request_id}",
        "sk": REQUEST_SK,
        "gsi1pk": "TEAMREQ#STATUS#pending",
        "gsi1sk": f"{created_at}#{request_id}",
        "id": request_id,
        "status": "pending",
        "created_at": created_at,
        **fields,
    }


def get_request(table: Table, request_id: str) -> dict[str, Any] | None:
    return get(table, f"TEAMREQ#{request_id}", REQUEST_SK)


def requests_by_status(table: Table, status: str, limit: int) -> list[dict[str, Any]]:
    """Newest first, through gsi1."""
    try:
        page = table.query(
            IndexName="gsi1",
            KeyConditionExpression=key("gsi1pk").eq(f"TEAMREQ#STATUS#{status}"),
            ScanIndexForward=False,
            Limit=limit,
        )
    except (BotoCoreError, ClientError) as exc:
        raise unavailable(exc) from exc
    return [plain(i) for i in page.get("Items", [])]


def decide_request(table: Table, request_id: str, status: str, decided_by: str, decided_at: str, **extra: Any) -> None:
    """Move a pending request to approved or declined, once (a second decision is a conflict)."""
    names = {"#status": "status"}
    values: dict[str, Any] = {
        ":pending": "pending",
        ":status": status,
        ":gsi": f"TEAMREQ#STATUS#{status}",
        ":by": decided_by,
        ":at": decided_at,
    }
    sets = ["#status = :status", "gsi1pk = :gsi", "decided_by = :by", "decided_at = :at"]
    for index, (name, value) in enumerate(extra.items()):
        names[f"#x{index}"] = name
        values[f":x{index}"] = value
        sets.append(f"#x{index} = :x{index}")
    try:
        table.update_item(
            Key={"pk": f"TEAMREQ#{request_id}", "sk": REQUEST_SK},
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression="attribute_exists(pk) AND #status = :pending",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("This request was already decided.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc


# Organisations and their admins --------------------------------------------------------------------


def org_item(org_id: str, name: str, request_id: str, created_at: str) -> dict[str, Any]:
    return {"pk": f"ORG#{org_id}", "sk": ORG_SK, "id": org_id, "name": name, "request_id": request_id,
            "created_at": created_at}  # fmt: skip


def get_org(table: Table, org_id: str) -> dict[str, Any] | None:
    return get(table, f"ORG#{org_id}", ORG_SK)


def admin_item(org_id: str, user_id: str, email: str, added_at: str) -> dict[str, Any]:
    return {
        "pk": f"ORG#{org_id}",
        "sk": f"ADMIN#{user_id}",
        "gsi2pk": f"ORGADMIN#{user_id}",
        "gsi2sk": f"ORG#{org_id}",
        "org_id": org_id,
        "user_id": user_id,
        "email": email,
        "added_at": added_at,
    }


def get_admin(table: Table, org_id: str, user_id: str) -> dict[str, Any] | None:
    return get(table, f"ORG#{org_id}", f"ADMIN#{user_id}")


def orgs_administered_by(table: Table, user_id: str) -> list[dict[str, Any]]:
    """The user's admin memberships, through gsi2."""
    return query(table, IndexName="gsi2", KeyConditionExpression=key("gsi2pk").eq(f"ORGADMIN#{user_id}"))


def delete_admin(table: Table, org_id: str, user_id: str) -> None:
    try:
        table.delete_item(Key={"pk": f"ORG#{org_id}", "sk": f"ADMIN#{user_id}"})
    except (BotoCoreError, ClientError) as exc:
        raise unavailable(exc) from exc


# Admin invites -------------------------------------------------------------------------------------


def admin_invite_item(token: str, org_id: str, email: str, created_at: str, expires_epoch: int) -> dict[str, Any]:
    return {
        "pk": f"ORGINVITE#{token_hash(token)}",
        "sk": INVITE_SK,
        "org_id": org_id,
        "email": email,
        "status": "pending",
        "created_at": created_at,
        "expires_at": expires_epoch,
    }


def get_admin_invite(table: Table, token: str) -> dict[str, Any] | None:
    return get(table, f"ORGINVITE#{token_hash(token)}", INVITE_SK)


def accept_admin_invite(table: Table, token: str, admin: Mapping[str, Any], now_epoch: int) -> None:
    """Mark the invite used and add the admin, atomically; an used or expired invite is a conflict."""
    # The resource's client serialises plain Python values itself (no {"S": ...} wrappers here).
    client = table.meta.client
    try:
        client.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": table.name,
                        "Key": {"pk": f"ORGINVITE#{token_hash(token)}", "sk": INVITE_SK},
                        "UpdateExpression": "SET #status = :accepted, accepted_by = :user",
                        "ConditionExpression": "#status = :pending AND expires_at > :now",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":accepted": "accepted",
                            ":pending": "pending",
                            ":user": str(admin["user_id"]),
                            ":now": now_epoch,
                        },
                    }
                },
                {
                    "Put": {
                        "TableName": table.name,
                        "Item": dict(admin),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("This invitation was already used or has expired.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc


# Per-user data (download my data, delete my account) -----------------------------------------------


def export_org_admin_data(deps: Any, user_id: str) -> list[dict[str, Any]]:
    """The organisations the user administers, with the email they accepted the invitation with."""
    found = []
    for membership in orgs_administered_by(deps.table, user_id):
        org = get_org(deps.table, membership["org_id"]) or {}
        found.append({"organisation": org.get("name"), "email": membership["email"], "since": membership["added_at"]})
    return found


def delete_org_admin_data(deps: Any, user_id: str) -> int:
    """Remove the user's admin memberships (found through gsi2); the organisations' data stays theirs."""
    memberships = orgs_administered_by(deps.table, user_id)
    return delete_items(deps.table, memberships)


register_user_data("team_organisation_admin", export_org_admin_data, delete_org_admin_data)
