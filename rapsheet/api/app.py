"""`create_app()`: the REST API and the web UI over the library, as one FastAPI app.

Takes settings (default: the environment's, `rapsheet.settings`) and optionally an open `Store`;
gives an ASGI app. The lifespan hook opens the store, loads the NLP pipeline once and builds the
screening index; every route calls library functions and holds no logic of its own.

Around every request: a Host allow-list (the `api_allowed_hosts` setting: 400 for another
name, so a page on a rebound DNS name cannot read the store), a same-origin check on every write
(403 when the Origin or Referer a browser sends names another site, so no page the analyst
visits can post an article), a body-size limit (413), a time limit on reads (504; a write runs
to its end, so a timed-out request never leaves a stored article behind), security headers (a strict
Content-Security-Policy: scripts and styles from /static only) and one JSON error shape,
`{"ok": false, "error": "...", "status": N}`, for every error, validation included.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rapsheet import __version__
from rapsheet.api.deps import IndexHolder
from rapsheet.api.schemas import ErrorOut
from rapsheet.errors import RapsheetError, UsageError
from rapsheet.settings import Settings, settings as current_settings

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Not no-referrer: under it a browser sends "Origin: null" with the UI's own form posts, which
    # the same-origin check must refuse. same-origin keeps the origin at home and tells no other site.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut, "description": text} for status, text in (
    (400, "A malformed request"), (401, "A missing or wrong API key"), (404, "Not found"),
    (413, "The request body is too large"), (422, "A request that fails validation"))}


class BodyTooLarge(RapsheetError):
    status = 413


def error_json(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": detail, "status": status}, status_code=status)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _host_name(netloc: str) -> str:
    """The name of a Host header or an origin's netloc, without port, lower-case."""
    netloc = netloc.strip().lower().rsplit("@", 1)[-1]
    if netloc.startswith("["):
        return netloc[1:].split("]", 1)[0]
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def allowed_hosts(setting: str) -> frozenset[str] | None:
    """The Host names the setting allows; None: any."""
    names = {n.strip().lower().strip("[]") for n in setting.split(",") if n.strip()}
    return None if not names or "*" in names else frozenset(names)


def _cross_origin(headers: dict[bytes, bytes]) -> bool:
    """Whether a browser says this request comes from a page of another origin than the Host."""
    from urllib.parse import urlsplit

    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    for name in (b"origin", b"referer"):
        raw = headers.get(name)
        if raw is None:
            continue
        value = raw.decode("latin-1").strip()
        # "null": a sandboxed frame, a file: page, a redirect across origins.
        netloc = urlsplit(value).netloc.lower() if value != "null" else ""
        return netloc != host
    return False


class Guard:
    """Pure ASGI middleware: Host allow-list, same-origin writes, body limit, time limit,
    security headers."""

    def __init__(self, app, max_body: int, timeout: float, hosts: frozenset[str] | None = None):
        self.app, self.max_body, self.timeout, self.hosts = app, max_body, timeout, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        async def reply(status: int, detail: str) -> None:
            response = error_json(status, detail)
            await response(scope, receive, send_guarded)

        # No id, name or filter holds a NUL, and the store refuses one: not found, not a 500.
        if "\x00" in scope.get("path", ""):
            await reply(404, "not found: the path holds a NUL character")
            return
        if b"%00" in scope.get("query_string", b""):
            await reply(422, "query: a parameter holds a NUL character")
            return
        headers = dict(scope.get("headers") or [])
        if self.hosts is not None and _host_name(headers.get(b"host", b"").decode("latin-1")) not in self.hosts:
            await reply(400, "host: this server does not answer to that name (api_allowed_hosts)")
            return
        write = scope.get("method", "GET") not in SAFE_METHODS
        if write and _cross_origin(headers):
            await reply(403, "origin: writes from pages of another site are refused")
            return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await reply(400, "content-length: not a number")
                return
            if too_big:
                await reply(413, f"body: larger than the limit of {self.max_body:,} bytes")
                return
        seen = 0

        async def receive_counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(f"body: larger than the limit of {self.max_body:,} bytes")
            return message

        if write:
            # Its work is bounded by the body limit; cutting it short would answer 504 while the
            # worker thread still stores the article.
            await self.app(scope, receive_counted, send_guarded)
            return
        try:
            await asyncio.wait_for(self.app(scope, receive_counted, send_guarded), self.timeout)
        except TimeoutError:
            if not started:
                await reply(504, f"the request took longer than {self.timeout:g} s")


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "body: not valid JSON"
    messages = []
    for e in errors[:3]:
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        field = _field(e.get("loc", ()))
        # A model-level check names its own fields ("text, html: give one of them").
        messages.append(msg if field == "body" and ":" in msg else f"{field}: {msg}")
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return 422, "; ".join(messages) + more


def _install_errors(app: FastAPI) -> None:
    def respond(request: Request, status: int, detail: str):
        render = getattr(request.app.state, "html_error", None)
        if render and request.url.path.startswith("/ui"):
            return render(request, status, detail)
        return error_json(status, detail)

    @app.exception_handler(RapsheetError)
    async def rapsheet_error(request: Request, exc: RapsheetError):
        return respond(request, exc.status, exc.detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"not found: {request.url.path}"
        return respond(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        status, detail = _validation_message(exc)
        return respond(request, status, detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, f"internal error ({type(exc).__name__})")


def create_app(settings: Settings | None = None, *, store=None, load_pipeline: bool = True,
               web: bool = True) -> FastAPI:
    """The API (and, with `web`, the UI). `store`: an open Store to serve (default: open the one
    the `db` setting names); `load_pipeline`: load spaCy at start rather than at the first
    ingest."""
    settings = settings or current_settings()
    if settings.api_read_key_required and not settings.api_key:
        raise UsageError("api_read_key_required is set but no api_key is (RAPSHEET_API_KEY)")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        from rapsheet.api.deps import get_pipeline, get_store

        holder = Request({"type": "http", "app": app})  # the dependencies read request.app only
        await asyncio.to_thread(get_store, holder)
        if load_pipeline:
            await asyncio.to_thread(get_pipeline, holder)
        # Warm the screening index in the background; the first /match waits for it.
        threading.Thread(target=lambda: app.state.index.get(app.state.store), daemon=True).start()
        yield
        if app.state.owns_store and app.state.store is not None:
            app.state.store.close()

    app = FastAPI(
        title="rapsheet", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,          # both load scripts from a CDN; the CSP forbids it
        description="Who is accused of what, read from crime and law-enforcement news. Every "
                    "allegation is reported as an allegation, with its stage (suspected, "
                    "charged, convicted ...) and the sentence that supports it.",
        responses=ERROR_RESPONSES)
    app.state.settings = settings
    app.state.store = store
    app.state.owns_store = store is None
    app.state.nlp = None
    app.state.lock = threading.Lock()
    app.state.nlp_lock = threading.Lock()
    app.state.index = IndexHolder()
    _install_errors(app)

    from rapsheet.api.routers import ALL
    for router in ALL:
        app.include_router(router)
    if web:
        from rapsheet.web import install
        install(app)
    app.add_middleware(Guard, max_body=settings.api_max_body_bytes, timeout=settings.api_timeout_seconds,
                       hosts=allowed_hosts(settings.api_allowed_hosts))
    return app
