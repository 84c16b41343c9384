"""`rapsheet serve`: the REST API and the web UI (rapsheet.api.create_app) under uvicorn."""
from __future__ import annotations

import ipaddress
import os
import sys

import click

from rapsheet.cli import main


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes (each loads its own NLP pipeline).")
@click.option("--allow-anonymous-writes", is_flag=True,
              help="With no RAPSHEET_API_KEY, take writes anyway (ingest, merge, split, dispute); "
                   "without this flag such a server refuses every write.")
def serve(host, port, workers, allow_anonymous_writes):
    """Serve the REST API and the web UI (the store named by RAPSHEET_DB)."""
    import uvicorn

    from rapsheet.errors import RapsheetError
    from rapsheet.settings import settings

    current = settings()
    if current.api_read_key_required and not current.api_key:
        click.echo("rapsheet: error: api_read_key_required is set but RAPSHEET_API_KEY is not", err=True)
        sys.exit(2)
    if allow_anonymous_writes:
        # The app (in each worker process) reads its settings from the environment.
        os.environ["RAPSHEET_API_ALLOW_ANONYMOUS_WRITES"] = "1"
    if not current.api_key and (allow_anonymous_writes or current.api_allow_anonymous_writes):
        if not _loopback(host):
            click.echo(f"rapsheet: warning: listening on {host} with no RAPSHEET_API_KEY and anonymous "
                       "writes allowed: anyone who can reach it can ingest, merge and split", err=True)
    elif not current.api_key:
        click.echo("rapsheet: note: no RAPSHEET_API_KEY: reads only (writes answer 403; set a key, "
                   "or pass --allow-anonymous-writes)", err=True)
    from rapsheet.api.server import HeaderTimeoutProtocol, default_hosts

    if not current.api_allowed_hosts:
        hosts = default_hosts(host)
        if hosts == "*":
            click.echo(f"rapsheet: warning: listening on {host} answers any Host name; set "
                       "RAPSHEET_API_ALLOWED_HOSTS to the names clients use", err=True)
        # The app (in each worker process) reads its settings from the environment.
        os.environ["RAPSHEET_API_ALLOWED_HOSTS"] = hosts
    try:
        uvicorn.run("rapsheet.api.app:create_app", factory=True, host=host, port=port,
                    http=HeaderTimeoutProtocol,
                    workers=workers, timeout_keep_alive=5, limit_concurrency=512,
                    h11_max_incomplete_event_size=64 * 1024, log_level="info")
    except RapsheetError as exc:
        click.echo(f"rapsheet: error: {exc.detail}", err=True)
        sys.exit(2)
