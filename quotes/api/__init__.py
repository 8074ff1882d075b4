"""The HTTP layer: Flask blueprints, marshmallow schemas, the error envelope, OpenAPI.

Only this package, ``quotes/app.py`` and ``wsgi.py`` import Flask or marshmallow; the engine
(``quotes.pipeline``) knows nothing about HTTP.
"""

from __future__ import annotations

from flask import Flask

from quotes.api import openapi, views
from quotes.api.errors import register_error_handlers
from quotes.api.hooks import register_hooks
from quotes.api.state import EXTENSION, ApiState

__all__ = ["ApiState", "init_api"]


def init_api(app: Flask, state: ApiState) -> None:
    app.extensions[EXTENSION] = state
    register_hooks(app)
    register_error_handlers(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(openapi.bp)
