"""POST /articles (ingest one article), GET /articles (list), GET /articles/{id} (its document),
POST /articles/{id}/read (read fully an article stored unread as off-topic)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from rapsheet.api.deps import (PagingDep, StoreDep, get_pipeline, get_settings, get_store,
                               require_read_key, require_write_key)
from rapsheet.api.queries import count_rows
from rapsheet.api.schemas import (ARTICLE_EXAMPLE, ArticleAdded, ArticleIn, ArticleRead, ArticleSummary,
                                  Page)
from rapsheet.errors import InputError, NotFound, RapsheetError

router = APIRouter(tags=["articles"])
read = APIRouter(tags=["articles"], dependencies=[Depends(require_read_key)])

ARTICLE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": ArticleIn.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}, "example": ARTICLE_EXAMPLE["text"]},
    "text/html": {"schema": {"type": "string"}, "example": "<html><body><article><p>…</p></article></body></html>"}}}}


def _date(value: str | None, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RapsheetError(f"{field}: not a date in YYYY-MM-DD form: {value[:40]!r}", 422) from None


def ingest_article(request: Request, body: ArticleIn) -> tuple[dict, bool]:
    """Read, extract and store one article; (stored document, new)."""
    from rapsheet.ingest import read_html, read_text
    from rapsheet.ingest.sanitize import sanitize_optional
    from rapsheet.nlp.pipeline import extract_document
    from rapsheet.unread import unread_document, why_not_read

    settings = get_settings(request)
    store = get_store(request)
    source = sanitize_optional(body.url) or "api"
    html: str | bytes | None = body.html
    field = "html" if html is not None else "text"
    if body.text is None and html is None:
        if not settings.api_allow_url_fetch:
            raise RapsheetError("url: fetching pages is disabled on this server (the "
                                "api_allow_url_fetch setting); send text or html", 400)
        from rapsheet.api.fetch import fetch
        assert body.url, "ArticleIn takes text, html or url"
        field, html = "url", fetch(body.url, settings.api_max_body_bytes,
                                   timeout=min(15.0, settings.api_timeout_seconds), settings=settings)
    try:
        if html is not None:
            article = read_html(html, source, url=body.url, published=body.published, settings=settings)
            if body.title:
                article.title = sanitize_optional(body.title)
        else:
            article = read_text(body.text or "", source, title=body.title, url=body.url,
                                published=body.published, settings=settings)
    except InputError as exc:
        store.add_failure(source, exc.stage, exc.detail)
        raise RapsheetError(f"{field}: {exc.detail}", 422) from None
    if not store.has(article.content_hash):
        # An article sent is read fully, as `extract` reads it; one in another language is stored
        # unread, with its names.
        reason = why_not_read(article, triage_on=False)
        if reason is not None:
            document = unread_document(article, reason)
        else:
            nlp = get_pipeline(request)
            # One spaCy pipeline serves every request thread; its components keep no per-call
            # state we can trust under concurrency, so calls take turns.
            with request.app.state.nlp_lock:
                document = extract_document(article, nlp)
        result = store.add(document)
        request.app.state.index.mark_stale()
    else:
        result = None
    # The article id is a prefix of the normalised content hash, so a duplicate has this id.
    stored_id = result.article_id if result else article.id
    return store.article(stored_id), bool(result and result.new)


async def _read_body(request: Request) -> ArticleIn:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    if kind in ("text/plain", "text/html"):
        params = request.query_params
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RapsheetError("body: not UTF-8 text", 400) from None
        fields: dict[str, Any] = {"html" if kind == "text/html" else "text": text,
                                  "title": params.get("title"), "url": params.get("url"),
                                  "published": _date(params.get("published"), "published")}
    elif kind in ("application/json", ""):
        try:
            fields = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise RapsheetError("body: not valid JSON", 400) from None
        except RecursionError:
            raise RapsheetError("body: JSON nested too deeply", 400) from None
        if not isinstance(fields, dict):
            raise RapsheetError("body: a JSON object with text, html or url is expected", 422)
    else:
        raise RapsheetError(f"content-type: {kind!r} is not taken; send application/json, "
                            "text/plain or text/html", 415)
    try:
        return ArticleIn.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


@router.post("/articles", response_model=ArticleAdded, status_code=201,
             dependencies=[Depends(require_write_key)], openapi_extra=ARTICLE_BODY,
             summary="Ingest one article",
             description="JSON (`text` or `html`, optional `url`, `title`, `published`), or the "
                         "article itself as text/plain or text/html (then `title`, `url` and "
                         "`published` as query parameters). 201 when new, 200 when the same "
                         "text was already stored.",
             responses={415: {"description": "A content type other than JSON, text or HTML"}})
async def post_article(request: Request, response: Response) -> dict:
    body = await _read_body(request)
    document, new = await run_in_threadpool(ingest_article, request, body)
    if not new:
        response.status_code = 200
    return {"ok": True, "id": document["article"]["id"], "new": new, "document": document}


@read.get("/articles", response_model=Page[ArticleSummary], summary="Stored articles, newest first")
def list_articles(store: StoreDep, page: PagingDep) -> dict:
    return {"total": count_rows(store, "articles"), "limit": page.limit, "offset": page.offset,
            "results": store.articles(limit=page.limit, offset=page.offset)}


@read.get("/articles/{article_id}", summary="The document of one stored article",
          response_model=dict[str, Any])
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=64)]) -> dict:
    document = store.article(article_id)
    if document is None:
        raise NotFound(f"article_id: no article with id {article_id!r}")
    return document


def read_stored_article(request: Request, article_id: str) -> dict:
    from rapsheet.jobs.reread import stored_article
    from rapsheet.nlp.pipeline import extract_document
    from rapsheet.unread import READ_LANGUAGE

    store = get_store(request)
    rows = store.unread(None, article_id=article_id)
    if not rows:
        document = store.article(article_id)
        if document is None:
            raise NotFound(f"article_id: no article with id {article_id!r}")
        return {"ok": True, "id": article_id, "read": False, "document": document}
    row = rows[0]
    if (row["language"] or READ_LANGUAGE) != READ_LANGUAGE:
        raise RapsheetError(f"article {article_id} is not read: language {row['language']} "
                            f"(rapsheet reads {READ_LANGUAGE} only)", 409)
    article = stored_article(row)
    with request.app.state.nlp_lock:
        document = extract_document(article, get_pipeline(request))
    read_now = store.replace_unread(document).new
    request.app.state.index.mark_stale()
    return {"ok": True, "id": article_id, "read": read_now, "document": store.article(article_id)}


@router.post("/articles/{article_id}/read", response_model=ArticleRead,
             dependencies=[Depends(require_write_key)],
             summary="Read fully an article stored unread",
             description="An article that ingest stored unread because triage found it off-topic "
                         "is read now, and its reading replaces what was stored. `read` is False "
                         "when the article had been read already (its document is given as it "
                         "is); 409 for an article in a language rapsheet does not read.",
             responses={404: {"description": "No article with this id"},
                        409: {"description": "The article is in a language rapsheet does not read"}})
async def read_article(request: Request, article_id: Annotated[str, Path(max_length=64)]) -> dict:
    return await run_in_threadpool(read_stored_article, request, article_id)


router.include_router(read)
