"""Run the CloudFront Functions of infra/edge.yml under Node, with a key value store made of a set.

CloudFront's runtime (cloudfront-js-2.0) is a subset of modern JavaScript; Node runs the same code.
The `cloudfront` module is replaced by a stand-in whose store holds the given keys.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
IMPORT = "import cf from 'cloudfront';"

HARNESS = """
const [, , modulePath, keysJson, eventsJson] = process.argv;
const keys = new Set(JSON.parse(keysJson));
globalThis.__cloudfront = { kvs: () => ({
  exists: async (key) => { if (globalThis.__broken) throw new Error('store down'); return keys.has(key); },
}) };
globalThis.__broken = keys.has('<broken>');
const { handler } = await import(modulePath);
const results = [];
for (const event of JSON.parse(eventsJson)) results.push(await handler(event));
console.log(JSON.stringify(results));
"""


def function_code(logical_id: str) -> str:
    """A CloudFront Function's code as infra/edge.yml declares it."""
    template = yaml.safe_load((ROOT / "infra" / "edge.yml").read_text(encoding="utf-8"))
    return str(template["Resources"][logical_id]["Properties"]["FunctionCode"])


def run_function(logical_id: str, events: list[dict[str, Any]], keys: set[str], workdir: Path) -> list[Any]:
    """Each event's result from the function, its store holding `keys`."""
    node = shutil.which("node")
    assert node, "Node is needed (it runs the Serverless Framework too)"
    code = function_code(logical_id)
    if IMPORT in code:
        code = code.replace(IMPORT, "const cf = globalThis.__cloudfront;")
    module = workdir / f"{logical_id}.mjs"
    module.write_text(code + "\nexport { handler };\n", encoding="utf-8")
    harness = workdir / "harness.mjs"
    harness.write_text(HARNESS, encoding="utf-8")
    result = subprocess.run(
        [node, str(harness), module.as_uri(), json.dumps(sorted(keys)), json.dumps(events)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def viewer_request(uri: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    """A viewer-request event as CloudFront builds it."""
    querystring = {name: {"value": value} for name, value in (query or {}).items()}
    return {
        "version": "1.0",
        "context": {"eventType": "viewer-request"},
        "viewer": {"ip": "198.51.100.7"},
        "request": {"method": "GET", "uri": uri, "querystring": querystring, "headers": {}, "cookies": {}},
    }


def viewer_response(status: int, headers: dict[str, str]) -> dict[str, Any]:
    """A viewer-response event for an origin's (or the cache's) response."""
    return {
        "version": "1.0",
        "context": {"eventType": "viewer-response"},
        "viewer": {"ip": "198.51.100.7"},
        "request": {"method": "GET", "uri": "/404.html", "querystring": {}, "headers": {}, "cookies": {}},
        "response": {
            "statusCode": status,
            "statusDescription": "OK",
            "headers": {name: {"value": value} for name, value in headers.items()},
            "cookies": {},
        },
    }
