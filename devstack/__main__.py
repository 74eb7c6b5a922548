"""`python -m devstack serve`: the whole portal on one local origin."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from werkzeug.serving import make_server

from devstack.aws import start_local_aws
from devstack.gateway import Gateway
from devstack.worker_loop import WorkerLoop

ROOT = Path(__file__).resolve().parent.parent


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def serve(port: int, site_dir: Path, bundle_dir: Path) -> None:
    """Start moto, provision it, run the worker loop and serve site + API until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # botocore announces every endpoint it resolves at INFO: noise in a developer's terminal.
    logging.getLogger("botocore").setLevel(logging.WARNING)
    os.environ.setdefault("BUNDLE_DIR", str(bundle_dir))
    local = start_local_aws()

    from functions import api, worker

    loop = WorkerLoop(local.stack.outputs["JobsQueueUrl"], worker.handler)
    loop.start()
    server = make_server("127.0.0.1", port, Gateway(site_dir, api.handler), threaded=True)
    provider = "openai" if os.environ.get("OPENAI_API_KEY") else "offline"
    print(
        f"\nAgent Boss portal running at http://127.0.0.1:{port}/\n"
        f"  site        {site_dir}\n"
        f"  API         http://127.0.0.1:{port}/api/health  (OpenAPI: /api/openapi.json)\n"
        f"  local AWS   moto at {local.endpoint} (DynamoDB, SQS, Cognito, SES, SSM from infra/resources.yml)\n"
        f"  worker      polling {local.stack.outputs['JobsQueueUrl']}\n"
        f"  agent       {provider} provider\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        loop.stop()
        server.server_close()
        local.stop()
        print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve", help="serve the built site and the API on one origin")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    serve_cmd.add_argument("--bundle", type=Path, default=ROOT / "build" / "bundle")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"No built site at {args.site}: run `make build` first.", file=sys.stderr)
        return 2
    serve(args.port, args.site, args.bundle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
