"""gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app`` (gunicorn alone, for a
deployment that already has a buffering proxy in front). The settings live in the package,
``quotes/deploy/gunicorn_conf.py``, where ``python -m quotes.serve`` (nginx + gunicorn, what
``make serve`` and the image run) finds them from any directory.
"""

from quotes.deploy.gunicorn_conf import *  # noqa: F403
from quotes.deploy.gunicorn_conf import post_worker_init  # noqa: F401  (a gunicorn hook)
