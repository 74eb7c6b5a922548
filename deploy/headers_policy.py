"""CloudFront's response headers policy, generated from infra/security-headers.yml.

CloudFront takes the well-known security headers as typed settings and everything else as
custom headers; this maps the one header file onto both, and back again for the tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HEADERS_FILE = ROOT / "infra" / "security-headers.yml"

# An origin that sets one of these headers itself keeps its value, as in the local server
# (devstack/gateway.py uses setdefault): the API sends a stricter CSP for its JSON.
OVERRIDE = False


def read_headers(path: Path = HEADERS_FILE) -> dict[str, str]:
    """The header file's values with folded whitespace collapsed, as they go on the wire."""
    headers: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: " ".join(str(value).split()) for name, value in headers.items()}


def _hsts(value: str) -> dict[str, Any]:
    directives = [part.strip() for part in value.split(";") if part.strip()]
    max_age = next((d for d in directives if d.lower().startswith("max-age=")), None)
    if max_age is None:
        raise ValueError(f"Strict-Transport-Security needs max-age: {value!r}")
    return {
        "AccessControlMaxAgeSec": int(max_age.split("=", 1)[1]),
        "IncludeSubdomains": any(d.lower() == "includesubdomains" for d in directives),
        "Preload": any(d.lower() == "preload" for d in directives),
        "Override": OVERRIDE,
    }


def policy_config(headers: dict[str, str], name: str) -> dict[str, Any]:
    """The ResponseHeadersPolicyConfig that sends exactly `headers`."""
    security: dict[str, Any] = {}
    custom: list[dict[str, Any]] = []
    for header, value in headers.items():
        key = header.lower()
        if key == "content-security-policy":
            security["ContentSecurityPolicy"] = {"ContentSecurityPolicy": value, "Override": OVERRIDE}
        elif key == "strict-transport-security":
            security["StrictTransportSecurity"] = _hsts(value)
        elif key == "x-content-type-options":
            if value.lower() != "nosniff":
                raise ValueError("CloudFront can only send X-Content-Type-Options: nosniff")
            security["ContentTypeOptions"] = {"Override": OVERRIDE}
        elif key == "referrer-policy":
            security["ReferrerPolicy"] = {"ReferrerPolicy": value, "Override": OVERRIDE}
        elif key == "x-frame-options":
            security["FrameOptions"] = {"FrameOption": value.upper(), "Override": OVERRIDE}
        else:
            custom.append({"Header": header, "Value": value, "Override": OVERRIDE})
    config: dict[str, Any] = {"Name": name, "SecurityHeadersConfig": security}
    if custom:
        config["CustomHeadersConfig"] = {"Items": custom}
    return config


def headers_from_config(config: dict[str, Any]) -> dict[str, str]:
    """The headers a ResponseHeadersPolicyConfig makes CloudFront send (for tests and review)."""
    security = config.get("SecurityHeadersConfig", {})
    sent: dict[str, str] = {}
    if "ContentSecurityPolicy" in security:
        sent["Content-Security-Policy"] = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if "StrictTransportSecurity" in security:
        hsts = security["StrictTransportSecurity"]
        parts = [f"max-age={hsts['AccessControlMaxAgeSec']}"]
        parts += ["includeSubDomains"] if hsts.get("IncludeSubdomains") else []
        parts += ["preload"] if hsts.get("Preload") else []
        sent["Strict-Transport-Security"] = "; ".join(parts)
    if "ContentTypeOptions" in security:
        sent["X-Content-Type-Options"] = "nosniff"
    if "ReferrerPolicy" in security:
        sent["Referrer-Policy"] = security["ReferrerPolicy"]["ReferrerPolicy"]
    if "FrameOptions" in security:
        sent["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        sent[item["Header"]] = item["Value"]
    return sent


def policy_resources(headers_file: Path = HEADERS_FILE) -> dict[str, Any]:
    """The CloudFormation fragment serverless.yml includes (long-form, stage-named)."""
    config = policy_config(read_headers(headers_file), name="PLACEHOLDER")
    config["Name"] = {"Fn::Sub": "${AWS::StackName}-${AWS::Region}-security-headers"}
    config["Comment"] = "Generated from infra/security-headers.yml"
    if not re.fullmatch(
        r"[^\x00-\x1f]{1,1783}", config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    ):
        raise ValueError("Content-Security-Policy must be one line of at most 1783 characters for CloudFront")
    return {
        "Resources": {
            "SecurityHeadersPolicy": {
                "Type": "AWS::CloudFront::ResponseHeadersPolicy",
                "Properties": {"ResponseHeadersPolicyConfig": config},
            }
        }
    }
