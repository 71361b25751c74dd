"""One small HTTP client for the APIs we read: a timeout, retries on 429/503 that honour
Retry-After, a minimum interval between requests (arXiv asks for 3 s), and an on-disk cache
(build/cache/<service>/) so a re-run within a day asks nothing again.

The standard library's urllib is enough for GETs of small documents; `requests` would add a
dependency for nothing we use. Errors are one line, naming the service and what to do.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from generator.errors import PaperDigestError
from generator.text.wording import count

USER_AGENT = "paperdigest/0.1 (+https://github.com/paper-digest/paper-digest)"
T = TypeVar("T")
RETRY_STATUSES = (429, 503)
MAX_RETRY_WAIT = 120.0  # a longer Retry-After is an error: try again later
MAX_BODY = 32 * 1024 * 1024  # bytes; a day of Hugging Face papers is about 0.3 MB, 50 arXiv entries 0.2 MB


class HttpClient:
    def __init__(
        self,
        service: str,
        cache_dir: Path | None = None,
        min_interval: float = 0.0,
        timeout: float = 30.0,
        attempts: int = 4,
        max_age: float = 86400.0,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.service = service
        self.cache_dir = cache_dir
        self.min_interval = min_interval
        self.timeout = timeout
        self.attempts = attempts
        self.max_age = max_age
        self.sleep, self.clock = sleep, clock
        self._last: float | None = None
        self.requests = 0  # sent over the network (not served from the cache)

    def get(self, url: str, parse: Callable[[bytes], T]) -> T:
        """`parse` of the body at `url`; a body is cached only once it parsed (a garbled answer is
        asked again next time, not replayed from the cache)."""
        cached = self._cache_path(url)
        if cached and cached.exists() and time.time() - cached.stat().st_mtime < self.max_age:
            return parse(cached.read_bytes())
        body = self._fetch(url)
        parsed = parse(body)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            partial.write_bytes(body)
            partial.replace(cached)
        return parsed

    def _fetch(self, url: str) -> bytes:
        host = urlsplit(url).netloc
        for attempt in range(1, self.attempts + 1):
            self._wait_turn()
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    raise PaperDigestError(
                        f"{self.service}: the answer from {host} is over {MAX_BODY // 2**20} MB "
                        "(expected a small document)"
                    )
                return body
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUSES:
                    raise PaperDigestError(
                        f"{self.service}: HTTP {error.code} from {host} for {url}"
                    ) from None
                wait = _retry_after(error.headers.get("Retry-After"), default=float(2**attempt))
                if attempt == self.attempts or wait > MAX_RETRY_WAIT:
                    raise PaperDigestError(
                        f"{self.service}: HTTP {error.code} from {host} after "
                        f"{count(attempt, 'attempt')} (the service is busy: try again later)"
                    ) from None
                self.sleep(wait)
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as error:
                reason = getattr(error, "reason", error)
                raise PaperDigestError(
                    f"{self.service}: cannot reach {host} ({_reason(reason)}; are you offline?)"
                ) from None
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.min_interval:
            self.sleep(self.min_interval - (now - self._last))
        self._last = self.clock()

    def _cache_path(self, url: str) -> Path | None:
        if not self.cache_dir:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".body")


def _retry_after(value: str | None, default: float) -> float:
    """Retry-After is seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return default
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:  # [Errno 111] Connection refused -> the words
        return reason.strerror
    text = str(reason) or type(reason).__name__
    return " ".join(text.split())[:120]
