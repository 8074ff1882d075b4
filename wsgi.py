"""The WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Imported by each gunicorn worker after the fork (``preload_app = False``), so every worker
loads its own copy of the models; a missing model stops the worker with the ModelError message.
"""

from quotes.app import create_app

app = create_app()
