"""Lambda events and contexts, shaped as AWS delivers them, for the local stack."""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request


@dataclass
class LocalContext:
    """The parts of the Lambda context object the functions use."""

    timeout_seconds: float = 60.0
    function_name: str = "local"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    _started: float = field(default_factory=time.monotonic)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.timeout_seconds - (time.monotonic() - self._started)) * 1000))


def http_api_event(request: Request) -> dict[str, Any]:
    """An API Gateway HTTP API (payload 2.0) event for a WSGI request."""
    body = request.get_data()
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers and key != "cookie" else value
    headers.pop("cookie", None)
    headers["content-length"] = str(len(body))
    return {
        "version": "2.0",
        "routeKey": "ANY /api/{proxy+}",
        "rawPath": request.path,
        "rawQueryString": request.query_string.decode("latin-1"),
        "cookies": [c.strip() for c in request.headers.get("Cookie", "").split(";") if c.strip()],
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": request.host,
            "http": {
                "method": request.method,
                "path": request.path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.remote_addr or "127.0.0.1",
                "userAgent": request.user_agent.string,
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "ANY /api/{proxy+}",
            "stage": "$default",
            "timeEpoch": int(time.time() * 1000),
        },
        "body": base64.b64encode(body).decode("ascii"),
        "isBase64Encoded": True,
    }


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """An SQS event source mapping's batch for messages from receive_message."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": queue_arn.split(":")[3],
            }
            for message in messages
        ]
    }
