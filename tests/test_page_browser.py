"""The page at ``GET /`` in a real browser: Debian's headless Chromium, driven by Selenium through
Debian's chromedriver (nothing is downloaded: Selenium Manager is never asked for a browser).

Each server is the real app on the shipped Stanza models (loaded once for the session), served
by werkzeug in a thread on a free loopback port. Skipped when Chromium or chromedriver is
missing -- except under CI, where that is a failure. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import BaseWSGIServer, make_server

from quotes.app import create_app

pytestmark = [pytest.mark.slow, pytest.mark.models]

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 30  # seconds: the longest any step may take (an extraction takes well under 1 s)
API_KEY = "kunci-rahasia-7Qx"
SMALL_MAX_CHARS = 300

# handwritten: two speakers, direct and indirect quotes, a related-links line, and astral
# characters (emoji: two UTF-16 code units, one code point) before and inside quotes
ARTICLE = (
    "Bandung - Wali Kota Bandung Rina Kartika meresmikan taman baca di Cicendo, Sabtu (12/4). "
    "\U0001F4DA Taman itu dibuka untuk semua warga tanpa biaya.\n"
    "\u201cKami ingin anak-anak membaca lebih banyak buku,\u201d kata Rina kepada wartawan.\n"
    "Baca juga: Warga Cicendo Gelar Kerja Bakti Bersihkan Sungai\n"
    "Ketua RT setempat, Budi Santoso, mengatakan bahwa warga sudah lama menunggu fasilitas "
    "tersebut.\n"
    "\u201cSekarang anak-anak punya tempat bermain yang aman \U0001F60A,\u201d ujar Budi.\n"
    "Menurut Rina, taman baca serupa akan dibangun di lima kecamatan lain tahun depan."
)
INJECTION = (
    "Jakarta - Seorang pembaca mengirim teks ini <script>window.__pwned=1</script> ke redaksi.\n"
    "<img src=x onerror=\"window.__pwned=1\"> \u201cJangan jalankan kode ini,\u201d kata "
    "Andi Wijaya <b>tegas</b>.\n"
    "<iframe src=\"javascript:window.__pwned=1\"></iframe> Menurut Andi, redaksi aman."
)

# every highlighted quote, cue and mention as the DOM places it: text and code-point offsets
# measured from the start of the article (a Range's string counts UTF-16 code units)
_DOM_SPANS = """
const article = document.getElementById("article");
const cp = (s) => Array.from(s).length;
const offset = (node, atEnd) => {
  const range = document.createRange();
  range.setStart(article, 0);
  if (atEnd) range.setEndAfter(node); else range.setEndBefore(node);
  return cp(range.toString());
};
const collect = (selector, attr) => {
  const out = {};
  for (const node of article.querySelectorAll(selector)) {
    for (const id of node.getAttribute(attr).split(" ")) (out[id] = out[id] || []).push(node);
  }
  return Object.fromEntries(Object.entries(out).map(([id, nodes]) => [id, {
    text: nodes.map((n) => n.textContent).join(""),
    start: offset(nodes[0], false),
    end: offset(nodes[nodes.length - 1], true),
    parts: nodes.length,
  }]));
};
return {
  text: article.textContent,
  quotes: collect("[data-quote-id]", "data-quote-id"),
  cues: collect("[data-cue-for]", "data-cue-for"),
  mentions: collect("[data-mention-for]", "data-mention-for"),
};
"""


# ---- servers and the browser --------------------------------------------------------------

class Server:
    def __init__(self, app: Any) -> None:
        self.httpd: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = (f"browser tests need {' and '.join(missing)}: "
                  "apt-get install chromium chromium-driver")
        if os.environ.get("CI"):
            pytest.fail(reason + " (required under CI)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def servers(stanza_annotator: Any) -> Iterator[dict[str, Server]]:
    """The default app, one with a small text limit, one that asks for an API key."""
    _require_browser()
    logger = logging.getLogger("quotes")
    saved = (logger.level, list(logger.handlers))
    running: dict[str, Server] = {}
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("QUOTES_"):
                mp.delenv(key)
        configs = {
            "default": {},
            "small": {"MAX_CHARS": SMALL_MAX_CHARS},
            "key": {"API_KEYS": API_KEY},
        }
        try:
            for name, config in configs.items():
                app = create_app({"LOG_LEVEL": "WARNING", **config}, annotator=stanza_annotator)
                running[name] = Server(app)
            yield running
        finally:
            for server in running.values():
                server.close()
            logger.setLevel(saved[0])
            logger.handlers[:] = saved[1]


@pytest.fixture(scope="module")
def browser(servers: dict[str, Server],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: WebDriver) -> Callable[[Server], WebDriver]:
    """Open the page of a server on a fresh tab session (no stored key, desktop width)."""
    def open_page(server: Server) -> WebDriver:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.get(server.url + "/")
        browser.execute_script("sessionStorage.clear()")
        browser.get(server.url + "/")
        browser.get_log("browser")  # start each test with an empty console
        return browser
    return open_page


def api(server: Server, text: str, key: str | None = None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-API-Key"] = key
    request = urllib.request.Request(server.url + "/v1/extract", method="POST", headers=headers,
                                     data=json.dumps({"text": text}).encode("utf-8"))
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def paste(driver: WebDriver, text: str) -> None:
    """Put the text in the text area as a paste would (chromedriver cannot type emoji)."""
    area = driver.find_element(By.ID, "text")
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, text)


def extract(driver: WebDriver) -> str:
    """Click Extract; wait until the page shows an answer or an error; return the state."""
    driver.find_element(By.ID, "extract").click()
    main = driver.find_element(By.ID, "main")
    try:
        WebDriverWait(driver, WAIT).until(
            lambda _: main.get_attribute("data-state") in {"done", "error"})
    except TimeoutException:
        pytest.fail(f"no answer within {WAIT} s (state {main.get_attribute('data-state')})")
    return str(main.get_attribute("data-state"))


def console_errors(driver: WebDriver) -> list[str]:
    """SEVERE console entries (a CSP violation, an exception), except expected HTTP errors."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "/v1/extract" not in entry["message"]]


def visible_ids(driver: WebDriver) -> tuple[list[str], list[str]]:
    """(quote ids highlighted in the article, quote ids shown in the list)."""
    marks = driver.find_elements(By.CSS_SELECTOR, "#article mark[data-quote-id]:not(.muted)")
    items = [i for i in driver.find_elements(By.CSS_SELECTOR, "#quotes [data-quote-ref]")
             if i.is_displayed()]
    return (sorted({str(m.get_attribute("data-quote-id")) for m in marks}),
            sorted(str(i.get_attribute("data-quote-ref")) for i in items))


def screenshot(driver: WebDriver, name: str, width: int) -> Path:
    """The whole page at ``width`` CSS pixels."""
    height = 900
    for _ in range(2):  # the height depends on the width: measure after resizing
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


# ---- the tests ----------------------------------------------------------------------------

def test_highlights_are_the_api_quotes_at_their_offsets(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    status, answer = api(servers["default"], ARTICLE)
    assert status == 200
    quotes = answer["quotes"]
    # the article is worth testing with: kinds of quote, speakers, emoji before a quote
    assert {"direct", "indirect"} <= {q["type"] for q in quotes}
    assert len(answer["speakers"]) >= 2
    assert any(ord(c) > 0xFFFF for q in quotes for c in ARTICLE[:q["start"]])

    driver = page(servers["default"])
    paste(driver, ARTICLE)
    assert extract(driver) == "done"
    dom = driver.execute_script(_DOM_SPANS)

    assert dom["text"] == ARTICLE  # the article as submitted, every character
    assert set(dom["quotes"]) == {q["id"] for q in quotes}
    for quote in quotes:
        shown = dom["quotes"][quote["id"]]
        assert (shown["text"], shown["start"], shown["end"]) == (
            quote["text"], quote["start"], quote["end"]), quote["id"]
        if quote["cue"]:
            cue = dom["cues"][quote["id"]]
            assert (cue["start"], cue["end"]) == (quote["cue"]["start"], quote["cue"]["end"])
            assert cue["text"] == quote["cue"]["text"]
        if quote["speaker"] and quote["speaker"]["mention"]:
            mention, want = dom["mentions"][quote["id"]], quote["speaker"]["mention"]
            assert (mention["start"], mention["end"]) == (want["start"], want["end"])
            assert mention["text"] == ARTICLE[want["start"]:want["end"]]
    ignored = driver.find_elements(By.CSS_SELECTOR, "#article .ignored")
    assert [e.text.strip() for e in ignored] == [
        ARTICLE[s["start"]:s["end"]].strip() for s in answer["ignored"]]

    # one colour per speaker, the same for all of a speaker's quotes
    colour = {}
    for mark in driver.find_elements(By.CSS_SELECTOR, "#article mark[data-quote-id]"):
        sp = next(c for c in str(mark.get_attribute("class")).split() if c.startswith("sp-"))
        colour.setdefault(mark.get_attribute("data-entity"), set()).add(sp)
    assert all(len(c) == 1 for c in colour.values())
    assert len({next(iter(c)) for c in colour.values()}) == len(colour)

    # the quote list, in document order; the speaker panel as the API says
    items = driver.find_elements(By.CSS_SELECTOR, "#quotes [data-quote-ref]")
    by_start = sorted(quotes, key=lambda q: (q["start"], q["end"]))
    assert [i.get_attribute("data-quote-ref") for i in items] == [q["id"] for q in by_start]
    for speaker in answer["speakers"]:
        entry = driver.find_element(By.CSS_SELECTOR, f'[data-speaker-id="{speaker["id"]}"]')
        assert entry.tag_name == "button"
        assert speaker["name"] in entry.text and speaker["kind"] in entry.text
        assert f"{len(speaker['quotes'])} quote" in entry.text
        for word in speaker["aliases"] + speaker["titles"]:
            assert word in entry.text

    # keyboard: Tab from the download button reaches the first quote and shows its details
    first = by_start[0]
    driver.find_element(By.ID, "download").send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("data-quote-id") == first["id"]
    tip = driver.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert first["speaker"]["rule"] in tip.text and first["type"] in tip.text
    assert first["cue"]["text"] in tip.text and f"{first['confidence']:.2f}" in tip.text
    # hover: another quote's details
    last = by_start[-1]
    hover(driver, _mark(driver, last["id"]))
    WebDriverWait(driver, WAIT).until(lambda _: tip.get_attribute("data-quote-id") == last["id"])
    assert last["speaker"]["rule"] in tip.text
    screenshot(driver, "page-desktop", 1280)
    driver.execute_script("document.activeElement.blur()")
    screenshot(driver, "page-360px", 360)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
    assert console_errors(driver) == []


def _mark(driver: WebDriver, quote_id: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f'#article mark[data-quote-id="{quote_id}"]')


def hover(driver: WebDriver, element: WebElement) -> None:
    """The mouse over the widest line of an element (the middle of a quote's bounding box
    may be outside its text)."""
    x, y = driver.execute_script("""
        arguments[0].scrollIntoView({block: "center", behavior: "instant"});
        const r = Array.from(arguments[0].getClientRects()).sort((a, b) => b.width - a.width)[0];
        return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
    """, element)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x, y)
    actions.perform()


def test_choosing_a_speaker_shows_only_their_quotes(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    _, answer = api(servers["default"], ARTICLE)
    all_ids = sorted(q["id"] for q in answer["quotes"])
    driver = page(servers["default"])
    paste(driver, ARTICLE)
    assert extract(driver) == "done"
    assert visible_ids(driver) == (all_ids, all_ids)
    show_all = driver.find_element(By.ID, "show-all")
    assert not show_all.is_displayed()

    for speaker in answer["speakers"]:
        entry = driver.find_element(By.CSS_SELECTOR, f'[data-speaker-id="{speaker["id"]}"]')
        entry.click()
        assert entry.get_attribute("aria-pressed") == "true"
        assert visible_ids(driver) == (sorted(speaker["quotes"]), sorted(speaker["quotes"]))
        for other in set(all_ids) - set(speaker["quotes"]):  # out of the tab order too
            assert _mark(driver, other).get_attribute("tabindex") == "-1"
        assert show_all.is_displayed()
    screenshot(driver, "page-filtered", 1280)
    show_all.click()
    assert visible_ids(driver) == (all_ids, all_ids)
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-speaker-id][aria-pressed="true"]')
    # choosing the chosen speaker again also shows everyone
    entry = driver.find_element(By.CSS_SELECTOR, "[data-speaker-id]")
    entry.click()
    entry.click()
    assert visible_ids(driver) == (all_ids, all_ids)


def test_markup_in_an_article_stays_text(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    elements_before = driver.execute_script("return document.querySelectorAll('*').length")
    paste(driver, INJECTION)
    assert extract(driver) == "done"
    time.sleep(0.5)  # an <img onerror> would fire once the image fails to load
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    article = driver.find_element(By.ID, "article")
    assert driver.execute_script("return arguments[0].textContent", article) == INJECTION
    # only the page's own elements: highlights (mark/span), nothing from the article
    tags = driver.execute_script(
        "return Array.from(arguments[0].querySelectorAll('*'), (e) => e.tagName)", article)
    assert set(tags) <= {"MARK", "SPAN"}
    for tag in ("script", "img", "iframe", "b"):
        assert not article.find_elements(By.TAG_NAME, tag)
    assert driver.execute_script("return document.querySelectorAll('img, iframe').length") == 0
    assert driver.execute_script("return document.querySelectorAll('*').length") > elements_before
    assert console_errors(driver) == []


def test_an_over_long_text_shows_the_error_message(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    server = servers["small"]
    text = ARTICLE[: SMALL_MAX_CHARS + 50]
    status, answer = api(server, text)
    assert status == 413
    message = answer["error"]["message"]

    driver = page(server)
    paste(driver, text)
    assert "over" in str(driver.find_element(By.ID, "count").get_attribute("class"))
    assert extract(driver) == "error"
    error = driver.find_element(By.ID, "error")
    assert error.is_displayed() and error.get_attribute("role") == "alert"
    assert message in error.text and "413" in error.text
    assert not driver.find_element(By.ID, "results").is_displayed()
    screenshot(driver, "page-error", 1280)


def test_a_server_with_api_keys_asks_for_one(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    server = servers["key"]
    status, answer = api(server, ARTICLE)
    assert status == 401
    driver = page(server)
    key = driver.find_element(By.ID, "key")
    assert key.is_displayed() and key.get_attribute("type") == "password"

    paste(driver, ARTICLE)
    assert extract(driver) == "error"
    assert answer["error"]["message"] in driver.find_element(By.ID, "error").text

    key.send_keys(API_KEY)
    assert extract(driver) == "done"
    assert not driver.find_element(By.ID, "error").is_displayed()
    _, expected = api(server, ARTICLE, key=API_KEY)
    shown = {m.get_attribute("data-quote-id")
             for m in driver.find_elements(By.CSS_SELECTOR, "#article [data-quote-id]")}
    assert shown == {q["id"] for q in expected["quotes"]}
    # kept for the tab session only
    assert driver.execute_script("return localStorage.length") == 0
    assert driver.execute_script("return sessionStorage.getItem('quotes.apiKey')") == API_KEY


def test_no_key_field_when_none_is_needed(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    assert not driver.find_element(By.ID, "key").is_displayed()


def test_the_json_answer_can_be_downloaded(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    paste(driver, ARTICLE)
    assert extract(driver) == "done"
    # catch the file the button makes (its Blob and its name) instead of saving it
    body = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        let blob = null;
        const createObjectURL = URL.createObjectURL;
        URL.createObjectURL = (b) => { blob = b; return createObjectURL(b); };
        HTMLAnchorElement.prototype.click = function () {
          blob.text().then((text) => done([this.download, blob.type, text]));
        };
        document.getElementById("download").click();
    """)
    name, kind, text = body
    assert (name, kind) == ("quotes.json", "application/json")
    downloaded = json.loads(text)
    _, answer = api(servers["default"], ARTICLE)
    assert downloaded["quotes"] == answer["quotes"]
    assert downloaded["speakers"] == answer["speakers"]


def _at(text: str, part: str, after: int = 0) -> dict[str, Any]:
    start = text.index(part, after)
    return {"text": part, "start": start, "end": start + len(part)}


def _quote(qid: str, kind: str, span: dict[str, Any], cue: dict[str, Any] | None,
           speaker: tuple[str, str, dict[str, Any]] | None) -> dict[str, Any]:
    attribution = None
    if speaker:
        attribution = {"name": speaker[0], "entity": speaker[1], "mention": speaker[2],
                       "rule": "test-rule"}
    return {"id": qid, "type": kind, **span, "cue": cue and {**cue, "lemma": cue["text"]},
            "speaker": attribution, "confidence": 0.5, "paragraph": 0, "sentence": 0,
            "duplicate_of": None}


def fake_answer(driver: WebDriver, status: int, body: str, kind: str = "application/json") -> None:
    """The page's next fetch answers this instead of the server."""
    driver.execute_script(
        "const [status, body, kind] = arguments;"
        "window.fetch = async () => new Response(body, {status, headers: {'Content-Type': kind}});",
        status, body, kind)


def test_overlapping_and_nested_spans_keep_their_exact_text(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    """Spans the engine seldom produces: quotes crossing and nesting, a cue shared by two
    quotes, a cue crossing a quote's end, a quote without a speaker, astral characters."""
    text = ("Pembuka \U0001F600 \u201csatu dua tiga,\u201d kata Ani. \U0001F389 Menurut Budi, "
            "empat lima enam tujuh delapan.")
    kata, ani, budi = _at(text, "kata"), _at(text, "Ani"), _at(text, "Budi")
    quotes = [
        _quote("q1", "direct", _at(text, "satu dua tiga,"), kata, ("Ani", "e1", ani)),
        _quote("q2", "indirect", _at(text, "dua tiga,\u201d kata"), kata, ("Budi", "e2", budi)),
        _quote("q3", "indirect", _at(text, "empat lima enam tujuh delapan"), None, None),
        _quote("q4", "mixed", _at(text, "lima enam"), _at(text, "enam tujuh"),
               ("Budi", "e2", budi)),
    ]
    speakers = [
        {"id": "e1", "name": "Ani", "kind": "person", "aliases": [], "titles": [],
         "quotes": ["q1"]},
        {"id": "e2", "name": "Budi", "kind": "person", "aliases": [], "titles": [],
         "quotes": ["q2", "q4"]},
    ]
    spam = _at(text, "\U0001F389 ")
    answer = {"quotes": quotes, "speakers": speakers,
              "ignored": [{"start": spam["start"], "end": spam["end"], "reason": "spam"}],
              "meta": {"language": "id", "version": "test", "models": "none",
                       "chars": len(text), "elapsed_ms": 1}}
    driver = page(servers["default"])
    paste(driver, text)
    fake_answer(driver, 200, json.dumps(answer))
    assert extract(driver) == "done"
    dom = driver.execute_script(_DOM_SPANS)
    assert dom["text"] == text
    for quote in quotes:
        shown = dom["quotes"][quote["id"]]
        assert (shown["text"], shown["start"], shown["end"]) == (
            text[quote["start"]:quote["end"]], quote["start"], quote["end"]), quote["id"]
    assert dom["quotes"]["q2"]["parts"] == 2  # it crosses the end of q1
    assert dom["cues"]["q4"]["text"] == "enam tujuh" and dom["cues"]["q4"]["parts"] == 2
    assert dom["cues"]["q1"] == dom["cues"]["q2"]  # one mark for the shared cue
    # one tab stop per quote, on its first part
    stops = driver.find_elements(By.CSS_SELECTOR, '#article [data-quote-id][tabindex="0"]')
    assert [s.get_attribute("data-quote-id") for s in stops] == ["q1", "q2", "q3", "q4"]
    assert "sp-none" in str(_mark(driver, "q3").get_attribute("class"))
    assert driver.find_element(By.CSS_SELECTOR, "#article .ignored").text.strip() == "\U0001F389"
    driver.find_element(By.CSS_SELECTOR, '[data-speaker-id="e2"]').click()
    assert visible_ids(driver) == (["q2", "q4"], ["q2", "q4"])
    assert console_errors(driver) == []


def test_the_details_show_the_speaker_decision(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    """The speaker's probability and, when the decision was unsure, the other candidates
    ("no speaker" for a null name), all as text: a candidate's name is never markup."""
    text = ("\u201cKami siap,\u201d kata Rina. Budi datang. \u201cSemua aman,\u201d ujarnya. "
            "\u201cSudah lama,\u201d kata Sari.")
    rina, nya, sari = _at(text, "Rina"), _at(text, "nya"), _at(text, "Sari")
    sure = _quote("q1", "direct", _at(text, "Kami siap,"), _at(text, "kata"),
                  ("Rina Kartika", "e1", rina))
    sure["speaker"].update(probability=0.97, alternatives=[])
    unsure = _quote("q2", "direct", _at(text, "Semua aman,"), _at(text, "ujarnya"),
                    ("Budi Santoso", "e2", {**nya, "text": "-nya"}))
    unsure["speaker"].update(probability=0.6149, alternatives=[
        {"name": "Rina Kartika", "entity": "e1", "probability": 0.3412},
        {"name": None, "entity": None, "probability": 0.0439},
    ])
    marked = _quote("q3", "direct", _at(text, "Sudah lama,"), _at(text, "kata", nya["end"]),
                    ("Sari", "e3", sari))
    marked["speaker"].update(probability=0.5, alternatives=[
        {"name": "<img src=x onerror=\"window.__pwned=1\">", "entity": "e4",
         "probability": 0.004}])
    quotes = [sure, unsure, marked]
    speakers = [{"id": f"e{i}", "name": name, "kind": "person", "aliases": [], "titles": [],
                 "quotes": [f"q{i}"]}
                for i, name in enumerate(["Rina Kartika", "Budi Santoso", "Sari"], start=1)]
    answer = {"quotes": quotes, "speakers": speakers, "ignored": [],
              "meta": {"language": "id", "version": "test", "models": "none",
                       "chars": len(text), "elapsed_ms": 1}}
    driver = page(servers["default"])
    paste(driver, text)
    fake_answer(driver, 200, json.dumps(answer))
    assert extract(driver) == "done"
    tip = driver.find_element(By.ID, "tip")

    def details(quote_id: str) -> dict[str, str]:
        hover(driver, _mark(driver, quote_id))
        WebDriverWait(driver, WAIT).until(
            lambda _: tip.get_attribute("data-quote-id") == quote_id)
        assert tip.is_displayed()
        names = [e.text for e in tip.find_elements(By.TAG_NAME, "dt")]
        values = [e.text for e in tip.find_elements(By.TAG_NAME, "dd")]
        return dict(zip(names, values, strict=True))

    shown = details("q1")
    assert shown["Speaker"] == "Rina Kartika (97%)"
    assert "Other candidates" not in shown  # the decision was sure
    shown = details("q2")
    assert shown["Speaker"] == "Budi Santoso (61%)"
    assert shown["Other candidates"] == "Rina Kartika (34%), no speaker (4%)"
    assert shown["Confidence"] == "0.50 (50%)" and shown["Rule"] == "test-rule"
    tip.screenshot(str(SHOTS / "page-alternatives.png"))  # the details, as a reader sees them
    shown = details("q3")
    assert shown["Other candidates"] == '<img src=x onerror="window.__pwned=1"> (<1%)'
    assert not tip.find_elements(By.CSS_SELECTOR, "*:not(dl):not(dt):not(dd)")
    time.sleep(0.3)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    # keyboard: the same details on focus
    driver.execute_script("document.activeElement.blur()")
    driver.execute_script("arguments[0].focus()", _mark(driver, "q2"))
    WebDriverWait(driver, WAIT).until(lambda _: tip.get_attribute("data-quote-id") == "q2")
    assert "Other candidates" in tip.text and "no speaker (4%)" in tip.text
    assert console_errors(driver) == []


def test_errors_without_an_envelope(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    paste(driver, ARTICLE)
    assert extract(driver) == "done"
    fake_answer(driver, 502, "<html><body>Bad Gateway</body></html>", "text/html")
    assert extract(driver) == "error"
    assert "The service answered 502." in driver.find_element(By.ID, "error").text
    assert not driver.find_element(By.ID, "results").is_displayed()  # no stale answer
    driver.execute_script("window.fetch = () => Promise.reject(new TypeError('offline'))")
    assert extract(driver) == "error"
    assert "could not be reached" in driver.find_element(By.ID, "error").text


def test_the_docs_page_renders(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    driver.find_element(By.LINK_TEXT, "API docs").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title"))
    assert "quotes" in driver.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title").text
    WebDriverWait(driver, WAIT).until(
        lambda d: "/v1/extract" in d.find_element(By.ID, "swagger-ui").text)
    screenshot(driver, "docs", 1280)
