"""The web UI in a real browser: Debian's Chromium driven by Playwright against the app served by
uvicorn on 127.0.0.1, over a store of real articles read by the real pipeline.

Screenshots go to test-artifacts/. The tests skip, saying why, only when Chromium is missing
(scripts/ensure_chromium.sh installs it) or the playwright package is.
"""
from __future__ import annotations

import os
import pathlib
import socket
import threading
import time

import pytest

from rapsheet.settings import Settings
from tests.api.conftest import KEY, build_store

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
HOSTILE_TITLE = "<script>window.__pwned = 'title'</script> Gang leader charged"
HOSTILE_TEXT = (
    "Prosecutors in Miami said on Tuesday that Carlos Ruiz-Vega, 37, was charged with wire fraud "
    "and money laundering after agents traced $4 million in stolen funds. "
    "<script>window.__pwned = 'script'; alert('script')</script> "
    "Ruiz-Vega, who was arrested on Monday, is accused of running a fake investment scheme "
    "<img src=x onerror=\"window.__pwned='img'; alert('img')\"> that targeted retirees across "
    "Florida, the U.S. Attorney's Office said. <svg onload=\"window.__pwned='svg'\"></svg> "
    "His lawyer, Ana Pereira, said he would plead not guilty. "
    "<a href=\"javascript:window.__pwned='link'\">click here</a> for the full statement.\n")

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} missing: run scripts/ensure_chromium.sh (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    """(base URL, ids) of the app served by uvicorn in a thread, its store filled through the API."""
    import httpx
    import uvicorn

    from rapsheet.api import create_app
    db = tmp_path_factory.mktemp("web") / "rapsheet.db"
    app = create_app(Settings(db=f"sqlite:///{db}", api_key=KEY))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started:
        assert thread.is_alive() and time.time() < deadline, "uvicorn did not start"
        time.sleep(0.1)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=120) as client:
        ids = build_store(client)
        hostile = client.post("/articles", json={"text": HOSTILE_TEXT, "title": HOSTILE_TITLE,
                                                 "published": "2025-06-03"}, headers={"X-API-Key": KEY})
        assert hostile.status_code == 201, hostile.text
        ids["hostile"] = hostile.json()["id"]
        ids["flores"] = client.get("/entities", params={"q": "Jose Enrique Martinez Flores"}).json()["results"][0]["id"]
        ids["flores_alias"] = client.get("/entities", params={"q": "Jose E. Martinez-Flores"}).json()["results"][0]["id"]
    yield base, ids
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server[0], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


AXE = pathlib.Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"   # 4.14.1
PHONE = {"width": 390, "height": 844}


def pages_of(ids: dict) -> dict[str, str]:
    """Every kind of page, by name."""
    return {"home": "/ui/", "browse-filtered": "/ui/?category=terrorism&status=active",
            "overview": "/ui/overview", "case-file": f"/ui/entities/{ids['flores']}",
            "article": f"/ui/articles/{ids['seed']}", "failures": "/ui/failures",
            "screen": "/ui/screen?name=Jose+Martinez+Flores&birth_year=2001", "key": "/ui/key",
            "report": f"/ui/entities/{ids['flores']}/report", "docs": "/docs",
            "network": f"/ui/entities/{ids['flores']}/network",
            "compare": f"/ui/entities/{ids['flores']}/compare?other={ids['flores_alias']}"}


def serious_violations(page, skip: tuple[str, ...] = ()) -> list[str]:
    """What axe-core finds serious or critical on the page, one line per rule and element,
    leaving out the rules in `skip`."""
    # Evaluated through the driver, not as a page script: the page's CSP stays as it is.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async (skip) => {
        const rules = Object.fromEntries(skip.map(id => [id, {enabled: false}]));
        const result = await axe.run(document, {resultTypes: ["violations"], rules});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .flatMap(v => v.nodes.map(n => v.id + ": " + n.target.join(" ") + " " + n.failureSummary));
    }""", list(skip))
    return found


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_case_file_shows_timeline_and_charges(page, server):
    _, ids = server
    page.goto(f"/ui/entities/{ids['flores']}")
    assert page.locator("#entity-name").inner_text().startswith("Jose Enrique Martinez Flores")
    assert page.locator("svg.timeline circle").count() >= 3
    assert page.locator("svg.timeline .tick").count() >= 2
    charges = page.locator("#charges tr")
    assert charges.count() >= 3          # a header and at least two charges
    assert "charged with providing material support to a designated foreign terrorist" in page.locator("#charges").inner_text()
    assert "charged with" in page.locator("#risks").inner_text()
    assert "convicted" not in page.locator("#risks").inner_text()
    shot(page, "case-file")


def test_charge_evidence_lands_on_the_highlighted_sentence(page, server):
    _, ids = server
    page.goto(f"/ui/entities/{ids['flores']}")
    link = page.locator("#charges a.evidence").first
    href = link.get_attribute("href")
    start, end = (int(x) for x in href.rsplit("#ev-", 1)[1].split("-"))
    link.click()
    page.wait_for_url(f"**{href}")
    page.wait_for_selector("#article-text .hl")
    highlighted = "".join(page.locator("#article-text .hl").all_inner_texts())
    document = page.request.get(f"/articles/{ids['seed']}").json()
    sentence = document["article"]["text"][start:end]
    assert " ".join(highlighted.split()) == " ".join(sentence.split())
    assert "count" in sentence
    box = page.locator("#article-text .hl").first.bounding_box()
    assert 0 <= box["y"] <= 900, "the evidence was not scrolled into view"
    shot(page, "evidence")


def test_screen_a_name_and_a_csv(page, server, tmp_path):
    page.goto("/ui/")
    page.fill("#screen-form input[name=name]", "Jose Martinez Flores")
    page.fill("#screen-form input[name=birth_year]", "2001")
    page.click("#screen-form button")
    page.wait_for_selector(".screen-answer")
    answer = page.locator(".screen-answer").first.inner_text()
    assert "Jose Enrique Martinez Flores" in answer and "match" in answer
    assert "charged with terrorism" in answer
    shot(page, "screen-name")
    csv_path = tmp_path / "names.csv"
    csv_path.write_text("name,birth_year,country\nJose Martinez Flores,2001,VE\nPam Bondi,,\n"
                        "Wilhelmina Oyelaran-Castellanos,1970,NG\n", encoding="utf-8")
    page.goto("/ui/")
    page.set_input_files("#csv-form input[type=file]", str(csv_path))
    page.click("#csv-form button")
    page.wait_for_selector(".screen-answer")
    assert page.locator(".screen-answer").count() == 3
    assert "No stored entity" in page.locator(".screen-answer").nth(2).inner_text()
    shot(page, "screen-csv")


def test_merge_two_entities_and_see_the_case_file_update(page, server):
    _, ids = server
    # This server has an API key: changes from the UI need it, given once.
    page.goto("/ui/key")
    page.fill("input[name=key]", KEY)
    page.click("form button")
    page.goto(f"/ui/entities/{ids['flores']}")
    before = page.locator("text=article(s)").first.inner_text()
    row = page.locator("#merge-candidates tr", has_text="Jose E. Martinez-Flores")
    assert row.count() == 1, page.locator("#merge-candidates").inner_text()
    row.locator("a.merge").click()
    # Side by side first, with why they are suggested; the merge needs a reason.
    page.wait_for_selector("#compare")
    compared = page.locator("#compare").inner_text()
    assert "Jose Enrique Martinez Flores" in compared and "Jose E. Martinez-Flores" in compared
    assert "allegations" in compared and "articles" in compared
    assert page.locator("#match-why").count() == 1
    shot(page, "compare")
    page.click("button.confirm-merge")                 # no reason yet: the browser asks for one
    assert page.url.split("?")[0].endswith("/compare")
    page.fill("#merge-reason", "same age and the same case in both releases")
    page.click("button.confirm-merge")
    page.wait_for_selector("#members")
    assert "same age and the same case in both releases" in page.locator("#judgements").inner_text()
    assert "Jose E. Martinez-Flores" in page.locator("#members").inner_text()
    assert "Jose E. Martinez-Flores" in page.locator("#aliases").inner_text()
    after = page.locator("text=article(s)").first.inner_text()
    assert before != after and "in 2 article(s)" in after
    shot(page, "merged")
    # Split it out again: the case file is one entity once more.
    page.locator("#members button.split").click()
    page.wait_for_load_state()
    assert page.locator("#members").count() == 0
    shot(page, "split")


def test_hostile_article_runs_no_script(page, server):
    _, ids = server
    page.goto(f"/ui/articles/{ids['hostile']}")
    # The payloads show as text ...
    text = page.locator("#article-text").inner_text()
    assert "<script>" in text and "onerror=" in text
    assert "<script>" in page.locator("#article-title").inner_text()
    # ... and none of them ran.
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#article-text img, #article-text svg, #article-text script").count() == 0
    page.goto("/ui/?q=" + "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E")
    page.goto("/ui/screen?name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    page.goto("/ui/")          # the title is listed among recent articles
    assert page.evaluate("typeof window.__pwned") == "undefined"
    ruiz = page.request.get("/entities", params={"q": "Ruiz-Vega"}).json()["results"]
    if ruiz:
        page.goto(f"/ui/entities/{ruiz[0]['id']}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    page.goto(f"/ui/articles/{ids['hostile']}")
    shot(page, "hostile")


def test_browse_filter_and_read_dates_as_words(page, server):
    page.goto("/ui/")
    assert page.locator("#search-results tbody tr").count() >= 3
    page.select_option("select[name=category]", "terrorism")
    page.click("#browse-form fieldset button")
    page.wait_for_selector("#browse-total")
    assert "matching the filters" in page.locator("#browse-total").inner_text()
    rows = page.locator("#search-results tbody").inner_text()
    assert "Martinez Flores" in rows and "charged with terrorism" in rows
    shot(page, "browse-filtered")
    page.locator("#search-results a", has_text="Martinez Flores").first.click()
    page.wait_for_selector("#entity-name")
    body = page.locator("main").inner_text()
    assert "XXXX" not in body and "PAST_REF" not in body and "reported ?" not in body
    assert "evidence" not in [t.strip() for t in page.locator("a.evidence").all_inner_texts()]
    shot(page, "case-file-readable")


def test_overview_shows_allegations_over_time(page, server):
    page.goto("/ui/")
    page.click("header nav >> text=Overview")
    page.wait_for_selector("svg.bars")
    assert page.locator("#chart-1 svg.bars rect").count() >= 1
    assert "terrorism" in page.locator("#chart-1 .bars-legend").inner_text()
    assert "charged" in page.locator("#chart-2 .bars-legend").inner_text()
    page.locator("#chart-1 summary").click()
    assert page.locator("#chart-1 table tbody tr").count() >= 1
    assert page.locator("#newest-articles li a").count() >= 2
    shot(page, "overview")


def test_every_page_passes_an_accessibility_check(page, server):
    _, ids = server
    problems = {}
    for name, path in pages_of(ids).items():
        page.goto(path)
        page.wait_for_load_state()
        skip: tuple[str, ...] = ()
        if name == "docs":
            page.wait_for_selector(".swagger-ui .opblock")
            # Swagger UI's own markup puts a copy button inside each operation's toggle button;
            # not ours to change (its colours are: static/docs.css).
            skip = ("nested-interactive",)
        found = serious_violations(page, skip)
        if found:
            problems[name] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, vs in problems.items() for v in vs)
    # A keyboard user's first Tab reaches the skip link, which lands on the content.
    page.goto("/ui/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_every_page_fits_a_phone(browser, server):
    base, ids = server
    context = browser.new_context(base_url=base, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for name, path in pages_of(ids).items():
            page.goto(path)
            page.wait_for_load_state()
            # Nothing runs off the side of the page: wide tables scroll inside their own box.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name} is {width}px wide"
            page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    finally:
        context.close()


def test_every_field_has_a_visible_label(page, server):
    _, ids = server
    for path in pages_of(ids).values():
        page.goto(path)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
                'input:not([type=hidden]):not([type=submit]), select, textarea')]
            .filter(el => !(el.labels && [...el.labels].some(l => l.textContent.trim())))
            .map(el => el.name || el.id)""")
        assert unlabelled == [], path
        assert page.locator("[placeholder]").count() == 0, path
        for table in page.locator("table").all():
            assert table.locator("th").count() > 0, f"{path}: a table without header cells"


def test_print_a_case_file_report_and_save_it_as_pdf(page, server):
    _, ids = server
    page.goto(f"/ui/entities/{ids['flores']}")
    page.click("#report-link a")
    page.wait_for_selector("#report-allegations")
    allegations = page.locator("#report-allegations").inner_text()
    assert "charged with" in allegations and "convicted" not in allegations
    assert "“" in allegations                       # each source sentence is quoted
    assert page.locator("#report-sources li").count() >= 1
    assert page.locator("button[data-print]").inner_text() == "Print / save as PDF"
    shot(page, "report")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    pdf = page.pdf(path=str(ARTIFACTS / "web-report.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_take_a_filtered_list_away_as_csv_and_ftm(page, server, tmp_path):
    page.goto("/ui/?category=terrorism")
    listed = page.locator("#search-results tbody").inner_text()
    with page.expect_download() as download:
        page.click("#take-away >> text=CSV")
    csv_text = pathlib.Path(download.value.path()).read_text(encoding="utf-8")
    assert "Jose Enrique Martinez Flores" in csv_text and "Martinez Flores" in listed
    assert "Carlos Ruiz-Vega" not in csv_text            # charged with fraud, not terrorism
    with page.expect_download() as download:
        page.click("#take-away >> text=FollowTheMoney")
    lines = pathlib.Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    import json
    names = {n for line in lines for n in json.loads(line).get("properties", {}).get("name", [])}
    assert "Jose Enrique Martinez Flores" in names and "Carlos Ruiz-Vega" not in names


def test_the_api_reference_is_served_offline(page, server):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server[0]) and not r.url.startswith("data:") else None)
    page.goto("/ui/")
    page.click("header nav >> text=API reference")
    page.wait_for_selector(".swagger-ui .opblock")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/browse" in paths and "/entities/{entity_id}" in paths
    assert refused == [] and outside == []
    shot(page, "docs")


def test_a_pair_judged_not_the_same_leaves_the_suggestions_until_undone(page, server):
    _, ids = server
    page.goto("/ui/key")
    page.fill("input[name=key]", KEY)
    page.click("form button")
    search = f"/ui/entities/{ids['flores']}?merge_q=Ruiz-Vega"
    page.goto(search)
    row = page.locator("#merge-candidates tbody tr", has_text="Ruiz-Vega")
    assert row.count() == 1, page.locator("#merge-candidates").inner_text()
    row.locator("button.not-same").click()
    page.wait_for_selector("#judgements")
    judgement = page.locator("#judgements li", has_text="Ruiz-Vega").filter(has_text="is not")
    assert judgement.count() == 1
    page.goto(search)
    assert "Ruiz-Vega" not in page.locator("#merge-candidates").inner_text()
    shot(page, "judged-not-same")
    page.locator("#judgements li", has_text="Ruiz-Vega").locator("button", has_text="undo").click()
    page.goto(search)
    assert "Ruiz-Vega" in page.locator("#merge-candidates").inner_text()


def test_network_edges_open_their_sentence(page, server):
    _, ids = server
    page.goto(f"/ui/entities/{ids['flores']}")
    page.click("#report-link >> text=Network")
    page.wait_for_selector("#network[data-drawn]")
    assert int(page.get_attribute("#network", "data-drawn")) >= 2
    assert page.locator("#network canvas").count() >= 1
    shot(page, "network")
    # Click the drawn "member of" edge where cytoscape put it.
    x, y, href = page.evaluate("""() => {
        const cy = window.rapsheetNetwork, box = document.getElementById("network").getBoundingClientRect();
        const edge = cy.edges('[label = "member of"]')[0], mid = edge.renderedMidpoint();
        return [box.left + mid.x, box.top + mid.y, edge.data("href")];
    }""")
    assert "#ev-" in href
    page.mouse.click(x, y)
    page.wait_for_url(f"**{href}")
    page.wait_for_selector("#article-text .hl")
    assert "Tren de Aragua" in " ".join(page.locator("#article-text .hl").all_inner_texts())
