"""Bound the wall time of a block of code with SIGALRM.

Used by the API (a request past its deadline gets a clean 503 instead of a killed gunicorn
worker) and by the adversarial tests and benchmark (a hang fails instead of blocking). SIGALRM
reaches only the main thread, which is where gunicorn's sync worker and pytest run code;
elsewhere (or without ``setitimer``) the block runs unbounded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def deadline(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``error()`` inside the block once ``seconds`` have passed (0 = no limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and (
        threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise error()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
