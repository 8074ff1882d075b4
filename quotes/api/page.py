"""``GET /``: the page where a person pastes an article and sees who said what.

Plain HTML, CSS and JavaScript from ``quotes/static/page`` (no build step, no CDN: it works
offline). The page calls ``POST /v1/extract`` like any other client. Every response carries a
Content-Security-Policy that allows scripts and styles from this origin only -- no inline
script, no inline style attribute -- and the page renders the article as text nodes, so an
article holding ``<script>`` or ``<img onerror>`` stays inert.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

from quotes.api.state import current_state

bp = Blueprint("quotes_page", __name__)

PAGE = Path(__file__).resolve().parent.parent / "static" / "page"
#: the only files /page/ serves, with their content types
ASSETS = {
    "page.js": "text/javascript",
    "page.css": "text/css",
    "favicon.svg": "image/svg+xml",
}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'self'")
_HEADERS = {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"}


@bp.get("/")
def page() -> Response:
    """The HTML, told whether /v1/* asks for an API key and how long a text may be."""
    state = current_state()
    html = (PAGE / "index.html").read_text(encoding="utf-8")
    html = (html.replace("{{api_key}}", "required" if state.api_keys else "off")
                .replace("{{max_chars}}", str(state.max_chars)))
    return Response(html, mimetype="text/html", headers=_HEADERS)


@bp.get("/page/<name>")
def asset(name: str) -> Response:
    if name not in ASSETS:
        abort(404)
    response = send_from_directory(PAGE, name, mimetype=ASSETS[name])
    response.headers.update(_HEADERS)
    return response
