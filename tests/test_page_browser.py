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
import unicodedata
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
WIDTHS = [1280, 390]  # a laptop, a phone
HEIGHTS = {1280: 800, 390: 844}
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
# handwritten: quotes that make checkable claims (quantities with values and units, dates, a
# cause, a prediction) and one that does not (a personal feeling); a quote of 369 characters
# (more than three lines in the quote list at any width); a described source whose "name" is a
# long phrase ("sumber di kantor gubernur yang menolak identitasnya diungkap …")
CLAIMS_ARTICLE = (
    "Surabaya - Kepala Dinas Pertanian Jawa Timur Hendra Wijaya mengatakan produksi padi di "
    "provinsi itu naik 12,5 persen pada 2024 dibanding tahun sebelumnya.\n"
    "\u201cPanen tahun ini mencapai 9,7 juta ton gabah kering karena curah hujan cukup sepanjang "
    "musim tanam, dan petani di Ngawi, Lamongan, Bojonegoro, Jember serta Banyuwangi kini bisa "
    "menanam dua kali setahun. Kami juga menyalurkan benih unggul, pupuk bersubsidi dan "
    "pendampingan penyuluh ke setiap kecamatan supaya hasil panen tetap terjaga ketika kemarau "
    "panjang datang lagi,\u201d kata Hendra di Surabaya, Senin (3/2).\n"
    "Menurut Hendra, pemerintah provinsi akan membangun 40 embung baru sebelum 17 Agustus 2025.\n"
    "Seorang sumber di kantor gubernur yang menolak identitasnya diungkap karena tidak berwenang "
    "berbicara kepada media mengatakan anggaran irigasi dipotong Rp 150 miliar.\n"
    "\u201cSaya senang sekali bisa bertemu warga,\u201d ujar Siti Rahmawati, anggota DPRD Jawa "
    "Timur."
)
_FILLER = (
    "Sawah di wilayah utara Lamongan tampak hijau sejak awal bulan. Saluran irigasi tersier yang "
    "dibangun warga secara gotong royong mengalirkan air dari bendungan kecil di hulu desa. Para "
    "buruh tani berangkat sebelum matahari terbit dan pulang menjelang siang.\n"
    "Di pasar kecamatan, pedagang beras menata karung-karung gabah di depan kios. Truk pengangkut "
    "dari Bojonegoro datang setiap pagi membawa hasil panen ke penggilingan di pinggir kota.\n"
    "Sore harinya, anak-anak bermain layang-layang di pematang sawah yang sudah dipanen, "
    "sementara para ibu menjemur gabah di halaman rumah beralaskan terpal biru.\n"
)
_head, _rest = CLAIMS_ARTICLE.split("\n", 1)
# the same with five screens of plain narrative after the first paragraph: on a phone the
# article alone is thousands of pixels high
LONG_ARTICLE = _head + "\n" + _FILLER * 5 + _rest

INJECTION = (
    "Jakarta - Seorang pembaca mengirim teks ini <script>window.__pwned=1</script> ke redaksi.\n"
    "<img src=x onerror=\"window.__pwned=1\"> \u201cJangan jalankan kode ini,\u201d kata "
    "Andi Wijaya <b>tegas</b>.\n"
    "<iframe src=\"javascript:window.__pwned=1\"></iframe> Menurut Andi, redaksi aman."
)

# every highlighted quote, cue and mention as the DOM places it: text and code-point offsets
# measured from the start of the article (a Range's string counts UTF-16 code units)
#: the article element and the code-point offset of a node in it, for the scripts below
_DOM_OFFSETS = """
const article = document.getElementById("article");
const cp = (s) => Array.from(s).length;
const offset = (node, atEnd) => {
  const range = document.createRange();
  range.setStart(article, 0);
  if (atEnd) range.setEndAfter(node); else range.setEndBefore(node);
  return cp(range.toString());
};
"""

_DOM_SPANS = _DOM_OFFSETS + """
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
        configs: dict[str, dict[str, Any]] = {
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
        browser.get_log("browser")  # type: ignore[attr-defined]  # an empty console to start
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
    settle(driver)
    return str(main.get_attribute("data-state"))


def settle(driver: WebDriver) -> None:
    """Wait until the page stops scrolling (it scrolls smoothly to an answer or an error)."""
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        let last = null, still = 0;
        const step = () => {
          const now = window.scrollY;
          still = now === last ? still + 1 : 0;
          last = now;
          if (still >= 5) done(); else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    """)


def console_errors(driver: WebDriver) -> list[str]:
    """SEVERE console entries (a CSP violation, an exception), except expected HTTP errors."""
    log: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[attr-defined]
    return [entry["message"] for entry in log
            if entry["level"] == "SEVERE" and "/v1/extract" not in entry["message"]]


def visible_ids(driver: WebDriver) -> tuple[list[str], list[str]]:
    """(quote ids highlighted in the article, quote ids shown in the list)."""
    marks = driver.find_elements(By.CSS_SELECTOR, "#article mark[data-quote-id]:not(.muted)")
    items = driver.execute_script(
        "return Array.from(document.querySelectorAll('#quotes [data-quote-ref]'))"
        ".filter((b) => !b.closest('li').hidden).map((b) => b.dataset.quoteRef)")
    return (sorted({str(m.get_attribute("data-quote-id")) for m in marks}),
            sorted(str(i) for i in items))


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


def at_width(driver: WebDriver, width: int) -> None:
    """A laptop's or a phone's viewport (a phone: mobile emulation, so the viewport meta
    applies)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": HEIGHTS[width], "deviceScaleFactor": 1, "mobile": width < 600})
    assert driver.execute_script("return window.innerWidth") == width


def view_shot(driver: WebDriver, name: str) -> Path:
    """What is on screen (the viewport only, not the whole page)."""
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def box(driver: WebDriver, element: WebElement) -> dict[str, float]:
    """The element's bounding rect, with the viewport's size."""
    return dict(driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,"
        " height: r.height, vh: window.innerHeight, vw: window.innerWidth};", element))


def in_viewport(rect: dict[str, float]) -> bool:
    return (rect["top"] >= -0.5 and rect["bottom"] <= rect["vh"] + 0.5
            and rect["left"] >= -0.5 and rect["right"] <= rect["vw"] + 0.5)


def open_panel(driver: WebDriver, name: str) -> None:
    """On a phone, tap the panel's tab; on a laptop every panel is already shown."""
    if any(tabs.is_displayed() for tabs in driver.find_elements(By.ID, "tabs")):
        tab = driver.find_element(By.ID, f"tab-{name}")
        tab.click()
        assert tab.get_attribute("aria-selected") == "true"
        settle(driver)
    assert driver.find_element(By.ID, f"panel-{name}").is_displayed()


def error_parts(driver: WebDriver) -> tuple[str, WebElement | None]:
    """The error's message (what is on screen) and its developer details (closed)."""
    box_ = driver.find_element(By.ID, "error")
    assert box_.is_displayed() and box_.get_attribute("role") == "alert"
    message = box_.find_element(By.CSS_SELECTOR, ".error-message").text
    more = box_.find_elements(By.CSS_SELECTOR, "details")
    return message, (more[0] if more else None)


def wait_for_details(driver: WebDriver, quote_id: str) -> None:
    """Wait until the details shown are a quote's."""
    tip = driver.find_element(By.ID, "tip")
    WebDriverWait(driver, WAIT).until(lambda _: tip.get_attribute("data-quote-id") == quote_id)


def open_details(driver: WebDriver, more: WebElement) -> str:
    """Open the developer details; their text, now shown."""
    assert more.get_attribute("open") is None  # closed until asked for
    hidden = more.find_element(By.CSS_SELECTOR, "p")
    assert not hidden.is_displayed()
    more.find_element(By.TAG_NAME, "summary").click()
    assert more.get_attribute("open") is not None and hidden.is_displayed()
    return str(more.text)


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
    colour: dict[str | None, set[str]] = {}
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

    # keyboard: Tab from the last control before the article (the checkable-claims filter;
    # the tabs are not shown at this width) reaches the first quote and shows its details
    first = by_start[0]
    driver.find_element(By.ID, "checkable-only").send_keys(Keys.TAB)
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
    actions.pointer_action.move_to_location(x, y)  # type: ignore[no-untyped-call]
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


@pytest.mark.parametrize("width", WIDTHS)
def test_an_over_long_text_says_to_shorten_it(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    server = servers["small"]
    text = ARTICLE[: SMALL_MAX_CHARS + 50]
    status, answer = api(server, text)
    assert status == 413
    envelope = answer["error"]

    driver = page(server)
    at_width(driver, width)
    paste(driver, text)
    assert "over" in str(driver.find_element(By.ID, "count").get_attribute("class"))
    assert extract(driver) == "error"
    message, more = error_parts(driver)
    chars = len(text)
    assert message == (f"The article is too long: {chars} characters, the limit is "
                       f"{SMALL_MAX_CHARS}. Shorten it, or split it into parts and extract "
                       "each one.")
    assert envelope["message"] not in driver.find_element(By.ID, "error").text
    assert in_viewport(box(driver, driver.find_element(By.ID, "error")))  # seen, not below
    view_shot(driver, f"error-too-long-{width}")
    assert more is not None
    shown = open_details(driver, more)
    for part in (envelope["message"], "413", envelope["code"], "Request id: ",
                 f"max_chars: {SMALL_MAX_CHARS}"):
        assert part in shown, part
    assert not driver.find_element(By.ID, "results").is_displayed()
    screenshot(driver, f"error-too-long-details-{width}", width)


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
    message, more = error_parts(driver)
    assert message == ("This service needs an API key. Enter it in the API key field, then "
                       "press Extract quotes again.")
    assert driver.switch_to.active_element == key
    assert more is not None and answer["error"]["message"] in open_details(driver, more)

    key.send_keys("not-the-key")
    assert extract(driver) == "error"
    assert error_parts(driver)[0] == ("The API key was not accepted. Check it in the API key "
                                      "field, then press Extract quotes again.")
    key.clear()
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
    message, more = error_parts(driver)
    assert message == ("The service is not answering properly right now (error 502). Try "
                       "again in a moment.")
    assert more is not None and "502" in open_details(driver, more)
    assert not driver.find_element(By.ID, "results").is_displayed()  # no stale answer
    driver.execute_script("window.fetch = () => Promise.reject(new TypeError('offline'))")
    assert extract(driver) == "error"
    assert error_parts(driver) == ("The service could not be reached. Check your connection, "
                                   "then press Extract quotes again.", None)


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


# ---- reaching the answer: laptop and phone --------------------------------------------------

# the first card of the answer the reader can see, the results heading and the first quote
_ANSWER_GEOMETRY = """
const rect = (node) => {
  const r = node.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width,
          height: r.height, vh: innerHeight, vw: innerWidth};
};
const card = Array.from(document.querySelectorAll("#results .card")).find((c) => c.offsetParent);
const mark = document.querySelector("#article mark[data-quote-id]");
return {title: rect(document.getElementById("results-title")), card: rect(card),
        firstLine: rect({getBoundingClientRect: () => mark.getClientRects()[0]}),
        active: document.activeElement.id, scrollY: scrollY};
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_after_extract_the_answer_is_in_view(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, LONG_ARTICLE)
    assert extract(driver) == "done"
    seen = driver.execute_script(_ANSWER_GEOMETRY)
    assert seen["scrollY"] > 0  # the page moved to the answer
    assert in_viewport(seen["title"])
    card = seen["card"]
    assert 0 <= card["top"] < card["vh"] / 2  # the first card starts in the top half …
    assert in_viewport(seen["firstLine"])  # … with the first quote on screen
    assert seen["active"] == "results-title"  # keyboard and screen readers are there too
    view_shot(driver, f"answer-in-view-{width}")
    assert console_errors(driver) == []


def test_on_a_phone_one_tap_reaches_the_speakers_and_the_quotes(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    _, answer = api(servers["default"], LONG_ARTICLE)
    driver = page(servers["default"])
    at_width(driver, 390)
    paste(driver, LONG_ARTICLE)
    assert extract(driver) == "done"
    tabs = driver.find_elements(By.CSS_SELECTOR, "#tabs [role=tab]")
    assert driver.find_element(By.ID, "tabs").get_attribute("role") == "tablist"
    assert [t.tag_name for t in tabs] == ["button"] * 3
    assert [t.get_attribute("id") for t in tabs] == ["tab-article", "tab-speakers", "tab-quotes"]
    assert [t.get_attribute("aria-selected") for t in tabs] == ["true", "false", "false"]
    for tab in tabs:
        panel = driver.find_element(By.ID, str(tab.get_attribute("aria-controls")))
        assert panel.get_attribute("role") == "tabpanel"
        assert panel.get_attribute("aria-labelledby") == tab.get_attribute("id")
    article = driver.find_element(By.ID, "panel-article")
    speakers = driver.find_element(By.ID, "panel-speakers")
    quotes = driver.find_element(By.ID, "panel-quotes")
    assert article.is_displayed() and not speakers.is_displayed() and not quotes.is_displayed()
    assert box(driver, article)["height"] > 3 * HEIGHTS[390]  # what the panels used to follow
    assert f"({len(answer['quotes'])})" in tabs[2].text
    assert f"({len(answer['speakers'])})" in tabs[1].text

    # deep in the article, the tabs are still at the top of the screen (sticky) …
    driver.execute_script("window.scrollTo(0, arguments[0])",
                          driver.execute_script("return scrollY") + 2500)
    settle(driver)
    bar = box(driver, driver.find_element(By.ID, "tabs"))
    assert in_viewport(bar) and bar["top"] < 1
    # … and one tap shows the quotes, from their start, without scrolling back
    tabs[2].click()
    settle(driver)
    assert [t.get_attribute("aria-selected") for t in tabs] == ["false", "false", "true"]
    assert quotes.is_displayed() and not article.is_displayed()
    shown = box(driver, quotes)
    assert bar["bottom"] - 1 <= shown["top"] < shown["vh"] / 2
    first = driver.find_element(By.CSS_SELECTOR, "#quotes [data-quote-ref]")
    assert in_viewport(box(driver, first))
    view_shot(driver, "phone-tab-quotes-390")
    tabs[1].click()
    settle(driver)
    assert speakers.is_displayed() and not quotes.is_displayed()
    entries = driver.find_elements(By.CSS_SELECTOR, "#speakers [data-speaker-id]")
    assert [e.get_attribute("data-speaker-id") for e in entries] == [
        s["id"] for s in answer["speakers"]]
    assert in_viewport(box(driver, entries[0]))
    view_shot(driver, "phone-tab-speakers-390")

    # the keyboard: arrows move between the tabs (and choose), Home goes to the first
    tabs[1].send_keys(Keys.ARROW_RIGHT)
    assert driver.switch_to.active_element == tabs[2]
    assert tabs[2].get_attribute("aria-selected") == "true" and quotes.is_displayed()
    assert [t.get_attribute("tabindex") for t in tabs] == ["-1", "-1", "0"]
    tabs[2].send_keys(Keys.HOME)
    assert driver.switch_to.active_element == tabs[0] and article.is_displayed()

    # a quote of the list shows it in the article
    tabs[2].click()
    last = sorted(answer["quotes"], key=lambda q: q["start"])[-1]
    driver.find_element(By.CSS_SELECTOR, f'[data-quote-ref="{last["id"]}"]').click()
    settle(driver)
    assert tabs[0].get_attribute("aria-selected") == "true"
    mark = _mark(driver, last["id"])
    assert driver.switch_to.active_element == mark
    assert in_viewport(box(driver, mark))
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    assert console_errors(driver) == []


def test_on_a_laptop_the_panels_are_beside_the_article(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    driver = page(servers["default"])
    at_width(driver, 1280)
    paste(driver, LONG_ARTICLE)
    assert extract(driver) == "done"
    assert not driver.find_element(By.ID, "tabs").is_displayed()
    article = box(driver, driver.find_element(By.ID, "panel-article"))
    for name in ("speakers", "quotes"):
        panel = driver.find_element(By.ID, f"panel-{name}")
        assert panel.is_displayed() and panel.get_attribute("role") is None
        assert panel.get_attribute("aria-labelledby") == f"{name}-title"
        assert box(driver, panel)["left"] > article["right"]  # beside it, not after it
    assert in_viewport(box(driver, driver.find_element(By.CSS_SELECTOR, "[data-speaker-id]")))
    view_shot(driver, "laptop-panels-1280")


# ---- the cards of the side panels ---------------------------------------------------------

# a card of a side panel: its overflow, the rows of its head (swatch, name, count), its panel
_CARD_GEOMETRY = """
const card = arguments[0];
const panel = card.closest(".card");
const name = card.querySelector(".speaker-name, .quote-speaker");
const count = card.querySelector(".speaker-count, .quote-confidence");
const range = document.createRange();
range.selectNodeContents(name);
const lines = Array.from(range.getClientRects());
const r = (node) => node.getBoundingClientRect();
return {
  scrollWidth: card.scrollWidth, clientWidth: card.clientWidth,
  nameScrollWidth: name.scrollWidth, nameClientWidth: name.clientWidth,
  card: r(card).toJSON(), panel: r(panel).toJSON(),
  swatch: r(card.querySelector(".swatch")).toJSON(),
  count: r(count).toJSON(), lines: lines.map((l) => l.toJSON()),
  docWidth: document.documentElement.scrollWidth,
};
"""


def assert_card_holds(driver: WebDriver, card: WebElement, width: int) -> int:
    """The card's content stays inside it, and the swatch, the start of the name and the count
    share the first row; returns how many lines the name takes."""
    g = driver.execute_script(_CARD_GEOMETRY, card)
    assert g["scrollWidth"] <= g["clientWidth"]
    assert g["nameScrollWidth"] <= g["nameClientWidth"]
    assert g["panel"]["left"] <= g["card"]["left"]
    assert g["card"]["right"] <= g["panel"]["right"] + 0.5
    assert g["card"]["width"] <= g["panel"]["width"]
    for line in g["lines"]:
        assert g["card"]["left"] <= line["left"] and line["right"] <= g["card"]["right"]
    assert g["count"]["right"] <= g["card"]["right"]
    first = g["lines"][0]
    middle = (g["swatch"]["top"] + g["swatch"]["bottom"]) / 2
    assert g["swatch"]["right"] <= first["left"]  # beside the name, not on a line of its own
    assert first["top"] <= middle <= first["bottom"]
    assert g["count"]["top"] < first["bottom"]  # the count on the name's first row
    assert g["docWidth"] <= width
    return len({round(line["top"]) for line in g["lines"]})


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_described_speaker_stays_inside_its_card(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    _, answer = api(servers["default"], CLAIMS_ARTICLE)
    described = max(answer["speakers"], key=lambda s: len(s["name"]))
    assert len(described["name"]) > 60 and "identitasnya" in described["name"]
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, CLAIMS_ARTICLE)
    assert extract(driver) == "done"
    open_panel(driver, "speakers")
    entry = driver.find_element(By.CSS_SELECTOR, f'[data-speaker-id="{described["id"]}"]')
    assert assert_card_holds(driver, entry, width) > 1  # it wraps, inside its column
    assert described["kind"] in entry.text and "1 quote" in entry.text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
    view_shot(driver, f"long-speaker-{width}")
    for other in driver.find_elements(By.CSS_SELECTOR, "#speakers [data-speaker-id]"):
        assert_card_holds(driver, other, width)
    open_panel(driver, "quotes")
    item = driver.find_element(By.CSS_SELECTOR, f'[data-quote-ref="{described["quotes"][0]}"]')
    assert assert_card_holds(driver, item, width) > 1

    # a name with no place to break (a handle, a run-together name) breaks inside itself
    text = "\u201cAnggaran sudah cair,\u201d kata @BadanPengelolaIrigasiJawaTimurBagianUtara."
    handle = _at(text, "@BadanPengelolaIrigasiJawaTimurBagianUtara")
    quote = _quote("q1", "direct", _at(text, "Anggaran sudah cair,"), _at(text, "kata"),
                   (handle["text"], "e1", handle))
    fake = {"quotes": [quote], "ignored": [],
            "speakers": [{"id": "e1", "name": handle["text"], "kind": "organization",
                          "aliases": [], "titles": [], "quotes": ["q1"]}],
            "meta": {"language": "id", "version": "test", "models": "none",
                     "chars": len(text), "elapsed_ms": 1}}
    paste(driver, text)
    fake_answer(driver, 200, json.dumps(fake))
    assert extract(driver) == "done"
    open_panel(driver, "speakers")
    assert_card_holds(driver, driver.find_element(By.CSS_SELECTOR, "[data-speaker-id]"), width)
    open_panel(driver, "quotes")
    assert_card_holds(driver, driver.find_element(By.CSS_SELECTOR, "[data-quote-ref]"), width)
    assert console_errors(driver) == []


# the text of a quote in the list: cut (its box shorter than its content) or whole
_CLAMP = """
const text = arguments[0];
return {clipped: text.scrollHeight > text.clientHeight + 1, height: text.clientHeight,
        text: text.textContent};
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_quote_in_the_list_can_be_read_in_full(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    _, answer = api(servers["default"], CLAIMS_ARTICLE)
    long = max(answer["quotes"], key=lambda q: len(q["text"]))
    short = min(answer["quotes"], key=lambda q: len(q["text"]))
    assert len(long["text"]) > 300 and len(short["text"]) < 60
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, CLAIMS_ARTICLE)
    assert extract(driver) == "done"
    open_panel(driver, "quotes")

    def parts(quote: dict[str, Any]) -> tuple[WebElement, WebElement]:
        item = driver.find_element(By.CSS_SELECTOR, f'[data-quote-ref="{quote["id"]}"]')
        entry = item.find_element(By.XPATH, "./ancestor::li[1]")
        toggles = entry.find_elements(By.CSS_SELECTOR, "button.more")
        assert len(toggles) == 1
        return item.find_element(By.CSS_SELECTOR, ".quote-text"), toggles[0]

    text, more = parts(long)
    cut = driver.execute_script(_CLAMP, text)
    assert cut["clipped"]
    assert more.is_displayed() and more.tag_name == "button"
    assert more.get_attribute("aria-expanded") == "false"
    assert more.get_attribute("aria-controls") == text.get_attribute("id")
    # not a button inside the quote's button (that would jump to the quote instead)
    assert not driver.execute_script("return arguments[0].parentElement.closest('button')", more)
    short_text, short_more = parts(short)
    assert not driver.execute_script(_CLAMP, short_text)["clipped"]
    assert not short_more.is_displayed()  # nothing more to read

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", more)
    more.click()
    whole = driver.execute_script(_CLAMP, text)
    assert more.get_attribute("aria-expanded") == "true" and not whole["clipped"]
    assert whole["height"] > cut["height"]
    assert whole["text"] == f"\u201c{long['text']}\u201d"
    assert driver.switch_to.active_element == more  # still in the list, not sent to the article
    if width < 960:
        assert driver.find_element(By.ID, "tab-quotes").get_attribute("aria-selected") == "true"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", text)
    view_shot(driver, f"quote-expanded-{width}")
    more.click()
    assert more.get_attribute("aria-expanded") == "false"
    assert driver.execute_script(_CLAMP, text)["clipped"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_example_is_plain_text(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    driver = page(servers["default"])
    at_width(driver, width)
    button = driver.find_element(By.ID, "sample")
    button.click()
    example = str(driver.find_element(By.ID, "text").get_attribute("value"))
    assert len(example) > 200
    # no emoji or pictograph (an empty box without a colour-emoji font): nothing outside the
    # Basic Multilingual Plane, no symbol characters, no emoji joiners or variation selectors
    for char in example + button.text:
        assert ord(char) <= 0xFFFF, f"U+{ord(char):04X}"
        assert unicodedata.category(char) != "So", f"U+{ord(char):04X}"
        assert char not in "\u200d\ufe0e\ufe0f", f"U+{ord(char):04X}"
    view_shot(driver, f"example-{width}")
    status, answer = api(servers["default"], example)
    assert status == 200
    # still an example worth trying: speakers, ignored boilerplate, a checkable claim
    assert len(answer["speakers"]) >= 2 and len(answer["quotes"]) >= 3 and answer["ignored"]
    assert any(q["claim"]["checkable"] for q in answer["quotes"])
    assert extract(driver) == "done"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#quotes [data-quote-ref]")) == len(
        answer["quotes"])


@pytest.mark.parametrize("width", WIDTHS)
def test_error_messages_say_what_to_do(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    server = servers["default"]
    driver = page(server)
    at_width(driver, width)
    driver.execute_script(
        "window.__requests = 0; const send = window.fetch;"
        "window.fetch = (...args) => { window.__requests += 1; return send(...args); };")
    for empty in ("", "  \n\t  "):
        paste(driver, empty)
        assert extract(driver) == "error"
        message, more = error_parts(driver)
        assert message == "Paste an article first."
        assert more is None  # nothing was sent: there is nothing for a developer to read
        assert "request body" not in driver.find_element(By.ID, "error").text
        assert driver.switch_to.active_element == driver.find_element(By.ID, "text")
    assert driver.execute_script("return window.__requests") == 0
    view_shot(driver, f"error-empty-{width}")

    # the service's own answer to an empty text reads the same (the envelope underneath)
    status, answer = api(server, " ")
    assert status == 422
    paste(driver, "Halo.")
    fake_answer(driver, 422, json.dumps(answer))
    assert extract(driver) == "error"
    message, more = error_parts(driver)
    assert message == "Paste an article first."
    assert more is not None
    shown = open_details(driver, more)
    assert answer["error"]["message"] in shown and "422 (validation_error)" in shown

    # text that is not Unicode (a lone surrogate, as a broken copy can leave): the real service
    driver.execute_script("window.location.reload()")
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "main"))
    status, answer = api(server, "Jakarta - Harga cabai naik \ud83c lagi.")
    assert status == 422 and "surrogate" in json.dumps(answer["error"]["details"])
    # built in the page: WebDriver's JSON cannot carry a lone surrogate
    driver.execute_script(
        "const area = document.getElementById('text');"
        "area.value = 'Jakarta - Harga cabai naik ' + String.fromCharCode(0xD83C) + ' lagi.';"
        "area.dispatchEvent(new Event('input', {bubbles: true}));")
    assert extract(driver) == "error"
    message, more = error_parts(driver)
    assert message == ("The text contains a broken character. Copy the article again from its "
                       "source, or delete the character, then press Extract quotes again.")
    assert "request body is invalid" not in driver.find_element(By.ID, "error").text
    assert more is not None
    shown = open_details(driver, more)
    assert "The request body is invalid" in shown and "unpaired surrogate" in shown
    assert "Request id: " in shown
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", more)
    view_shot(driver, f"error-details-{width}")
    assert console_errors(driver) == []


# ---- claims: the filter, the types, the signals, the values ---------------------------------

def _number(x: float) -> str:
    """As the page writes a value: thousands commas, at most three decimals."""
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def signal_value(signal: dict[str, Any]) -> str | None:
    """The value the page shows for a signal (a quantity's, a date's), or None."""
    if signal["type"] == "date":
        return f"{signal['text']} = {signal['iso']}" if signal.get("iso") else None
    if signal["type"] != "quantity":
        return None
    if signal.get("value") is None:
        return f"{signal['text']}: no exact number"
    amount = _number(signal["value"])
    if signal.get("max") is not None:
        amount += f"\u2013{_number(signal['max'])}"
    unit = signal.get("unit")
    return f"{signal['text']} = {amount}" + ("" if not unit else "%" if unit == "percent"
                                             else f" {unit}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_checkable_filter_shows_only_checkable_claims(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    _, answer = api(servers["default"], CLAIMS_ARTICLE)
    everyone = sorted(q["id"] for q in answer["quotes"])
    checkable = sorted(q["id"] for q in answer["quotes"] if q["claim"]["checkable"])
    assert 0 < len(checkable) < len(everyone)  # the filter has something to leave out
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, CLAIMS_ARTICLE)
    assert extract(driver) == "done"
    box_ = driver.find_element(By.ID, "checkable-only")
    assert box_.get_attribute("type") == "checkbox" and not box_.is_selected()
    label = driver.find_element(By.CSS_SELECTOR, 'label[for="checkable-only"]')
    assert label.text == "Only checkable claims" and label.is_displayed()
    assert driver.find_element(By.ID, "checkable-count").text == (
        f"{len(checkable)} of {len(everyone)} quotes")
    assert visible_ids(driver) == (everyone, everyone)

    label.click()  # the label toggles it: a big target on a phone
    assert box_.is_selected()
    assert visible_ids(driver) == (checkable, checkable)
    for quote in answer["quotes"]:  # the signals of the quotes left out fade too
        for node in driver.find_elements(By.CSS_SELECTOR, f'[data-signal-for="{quote["id"]}"]'):
            assert ("muted" in str(node.get_attribute("class"))) != quote["claim"]["checkable"]
    open_panel(driver, "quotes")
    count = driver.find_element(By.ID, "quote-count").text
    assert count == f"{len(checkable)} of {len(everyone)}, checkable claims"
    view_shot(driver, f"claims-filter-{width}")

    # with a speaker chosen too: their checkable quotes, or a line saying there are none
    open_panel(driver, "speakers")
    empty = driver.find_element(By.ID, "quotes-empty")
    for speaker in answer["speakers"]:
        driver.find_element(By.CSS_SELECTOR, f'[data-speaker-id="{speaker["id"]}"]').click()
        theirs = sorted(set(speaker["quotes"]) & set(checkable))
        assert visible_ids(driver) == (theirs, theirs)
        open_panel(driver, "quotes")
        assert empty.is_displayed() == (not theirs)
        if not theirs:
            assert empty.text == f"No quote by {speaker['name']} makes a checkable claim."
        open_panel(driver, "speakers")
        driver.find_element(By.CSS_SELECTOR, f'[data-speaker-id="{speaker["id"]}"]').click()
    label.click()
    assert not box_.is_selected()
    assert visible_ids(driver) == (everyone, everyone)
    assert console_errors(driver) == []


# every signal mark of the article: its text and code-point offsets (its parts joined), the
# quote mark it sits in, and how it is drawn beside that quote
_DOM_SIGNALS = _DOM_OFFSETS + """
const out = {};
for (const node of article.querySelectorAll("[data-signal]")) {
  (out[node.dataset.signal] = out[node.dataset.signal] || []).push(node);
}
return Object.fromEntries(Object.entries(out).map(([key, nodes]) => {
  const quote = nodes[0].closest("[data-quote-id]");
  return [key, {
    text: nodes.map((n) => n.textContent).join(""),
    start: offset(nodes[0], false), end: offset(nodes[nodes.length - 1], true),
    parts: nodes.length, type: nodes[0].dataset.signalType,
    inQuote: quote ? quote.dataset.quoteId : null,
    isQuote: nodes.some((n) => n.matches("[data-quote-id]")),
    signalPaint: getComputedStyle(nodes[0]).backgroundImage,
    quotePaint: quote ? getComputedStyle(quote).backgroundImage : null,
  }];
}));
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_claim_types_are_badges_and_signals_are_marked_in_the_text(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    _, answer = api(servers["default"], CLAIMS_ARTICLE)
    quotes = answer["quotes"]
    assert len({t for q in quotes for t in q["claim"]["types"]}) >= 3
    assert sum(len(q["claim"]["signals"]) for q in quotes) >= 5
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, CLAIMS_ARTICLE)
    assert extract(driver) == "done"

    # the badges: "checkable" when it is, then each claim type, in the API's order
    for quote in quotes:
        item = driver.find_element(By.CSS_SELECTOR, f'[data-quote-ref="{quote["id"]}"]')
        badges = item.find_elements(By.CSS_SELECTOR, "[data-claim-type]")
        texts = driver.execute_script(
            "return arguments[0].map((b) => [b.textContent, b.dataset.claimType])", badges)
        assert texts == [[t, t] for t in quote["claim"]["types"]], quote["id"]
        assert len(item.find_elements(By.CSS_SELECTOR, ".claim-checkable")) == int(
            quote["claim"]["checkable"])

    # the signals: each one exactly its span of the text, inside its quote's highlight
    signals = driver.execute_script(_DOM_SIGNALS)
    wanted = {f"{q['id']}:{i}": (q, s) for q in quotes for i, s in enumerate(q["claim"]["signals"])}
    assert set(signals) == set(wanted)
    for key, (quote, signal) in wanted.items():
        shown = signals[key]
        assert shown["text"] == CLAIMS_ARTICLE[signal["start"]:signal["end"]] == signal["text"]
        assert (shown["start"], shown["end"]) == (signal["start"], signal["end"]), key
        assert shown["type"] == signal["type"]
        assert shown["inQuote"] == quote["id"] and not shown["isQuote"]
        assert "gradient" in shown["signalPaint"] and shown["quotePaint"] == "none"
    # the quotes themselves keep their exact text and offsets around the signals
    dom = driver.execute_script(_DOM_SPANS)
    assert dom["text"] == CLAIMS_ARTICLE
    for quote in quotes:
        shown_quote = dom["quotes"][quote["id"]]
        assert (shown_quote["text"], shown_quote["start"], shown_quote["end"]) == (
            quote["text"], quote["start"], quote["end"])
    first = driver.find_element(By.CSS_SELECTOR, "#article [data-signal]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    view_shot(driver, f"claims-signals-{width}")
    open_panel(driver, "quotes")
    view_shot(driver, f"claims-badges-{width}")
    assert console_errors(driver) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_details_of_a_quote_show_its_values(
        servers: dict[str, Server], page: Callable[[Server], WebDriver], width: int) -> None:
    _, answer = api(servers["default"], CLAIMS_ARTICLE)
    valued = [(q, [v for v in map(signal_value, q["claim"]["signals"]) if v])
              for q in answer["quotes"]]
    valued = [(q, values) for q, values in valued if values]
    kinds = {s["type"] for q, _ in valued for s in q["claim"]["signals"] if signal_value(s)}
    assert {"quantity", "date"} <= kinds
    driver = page(servers["default"])
    at_width(driver, width)
    paste(driver, CLAIMS_ARTICLE)
    assert extract(driver) == "done"
    tip = driver.find_element(By.ID, "tip")
    for quote, values in valued:
        mark = _mark(driver, quote["id"])
        if width < 960:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
            mark.click()  # a tap: the quote takes the focus and shows its details
        else:
            hover(driver, mark)
        wait_for_details(driver, quote["id"])
        rows = dict(zip([e.text for e in tip.find_elements(By.TAG_NAME, "dt")],
                        [e.text for e in tip.find_elements(By.TAG_NAME, "dd")], strict=True))
        assert rows["Values"] == "; ".join(values), quote["id"]
        claim = quote["claim"]
        assert rows["Claim"].startswith("checkable" if claim["checkable"] else "not checkable")
        assert rows["Claim"].endswith(": " + ", ".join(claim["types"]))
    view_shot(driver, f"claims-values-{width}")
    # the same values in the quote list (no hover needed)
    open_panel(driver, "quotes")
    for quote, values in valued:
        item = driver.find_element(By.CSS_SELECTOR, f'[data-quote-ref="{quote["id"]}"]')
        assert item.find_element(By.CSS_SELECTOR, ".claim-values").text == "; ".join(values)
    assert console_errors(driver) == []


def test_signals_that_cross_other_marks_keep_their_exact_text(
        servers: dict[str, Server], page: Callable[[Server], WebDriver]) -> None:
    """Spans the engine seldom produces: a signal crossing the quote's end and the cue, one
    inside the mention, astral characters before them; a range, a vague amount, a date; and a
    quote without a claim (a server from before claims)."""
    text = ("\U0001F33E Harga \U0001F4C8 \u201cberas naik 4\u201310 persen sejak 1 Januari "
            "2025, puluhan rumah,\u201d kata Ani Rp 3 triliun. \u201cTerima kasih,\u201d ujar "
            "Budi.")
    kata, ani, budi = _at(text, "kata"), _at(text, "Ani Rp 3 triliun"), _at(text, "Budi")

    def signal(kind: str, part: str, **value: Any) -> dict[str, Any]:
        return {"type": kind, **_at(text, part), "value": None, "max": None, "unit": None,
                "iso": None, **value}

    q1 = _quote("q1", "direct", _at(text, "beras naik 4\u201310 persen sejak 1 Januari 2025, "
                                          "puluhan rumah,"), kata, ("Ani", "e1", ani))
    q1["claim"] = {"checkable": True, "score": 0.93, "types": ["quantity", "event"], "signals": [
        signal("quantity", "4\u201310 persen", value=4.0, max=10.0, unit="percent"),
        signal("date", "1 Januari 2025", iso="2025-01-01"),
        signal("quantity", "puluhan rumah,\u201d kata", unit="households"),
        signal("quantity", "Rp 3 triliun", value=3e12, unit="IDR"),
    ]}
    q2 = _quote("q2", "direct", _at(text, "Terima kasih,"), _at(text, "ujar"), ("Budi", "e2", budi))
    speakers = [{"id": "e1", "name": "Ani", "kind": "person", "aliases": [], "titles": [],
                 "quotes": ["q1"]},
                {"id": "e2", "name": "Budi", "kind": "person", "aliases": [], "titles": [],
                 "quotes": ["q2"]}]
    fake = {"quotes": [q1, q2], "speakers": speakers, "ignored": [],
            "meta": {"language": "id", "version": "test", "models": "none",
                     "chars": len(text), "elapsed_ms": 1}}
    driver = page(servers["default"])
    paste(driver, text)
    fake_answer(driver, 200, json.dumps(fake))
    assert extract(driver) == "done"
    signals = driver.execute_script(_DOM_SIGNALS)
    assert set(signals) == {"q1:0", "q1:1", "q1:2", "q1:3"}
    for i, want in enumerate(q1["claim"]["signals"]):
        shown = signals[f"q1:{i}"]
        assert (shown["text"], shown["start"], shown["end"]) == (
            text[want["start"]:want["end"]], want["start"], want["end"])
    assert signals["q1:2"]["parts"] > 1  # split where it leaves the quote and crosses the cue
    dom = driver.execute_script(_DOM_SPANS)
    assert dom["text"] == text
    for quote in (q1, q2):
        shown_quote = dom["quotes"][quote["id"]]
        assert (shown_quote["text"], shown_quote["start"], shown_quote["end"]) == (
            text[quote["start"]:quote["end"]], quote["start"], quote["end"])
    assert dom["cues"]["q1"]["text"] == "kata" and dom["mentions"]["q1"]["text"] == ani["text"]
    item = driver.find_element(By.CSS_SELECTOR, '[data-quote-ref="q1"]')
    assert item.find_element(By.CSS_SELECTOR, ".claim-values").text == (
        "4\u201310 persen = 4\u201310%; 1 Januari 2025 = 2025-01-01; "
        "puluhan rumah,\u201d kata: no exact number; Rp 3 triliun = 3,000,000,000,000 IDR")
    assert [b.text for b in item.find_elements(By.CSS_SELECTOR, "[data-claim-type]")] == [
        "quantity", "event"]
    plain = driver.find_element(By.CSS_SELECTOR, '[data-quote-ref="q2"]')
    assert not plain.find_elements(By.CSS_SELECTOR, ".badge.claim-type, .claim-checkable")
    assert driver.find_element(By.ID, "checkable-count").text == "1 of 2 quotes"
    assert console_errors(driver) == []
