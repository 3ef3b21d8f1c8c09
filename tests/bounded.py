"""Running hostile input in a child process, under a time and a memory bound.

Hostile input may crash the interpreter (PyYAML's C composer at 30,000 levels of nesting),
eat memory (an alias bomb) or run for minutes (a quadratic regular expression). The work
runs in a forked child that inherits the loaded modules (so it starts in milliseconds),
under an address-space limit, and is killed once it overruns its bound: a regression
fails fast instead of taking the machine or the test run down, and says what happened.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

TIME_BOUND = 3.0  # seconds a hostile case may take (each is small: correct code takes ~0.1)
MEMORY_BOUND = 200 * 1024 * 1024  # bytes of memory a case may add
_ADDRESS_SPACE_MARGIN = 1024 * 1024 * 1024  # a runaway child stops here with MemoryError
_GRACE = 5.0  # seconds past the bound before the child is killed (a loaded machine is slow)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    result: T
    seconds: float  # wall time of the work alone, in the child
    memory: int  # bytes the work added to the child's peak resident size


def _status_bytes(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


def _child(work: Callable[[], Any], send: Any) -> None:
    try:
        limit = _status_bytes("VmSize:") + _ADDRESS_SPACE_MARGIN
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        before = _status_bytes("VmRSS:")
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        send.send(("ok", Outcome(result, seconds, max(0, peak - before))))
    except BaseException:  # everything goes back to the test, as text
        send.send(("raised", traceback.format_exc()))


def run_bounded(work: Callable[[], T], seconds: float = TIME_BOUND,
                memory: int = MEMORY_BOUND) -> Outcome[T]:
    """Run `work` in a forked child; fail if it crashes, raises, or overruns either bound."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send))
    child.start()
    send.close()
    if not receive.poll(seconds + _GRACE):
        child.kill()
        child.join()
        raise AssertionError(f"did not finish in {seconds + _GRACE:.0f} s (killed)")
    try:
        status, outcome = receive.recv()
    except EOFError:
        child.join()
        raise AssertionError(f"crashed the process (exit code {child.exitcode})") from None
    child.join()
    if status != "ok":
        raise AssertionError(f"raised:\n{outcome}")
    assert outcome.seconds < seconds, f"took {outcome.seconds:.1f} s, more than {seconds} s"
    assert outcome.memory < memory, f"added {outcome.memory:,} bytes, more than {memory:,}"
    return outcome  # type: ignore[no-any-return]
