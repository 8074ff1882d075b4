"""The production stack (``python -m quotes.serve``: nginx in front of gunicorn) on loopback:
slow clients cannot stall it, slow bodies are cut off, oversize bodies are refused early.

Every loop is bounded in count and time; the stack is stopped at the end. Skipped where nginx
is not installed, except under CI (``.ci/run`` installs it), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotes.serve import ServeError, listen_address, public_address, render

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
SLOW_CLIENTS = 16
CLIENT_TIMEOUT = 3
ARTICLE = ("Jakarta - Kepala Dinas Pendidikan Budi Santoso meninjau sekolah itu, Senin (3/6).\n"
           "“Kami akan memperbaiki atap kelas sebelum tahun ajaran baru,” kata Budi.")

needs_nginx = pytest.mark.skipif(
    NGINX is None and not os.environ.get("CI"),
    reason="nginx is not installed (apt-get install nginx); .ci/run installs it",
)


@pytest.mark.parametrize("bind, listen", [
    ("0.0.0.0:8000", "0.0.0.0:8000"), ("127.0.0.1:9000", "127.0.0.1:9000"), (":8000", "8000"),
    ("8000", "8000"), ("[::]:8000", "[::]:8000"), ("*:8080", "8080"),
])
def test_listen_address(bind: str, listen: str) -> None:
    assert listen_address(bind) == listen


@pytest.mark.parametrize("bind", ["", "unix:/tmp/q.sock", "host:port", "127.0.0.1:0",
                                  "127.0.0.1:70000"])
def test_listen_address_refuses(bind: str) -> None:
    with pytest.raises(ServeError):
        listen_address(bind)


@pytest.mark.parametrize("bind, url, probe", [
    ("0.0.0.0:8000", "http://localhost:8000/", ("127.0.0.1", 8000)),
    ("8000", "http://localhost:8000/", ("127.0.0.1", 8000)),
    ("127.0.0.1:9000", "http://127.0.0.1:9000/", ("127.0.0.1", 9000)),
    ("[::]:8000", "http://localhost:8000/", ("::1", 8000)),
    ("10.1.2.3:80", "http://10.1.2.3:80/", ("10.1.2.3", 80)),
])
def test_public_address(bind: str, url: str, probe: tuple[str, int]) -> None:
    assert public_address(bind) == (url, *probe)


def test_render_fills_every_setting() -> None:
    assert render("listen {{listen}};", {"listen": "8000"}) == "listen 8000;"
    with pytest.raises(ServeError):
        render("listen {{listen}}; {{other}}", {"listen": "8000"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, text: str, timeout: float = 30.0) -> tuple[int, float]:
    body = json.dumps({"text": text}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return resp.status, time.perf_counter() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - t0


#: the stack's stderr, once the fixture has started it
STACK_LOG: list[Path] = []


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if NGINX is None:
        pytest.fail("nginx is required under CI (.ci/run installs it)")
    port = _free_port()
    env = dict(os.environ, QUOTES_BIND=f"127.0.0.1:{port}", QUOTES_WORKERS="2",
               QUOTES_CLIENT_TIMEOUT=str(CLIENT_TIMEOUT), QUOTES_LOG_LEVEL="WARNING")
    log_path = tmp_path_factory.mktemp("serve") / "stderr.log"
    STACK_LOG[:] = [log_path]
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "quotes.serve"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        ready = 0
        while time.monotonic() < deadline and proc.poll() is None and ready < 4:
            # both workers load their models after fork: wait until four answers in a row
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    ready = ready + 1 if r.status == 200 else 0
            except OSError:
                ready = 0
                time.sleep(0.3)
        if ready < 4:
            err = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the stack did not become ready within 120 s: {err[-2000:]}")
        for _ in range(4):  # each worker has answered a real request once
            assert _post(base + "/v1/extract", ARTICLE)[0] == 200
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=45)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _slow_client(port: int) -> socket.socket:
    """Headers and the first bytes of a JSON body, then nothing more."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
              b'{"text": "Menurut warga')
    return s


@needs_nginx
def test_slow_clients_do_not_stall_the_service(stack: str) -> None:
    port = int(stack.rsplit(":", 1)[1])
    slow = [_slow_client(port) for _ in range(SLOW_CLIENTS)]
    try:
        results = [_post(stack + "/v1/extract", ARTICLE, timeout=10) for _ in range(20)]
        statuses = {status for status, _ in results}
        latencies = sorted(seconds for _, seconds in results)
        p95 = statistics.quantiles(latencies, n=20)[18]
        assert statuses == {200}
        assert p95 <= 2.0, f"p95 {p95:.2f} s with {SLOW_CLIENTS} slow clients"
        # the slow bodies are cut off after the client timeout: nginx ends each request (a
        # 408, or closing the connection) and the socket reaches end of file
        deadline = time.monotonic() + CLIENT_TIMEOUT + 10
        closed = 0
        for s in slow:
            s.settimeout(max(0.5, deadline - time.monotonic()))
            data = b""
            try:
                while chunk := s.recv(4096):
                    data += chunk
                closed += 1  # end of file: the server hung up
            except TimeoutError:
                continue
            assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:200]
        assert closed == SLOW_CLIENTS
    finally:
        for s in slow:
            s.close()


@needs_nginx
def test_oversize_body_is_refused_before_it_is_sent(stack: str) -> None:
    port = int(stack.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 500000000\r\n\r\n")
        t0 = time.monotonic()
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        took = time.monotonic() - t0
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"application/json" in head
    error = json.loads(body)["error"]
    assert (error["status"], error["code"]) == (413, "payload_too_large")
    assert error["request_id"]
    assert took < 2.0


@needs_nginx
def test_the_app_answers_through_the_front(stack: str) -> None:
    req = urllib.request.Request(stack + "/v1/extract", data=json.dumps({"text": ARTICLE}).encode(),
                                 headers={"Content-Type": "application/json",
                                          "X-Request-Id": "abc123def456"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        payload = json.loads(resp.read())
        assert resp.headers["X-Request-Id"] == "abc123def456"
    (quote,) = payload["quotes"]
    assert quote["speaker"]["name"] == "Budi Santoso"
    assert ARTICLE[quote["start"]:quote["end"]] == quote["text"]


@needs_nginx
def test_serve_prints_the_public_address_once_ready(stack: str) -> None:
    """``make serve`` says where it listens (issue 18, item 4): the public address, once
    nginx and gunicorn answer, not only gunicorn's private loopback port."""
    log = STACK_LOG[0].read_text(encoding="utf-8", errors="replace")
    lines = [line for line in log.splitlines() if line.startswith("quotes.serve: ready")]
    assert len(lines) == 1, log[-2000:]
    assert f"serving on {stack}/ " in lines[0]


# --- nginx's own answers, in the envelope (issue 18, item 1) ---------------------------------

MALFORMED = {
    "bad Content-Length": (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                           400, "bad_request"),
    "two Content-Lengths": (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                            b"Content-Length: 2\r\n\r\nab", 400, "bad_request"),
    "bad chunk size": (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                       b"\r\nzz\r\n", 400, "bad_request"),
    "no Host": (b"GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_request"),
    "lowercase method": (b"get /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"),
    "NUL in a header": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400,
                        "bad_request"),
    "long URL": (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    "huge header": (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 20000 + b"\r\n\r\n",
                    431, "header_too_large"),
    "unknown Transfer-Encoding": (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\n"
                                  b"Transfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"),
    "HTTP/2.5": (b"GET /healthz HTTP/2.5\r\nHost: x\r\n\r\n", 505, "http_version_not_supported"),
    "internal error path": (b"GET /_quotes_error/bad_request HTTP/1.1\r\nHost: x\r\n"
                            b"Connection: close\r\n\r\n", 404, "not_found"),
}


def _raw(port: int, data: bytes, timeout: float = 15.0) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as is; (status, headers, body) of the answer, read until nginx closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip()
               for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _assert_envelope(status: int, headers: dict[str, str], body: bytes, want: int,
                     code: str) -> None:
    assert status == want, body[:300]
    assert headers["content-type"].startswith("application/json")
    assert headers["x-content-type-options"] == "nosniff"
    error = json.loads(body)["error"]
    assert (error["status"], error["code"]) == (want, code)
    assert set(error) == {"status", "code", "message", "details", "request_id"}
    assert error["message"] and error["request_id"] == headers["x-request-id"]


@needs_nginx
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_nginx_answers_malformed_requests_in_the_envelope(stack: str, name: str) -> None:
    data, want, code = MALFORMED[name]
    _assert_envelope(*_raw(int(stack.rsplit(":", 1)[1]), data), want, code)


@pytest.fixture(scope="module")
def front_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int, int]]:
    """nginx alone, on the config quotes.serve writes, in front of (a) nothing and (b) an
    upstream that accepts and never answers: (port to a dead upstream, port to a silent one,
    the silent upstream's listening socket kept open)."""
    from quotes import serve

    if NGINX is None:
        pytest.fail("nginx is required under CI (.ci/run installs it)")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    procs = []
    ports = []
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("QUOTES_TIMEOUT", "1")  # proxy_read_timeout: 1 + 5 s
            for upstream in (f"127.0.0.1:{_free_port()}",
                             f"127.0.0.1:{silent.getsockname()[1]}"):
                port = _free_port()
                mp.setenv("QUOTES_BIND", f"127.0.0.1:{port}")
                runtime = tmp_path_factory.mktemp("front")
                conf = serve.write_config(runtime, upstream)
                procs.append(subprocess.Popen(
                    [serve.nginx_binary(), "-c", str(conf), "-p", str(runtime), "-g",
                     "daemon off;"], stderr=subprocess.DEVNULL))
                ports.append(port)
        for port in ports:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports[0], ports[1], silent.fileno()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGQUIT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        silent.close()


@needs_nginx
def test_a_dead_upstream_is_a_502_in_the_envelope(front_only: tuple[int, int, int]) -> None:
    status, headers, body = _raw(front_only[0], b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                 b"X-Request-ID: abc-123\r\nConnection: close\r\n\r\n")
    _assert_envelope(status, headers, body, 502, "bad_gateway")
    assert headers["x-request-id"] == "abc-123" and headers["retry-after"] == "5"
    # a request id that could break the JSON is replaced by nginx's own
    status, headers, body = _raw(front_only[0], b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                 b'X-Request-ID: a"b\r\nConnection: close\r\n\r\n')
    _assert_envelope(status, headers, body, 502, "bad_gateway")
    assert headers["x-request-id"] != 'a"b'


@needs_nginx
def test_a_silent_upstream_is_a_504_in_the_envelope(front_only: tuple[int, int, int]) -> None:
    status, headers, body = _raw(front_only[1], b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                 b"Connection: close\r\n\r\n", timeout=30)
    _assert_envelope(status, headers, body, 504, "gateway_timeout")
