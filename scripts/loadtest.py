#!/usr/bin/env python3
"""A bounded load and fault test of the quotes service, on loopback only (stdlib only).

Starts the production stack (``python -m quotes.serve``: nginx in front of gunicorn, 2 workers;
``--stack gunicorn`` for gunicorn alone) on 127.0.0.1 at a free port, waits for /readyz, then
POSTs real article texts (text/plain) to /v1/extract from N threads for D seconds and reports
the request count, the errors and the p50/p95/p99 latencies. Every answer is checked against
the API's contract: a 200 is a JSON extraction, anything else the JSON error envelope
(``{"error": {"status", "code", "message", ...}}`` with the same status), whoever answered it
(the app, or nginx itself). With ``--slow-clients M``, M more threads keep opening requests
that send their headers and the start of a body and then stall, and the report says how each
was cut off (nginx's 408 in the envelope, or a closed connection) and after how long. With
``--kill-worker`` it SIGKILLs one worker halfway through and reports how many requests failed,
what they were answered, and whether gunicorn replaced the worker. The server is always stopped
at the end; every wait has a time limit.

    python scripts/loadtest.py --slow-clients 16 --kill-worker   # make loadtest: 8 threads, 60 s
    python scripts/loadtest.py --duration 5 --concurrency 2 --kill-worker

Linux only (worker processes are found through /proc).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, never anything else


@dataclass
class Sample:
    started: float
    latency: float
    outcome: str  # "200", another status, or an exception name
    enveloped: bool = True  # the answer is what the contract says (see ``in_contract``)


@dataclass
class Slow:
    started: float
    seconds: float  # from the last byte sent to the server's answer or hang-up
    outcome: str  # "408" (or another status), "closed" (end of file, no answer), or "open"
    enveloped: bool = True


def in_contract(status: int, body: bytes, content_type: str) -> bool:
    """A 200 is a JSON extraction; any other status is the JSON error envelope with that
    status, a code and a message."""
    if "json" not in content_type:
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if status == 200:
        return isinstance(data.get("quotes"), list)
    err = data.get("error")
    return (isinstance(err, dict) and err.get("status") == status
            and isinstance(err.get("code"), str) and isinstance(err.get("message"), str))


@dataclass
class Kill:
    at: float = 0.0
    pid: int | None = None
    replaced_by: list[int] = field(default_factory=list)
    replaced: bool = False
    replaced_after: float | None = None  # seconds from the kill to a new worker process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _parents() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def workers_of(master: int) -> list[int]:
    """Child pids of the gunicorn master (its workers), from /proc."""
    return sorted(_parents().get(master, []))


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (children, grandchildren ...), from /proc."""
    children = _parents()
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def gunicorn_master(server: int) -> int:
    """The gunicorn master: the server itself (``--stack gunicorn``), else the process under
    ``python -m quotes.serve`` that runs gunicorn."""
    for pid in [server, *descendants(server)]:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"gunicorn" in part for part in cmd) and workers_of(pid):
            return pid
    return server


def request(port: int, method: str, path: str, body: bytes | None, timeout: float,
            content_type: str = "text/plain; charset=utf-8") -> tuple[int, bytes]:
    status, data, _ = request_full(port, method, path, body, timeout, content_type)
    return status, data


def request_full(port: int, method: str, path: str, body: bytes | None, timeout: float,
                 content_type: str = "text/plain; charset=utf-8") -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Content-Type": content_type} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read(), resp.getheader("Content-Type", "")
    finally:
        conn.close()


def slow_request(port: int, limit: float) -> Slow:
    """Headers and the first bytes of a 4,000-byte JSON body, then nothing: how, and after
    how long, the server ends it."""
    started = time.monotonic()
    with socket.create_connection((HOST, port), timeout=5) as s:
        s.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
                  b'{"text": "Menurut warga')
        sent = time.monotonic()
        s.settimeout(limit)
        data = b""
        try:
            while chunk := s.recv(4096):
                data += chunk
        except TimeoutError:
            return Slow(started, time.monotonic() - sent, "open", False)
        except OSError:
            pass  # reset: the server hung up
    seconds = time.monotonic() - sent
    if not data:
        return Slow(started, seconds, "closed")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return Slow(started, seconds, "garbled", False)
    ctype = next((line.split(":", 1)[1].strip() for line in lines[1:]
                  if line.lower().startswith("content-type:")), "")
    if any(line.lower() == "transfer-encoding: chunked" for line in lines[1:]):
        return Slow(started, seconds, str(status), "json" in ctype)
    return Slow(started, seconds, str(status), in_contract(status, body, ctype))


def run_slow(port: int, clients: int, duration: float, limit: float) -> list[Slow]:
    """``clients`` threads, each opening one stalled request after another until the end."""
    out: list[Slow] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker() -> None:
        while time.monotonic() < deadline:
            try:
                got = slow_request(port, limit)
            except OSError as exc:
                got = Slow(time.monotonic(), 0.0, type(exc).__name__, False)
                time.sleep(0.5)
            with lock:
                out.append(got)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + limit + 10)
    with lock:
        return list(out)


def wait_ready(port: int, server: subprocess.Popen[bytes], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            status, _ = request(port, "GET", "/readyz", None, timeout=2)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def load_articles(directory: Path) -> list[bytes]:
    files = sorted(p for p in directory.glob("*.txt") if p.is_file())
    return [p.read_text(encoding="utf-8").encode("utf-8") for p in files]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(q / 100 * len(values) + 0.5)))
    return values[rank - 1]


def run_load(port: int, articles: list[bytes], concurrency: int, duration: float,
             timeout: float, on_halfway: threading.Event) -> list[Sample]:
    samples: list[Sample] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    start = time.monotonic()
    deadline = start + duration

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                body = articles[next(counter) % len(articles)]
            t0 = time.monotonic()
            try:
                status, data, ctype = request_full(
                    port, "POST", "/v1/extract", body,
                    timeout=min(timeout, max(1.0, deadline + timeout - t0)))
                outcome, enveloped = str(status), in_contract(status, data, ctype)
            except (OSError, http.client.HTTPException) as exc:
                outcome, enveloped = type(exc).__name__, False
            with lock:
                samples.append(Sample(t0, time.monotonic() - t0, outcome, enveloped))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    while time.monotonic() < deadline:
        if not on_halfway.is_set() and time.monotonic() >= start + duration / 2:
            on_halfway.set()
        time.sleep(0.05)
    for t in threads:
        t.join(timeout=timeout + 5)
    with lock:
        return list(samples)


def stop(server: subprocess.Popen[bytes], grace: float = 40.0) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the group this script created for gunicorn
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared/eval/dev/articles",
                        help="directory of *.txt articles (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--duration", type=float, default=60.0,
                        help="seconds of load (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--kill-worker", action="store_true",
                        help="SIGKILL one worker halfway and check that gunicorn replaces it")
    parser.add_argument("--ready-timeout", type=float, default=300.0,
                        help="seconds to wait for /readyz (model loading; default 300)")
    parser.add_argument("--request-timeout", type=float, default=60.0,
                        help="client timeout per request in seconds (default 60)")
    parser.add_argument("--app", default="wsgi:app", help="WSGI target (default wsgi:app)")
    parser.add_argument("--stack", choices=("serve", "gunicorn"), default="serve",
                        help="serve: nginx in front of gunicorn, as `make serve` runs it "
                             "(default); gunicorn: gunicorn alone")
    parser.add_argument("--slow-clients", type=int, default=0,
                        help="threads that keep sending stalled requests alongside (default 0)")
    parser.add_argument("--client-timeout", type=float, default=10.0,
                        help="QUOTES_CLIENT_TIMEOUT of nginx, seconds (default 10)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.workers < 1 or args.slow_clients < 0:
        parser.error("--concurrency, --duration and --workers must be positive")
    if args.slow_clients and args.stack != "serve":
        parser.error("--slow-clients needs --stack serve: gunicorn alone is not meant to face "
                     "them (README, Run)")
    if args.duration > 3600:
        parser.error("--duration is capped at 3600 seconds")

    articles = load_articles(args.articles)
    if not articles:
        print(f"no *.txt articles in {args.articles}", file=sys.stderr)
        return 2

    port = free_port()
    log_file = tempfile.NamedTemporaryFile(prefix="quotes-loadtest-", suffix=".log", delete=False)
    env = {**os.environ, "QUOTES_BIND": f"{HOST}:{port}", "QUOTES_WORKERS": str(args.workers),
           "QUOTES_LOG_LEVEL": os.environ.get("QUOTES_LOG_LEVEL", "warning"),
           "QUOTES_CLIENT_TIMEOUT": f"{args.client_timeout:g}"}
    if args.stack == "serve":
        cmd = [sys.executable, "-m", "quotes.serve"]
    else:
        cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
               "--bind", f"{HOST}:{port}", "--workers", str(args.workers), args.app]
    print(f"starting {' '.join(cmd[2:])} (log: {log_file.name})", file=sys.stderr)
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log_file, stderr=log_file,
                              start_new_session=True)
    kill = Kill()
    try:
        t0 = time.monotonic()
        if not wait_ready(port, server, args.ready_timeout):
            print(f"server not ready after {time.monotonic() - t0:.0f}s; log tail:",
                  file=sys.stderr)
            print(Path(log_file.name).read_text(errors="replace")[-3000:], file=sys.stderr)
            return 2
        print(f"ready in {time.monotonic() - t0:.1f}s; {len(articles)} articles, "
              f"{args.concurrency} threads, {args.slow_clients} slow clients, "
              f"{args.duration:.0f}s", file=sys.stderr)
        master = gunicorn_master(server.pid)
        before = workers_of(master)

        halfway = threading.Event()
        killer = None
        if args.kill_worker:
            def kill_one() -> None:
                if not halfway.wait(timeout=args.duration):
                    return
                pids = workers_of(master)
                if pids:
                    kill.pid, kill.at = pids[0], time.monotonic()
                    os.kill(pids[0], signal.SIGKILL)
                    while time.monotonic() < kill.at + 30:  # until gunicorn forks a new one
                        if set(workers_of(master)) - set(pids):
                            kill.replaced_after = time.monotonic() - kill.at
                            break
                        time.sleep(0.02)
            killer = threading.Thread(target=kill_one, daemon=True)
            killer.start()

        slow_out: list[Slow] = []
        slow_thread = None
        if args.slow_clients:
            def slow_all() -> None:
                slow_out.extend(run_slow(port, args.slow_clients, args.duration,
                                         args.client_timeout + 20))
            slow_thread = threading.Thread(target=slow_all, daemon=True)
            slow_thread.start()
        samples = run_load(port, articles, args.concurrency, args.duration,
                           args.request_timeout, halfway)
        if slow_thread is not None:
            slow_thread.join(timeout=args.client_timeout + 40)
        if killer is not None:
            killer.join(timeout=5)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                now = workers_of(master)
                if kill.pid is not None and kill.pid not in now and len(now) >= len(before):
                    kill.replaced, kill.replaced_by = True, sorted(set(now) - set(before))
                    break
                time.sleep(0.5)
    finally:
        stop(server)
        log_file.close()

    ok = sorted(s.latency * 1000 for s in samples if s.outcome == "200")
    errors = Counter(s.outcome for s in samples if s.outcome != "200")
    span = max((s.started + s.latency for s in samples), default=0) - min(
        (s.started for s in samples), default=0)
    outside = sum(1 for s in samples if not s.enveloped)
    slow_outside = sum(1 for s in slow_out if not s.enveloped)
    report: dict[str, object] = {
        "stack": args.stack,
        "requests": len(samples),
        "ok": len(ok),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "outside_contract": outside,
        "throughput_rps": round(len(samples) / span, 2) if span > 0 else 0.0,
        "latency_ms": {"p50": round(percentile(ok, 50), 1), "p95": round(percentile(ok, 95), 1),
                       "p99": round(percentile(ok, 99), 1),
                       "max": round(ok[-1], 1) if ok else None},
    }
    if args.slow_clients:
        cut = sorted(s.seconds for s in slow_out if s.outcome != "open")
        report["slow_clients"] = {
            "clients": args.slow_clients,
            "requests": len(slow_out),
            "outcomes": dict(Counter(s.outcome for s in slow_out)),
            "outside_contract": slow_outside,
            "cut_off_after_s": {"min": round(cut[0], 1) if cut else None,
                                "max": round(cut[-1], 1) if cut else None},
        }
    if args.kill_worker:
        failed = [s for s in samples if s.outcome != "200" and kill.pid is not None
                  and s.started + s.latency >= kill.at]
        report["kill_worker"] = {
            "killed_pid": kill.pid,
            "failed_requests_after_kill": len(failed),
            "failed_answers": dict(Counter(s.outcome for s in failed)),
            "failed_outside_contract": sum(1 for s in failed if not s.enveloped),
            "replaced": kill.replaced,
            "replaced_after_s": (round(kill.replaced_after, 2)
                                 if kill.replaced_after is not None else None),
            "new_pids": kill.replaced_by,
        }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        lat = report["latency_ms"]
        assert isinstance(lat, dict)
        print(f"{args.stack}: requests {report['requests']}  ok {report['ok']}  "
              f"errors {report['errors']} {report['error_kinds'] or ''}  "
              f"outside the contract {outside}")
        print(f"throughput {report['throughput_rps']} req/s  latency ms p50 {lat['p50']}  "
              f"p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}")
        if args.slow_clients:
            sc = report["slow_clients"]
            assert isinstance(sc, dict)
            print(f"slow clients {sc['clients']}: {sc['requests']} stalled requests, "
                  f"{sc['outcomes']}, cut off after {sc['cut_off_after_s']['min']}–"
                  f"{sc['cut_off_after_s']['max']} s, outside the contract "
                  f"{sc['outside_contract']}")
        if args.kill_worker:
            k = report["kill_worker"]
            assert isinstance(k, dict)
            print(f"killed worker {k['killed_pid']}: {k['failed_requests_after_kill']} requests "
                  f"failed after the kill {k['failed_answers'] or ''} (outside the contract "
                  f"{k['failed_outside_contract']}); replaced: {k['replaced']} {k['new_pids']} "
                  f"after {k['replaced_after_s']} s")
    if outside or slow_outside:
        return 1  # an answer outside the contract fails the run, kill or not
    return 0 if not errors or args.kill_worker else 1


if __name__ == "__main__":
    sys.exit(main())
