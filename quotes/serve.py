"""``python -m quotes.serve``: the production stack, nginx in front of gunicorn, one command.

gunicorn's sync workers read a request while they hold it: a client that sends its headers and
part of a body, then waits, ties up a worker until the worker timeout, and a handful of such
clients stall the service (gunicorn's deployment docs: sync workers must sit behind a buffering
proxy). nginx is that proxy: it reads each request whole, with short header and body timeouts
and a body size cap, and passes only complete requests to gunicorn on a loopback port. nginx was
chosen over an async worker class (gevent, uvicorn) because the work per request is CPU-bound
Stanza inference: an event loop would stall on it the same way, while nginx keeps every slow
socket out of the Python process entirely and is a standard, audited component.

This process starts gunicorn (``quotes/deploy/gunicorn_conf.py``, bound to a free loopback port)
and nginx (a config written from ``quotes/deploy/nginx.conf``, listening on ``QUOTES_BIND``),
forwards SIGTERM/SIGINT to both, and exits when either exits. Once ``GET /readyz`` answers 200
through nginx it prints one line on stderr with the public address (``QUOTES_BIND``; gunicorn's
own log names only its private loopback port).

Settings (environment), besides every QUOTES_* setting of the app and of gunicorn_conf.py:
  QUOTES_BIND               public address (default 0.0.0.0:8000): nginx listens here
  QUOTES_CLIENT_TIMEOUT     seconds nginx waits for a client's headers or the next chunk of its
                            body before it answers 408 and closes (default 10)
  QUOTES_NGINX              the nginx binary (default: ``nginx`` on PATH, then /usr/sbin/nginx)
  QUOTES_NGINX_CONNECTIONS  worker_connections of nginx (default 1024)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "deploy" / "nginx.conf"


class ServeError(Exception):
    """A setting or a missing binary: the message says what to do."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ServeError(f"{name} must be a whole number, not {raw!r}") from exc
    if value <= 0:
        raise ServeError(f"{name} must be positive, not {value}")
    return value


def listen_address(bind: str) -> str:
    """QUOTES_BIND ("0.0.0.0:8000", "127.0.0.1:9000", ":8000", "8000", "[::]:8000") as an nginx
    ``listen`` argument."""
    bind = bind.strip()
    if not bind:
        raise ServeError("QUOTES_BIND is empty")
    if bind.startswith("unix:"):
        raise ServeError("QUOTES_BIND must be host:port for the nginx front (not a socket)")
    host, sep, port = bind.rpartition(":")
    if not sep:
        host, port = "", bind
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(f"QUOTES_BIND {bind!r}: the port must be 1-65535")
    if host in ("", "*"):
        return port
    return f"{host}:{port}"


def public_address(bind: str) -> tuple[str, str, int]:
    """(the URL to print, the host to probe it on, the port) of QUOTES_BIND: a wildcard host
    is printed as ``localhost`` and probed on the loopback address."""
    listen = listen_address(bind)
    host, sep, port = listen.rpartition(":")
    if not sep:
        host, port = "", listen
    wildcard = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "::1"}
    if host in wildcard:
        return f"http://localhost:{port}/", wildcard[host], int(port)
    return f"http://{host}:{port}/", host.strip("[]"), int(port)


def answers_ready(host: str, port: int, timeout: float = 0.5) -> bool:
    """``GET /readyz`` through the front answers 200: nginx listens, gunicorn runs a worker
    with its models loaded."""
    import http.client  # noqa: PLC0415

    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", "/readyz")
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def body_limit() -> int:
    """The largest body any route accepts (the batch route's), from the app's own settings:
    nginx refuses anything larger at once, the app checks each route's exact limit."""
    from quotes.app import create_app  # noqa: PLC0415 - light without models

    app = create_app({"LOAD_MODELS": False})
    return max(int(app.config["MAX_CONTENT_LENGTH"]), int(app.config["BATCH_MAX_CONTENT_LENGTH"]))


def render(template: str, values: dict[str, str]) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{{" + key + "}}", value)
    if "{{" in out:
        raise ServeError(f"unfilled setting in {TEMPLATE}: {out[out.index('{{'):][:40]}")
    return out


def nginx_binary() -> str:
    configured = os.environ.get("QUOTES_NGINX", "").strip()
    for candidate in (configured, shutil.which("nginx") or "", "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise ServeError(
        "nginx is not installed: `apt-get install nginx` (Debian/Ubuntu), or set QUOTES_NGINX. "
        "Without the front, run gunicorn alone only behind another buffering proxy: "
        "gunicorn -c gunicorn.conf.py wsgi:app"
    )


def free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(runtime: Path, upstream: str) -> Path:
    """The nginx config in ``runtime``; nginx creates its temp directories there itself (owned
    by its worker user when started as root), so the directory must be traversable."""
    runtime.chmod(0o711)
    timeout = _env_int("QUOTES_TIMEOUT", 120)
    values = {
        "listen": listen_address(os.environ.get("QUOTES_BIND", "0.0.0.0:8000")),
        "upstream": upstream,
        "runtime": str(runtime),
        "client_timeout": str(_env_int("QUOTES_CLIENT_TIMEOUT", 10)),
        "body_limit": str(body_limit()),
        "upstream_timeout": str(timeout + 5),
        "connections": str(_env_int("QUOTES_NGINX_CONNECTIONS", 1024)),
    }
    conf = runtime / "nginx.conf"
    conf.write_text(render(TEMPLATE.read_text(encoding="utf-8"), values), encoding="utf-8")
    return conf


def main() -> int:
    try:
        nginx = nginx_binary()
        url, probe_host, probe_port = public_address(os.environ.get("QUOTES_BIND",
                                                                    "0.0.0.0:8000"))
        runtime = Path(tempfile.mkdtemp(prefix="quotes-serve-"))
        # gunicorn on a loopback port only nginx talks to (a Unix socket would need its
        # permissions opened to nginx's worker user when run as root)
        upstream = f"127.0.0.1:{free_loopback_port()}"
        conf = write_config(runtime, upstream)
    except ServeError as exc:
        print(f"quotes.serve: {exc}", file=sys.stderr)
        return 2
    check = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(runtime)],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        print(f"quotes.serve: the nginx config is invalid:\n{check.stderr}", file=sys.stderr)
        return 2
    env = dict(os.environ, QUOTES_BIND=upstream)
    # the settings and the app from the package: this works from any directory
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:quotes.deploy.gunicorn_conf",
         "quotes.app:create_app()"],
        env=env,
    )
    front = subprocess.Popen([nginx, "-c", str(conf), "-p", str(runtime), "-g", "daemon off;"])
    children = (front, gunicorn)

    def stop(signum: int, _frame: FrameType | None) -> None:
        for child in children:
            if child.poll() is None:
                # nginx: SIGQUIT is its graceful stop; gunicorn: SIGTERM is
                child.send_signal(signal.SIGQUIT if child is front else signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    announced = False
    try:
        while all(child.poll() is None for child in children):
            if not announced and answers_ready(probe_host, probe_port):
                # gunicorn logs its own loopback port, which bypasses nginx: say where to go
                print(f"quotes.serve: ready, serving on {url} (QUOTES_BIND; nginx in front of "
                      f"gunicorn on {upstream})", file=sys.stderr, flush=True)
                announced = True
            time.sleep(0.2)
        stop(signal.SIGTERM, None)  # one died: take the other down, the supervisor restarts
        deadline = time.monotonic() + 40
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    codes = [child.returncode for child in children]
    return 0 if all(code in (0, -signal.SIGTERM, -signal.SIGQUIT) for code in codes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
