"""`python -m devstack serve`: the whole portal on one local origin."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import secrets
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError
from werkzeug.serving import make_server

from devstack import cognito_emulation
from devstack.admin import STATE_FILE, create_admin, read_state, write_state
from devstack.aws import start_local_aws
from devstack.gateway import Gateway
from devstack.worker_loop import WorkerLoop

ROOT = Path(__file__).resolve().parent.parent


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def print_code(message: cognito_emulation.CodeMessage) -> None:
    """Cognito would email this code; locally it is shown here."""
    sign_up = message.purpose == "sign-up"
    lifetime = cognito_emulation.SIGN_UP_CODE_SECONDS if sign_up else cognito_emulation.RESET_CODE_SECONDS
    print(
        f"[cognito] {message.purpose} code for {message.email}: {message.code}  (valid {lifetime // 3600} h)",
        flush=True,
    )


def serve(port: int, site_dir: Path, bundle_dir: Path, watch: bool = False) -> None:
    """Start moto, provision it, run the worker loop and serve site + API until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # botocore announces every endpoint it resolves at INFO: noise in a developer's terminal.
    logging.getLogger("botocore").setLevel(logging.WARNING)
    os.environ.setdefault("BUNDLE_DIR", str(bundle_dir))
    origin_headers = use_origin_secret()
    cognito_emulation.OUTBOX.listeners.append(print_code)
    local = start_local_aws()
    state_file = site_dir.parent / STATE_FILE.name
    write_state(local.endpoint, local.stack.region, local.stack.outputs["UserPoolId"], state_file)

    from functions import api, worker

    loop = WorkerLoop(local.stack.outputs["JobsQueueUrl"], worker.handler)
    loop.start()
    app: Any = Gateway(site_dir, api.handler, origin_headers)
    stop_watching = threading.Event()
    if watch:
        app = start_dev_site(app, site_dir, bundle_dir, stop_watching)
    server = make_server("127.0.0.1", port, app, threaded=True)
    provider = "openai" if os.environ.get("OPENAI_API_KEY") else "offline"
    print(
        f"\nAgent Boss portal running at http://127.0.0.1:{port}/\n"
        f"  site        {site_dir}\n"
        f"  API         http://127.0.0.1:{port}/api/health  (OpenAPI: /api/openapi.json)\n"
        f"  local AWS   moto at {local.endpoint} (DynamoDB, SQS, Cognito, SES, SSM from infra/resources.yml)\n"
        f"  worker      polling {local.stack.outputs['JobsQueueUrl']}\n"
        f"  agent       {provider} provider\n"
        "  accounts    confirmation and reset codes appear below as [cognito] lines (no email is sent);\n"
        "              `make admin EMAIL=you@example.com PASSWORD=...` in another terminal creates a staff user\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    # Explicit for SIGINT too: a shell that starts a job in the background ignores SIGINT for it,
    # and Python then leaves it ignored, so Ctrl-C (or `kill -INT`) would do nothing.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop_watching.set()
        loop.stop()
        server.server_close()
        state_file.unlink(missing_ok=True)
        local.stop()
        print("Stopped.", flush=True)


def use_origin_secret() -> dict[str, str]:
    """A fresh origin secret for this run: the API requires it, the gateway adds it, as in AWS."""
    from functions.web.origin import ORIGIN_VERIFY_HEADER

    value = secrets.token_urlsafe(48)
    os.environ["ORIGIN_VERIFY_SECRET"] = json.dumps({"current": value})
    return {ORIGIN_VERIFY_HEADER: value}


def start_dev_site(app: Any, site_dir: Path, bundle_dir: Path, stop: threading.Event) -> Any:
    """Build the development site (drafts, scheduled articles, live reload) and rebuild on every change."""
    from sitegen.context import BuildOptions

    from devstack.livereload import DevRoutes, DevSite

    options = BuildOptions(content_dir=ROOT / "content", out_dir=site_dir, bundle_dir=bundle_dir,
                           report_path=site_dir.parent / "report.json")  # fmt: skip
    site = DevSite(options, log=lambda text: print(text, flush=True))
    site.rebuild()
    paths = [ROOT / "content", ROOT / "site"]
    threading.Thread(target=site.watch, args=(paths, stop), name="site-watcher", daemon=True).start()
    print(f"  watching    {', '.join(str(p) for p in paths)}: pages reload on every change", flush=True)
    return DevRoutes(app, site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve", help="serve the built site and the API on one origin")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    serve_cmd.add_argument("--bundle", type=Path, default=ROOT / "build" / "bundle")
    serve_cmd.add_argument(
        "--watch", action="store_true", help="build a development site (drafts shown) and rebuild it on every change"
    )
    serve_cmd.add_argument(
        "--dev-dir", type=Path, default=ROOT / "build" / "dev", help="with --watch: where the development build goes"
    )
    admin_cmd = sub.add_parser("admin", help="create a staff user (admin group) in the running local stack")
    admin_cmd.add_argument("--email", required=True)
    admin_cmd.add_argument("--password", help="asked for when not given")
    admin_cmd.add_argument("--name", default="Administrator")
    admin_cmd.add_argument("--state", type=Path, default=STATE_FILE, help="the running stack's devstack.json")
    args = parser.parse_args(argv)
    if args.command == "admin":
        password = args.password or getpass.getpass("Password for the admin: ")
        try:
            print(create_admin(args.email, password, args.name, read_state(args.state)))
        except ClientError as exc:
            print(f"Could not create the admin: {exc.response['Error'].get('Message', exc)}", file=sys.stderr)
            return 1
        return 0
    if args.watch:  # the development build has drafts in it: it never goes where `make build` writes
        serve(args.port, args.dev_dir / "site", args.dev_dir / "bundle", watch=True)
        return 0
    if not (args.site / "index.html").exists():
        print(f"No built site at {args.site}: run `make build` first.", file=sys.stderr)
        return 2
    serve(args.port, args.site, args.bundle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
