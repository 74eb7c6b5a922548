"""An organisation's teams, rounds, per-team invite links and the answers recorded under a round.

Teams and rounds sit in the organisation's partition (`ORG#<org>`, `TEAM#<id>` / `ROUND#<id>`).
An invite link is keyed by its token (`TEAMLINK#<token>`), and `gsi1` lists a round's links
(`gsi1pk = ORG#<org>#ROUND#<round>#LINKS`). Answers live in `ORG#<org>#ROUND#<round>` under the
SHA-256 of the Score attempt id: recorded once, never linkable back to the member by the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import Conflict, NotFound
from functions.stores.items import is_condition_failure, key, plain
from functions.stores.teams import get, put_new, query, token_hash, unavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

# A round's answers must come from one bank version: the first answer pins it.
SAME_BANK_WHILE_OPEN = "#status = :open AND (attribute_not_exists(bank_version) OR bank_version = :v)"


def _number(value: float) -> Decimal:
    return Decimal(str(round(value, 4)))


def team_item(org_id: str, team_id: str, name: str, invited: int, created_at: str) -> dict[str, Any]:
    return {"pk": f"ORG#{org_id}", "sk": f"TEAM#{team_id}", "id": team_id, "name": name, "invited": invited,
            "created_at": created_at}  # fmt: skip


def round_item(org_id: str, round_id: str, name: str, opened_at: str) -> dict[str, Any]:
    return {"pk": f"ORG#{org_id}", "sk": f"ROUND#{round_id}", "id": round_id, "name": name, "status": "open",
            "opened_at": opened_at}  # fmt: skip


def org_children(table: Table, org_id: str, prefix: str) -> list[dict[str, Any]]:
    """The organisation's teams (`TEAM#`) or rounds (`ROUND#`): one Query."""
    return query(table, KeyConditionExpression=key("pk").eq(f"ORG#{org_id}") & key("sk").begins_with(prefix))


def get_round(table: Table, org_id: str, round_id: str) -> dict[str, Any] | None:
    return get(table, f"ORG#{org_id}", f"ROUND#{round_id}")


def close_round(table: Table, org_id: str, round_id: str, closed_at: str) -> dict[str, Any]:
    """Open -> closed, once; after this no answer can be recorded and the figures are final. Returns
    the closed round."""
    try:
        updated = table.update_item(
            Key={"pk": f"ORG#{org_id}", "sk": f"ROUND#{round_id}"},
            UpdateExpression="SET #status = :closed, closed_at = :at",
            ConditionExpression="attribute_exists(pk) AND #status = :open",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":closed": "closed", ":open": "open", ":at": closed_at},
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("This round is already closed.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc
    closed: dict[str, Any] = plain(updated["Attributes"])
    return closed


def link_item(token: str, org_id: str, round_id: str, team_id: str, expires_epoch: int, max_uses: int,
              created_at: str) -> dict[str, Any]:  # fmt: skip
    return {
        "pk": f"TEAMLINK#{token}",
        "sk": "LINK",
        "gsi1pk": f"ORG#{org_id}#ROUND#{round_id}#LINKS",
        "gsi1sk": f"{team_id}#{created_at}",
        "token": token,
        "org_id": org_id,
        "round_id": round_id,
        "team_id": team_id,
        "valid_until": expires_epoch,  # not `expires_at`: TTL must not delete a link the manage page lists
        "max_uses": max_uses,
        "uses": 0,
        "revoked": False,
        "created_at": created_at,
    }


def put_link(table: Table, item: Mapping[str, Any]) -> None:
    put_new(table, item)


def get_link(table: Table, token: str) -> dict[str, Any] | None:
    return get(table, f"TEAMLINK#{token}", "LINK")


def round_links(table: Table, org_id: str, round_id: str) -> list[dict[str, Any]]:
    return query(
        table, IndexName="gsi1", KeyConditionExpression=key("gsi1pk").eq(f"ORG#{org_id}#ROUND#{round_id}#LINKS")
    )


def revoke_link(table: Table, token: str, org_id: str) -> None:
    try:
        table.update_item(
            Key={"pk": f"TEAMLINK#{token}", "sk": "LINK"},
            UpdateExpression="SET revoked = :yes",
            ConditionExpression="attribute_exists(pk) AND org_id = :org",
            ExpressionAttributeValues={":yes": True, ":org": org_id},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise NotFound("No such invite link.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc


def record_answer(
    table: Table, link: Mapping[str, Any], attempt_id: str, answer: Mapping[str, Any], now_epoch: int
) -> None:
    """Consume one use of the link, pin the round's bank version and store the answer: all or nothing.

    Raises Conflict when the link is revoked, expired or used up, the round is closed or on another
    bank version, or this attempt was already recorded.
    """
    org, round_id = link["org_id"], link["round_id"]
    item = {
        "pk": f"ORG#{org}#ROUND#{round_id}",
        "sk": f"ANSWER#{token_hash(attempt_id)}",
        **answer,
        "overall": _number(answer["overall"]),
        "dimensions": {k: _number(v) for k, v in answer["dimensions"].items()},
    }
    try:
        table.meta.client.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": table.name,
                        "Key": {"pk": f"TEAMLINK#{link['token']}", "sk": "LINK"},
                        "UpdateExpression": "ADD uses :one",
                        "ConditionExpression": "revoked = :no AND valid_until > :now AND uses < max_uses",
                        "ExpressionAttributeValues": {
                            ":one": 1,
                            ":no": False,
                            ":now": now_epoch,
                        },
                    }
                },
                {
                    "Update": {
                        "TableName": table.name,
                        "Key": {"pk": f"ORG#{org}", "sk": f"ROUND#{round_id}"},
                        "UpdateExpression": "SET bank_version = if_not_exists(bank_version, :v)",
                        "ConditionExpression": SAME_BANK_WHILE_OPEN,
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {":open": "open", ":v": str(answer["bank_version"])},
                    }
                },
                {
                    "Put": {
                        "TableName": table.name,
                        "Item": item,  # the resource's client serialises plain values
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("This invite link can no longer record answers.") from exc
        raise unavailable(exc) from exc
    except BotoCoreError as exc:
        raise unavailable(exc) from exc


def round_answers(table: Table, org_id: str, round_id: str) -> list[dict[str, Any]]:
    """Every answer recorded under a round: one Query on its partition."""
    return query(table, KeyConditionExpression=key("pk").eq(f"ORG#{org_id}#ROUND#{round_id}"))
