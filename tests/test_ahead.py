"""Work done ahead (runtime/ahead.py): at the lowest priority in its own thread, the caller's kept."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from generator.runtime.ahead import LOWEST, ahead

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nice is per thread on Linux")


def thread_priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_the_work_runs_at_the_lowest_priority_and_the_caller_keeps_its_own():
    before = thread_priority()
    seen = ahead(lambda: (threading.get_native_id(), thread_priority())).result(timeout=10)
    assert seen[0] != threading.get_native_id()  # another thread
    assert seen[1] == LOWEST
    assert thread_priority() == before


def test_the_result_is_what_the_work_returned():
    assert ahead(lambda: {"pages": 3}).result(timeout=10) == {"pages": 3}


def test_what_the_work_raised_is_raised_where_the_result_is_asked_for():
    def work():
        raise KeyError("state")

    future = ahead(work)
    with pytest.raises(KeyError, match="state"):
        future.result(timeout=10)


def test_the_caller_goes_on_while_the_work_runs():
    release = threading.Event()
    future = ahead(lambda: release.wait(10))
    assert not future.done()  # ahead() returned before the work ended
    release.set()
    assert future.result(timeout=10) is True
