"""The UI's pages: search and screening, the case file, the article, failures; merge, split and
undo forms. Every page reads the library (the store, the screening index, the judgements) as the
API does; writes need the API key when one is set (given once on /ui/key and kept in an HttpOnly
cookie) and a per-process form token, so another site cannot post them.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import secrets
from collections.abc import Sequence
from urllib.parse import urlencode
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape

from rapsheet.api import queries
from rapsheet.api.deps import (NO_ANONYMOUS_WRITES, Unauthorized, get_index, get_settings, get_store,
                               key_matches)
from rapsheet.api.routers.match import screen_queries
from rapsheet.api.schemas import CATEGORIES, MatchQuery
from rapsheet.errors import NotFound, RapsheetError
from rapsheet.stages import STATUSES, describe, proceedings
from rapsheet.stages import names as stage_names
from rapsheet.store.browse import SORTS, Filters
from rapsheet.web import dates, overview
from rapsheet.web.highlight import segments
from rapsheet.web.timeline import chart, evidence_href

TEMPLATES = __file__.rsplit("/", 1)[0] + "/templates"
KEY_COOKIE = "rapsheet_api_key"
#: The browse filters a page's query may set, beside q, sort and offset.
BROWSE_FILTERS = ("type", "category", "stage", "proceeding", "status", "role", "country",
                  "date_from", "date_to", "article")
PAGE = 50
ROLES = ("accused", "victim", "official", "witness", "lawyer", "other")
#: Entity types the screening index holds; others find merge candidates by name.
SCREENED_TYPES = ("person", "organization")
#: The most rows one uploaded CSV may screen.
MAX_CSV_ROWS = 500

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                   undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
_env.globals.update(describe=describe, evidence_href=evidence_href, readable_date=dates.readable_date,
                    day=dates.day, source_line=dates.source_line, title_of=dates.title_of,
                    outlet=dates.outlet, input_name=dates.input_name, excerpt=dates.excerpt)
_FORM_SECRET = secrets.token_bytes(32)


def query_string(given: dict, set: tuple[str, str] | None = None, **changes) -> str:
    """The browse page's query with some filters changed; empty values left out."""
    merged = dict(given) | changes | (dict([set]) if set else {})
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", 0)})


_env.globals["query_string"] = query_string

router = APIRouter(prefix="/ui", include_in_schema=False)


def form_token(request: Request) -> str:
    # Bound to the key cookie, so a token seen by one user is no use with another key.
    cookie = request.cookies.get(KEY_COOKIE, "")
    return hmac.new(_FORM_SECRET, cookie.encode(), hashlib.sha256).hexdigest()


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    settings = get_settings(request)
    context.update(request=request, token=form_token(request), keyed=bool(settings.api_key),
                   has_key=key_matches(request.cookies.get(KEY_COOKIE), settings))
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)


def html_error(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, detail=detail)


def can_read(request: Request) -> None:
    settings = get_settings(request)
    if settings.api_read_key_required and not key_matches(request.cookies.get(KEY_COOKIE), settings):
        raise Unauthorized("this server's pages need the API key: give it on /ui/key")


def can_write(request: Request, token: str) -> None:
    if not hmac.compare_digest(token, form_token(request)):
        raise RapsheetError("token: the form is stale or from another site; reload the page", 400)
    settings = get_settings(request)
    if not settings.api_key and not settings.api_allow_anonymous_writes:
        raise RapsheetError(f"changes: {NO_ANONYMOUS_WRITES}", 403)
    if settings.api_key and not key_matches(request.cookies.get(KEY_COOKIE), settings):
        raise Unauthorized("changes need the API key: give it on /ui/key")


Reader = Depends(can_read)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, _=Reader,
         q: Annotated[str | None, Query(max_length=300)] = None,
         offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> HTMLResponse:
    store = get_store(request)
    given = {k: v.strip() for k, v in request.query_params.items() if k in BROWSE_FILTERS and v.strip()}
    sort = request.query_params.get("sort", "latest")
    if sort not in SORTS:
        raise RapsheetError(f"sort: one of {', '.join(SORTS)}", 422)
    found = store.browse(Filters(q=q, **given), sort=sort, limit=PAGE, offset=offset)
    return render(request, "index.html", q=q or "", found=found, offset=offset, given=given, sort=sort,
                  page=PAGE, counts=store.counts(), recent=store.articles(limit=10),
                  stage_names=stage_names(), proceedings=proceedings(), statuses=STATUSES,
                  categories=CATEGORIES, roles=ROLES)


def _screen(request: Request, rows: list[MatchQuery]) -> list[dict]:
    index = get_index(request)
    answers = screen_queries(index, {str(i): row for i, row in enumerate(rows)}, limit=5, threshold=None)
    return [answers[str(i)] for i in range(len(rows))]


@router.get("/screen", response_class=HTMLResponse)
def screen_name(request: Request,
                name: Annotated[str, Query(min_length=1, max_length=500)],
                birth_year: Annotated[str, Query(max_length=4)] = "",
                country: Annotated[str, Query(max_length=2)] = "", _=Reader) -> HTMLResponse:
    try:
        query = MatchQuery(name=name, birth_year=int(birth_year) if birth_year.strip() else None,
                           country=country.strip() or None)
    except ValueError as exc:
        raise RapsheetError(f"birth_year or country: {str(exc).splitlines()[0]}", 422) from None
    answers = _screen(request, [query])
    return render(request, "screen.html", answers=answers, single=True)


def read_screening_csv(data: bytes) -> list[MatchQuery]:
    """Rows of name[,birth_year,country] (a header row naming them is optional)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RapsheetError("csv: not UTF-8 text", 422) from None
    lines = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if lines and lines[0] and lines[0][0].strip().lower() == "name":
        header = [c.strip().lower() for c in lines[0]]
        rows = [dict(zip(header, r)) for r in lines[1:]]
    else:
        rows = [dict(zip(("name", "birth_year", "country"), r)) for r in lines]
    if not rows:
        raise RapsheetError("csv: no names in the file", 422)
    if len(rows) > MAX_CSV_ROWS:
        raise RapsheetError(f"csv: {len(rows)} rows, more than the {MAX_CSV_ROWS} screened at once", 413)
    queries_ = []
    for number, row in enumerate(rows, start=1):
        year = (row.get("birth_year") or "").strip()
        try:
            queries_.append(MatchQuery(name=(row.get("name") or "").strip(),
                                       birth_year=int(year) if year else None,
                                       country=(row.get("country") or "").strip() or None))
        except ValueError as exc:
            raise RapsheetError(f"csv: row {number}: {str(exc).splitlines()[0]}", 422) from None
    return queries_


@router.post("/screen", response_class=HTMLResponse)
async def screen_csv(request: Request, csv_file: Annotated[UploadFile, File()], _=Reader) -> HTMLResponse:
    data = await csv_file.read()
    rows = read_screening_csv(data)
    answers = await run_in_threadpool(_screen, request, rows)
    return render(request, "screen.html", answers=answers, single=False)


#: Merge candidates on a case page, and the names screening scores in full to find them: a
#: small pool keeps the page quick when the names have many aliases (sanctions entries).
MERGE_CANDIDATES = 8
MERGE_POOL = 24


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, _=Reader,
                merge_q: Annotated[str | None, Query(max_length=300)] = None) -> HTMLResponse:
    store = get_store(request)
    case = store.case_file(entity_id)
    if case is None:
        raise NotFound(f"no entity with id or name {entity_id!r}")
    members = set(case["members"])
    # Merge candidates: who screening finds for this name, or the names searched for.
    if merge_q and merge_q.strip():
        candidates = [r for r in store.entities(merge_q, limit=20) if r["id"] not in members]
    elif case["type"] in SCREENED_TYPES:
        found = get_index(request).screen(case["name"], limit=MERGE_CANDIDATES, type=case["type"],
                                          pool=MERGE_POOL)
        candidates = [{"id": r.id, "name": r.name, "type": r.type, "score": r.score}
                      for r in found if r.id not in members]
    else:
        candidates = [r for r in store.entities(case["name"], limit=MERGE_CANDIDATES)
                      if r["id"] not in members]
    _, judgements = queries.list_judgements(store, case["id"], limit=20)
    judged = {i for j in judgements for i in (j["left"], j["right"])}
    judged_rows = {i: store.entity(i) or {} for i in judged}
    judged_names = {i: row.get("name", "an entity") for i, row in judged_rows.items()}
    # A pair the analyst has judged, either way, is no longer a suggestion.
    settled = {judged_rows[i].get("canonical_id", i) for j in judgements if not j["undone"]
               for i in (j["left"], j["right"])} - members
    candidates = [c for c in candidates if c["id"] not in settled]
    return case_page(request, case, candidates, merge_q or "", judgements, judged_names)


def case_page(request: Request, case: dict, candidates: list[dict], merge_q: str = "",
              judgements: Sequence[dict] = (), judged_names: dict[str, str] | None = None) -> HTMLResponse:
    """The case page of one case file (`Store.case_file`), with its merge candidates and the
    judgements naming it (`judged_names`: the name of each entity they name)."""
    return render(request, "entity.html", case=case, chart=chart(case["events"]),
                  candidates=candidates, merge_q=merge_q, member_names=case["member_names"],
                  judgements=list(judgements), judged_names=judged_names or {},
                  sources={a["id"]: a for a in case["articles"]})


EDGE_WORDS = {"co-defendant": "a co-defendant of", "agent": "acted against by", "member of": "a member of",
              "quoted in": "quoted in", "named in": "named in"}


def _network(request: Request, entity_id: str) -> dict:
    """The entity's network with links: each node to its page, each edge to its sentence."""
    found = get_store(request).network(entity_id)
    if found is None:
        raise NotFound(f"no entity with id or name {entity_id!r}")
    for node in found["nodes"]:
        node["href"] = (f"/ui/articles/{node['article']}" if node["kind"] == "article" else
                        None if node["id"].startswith("name:") else f"/ui/entities/{node['id']}")
    for edge in found["edges"]:
        evidence = edge["evidence"]
        edge["href"] = evidence_href(evidence["article"], evidence) if evidence["article"] else None
        edge["words"] = EDGE_WORDS.get(edge["type"], edge["type"])
    return found


@router.get("/entities/{entity_id}/network", response_class=HTMLResponse)
def network_page(request: Request, entity_id: str, _=Reader) -> HTMLResponse:
    found = _network(request, entity_id)
    return render(request, "network.html", network=found,
                  labels={n["id"]: n["label"] for n in found["nodes"]})


@router.get("/entities/{entity_id}/network.json")
def network_json(request: Request, entity_id: str, _=Reader) -> dict:
    return _network(request, entity_id)


@router.get("/entities/{entity_id}/report", response_class=HTMLResponse)
def report_page(request: Request, entity_id: str, _=Reader) -> HTMLResponse:
    """The case file as a report to print or save as PDF: every allegation with every source."""
    case = get_store(request).case_file(entity_id)
    if case is None:
        raise NotFound(f"no entity with id or name {entity_id!r}")
    return render(request, "report.html", case=case, today=dt.date.today().isoformat(),
                  sources={a["id"]: a for a in case["articles"]})


@router.get("/entities/{entity_id}/compare", response_class=HTMLResponse)
def compare_page(request: Request, entity_id: str, other: Annotated[str, Query(min_length=1, max_length=64)],
                 _=Reader) -> HTMLResponse:
    """Two entities side by side before a merge: names, attributes, allegations, articles, and
    why screening finds the names alike; merging asks for a reason."""
    store = get_store(request)
    left, right = store.case_file(entity_id), store.case_file(other)
    if left is None or right is None:
        raise NotFound(f"no entity with id {entity_id if left is None else other!r}")
    if left["id"] == right["id"]:
        raise RapsheetError("other: already the same entity", 422)
    why = None
    if left["type"] in SCREENED_TYPES:
        found = get_index(request).screen(left["name"], limit=MERGE_POOL, type=left["type"], pool=MERGE_POOL)
        why = next((r for r in found if r.id == right["id"]), None)
    return render(request, "compare.html", left=left, right=right, why=why,
                  sources={a["id"]: a for a in left["articles"] + right["articles"]})


@router.post("/entities/{entity_id}/merge")
def merge(request: Request, entity_id: str, other: Annotated[str, Form(max_length=64)],
          token: Annotated[str, Form(max_length=128)],
          reason: Annotated[str, Form(min_length=3, max_length=2000)]) -> RedirectResponse:
    """A merge, confirmed on the compare page with the analyst's reason."""
    return _judge(request, token, entity_id, other, "same", reason)


@router.post("/entities/{entity_id}/not-same")
def not_same(request: Request, entity_id: str, other: Annotated[str, Form(max_length=64)],
             token: Annotated[str, Form(max_length=128)],
             reason: Annotated[str, Form(max_length=2000)] = "") -> RedirectResponse:
    """A suggested entity is someone else: it leaves the suggestions, and resolution keeps them apart."""
    return _judge(request, token, entity_id, other, "not_same", reason)


@router.post("/entities/{entity_id}/split")
def split(request: Request, entity_id: str, member: Annotated[str, Form(max_length=64)],
          token: Annotated[str, Form(max_length=128)]) -> RedirectResponse:
    return _judge(request, token, entity_id, member, "not_same")


def _judge(request: Request, token: str, entity_id: str, other: str, verdict: str,
           reason: str | None = None) -> RedirectResponse:
    """Record the analyst's judgement and show the case file as it now stands."""
    can_write(request, token)
    result = queries.judge(get_store(request), entity_id, other, verdict, "web", reason)
    request.app.state.index.mark_stale()
    return RedirectResponse(f"/ui/entities/{result['canonical_id'] or entity_id}", status_code=303)


@router.post("/judgements/{judgement_id}/undo")
def undo(request: Request, judgement_id: int, token: Annotated[str, Form(max_length=128)],
         back: Annotated[str, Form(max_length=64)]) -> RedirectResponse:
    can_write(request, token)
    queries.undo_judgement(get_store(request), judgement_id)
    request.app.state.index.mark_stale()
    return RedirectResponse(f"/ui/entities/{back}", status_code=303)


@router.post("/entities/{entity_id}/dispute")
def dispute(request: Request, entity_id: str, category: Annotated[str, Form(max_length=64)],
            reason: Annotated[str, Form(max_length=2000)], token: Annotated[str, Form(max_length=128)],
            who: Annotated[str, Form(max_length=200)] = "web") -> RedirectResponse:
    """An analyst disputes one allegation: it leaves screening and shows as disputed here."""
    can_write(request, token)
    get_store(request).dispute(entity_id, category, reason, who or "web")
    request.app.state.index.mark_stale()
    return RedirectResponse(f"/ui/entities/{entity_id}", status_code=303)


@router.post("/disputes/{dispute_id}/undo")
def undo_dispute(request: Request, dispute_id: int, token: Annotated[str, Form(max_length=128)],
                 back: Annotated[str, Form(max_length=64)]) -> RedirectResponse:
    can_write(request, token)
    get_store(request).undo_dispute(dispute_id, "web")
    request.app.state.index.mark_stale()
    return RedirectResponse(f"/ui/entities/{back}", status_code=303)


@router.get("/export")
def export_list(request: Request, _=Reader, format: Annotated[Literal["csv", "ftm"], Query()] = "csv",
                q: Annotated[str | None, Query(max_length=300)] = None) -> Response:
    """The subjects of the listed (filtered) entities, through the same exporters as /export."""
    from rapsheet.api.routers.export import MEDIA, SUFFIX
    from rapsheet.export import export
    given = {k: v.strip() for k, v in request.query_params.items() if k in BROWSE_FILTERS and v.strip()}
    out = io.StringIO()
    count = export(get_store(request), format, out, Filters(q=q, **given))
    return Response(out.getvalue(), media_type=MEDIA[format], headers={
        "content-disposition": f'attachment; filename="rapsheet-list.{SUFFIX[format]}"',
        "x-rapsheet-subjects": str(count)})


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request, _=Reader) -> HTMLResponse:
    store = get_store(request)
    rows = store.allegations_over_time()
    return render(request, "overview.html", counts=store.counts(), recent=store.articles(limit=10),
                  failures=store.failures(limit=10),
                  charts=[overview.bars(rows, "category", "Allegations by category"),
                          overview.bars(rows, "stage", "Allegations by stage reported")])


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, _=Reader) -> HTMLResponse:
    document = get_store(request).article(article_id)
    if document is None:
        raise NotFound(f"no article with id {article_id!r}")
    names = {e["id"]: e for e in document.get("entities", [])}
    return render(request, "article.html", doc=document, segments=segments(document), names=names)


@router.get("/failures", response_class=HTMLResponse)
def failures_page(request: Request, _=Reader,
                  offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> HTMLResponse:
    store = get_store(request)
    return render(request, "failures.html", rows=store.failures(limit=50, offset=offset),
                  total=store.counts().get("failures", 0), offset=offset)


@router.get("/key", response_class=HTMLResponse)
def key_form(request: Request) -> HTMLResponse:
    return render(request, "key.html")


@router.post("/key")
def key_set(request: Request, key: Annotated[str, Form(max_length=500)]) -> RedirectResponse:
    if not key_matches(key, get_settings(request)):
        raise Unauthorized("key: not this server's API key")
    response = RedirectResponse("/ui/", status_code=303)
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict")
    return response
