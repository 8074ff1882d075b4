"""``GET /`` and its assets through the Flask test client: headers, markup without inline code,
the hooks the page's script sets. The page in a real browser: tests/test_page_browser.py."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quotes.api.page import ASSETS, PAGE
from tests.conftest import MakeApp

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
}


class Markup(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in {"script", "style"} else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(f"<{self._open}>{data.strip()[:40]}")


def parse(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    return markup


def csp(header: str) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def get(client: FlaskClient, path: str) -> TestResponse:
    """GET, read and close (a file response left open is a ResourceWarning)."""
    resp = client.get(path)
    resp.get_data()
    resp.close()
    return resp


@pytest.fixture
def page_client(make_api_app: MakeApp) -> FlaskClient:
    return make_api_app().test_client()


def test_the_page_is_html_with_a_csp_that_forbids_inline_code(page_client: FlaskClient) -> None:
    resp = get(page_client, "/")
    assert resp.status_code == 200
    assert resp.content_type == "text/html; charset=utf-8"
    policy = csp(resp.headers["Content-Security-Policy"])
    for directive, value in CSP.items():
        assert policy[directive] == value
    assert "unsafe" not in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


def test_the_markup_has_no_inline_script_style_or_handler(page_client: FlaskClient) -> None:
    html = get(page_client, "/").get_data(as_text=True)
    markup = parse(html)
    assert markup.inline == []  # no <script> or <style> body
    assert not any(tag == "style" for tag, _ in markup.tags)
    for tag, attrs in markup.tags:
        assert "style" not in attrs, tag
        assert not [a for a in attrs if a.startswith("on")], tag
        for name in ("href", "src"):
            assert not str(attrs.get(name, "")).lower().startswith("javascript:"), tag
    scripts = [attrs for tag, attrs in markup.tags if tag == "script"]
    assert [s["src"] for s in scripts] == ["/page/page.js"]
    assert "{{" not in html and "}}" not in html


def test_every_asset_the_page_names_is_served_locally(page_client: FlaskClient) -> None:
    markup = parse(get(page_client, "/").get_data(as_text=True))
    urls = [attrs.get("src") or attrs.get("href") for tag, attrs in markup.tags
            if tag in {"script", "link"}]
    assert sorted(str(u) for u in urls) == sorted(f"/page/{name}" for name in ASSETS)
    for name, kind in ASSETS.items():
        resp = get(page_client, f"/page/{name}")
        assert resp.status_code == 200, name
        assert resp.mimetype == kind
        assert resp.headers["Content-Security-Policy"] == get(page_client, "/").headers[
            "Content-Security-Policy"]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.get_data() == (PAGE / name).read_bytes()


@pytest.mark.parametrize("path", ["/page/index.html", "/page/nope.js", "/page/..%2Fapp.py",
                                  "/page/../api/page.py"])
def test_only_the_listed_assets_are_served(page_client: FlaskClient, path: str) -> None:
    resp = get(page_client, path)
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


def test_nothing_comes_from_another_origin() -> None:
    for path in PAGE.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text.replace(
            "http://www.w3.org/2000/svg", "")), path.name
        assert "@import" not in text and "url(" not in text, path.name


def test_the_page_says_whether_a_key_is_needed(make_api_app: MakeApp) -> None:
    def meta(client: FlaskClient, name: str) -> str | None:
        for tag, attrs in parse(get(client, "/").get_data(as_text=True)).tags:
            if tag == "meta" and attrs.get("name") == name:
                return attrs.get("content")
        return None

    open_client = make_api_app({"MAX_CHARS": 1234}).test_client()
    assert meta(open_client, "quotes-api-key") == "off"
    assert meta(open_client, "quotes-max-chars") == "1234"
    keyed = make_api_app({"API_KEYS": "k1,k2"}).test_client()
    assert meta(keyed, "quotes-api-key") == "required"
    # the page and its assets need no key; the API does
    assert get(keyed, "/").status_code == 200
    assert get(keyed, "/page/page.js").status_code == 200
    assert keyed.post("/v1/extract", json={"text": "Halo."}).status_code == 401


def test_the_page_is_served_without_models(make_api_app: MakeApp) -> None:
    client = make_api_app({"LOAD_MODELS": False}, annotator=None).test_client()
    assert get(client, "/").status_code == 200
    assert get(client, "/readyz").status_code == 503


def test_the_script_sets_the_hooks_and_renders_text_only() -> None:
    script = (PAGE / "page.js").read_text(encoding="utf-8")
    for hook in ("dataset.quoteId", "dataset.speakerId", "dataset.quoteRef",
                 "dataset.entity", "main.dataset.state"):
        assert hook in script, hook
    assert '"/v1/extract"' in script and '"X-API-Key"' in script
    # text goes in as text: no HTML parsing of anything, no key kept beyond the tab
    for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                   "eval(", "new Function", "localStorage", 'setAttribute("style"'):
        assert banned not in script, banned
    assert "sessionStorage" in script
    # every element the script looks up exists in the page
    html = (PAGE / "index.html").read_text(encoding="utf-8")
    ids = {attrs["id"] for _, attrs in parse(html).tags if attrs.get("id")}
    wanted = set(re.findall(r'\$\("([\w-]+)"\)', script))
    assert wanted and wanted <= ids, wanted - ids


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_speaker_colours_keep_text_readable() -> None:
    css = Path(PAGE / "page.css").read_text(encoding="utf-8")
    ink = re.search(r"--ink: (#[0-9a-f]{6})", css)
    assert ink
    palette = re.findall(r"\.sp-[\w-]+ \{ --bg: (#[0-9a-f]{6}); --dark: (#[0-9a-f]{6}); \}", css)
    assert len(palette) >= 8
    for bg, dark in palette:
        assert _contrast(ink.group(1), bg) >= 4.5, bg  # WCAG AA for the quoted text
        assert _contrast(dark, bg) >= 3, dark  # AA for the line under a quote
    assert len({bg for bg, _ in palette}) == len(palette)


def test_the_result_panels_are_tabs_on_a_narrow_screen() -> None:
    """The markup of the tabs (page.js gives the panels role=tabpanel while they show)."""
    tags = parse((PAGE / "index.html").read_text(encoding="utf-8")).tags
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    assert [attrs.get("role") for _, attrs in tags if attrs.get("id") == "tabs"] == ["tablist"]
    tabs = [(tag, attrs) for tag, attrs in tags if attrs.get("role") == "tab"]
    assert [attrs["aria-controls"] for _, attrs in tabs] == [
        "panel-article", "panel-speakers", "panel-quotes"]
    assert all(tag == "button" and attrs.get("type") == "button" for tag, attrs in tabs)
    assert {attrs["aria-controls"] for _, attrs in tabs} <= ids
    assert [attrs["aria-selected"] for _, attrs in tabs] == ["true", "false", "false"]
    # one tab stop: the chosen tab; the arrow keys move between them
    assert [attrs.get("tabindex") for _, attrs in tabs] == [None, "-1", "-1"]


def test_the_page_shows_no_emoji() -> None:
    """Nothing outside the Basic Multilingual Plane and no pictographs in what the page
    writes itself (the example text included): without a colour-emoji font they are boxes."""
    for name in ("index.html", "page.js", "page.css"):
        text = (PAGE / name).read_text(encoding="utf-8")
        # the script's \\u escapes too (the example is written with them)
        escapes = "".join(chr(int(h, 16)) for h in re.findall(r"\\u([0-9a-fA-F]{4})", text))
        escapes += "".join(chr(int(h, 16)) for h in re.findall(r"\\u\{([0-9a-fA-F]+)\}", text))
        for char in text + escapes:
            assert ord(char) <= 0xFFFF and unicodedata.category(char) != "So", (
                name, f"U+{ord(char):04X}")


def test_badges_keep_text_readable() -> None:
    css = Path(PAGE / "page.css").read_text(encoding="utf-8")
    badges = re.findall(r"\.badge(?:\.[\w-]+)? \{[^}]*?background: (#[0-9a-f]{6}); "
                        r"color: (#[0-9a-f]{6});", css)
    assert len(badges) >= 3  # the plain badge, checkable, claim type
    for bg, ink in badges:
        assert _contrast(ink, bg) >= 4.5, (bg, ink)
    values = re.search(r"\.claim-values \{[^}]*color: (#[0-9a-f]{6})", css)
    assert values and _contrast(values.group(1), "#ffffff") >= 4.5
