"""Work done ahead at the lowest CPU priority: what the MkDocs process reads while our stages run.

During an incremental build the build process and the search index's process keep both cores
busy; a third process preparing at the same priority takes CPU from both, which are what the
build waits for. Linux lets a thread lower its own priority but not raise it back (without
privileges), so the work ahead runs in a thread that lowers its own: the thread that waits for the
docs keeps its priority for the rest of the build, as do the workers it forks.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
LOWEST = 19  # the highest nice value


def ahead(work: Callable[[], T]) -> Future[T]:
    """Start `work` in a thread of its own at the lowest priority; its Future's result() waits for
    it and returns what it returned (or raises what it raised)."""
    future: Future[T] = Future()

    def run() -> None:
        lower_this_thread()
        try:
            future.set_result(work())
        except BaseException as error:  # raised again in the thread that asks for the result
            future.set_exception(error)

    threading.Thread(target=run, name="ahead", daemon=True).start()
    return future


def lower_this_thread() -> None:
    """The calling thread's priority, and only its own, at its lowest (nice is per thread on Linux)."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
        except OSError:  # a priority is a hint: without it the work is done all the same
            pass
