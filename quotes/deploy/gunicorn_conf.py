"""gunicorn settings for the quotes service: ``python -m quotes.serve`` runs gunicorn with them
behind nginx (``-c python:quotes.deploy.gunicorn_conf``); ``gunicorn -c gunicorn.conf.py
wsgi:app`` runs it alone (the top-level file imports this one).

Every value can be changed from the environment (QUOTES_WORKERS, QUOTES_THREADS, QUOTES_TIMEOUT,
QUOTES_BIND, QUOTES_TORCH_THREADS, QUOTES_LOG_LEVEL, QUOTES_ACCESS_LOG); the app itself reads
its own QUOTES_* settings in quotes.app.create_app.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# One torch/OpenMP thread per worker unless told otherwise: N workers x all-cores threads would
# oversubscribe the CPU. Set here, in the master, before any worker exists or imports torch, so
# every forked worker inherits it; post_worker_init below also applies it through torch itself.
TORCH_THREADS = _int("QUOTES_TORCH_THREADS", 1)
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = str(TORCH_THREADS)

bind = os.environ.get("QUOTES_BIND", "0.0.0.0:8000")
workers = _int("QUOTES_WORKERS", 2)
threads = _int("QUOTES_THREADS", 1)  # > 1 switches to the gthread worker
timeout = _int("QUOTES_TIMEOUT", 120)  # a long article on a slow CPU; then the worker is killed
graceful_timeout = 30
keepalive = 5
# recycle workers now and then (bounded memory growth); the jitter avoids all restarting at once
max_requests = 1000
max_requests_jitter = 100

# NOT preloaded: the app (and with it the Stanza/PyTorch models) is loaded in each worker
# after the fork. Loading torch models in the master and forking them deadlocks or corrupts
# torch's thread pools and OpenMP state in the children (stanza#570, gunicorn#2478); it costs
# one model copy per worker in memory, and a missing model stops each worker at boot with the
# ModelError message.
preload_app = False

# the heartbeat file on a RAM disk where there is one (a disk-backed /tmp can stall workers)
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# no gunicornc control socket unless asked for (two servers on one machine would share the path)
_control = os.environ.get("QUOTES_CONTROL_SOCKET", "").strip()
if _control:
    control_socket = _control
else:
    control_socket_disable = True

loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
errorlog = "-"
# the app writes a JSON line per request (with the request id, text length and quote count);
# gunicorn's own access log is off unless QUOTES_ACCESS_LOG names a file or "-" (stdout)
accesslog = os.environ.get("QUOTES_ACCESS_LOG") or None
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_s": %(L)s, '
    '"request_id": "%({x-request-id}o)s", "agent": "%(a)s"}'
)


def post_worker_init(worker: Any) -> None:
    """After the app (and torch) loaded in this worker: pin torch to TORCH_THREADS threads."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(TORCH_THREADS)
        worker.log.info("torch threads per worker: %d", TORCH_THREADS)
