"""The web page end to end: a real ``scout serve`` (gunicorn) over an indexed sample corpus,
driven in headless Chromium by Playwright.

Each test gets its own tenant (a fresh key), so shortlists never leak between tests.
The tests also save the screenshots the docs show (``docs/img/*.png``).

Needs Debian's ``chromium`` (``apt-get install -y chromium``) and Playwright from PyPI
(no browser download: Playwright drives ``/usr/bin/chromium``). Without them the tests
skip locally and fail in CI.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import missing_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("SCOUT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCOUT = [sys.executable, "-m", "scout"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "img"
WAIT_MS = 45_000  # the machine may be busy: be patient, never flaky
BRIEF_TEXT = ("Launching a plant-based protein snack: we want quick vegan recipes, "
              "meal prep and honest taste tests")


def _need_browser() -> Any:
    """Playwright's sync API; else skip (fail under CI) naming what installs it."""
    problems = []
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
        problems.append("Playwright is not installed (pip install playwright)")
    if shutil.which(CHROMIUM) is None:
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if problems:
        missing_server("browser tests cannot run: " + "; ".join(problems))
    return sync_api


# -- the server --------------------------------------------------------------------------------
@dataclass
class Site:
    base: str
    data_dir: Path

    def key(self, scope: str = "write") -> str:
        """A key of a brand-new tenant, so a test's shortlists are its own."""
        from scout.config import load_config
        from search_api.accounts import Accounts

        accounts = Accounts(load_config(data_dir=self.data_dir).tenants_path())
        try:
            tenant = f"acme-{uuid.uuid4().hex[:6]}"
            return accounts.keys.create(tenant, scope, "browser test")[0]  # type: ignore[arg-type]
        finally:
            accounts.close()

    def api(self, key: str, method: str, path: str, **kwargs: Any) -> Any:
        resp = requests.request(method, self.base + path, timeout=60,
                                headers={"Authorization": f"Bearer {key}"}, **kwargs)
        assert resp.ok, resp.text
        return resp.json()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCOUT, *args], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    _need_browser()
    root = tmp_path_factory.mktemp("page")
    done = _cli("sample-data", "--creators", "150", "--seed", "7", "--out", str(root / "s"))
    assert done.returncode == 0, done.stderr
    done = _cli("index", str(root / "s" / "creators.jsonl"), "--data-dir", str(root / "idx"))
    assert done.returncode == 0, done.stderr
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with (root / "serve.log").open("w") as log:
        server = subprocess.Popen([*SCOUT, "serve", "--data-dir", str(root / "idx"), "--port",
                                   str(port), "--workers", "1"], stdout=log,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("scout serve did not come up: "
                                + (root / "serve.log").read_text()[-2000:])
                time.sleep(0.5)
            yield Site(base, root / "idx")
        finally:
            server.terminate()
            server.wait(timeout=30)


# -- the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    sync_api = _need_browser()
    sync_api.expect.set_options(timeout=WAIT_MS)
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no stored key); fails the test on any uncaught JS error."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000},
                                  accept_downloads=True, locale="en-GB", timezone_id="UTC")
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    tab.on("console", lambda msg: errors.append(f"console: {msg.text}")
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    yield tab
    context.close()
    assert errors == [], errors


def expect(locator: Any) -> Any:
    return _need_browser().expect(locator)


def open_app(page: Any, site: Site, key: str, route: str = "#/match") -> None:
    page.goto(f"{site.base}/?key={key}{route}")
    view = route.strip("#/").split("/")[0] or "match"
    expect(page.locator(f"#view-{view}")).to_be_visible()


def shot(page: Any, name: str, *, full_page: bool = False) -> None:
    """Save a screenshot for the docs (the README shows them)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.locator("#toast").evaluate("el => { el.hidden = true; }")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page, animations="disabled")


def run_brief(page: Any, text: str = BRIEF_TEXT) -> None:
    page.fill("#brief-text", text)
    page.click("#brief-submit")
    expect(page.locator("#results-list .card").first).to_be_visible()


def compact_number(text: str) -> float:
    """'15K' -> 15000, '1.2M' -> 1200000."""
    match = re.fullmatch(r"([\d.,]+)([KMB]?)", text.strip())
    assert match, text
    scale = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}[match.group(2)]
    return float(match.group(1).replace(",", "")) * scale


# -- the tests ---------------------------------------------------------------------------------
def test_a_key_in_the_address_is_kept_and_removed_from_it(page: Any, site: Site) -> None:
    key = site.key()
    page.goto(f"{site.base}/#key={key}")
    expect(page.locator("#view-match")).to_be_visible()
    assert key not in page.url and page.url.endswith("#/match")
    assert page.evaluate("localStorage.getItem('scout.apiKey')") == key
    expect(page.locator("#who")).to_contain_text("write")

    other = site.key("read")
    page.goto(f"{site.base}/?key={other}#/search")
    expect(page.locator("#view-search")).to_be_visible()
    assert other not in page.url and page.url.endswith("/#/search")
    assert page.evaluate("localStorage.getItem('scout.apiKey')") == other
    expect(page.locator("#who")).to_contain_text("read")


def test_without_a_valid_key_the_page_asks_for_one(page: Any, site: Site) -> None:
    page.goto(site.base + "/")
    expect(page.locator("#key-panel")).to_be_visible()
    expect(page.locator("#view-match")).to_be_hidden()
    page.fill("#api-key", "scout_nope_nope")
    page.press("#api-key", "Enter")
    expect(page.locator("#api-key-error")).to_be_visible()
    expect(page.locator("#api-key")).to_have_attribute("aria-invalid", "true")
    page.fill("#api-key", site.key())
    page.press("#api-key", "Enter")
    expect(page.locator("#view-match")).to_be_visible()
    expect(page.locator("#key-panel")).to_be_hidden()


def test_a_brief_ranks_creators_with_score_breakdowns(page: Any, site: Site) -> None:
    open_app(page, site, site.key())
    page.fill("#brief-text", BRIEF_TEXT)
    page.select_option("#brief-objective", "conversions")
    page.check("#brief-age-18-24", force=True)
    page.check("#brief-age-25-34", force=True)
    page.fill("#brief-budget", "20000")
    page.click("#brief-submit")
    cards = page.locator("#results-list > li.card")
    expect(cards).to_have_count(20)
    expect(page.locator("#results-status")).to_contain_text("20 ranked")

    scores = [int(s) for s in cards.locator(".score strong").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    for card in cards.all()[:5]:
        signals = card.locator(".signals > li.signal")
        assert signals.count() >= 5  # one bar per signal
        assert {"content_similarity", "audience_fit", "cost_efficiency"} <= {
            s.get_attribute("data-signal") for s in signals.all()}
        parts = [float(t.lstrip("+")) for t in card.locator(".signal-value").all_inner_texts()]
        score = int(card.locator(".score strong").inner_text())
        assert abs(sum(parts) - score) <= 1.0  # the breakdown adds up to the score
        assert card.locator(".reasons li").count() >= 1
        expect(card.locator(".stat-followers dd")).not_to_have_text("–")
    # the brief's words are highlighted in the matched content
    expect(page.locator("#results-list .snippet mark").first).to_be_visible()
    marks = page.locator("#results-list .snippet mark").all_inner_texts()
    marked = {m.lower().lstrip("#") for m in marks}
    brief_words = set(re.findall(r"\w+", BRIEF_TEXT.lower()))
    assert any(m in brief_words or m[:5] in {w[:5] for w in brief_words} for m in marked), marked
    page.locator("#brief-form").evaluate("form => { form.scrollTop = 0; }")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "brief-results")

    # sort and filter in place
    page.select_option("#results-sort", "followers")
    followers = [compact_number(t) for t in cards.locator(".stat-followers dd").all_inner_texts()]
    assert followers == sorted(followers, reverse=True)
    handle = cards.nth(3).locator(".handle").inner_text()
    page.fill("#results-filter", handle)
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".handle")).to_have_text(handle)
    page.fill("#results-filter", "")
    page.select_option("#results-sort", "score")
    expect(cards).to_have_count(20)

    # pagination: the next page joins the list, ranks continue
    page.click("#results-more")
    expect(cards).to_have_count(40)
    expect(page.locator("#results-list .rank").nth(39)).to_have_text("40")


def test_validation_errors_show_next_to_their_fields(page: Any, site: Site) -> None:
    open_app(page, site, site.key())
    # empty text: the page says so beside the text box and focuses it
    page.click("#brief-submit")
    error = page.locator('[data-field="text"] .field-error')
    expect(error).to_be_visible()
    expect(error).to_contain_text("Describe")
    expect(page.locator("#brief-text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#brief-text")).to_be_focused()
    expect(page.locator("#brief-summary")).to_be_visible()

    # follower range upside down
    page.fill("#brief-text", BRIEF_TEXT)
    page.fill("#brief-followers-min", "50000")
    page.fill("#brief-followers-max", "1000")
    page.click("#brief-submit")
    expect(page.locator("#brief-followers-error")).to_be_visible()
    expect(page.locator("#brief-followers-min")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#brief-text-error")).to_be_hidden()

    # an error only the API finds lands beside its field too (field "countries")
    page.fill("#brief-followers-max", "")
    page.fill("#brief-countries", "Germany")
    page.click("#brief-submit")
    server_error = page.locator('[data-field="countries"] .field-error')
    expect(server_error).to_be_visible()
    expect(server_error).to_contain_text("ISO 3166")
    expect(page.locator("#brief-countries")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#brief-followers-error")).to_be_hidden()
    expect(page.locator("#results-list .card")).to_have_count(0)

    # fixing it clears the message and runs the brief
    page.fill("#brief-countries", "US, GB")
    page.click("#brief-submit")
    expect(page.locator("#results-list .card").first).to_be_visible()
    expect(server_error).to_be_hidden()
    countries = set(page.locator("#results-list .card-head .meta").all_inner_texts())
    assert countries & {"US", "GB"} and not countries & {"DE", "BR", "JP"}


def test_keyboard_only_submit(page: Any, site: Site) -> None:
    open_app(page, site, site.key())

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("sel => document.activeElement.matches(sel)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#brief-text")
    page.keyboard.type("Vegan dinner recipes and meal prep")
    tab_to("#brief-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#results-list .card").first).to_be_visible()

    # Ctrl+Enter in the text box runs the brief again
    page.focus("#brief-text")
    page.keyboard.press("Control+a")
    page.keyboard.type("Gym workouts and protein snacks")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#results-list .why").first).to_contain_text(
        re.compile("gym|workout|protein|fitness", re.IGNORECASE))


def _labelled(page: Any) -> list[str]:
    """Form controls on screen without an accessible name."""
    return page.evaluate("""() => Array.from(
            document.querySelectorAll('input, select, textarea, button'))
        .filter(el => el.type !== 'hidden' && el.getClientRects().length > 0)
        .filter(el => {
            if (el.tagName === 'BUTTON') {
                return !(el.textContent.trim() || el.getAttribute('aria-label'));
            }
            const byLabel = el.labels && Array.from(el.labels).some(l => l.textContent.trim());
            const byAria = (el.getAttribute('aria-label') || '').trim() ||
                (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
                    .some(id => id && document.getElementById(id));
            return !(byLabel || byAria);
        })
        .map(el => el.outerHTML.slice(0, 120))""")


def test_every_control_has_a_label(page: Any, site: Site) -> None:
    page.goto(site.base + "/")
    expect(page.locator("#key-panel")).to_be_visible()
    assert _labelled(page) == []
    key = site.key()
    open_app(page, site, key)
    run_brief(page)
    assert _labelled(page) == []
    assert page.locator("#results-status").get_attribute("aria-live") == "polite"
    assert page.locator("#brief-summary").get_attribute("role") == "alert"
    page.locator("#results-list .add-shortlist").first.click()
    expect(page.locator("#shortlist-dialog")).to_be_visible()
    assert _labelled(page) == []
    page.keyboard.press("Escape")
    expect(page.locator("#shortlist-dialog")).to_be_hidden()
    for route in ("#/search", "#/shortlists"):
        page.goto(f"{site.base}/{route}")
        view = route.strip("#/")
        expect(page.locator(f"#view-{view}")).to_be_visible()
        if view == "search":
            expect(page.locator("#facets fieldset").first).to_be_visible()
        assert _labelled(page) == [], route
    # every image-like chart has a text alternative
    cid = _creator_with_audience(site, key)
    page.goto(f"{site.base}/#/creator/{cid}")
    expect(page.locator("#bench-verdict")).to_be_visible()
    assert _labelled(page) == []
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('[role=img]'))
        .filter(el => !(el.getAttribute('aria-label') || '').trim()).length""")
    assert unnamed == 0


def _creator_with_audience(site: Site, key: str) -> str:
    hits = site.api(key, "GET", "/v1/search", params={"q": "vegan recipes", "limit": 20})["results"]
    for hit in hits:
        audience = hit["creator"]["audience"] or {}
        rich = hit["creator"]["content_count"] >= 4
        if audience.get("age") and audience.get("countries") and rich:
            return str(hit["creator_id"])
    raise AssertionError("the sample corpus should have a vegan creator with audience data")


def test_profile_shows_stats_audience_content_and_tier_benchmark(page: Any, site: Site) -> None:
    key = site.key()
    open_app(page, site, key)
    run_brief(page)
    first = page.locator("#results-list .card").first
    handle = first.locator(".handle").inner_text()
    first.get_by_role("link", name=re.compile("View profile")).click()
    expect(page.locator("#view-creator .handle-text")).to_have_text(handle)
    assert re.search(r"#/creator/[\w.:@-]+$", page.url)

    cid = _creator_with_audience(site, key)
    profile = site.api(key, "GET", f"/v1/creators/{cid}")
    page.goto(f"{site.base}/#/creator/{cid}")
    view = page.locator("#view-creator")
    expect(view.locator("#profile-title")).to_be_visible()
    expect(view.locator(".handle-text")).to_have_text(profile["summary"]["handle"])
    expect(view.locator(".tiles .tile")).to_have_count(8)
    expect(view.locator(".tiles")).to_contain_text("Credibility")
    # tier benchmark: the creator next to the medians of its tier (in its category and overall)
    expect(view.locator("#bench-verdict")).to_contain_text(profile["summary"]["tier"])
    bench = view.locator(".bench li")
    expect(bench).to_have_count(4)
    expect(bench.first).to_contain_text(f"{profile['summary']['engagement_rate'] * 100:.1f}%")
    stats = site.api(key, "GET", "/v1/stats/tiers",
                     params={"category": profile["summary"]["categories"][0]})
    peer = next(t for t in stats["tiers"] if t["tier"] == profile["summary"]["tier"])
    expect(bench.nth(1)).to_contain_text(f"{peer['median_engagement_rate'] * 100:.1f}%")
    # audience charts
    ages = profile["creator"]["audience"]["age"]
    expect(view.locator(".age-chart rect")).to_have_count(len(ages))
    expect(view.locator(".gender-chart .legend li")).to_have_count(
        len(profile["creator"]["audience"].get("gender", {})))
    top = max(profile["creator"]["audience"]["countries"].items(), key=lambda kv: kv[1])
    expect(view.locator(".hbars li").first).to_contain_text(top[0])
    # recent content with metrics
    rows = view.locator(".content-table tbody tr")
    expect(rows).to_have_count(min(10, len(profile["creator"]["content"])))
    expect(rows.first.locator("td.num").first).not_to_have_text("–")
    shot(page, "profile", full_page=True)

    # more like this: lookalikes of the creator
    view.get_by_role("link", name="More like this").click()
    expect(page.locator("#similar-title")).to_contain_text(profile["summary"]["handle"])
    expect(page.locator("#similar-list .card").first).to_be_visible()
    similar_ids = page.locator("#similar-list .card").evaluate_all(
        "cards => cards.map(c => c.dataset.creatorId)")
    assert cid not in similar_ids and len(similar_ids) >= 5


def test_shortlist_add_tag_note_and_export_csv(page: Any, site: Site) -> None:
    open_app(page, site, site.key())
    run_brief(page)
    cards = page.locator("#results-list .card")
    ids = cards.evaluate_all("cards => cards.map(c => c.dataset.creatorId)")[:3]
    handles = cards.locator(".handle").all_inner_texts()[:3]

    # first creator: a new shortlist, with tags and a note
    cards.nth(0).locator(".add-shortlist").click()
    dialog = page.locator("#shortlist-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#sl-pick")).to_have_value("__new__")
    page.fill("#sl-new-name", "Spring launch")
    page.fill("#sl-tags", "top pick, vegan")
    page.fill("#sl-note", "Ask for rates in March")
    page.click("#sl-save")
    expect(dialog).to_be_hidden()
    expect(page.locator("#toast")).to_contain_text("Spring launch")
    expect(page.locator("#shortlist-count")).to_have_text("1")

    # two more: the dialog remembers the shortlist; a bad tag is named beside the tags box
    cards.nth(1).locator(".add-shortlist").click()
    expect(page.locator("#sl-pick option:checked")).to_contain_text("Spring launch")
    page.fill("#sl-tags", "backup, !!!")
    page.click("#sl-save")
    expect(page.locator('[data-field="tags"] .field-error')).to_be_visible()
    expect(dialog).to_be_visible()
    page.fill("#sl-tags", "backup")
    page.click("#sl-save")
    expect(dialog).to_be_hidden()
    cards.nth(2).locator(".add-shortlist").click()
    page.click("#sl-save")
    expect(dialog).to_be_hidden()

    # the shortlist view shows them with their tags and notes
    page.click("[data-nav=shortlists]")
    rows = page.locator(".shortlist-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#shortlist-name")).to_have_text("Spring launch")
    first_row = page.locator(f'.shortlist-table tr[data-creator-id="{ids[0]}"]')
    expect(first_row).to_contain_text("top pick")
    expect(first_row).to_contain_text("Ask for rates in March")
    # edit the third creator's note in place
    page.locator(f'.shortlist-table tr[data-creator-id="{ids[2]}"]').get_by_role(
        "button", name=re.compile("Edit")).click()
    page.fill("#sl-note", "Great hooks, check audience age")
    page.fill("#sl-tags", "maybe")
    page.click("#sl-save")
    third_row = page.locator(f'.shortlist-table tr[data-creator-id="{ids[2]}"]')
    expect(third_row).to_contain_text("Great hooks")
    page.set_viewport_size({"width": 1440, "height": 560})
    shot(page, "shortlist")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # export: the downloaded CSV holds the creators, tags and notes
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename == "Spring-launch.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    assert {r["creator_id"] for r in table} == set(ids)
    by_id = {r["creator_id"]: r for r in table}
    assert by_id[ids[0]]["tags"] == "top pick;vegan"
    assert by_id[ids[0]]["note"] == "Ask for rates in March"
    assert by_id[ids[0]]["handle"].lstrip("'") == handles[0]  # "@..." is defused for spreadsheets
    assert by_id[ids[1]]["tags"] == "backup"
    assert by_id[ids[2]]["note"] == "Great hooks, check audience age"
    with page.expect_download() as info:
        page.click("#export-json")
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["shortlist"]["name"] == "Spring launch"
    assert {i["creator_id"] for i in exported["items"]} == set(ids)

    # remove one
    third_row.get_by_role("button", name=re.compile("Remove")).click()
    expect(rows).to_have_count(2)


def test_a_read_only_key_cannot_change_shortlists(page: Any, site: Site) -> None:
    open_app(page, site, site.key("read"))
    run_brief(page)
    page.locator("#results-list .add-shortlist").first.click()
    page.fill("#sl-new-name", "Nope")
    page.click("#sl-save")
    expect(page.locator("#sl-summary")).to_contain_text("scope")
    expect(page.locator("#shortlist-dialog")).to_be_visible()


def test_search_with_facets(page: Any, site: Site) -> None:
    open_app(page, site, site.key(), "#/search")
    cards = page.locator("#search-list .card")
    expect(cards.first).to_be_visible()
    expect(page.locator("#search-status")).to_contain_text("150 creators")
    page.fill("#search-q", "vegan recipes")
    page.press("#search-q", "Enter")
    expect(page.locator("#search-list .snippet mark").first).to_be_visible()
    food = page.locator('#facets [data-facet="category"] input[value="food"]')
    expect(food).to_be_visible()
    count = int(page.locator('#facets label[for="facet-category-food"] .facet-count').inner_text())
    food.check()
    expect(page.locator("#search-active .chip")).to_have_text(re.compile("Category: food"))
    expect(page.locator("#search-status")).to_contain_text(f"{count} creators")
    for card in cards.all():
        expect(card.locator(".chips-line")).to_contain_text("food")
    tiers = page.locator('#facets [data-facet="tier"] label')
    expect(tiers.first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "search-facets")
    page.locator("#search-active .chip").click()
    expect(page.locator("#search-active .chip")).to_have_count(0)
    expect(page.locator('#facets [data-facet="category"] input[value="food"]')).not_to_be_checked()
