#!/usr/bin/env python3
"""A bounded load and fault test of the quotes service, on loopback only (stdlib only).

Starts gunicorn (gunicorn.conf.py, 2 workers) on 127.0.0.1 at a free port, waits for /readyz,
then POSTs real article texts (text/plain) to /v1/extract from N threads for D seconds and
reports the request count, the errors and the p50/p95/p99 latencies. With ``--kill-worker`` it
SIGKILLs one worker halfway through and reports how many requests failed and whether gunicorn
replaced the worker. The server is always stopped at the end; every wait has a time limit.

    python scripts/loadtest.py                          # 8 threads, 60 s
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


@dataclass
class Kill:
    at: float = 0.0
    pid: int | None = None
    replaced_by: list[int] = field(default_factory=list)
    replaced: bool = False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def workers_of(master: int) -> list[int]:
    """Child pids of the gunicorn master (its workers), from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == master:
            out.append(int(entry))
    return sorted(out)


def request(port: int, method: str, path: str, body: bytes | None, timeout: float,
            content_type: str = "text/plain; charset=utf-8") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Content-Type": content_type} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


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
                status, _ = request(port, "POST", "/v1/extract", body,
                                    timeout=min(timeout, max(1.0, deadline + timeout - t0)))
                outcome = str(status)
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
            with lock:
                samples.append(Sample(t0, time.monotonic() - t0, outcome))

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
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("--concurrency, --duration and --workers must be positive")
    if args.duration > 3600:
        parser.error("--duration is capped at 3600 seconds")

    articles = load_articles(args.articles)
    if not articles:
        print(f"no *.txt articles in {args.articles}", file=sys.stderr)
        return 2

    port = free_port()
    log_file = tempfile.NamedTemporaryFile(prefix="quotes-loadtest-", suffix=".log", delete=False)
    env = {**os.environ, "QUOTES_BIND": f"{HOST}:{port}", "QUOTES_WORKERS": str(args.workers),
           "QUOTES_LOG_LEVEL": os.environ.get("QUOTES_LOG_LEVEL", "warning")}
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
              f"{args.concurrency} threads, {args.duration:.0f}s", file=sys.stderr)
        before = workers_of(server.pid)

        halfway = threading.Event()
        killer = None
        if args.kill_worker:
            def kill_one() -> None:
                if not halfway.wait(timeout=args.duration):
                    return
                pids = workers_of(server.pid)
                if pids:
                    kill.pid, kill.at = pids[0], time.monotonic()
                    os.kill(pids[0], signal.SIGKILL)
            killer = threading.Thread(target=kill_one, daemon=True)
            killer.start()

        samples = run_load(port, articles, args.concurrency, args.duration,
                           args.request_timeout, halfway)
        if killer is not None:
            killer.join(timeout=5)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                now = workers_of(server.pid)
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
    report: dict[str, object] = {
        "requests": len(samples),
        "ok": len(ok),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "throughput_rps": round(len(samples) / span, 2) if span > 0 else 0.0,
        "latency_ms": {"p50": round(percentile(ok, 50), 1), "p95": round(percentile(ok, 95), 1),
                       "p99": round(percentile(ok, 99), 1),
                       "max": round(ok[-1], 1) if ok else None},
    }
    if args.kill_worker:
        failed_after = sum(1 for s in samples
                           if s.outcome != "200" and kill.pid is not None
                           and s.started + s.latency >= kill.at)
        report["kill_worker"] = {
            "killed_pid": kill.pid,
            "failed_requests_after_kill": failed_after,
            "replaced": kill.replaced,
            "new_pids": kill.replaced_by,
        }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        lat = report["latency_ms"]
        assert isinstance(lat, dict)
        print(f"requests {report['requests']}  ok {report['ok']}  errors {report['errors']} "
              f"{report['error_kinds'] or ''}")
        print(f"throughput {report['throughput_rps']} req/s  latency ms p50 {lat['p50']}  "
              f"p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}")
        if args.kill_worker:
            k = report["kill_worker"]
            assert isinstance(k, dict)
            print(f"killed worker {k['killed_pid']}: {k['failed_requests_after_kill']} requests "
                  f"failed after the kill; replaced: {k['replaced']} {k['new_pids']}")
    return 0 if not errors or args.kill_worker else 1


if __name__ == "__main__":
    sys.exit(main())
