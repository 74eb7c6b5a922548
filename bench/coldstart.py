"""Cold start of the API Lambda: a fresh interpreter serving its first request, against importing the libraries.

    python bench/coldstart.py [--runs 9]      (or `make bench-coldstart`)

The figure that counts (issue 2, <= 1.3x): a fresh interpreter runs `import functions.api` and
hands `functions.api.handler` one API Gateway v2 event, for one representative first request per
area of the API; that is compared with a fresh interpreter importing the unavoidable libraries
(flask, boto3, pydantic, mangum, a2wsgi). Each sample is the CPU time (user + system) of the
whole process, from spawn to exit; the commands are interleaved so machine load hits all alike,
and each figure is a median. The representative requests need no AWS call (a body that fails
validation, or no token), so nothing reaches the network; two more rows show a request that does
build an AWS client (health) and the whole app (the OpenAPI document loads every area).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEPENDENCIES = "import flask, boto3, pydantic, mangum, a2wsgi"
API = "import functions.api"
TARGET_RATIO = 1.3
# Nothing listens on port 9 and one attempt is enough: a request that does call AWS fails fast
# instead of hanging or reaching the internet. The keys are fake; nothing is signed for real.
OFFLINE_AWS = {
    "AWS_ACCESS_KEY_ID": "coldstart",
    "AWS_SECRET_ACCESS_KEY": "coldstart",
    "AWS_REGION": "eu-west-2",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_MAX_ATTEMPTS": "1",
}


class FirstRequest(NamedTuple):
    """One request a cold container might serve first, and the status it must answer."""

    method: str
    path: str
    body: dict[str, Any] | None
    status: int


# One per area of functions/web/areas.py (a test keeps them in step). None needs AWS: the body
# fails validation or the token is missing, which a real first request could well do too.
FIRST_REQUESTS = {
    "platform": FirstRequest("GET", "/api/no-such-route", None, 404),
    "accounts": FirstRequest("POST", "/api/auth/sign-in", {}, 422),
    "me": FirstRequest("GET", "/api/me", None, 401),
    "gym": FirstRequest("POST", "/api/gym/attempts", {}, 401),
    "teams": FirstRequest("POST", "/api/teams/requests", {}, 422),
    "organisations": FirstRequest("GET", "/api/teams/orgs", None, 401),
    "admin": FirstRequest("GET", "/api/admin/team-requests", None, 401),
    "score": FirstRequest("POST", "/api/score/attempts", {}, 422),
}
# Shown, not held to the budget: health builds a DynamoDB client (boto3's cost, paid once per
# container by any request that reaches AWS); the OpenAPI document loads every area.
MORE_REQUESTS = {
    "health, table unreachable": FirstRequest("GET", "/api/health", None, 200),
    "openapi.json (every area)": FirstRequest("GET", "/api/openapi.json", None, 200),
}


def http_api_event(request: FirstRequest) -> dict[str, Any]:
    """An API Gateway HTTP API (v2) event, as a Lambda receives it."""
    body = None if request.body is None else json.dumps(request.body)
    headers = {"host": "api.example", "x-forwarded-proto": "https", "accept": "application/json"}
    if body is not None:
        headers |= {"content-type": "application/json", "content-length": str(len(body.encode()))}
    http = {"method": request.method, "path": request.path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7"}
    return {
        "version": "2.0",
        "routeKey": "ANY /api/{proxy+}",
        "rawPath": request.path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {"http": http, "requestId": "coldstart", "stage": "$default", "timeEpoch": 0},
        "isBase64Encoded": False,
        **({"body": body} if body is not None else {}),
    }


def first_request_code(request: FirstRequest) -> str:
    """Python for `-c`: import the handler, serve `request` as the first event, check its status."""
    return (
        f"{API}; response = functions.api.handler({http_api_event(request)!r}, None); "
        f"assert response['statusCode'] == {request.status}, response"
    )


def environment() -> dict[str, str]:
    """The child's environment: the repository as the Lambda bundle's root, AWS pointed nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AWS_"))}
    env["PYTHONPATH"] = str(ROOT)  # the Lambda bundle's root: functions/ and nothing of the site
    return env | OFFLINE_AWS


def cpu_seconds(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    """CPU time (user + system) of one child process: unlike wall time, load barely moves it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, cwd=cwd, env=env if env is not None else environment(), capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved_medians(commands: dict[str, list[str]], runs: int, **kwargs: Any) -> dict[str, float]:
    """Median CPU seconds per command over `runs` rounds, each round running every command once."""
    for command in commands.values():
        cpu_seconds(command, **kwargs)  # warm the file cache and write the .pyc files
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(cpu_seconds(command, **kwargs))
    return {name: statistics.median(values) for name, values in samples.items()}


def openai_on_api_path() -> bool:
    """Whether serving a first request imports `openai` (it must not: ~440 ms)."""
    code = f"import sys; {first_request_code(FIRST_REQUESTS['gym'])}; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=environment(), capture_output=True)
    return out.stdout.strip() == b"True"


# The floor: what the libraries alone cost to serve a first request (one route, one pydantic model).
MINIMAL_APP = (
    "import flask, pydantic, mangum, a2wsgi\n"
    "class Body(pydantic.BaseModel):\n    name: str\n"
    "app = flask.Flask('minimal')\n"
    "@app.post('/api/x')\n"
    "def view():\n"
    "    try:\n        Body.model_validate(flask.request.get_json())\n"
    "    except pydantic.ValidationError as exc:\n        return {'error': str(exc)}, 422\n"
    "    return {}\n"
    "handler = mangum.Mangum(a2wsgi.WSGIMiddleware(app), lifespan='off')\n"
    "response = handler(EVENT, None)\n"
    "assert response['statusCode'] == 422, response\n"
)


def minimal_app_code() -> str:
    """The floor, as code for `-c`."""
    event = http_api_event(FirstRequest("POST", "/api/x", {}, 422))
    return MINIMAL_APP.replace("EVENT", repr(event))


def commands() -> dict[str, list[str]]:
    """Every measured command by its row name; `libraries` is the denominator.

    Each row also runs with the libraries imported first (`<row> +libraries`): the conservative
    reading, since a first request that needs no AWS call never imports boto3 at all.
    """
    rows = {"libraries": DEPENDENCIES, "import only": API}
    rows |= {name: first_request_code(request) for name, request in (FIRST_REQUESTS | MORE_REQUESTS).items()}
    rows["minimal app"] = minimal_app_code()
    rows |= {f"{name} +libraries": f"{DEPENDENCIES}\n{code}" for name, code in list(rows.items())[1:]}
    return {name: [sys.executable, "-c", code] for name, code in rows.items()}


def report(medians: dict[str, float], runs: int, wall_seconds: float) -> str:
    """The Markdown section for docs/performance.md."""
    base = medians["libraries"]
    lines = [
        "### Cold start of the API\n",
        f"Command: `python bench/coldstart.py --runs {runs}` (CPU time of a fresh interpreter, median of {runs}, "
        f"commands interleaved; Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"{wall_seconds:.0f} s wall).\n",
        "| first request (after `import functions.api`) | status | CPU | × libraries | × libraries, "
        "libraries imported first |",
        "|---|---|---|---|---|",
        f"| none: `{DEPENDENCIES}` | | {base * 1000:.0f} ms | 1.00 | |",
    ]

    def row(name: str, label: str, status: str, held: bool) -> str:
        ratio, conservative = medians[name] / base, medians[f"{name} +libraries"] / base
        mark = ("" if ratio <= TARGET_RATIO else " **over**") if held else ""
        return f"| {label} | {status} | {medians[name] * 1000:.0f} ms | {ratio:.2f}{mark} | {conservative:.2f} |"

    lines.append(row("import only", f"none: `{API}`", "", held=False))
    for name, request in (FIRST_REQUESTS | MORE_REQUESTS).items():
        label = f"{name}: {request.method} `{request.path}`" + ("" if name in FIRST_REQUESTS else " (not held)")
        lines.append(row(name, label, str(request.status), held=name in FIRST_REQUESTS))
    lines.append(row("minimal app", "the floor: a one-route Flask app, one pydantic model (not held)", "422", False))
    worst = max(medians[name] / base for name in FIRST_REQUESTS)
    verdict = "meets" if worst <= TARGET_RATIO else "MISSES"
    lines.append(
        f"\nWorst area **{worst:.2f}** ({verdict} the target of <= {TARGET_RATIO}). "
        f"`openai` imported on the API path: **{'yes' if openai_on_api_path() else 'no'}**.\n"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    medians = interleaved_medians(commands(), args.runs)
    print(report(medians, args.runs, time.perf_counter() - started))
    worst = max(medians[name] / medians["libraries"] for name in FIRST_REQUESTS)
    return 0 if worst <= TARGET_RATIO and not openai_on_api_path() else 1


if __name__ == "__main__":
    raise SystemExit(main())
