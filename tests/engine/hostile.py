"""Running a checker case in a child process, with a time and a memory bound.

A hostile fact base may crash the interpreter (PyYAML's C composer at 30,000 levels of
nesting), eat memory (an alias bomb) or hang (a link to /dev/zero). Each case runs in a
forked child that inherits the loaded modules (so it starts in milliseconds), under an
address-space limit, and is killed after a timeout: a case that would take the machine
down fails fast instead, with what happened.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.engine import check_fact_base

TODAY = date(2025, 7, 1)
TIME_BOUND = 3.0  # seconds a case may take to check (each is small: correct code takes ~0.1)
MEMORY_BOUND = 200 * 1024 * 1024  # bytes of memory a case may add
_ADDRESS_SPACE_MARGIN = 1024 * 1024 * 1024  # a runaway child stops here with MemoryError
_KILL_AFTER = 20.0


@dataclass(frozen=True)
class Outcome:
    # path, line, column, severity, message, fix
    problems: list[tuple[str, int, int, str, str, str]]
    seconds: float
    memory: int  # bytes the check added to the process's peak resident size


def _resident_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


def _virtual_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


def _child(root: Path, prepare: Callable[[], None] | None, send: Any) -> None:
    try:
        limit = _virtual_bytes() + _ADDRESS_SPACE_MARGIN
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.chdir(root)
        if prepare is not None:
            prepare()
        before = _resident_bytes()
        start = time.perf_counter()
        _, problems = check_fact_base(Path("facts"), Path("seeds"), today=TODAY)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        send.send(("ok", Outcome([(p.path, p.line, p.column, p.severity, p.message, p.fix)
                                  for p in problems], seconds, max(0, peak - before))))
    except BaseException:  # everything goes back to the test, as text
        send.send(("raised", traceback.format_exc()))


def check_in_child(root: Path, prepare: Callable[[], None] | None = None) -> Outcome:
    """Check the fact base at root/facts and root/seeds in a bounded child process."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(root, prepare, send))
    child.start()
    send.close()
    if not receive.poll(_KILL_AFTER):
        child.kill()
        child.join()
        raise AssertionError(f"the check did not finish in {_KILL_AFTER:.0f} s (killed)")
    try:
        status, result = receive.recv()
    except EOFError:
        child.join()
        raise AssertionError(
            f"the check crashed the process (exit code {child.exitcode})") from None
    child.join()
    if status != "ok":
        raise AssertionError(f"the check raised:\n{result}")
    return result  # type: ignore[no-any-return]
