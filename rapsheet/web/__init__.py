"""The web UI: server-rendered pages (Jinja2, autoescaped) over the same library calls as the API,
with one small script and one stylesheet served from /static.

`install(app)` adds the pages under /ui, the static files under /static, the API reference at
/docs (Swagger UI, vendored under static/vendor) and the HTML form of the error page.
"""
from __future__ import annotations

from pathlib import Path

from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).with_name("static")


def install(app) -> None:
    from fastapi.responses import RedirectResponse

    from rapsheet.web.pages import html_error, router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.html_error = html_error

    docs_page = (Path(__file__).with_name("templates") / "docs.html").read_text(encoding="utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs():
        """The API reference, offline: Swagger UI served from /static/vendor over /openapi.json."""
        from fastapi.responses import HTMLResponse
        return HTMLResponse(docs_page)

    @app.get("/", include_in_schema=False)
    def root():
        return RedirectResponse("/ui/", status_code=307)
