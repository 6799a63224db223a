"""A small, polite HTTP client shared by the arXiv and Crossref clients.

Politeness is the default, not the caller's job (the shape of arxiv.py's `Client`): one request at
a time, a pause between requests (arXiv's terms of use ask for one request every three seconds,
from all of a user's machines together), a User-Agent that names papercat, timeouts, and a few
retries with growing waits on timeouts, HTTP 429 and 5xx, honouring the server's Retry-After.

httpx is imported inside the functions that use it so `papercat --help` does not pay for it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional
from urllib.parse import urlsplit

from .. import __version__
from ..errors import SourceError, UsageError
from ..text import collapse_whitespace
from ..untrusted import shown

if TYPE_CHECKING:
    import httpcore
    import httpx

USER_AGENT = f"papercat/{__version__} (+https://github.com/papercat)"
# Crossref serves requests that carry a contact address from its faster "polite" pool and
# can reach the person instead of blocking them; arXiv asks for the same courtesy.
CONTACT_EMAIL_ENV = "PAPERCAT_CONTACT_EMAIL"


def user_agent() -> str:
    """papercat's User-Agent, with `mailto:` the contact address from $PAPERCAT_CONTACT_EMAIL if set."""
    email = os.environ.get(CONTACT_EMAIL_ENV, "").strip()
    if email and not email.isascii():
        raise UsageError(
            f"${CONTACT_EMAIL_ENV} ({shown(email, 80)}) has characters an HTTP header cannot carry; "
            "give the address in ASCII (an internationalized domain in its xn-- form)"
        )
    if email and "@" in email and not any(c in email for c in "\r\n;()"):
        return f"papercat/{__version__} (+https://github.com/papercat; mailto:{email})"
    return USER_AGENT


def check_api_url(url: str, what: str) -> str:
    """`url` when it is an http(s) URL with a host; UsageError naming `what` otherwise."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:  # `http://[::1` and other unparsable URLs
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise UsageError(f"{what} must be an http:// or https:// URL with a host, not '{shown(url, 120)}'")
    return url


DEFAULT_DELAY_SECONDS = 3.0
# Three attempts in all: enough to ride out a throttling blip, few enough to stay polite.
DEFAULT_RETRIES = 2
# A response larger than this is not metadata: stop reading rather than fill memory.
MAX_BODY_BYTES = 10 * 1024 * 1024
# Never wait longer than this for one retry; a server asking for more is reported instead.
MAX_RETRY_WAIT_SECONDS = 60.0
# Timeouts bound each read, not a whole response: a server sending a byte a second never
# trips them. One response may take `deadline_seconds` from request to last byte
# ($PAPERCAT_HTTP_DEADLINE, by default twice the read timeout plus the connect timeout); then papercat closes the
# connection and reports it (no retry: a server that slow would be as slow again).
DEADLINE_ENV = "PAPERCAT_HTTP_DEADLINE"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str


@dataclass
class PoliteHttp:
    """Sends GET requests one at a time, `delay_seconds` apart, retrying transient failures.

    `delay_seconds=0` means no waiting at all (tests, or a mirror you run yourself): retries then
    happen at once, and a Retry-After header is noted but not slept on.
    """

    service: str  # how messages name the server, e.g. "the arXiv API"
    delay_seconds: float = DEFAULT_DELAY_SECONDS
    retries: int = DEFAULT_RETRIES
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_body_bytes: int = MAX_BODY_BYTES
    # The whole of one response, however slowly it trickles in (the read timeout is per chunk);
    # None: $PAPERCAT_HTTP_DEADLINE, else 2 x read_timeout + connect_timeout.
    deadline_seconds: Optional[float] = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    transport: Optional[httpx.BaseTransport] = None  # for tests that need to break the connection
    on_retry: Optional[Callable[[str], None]] = None  # told of each retry, before its wait
    requests_sent: int = 0
    _last_request_at: Optional[float] = field(default=None, repr=False)
    _client: Optional[httpx.Client] = field(default=None, repr=False)

    def get(self, url: str, params: Optional[dict[str, str]] = None, accept_statuses: tuple[int, ...] = ()) -> HttpResponse:
        """The response to a GET; 2xx and `accept_statuses` are returned, anything else raises SourceError."""
        return self.request("GET", url, params=params, accept_statuses=accept_statuses)

    def post_json(self, url: str, payload: Any, params: Optional[dict[str, str]] = None, accept_statuses: tuple[int, ...] = ()) -> HttpResponse:
        """The response to a POST of a JSON body (Semantic Scholar's batch endpoint), with the same etiquette as `get`."""
        return self.request("POST", url, params=params, json_body=payload, accept_statuses=accept_statuses)

    def request(
        self,
        method: str,
        url: str,
        params: Optional[dict[str, str]] = None,
        json_body: Any = None,
        accept_statuses: tuple[int, ...] = (),
    ) -> HttpResponse:
        """One request, retried on timeouts, 429 and 5xx; 2xx and `accept_statuses` are returned."""
        import httpx

        attempts = self.retries + 1
        problem = ""
        where = f"{self.service} at {shown(url, 160)}"
        for attempt in range(attempts):
            self._wait_for_turn()
            watchdog = _Deadline(self._deadline())
            try:
                response = self._send(method, url, params, json_body, watchdog)
            except httpx.TimeoutException:
                problem = f"{where} did not answer within {self.read_timeout:g} s"
                self._back_off(attempt, attempts, None, f"did not answer within {self.read_timeout:g} s")
                continue
            except httpx.ConnectError as error:
                raise SourceError(f"cannot connect to {where} ({_reason(error)}); check the network, or use --offline to work from the cache") from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as error:
                if watchdog.expired:
                    raise self._too_slow(where, watchdog.seconds) from None
                problem = f"{where} closed the connection before the response was complete ({_reason(error)})"
                self._back_off(attempt, attempts, None, "closed the connection")
                continue
            except httpx.TooManyRedirects:
                raise SourceError(f"{where} redirects in a loop (or more than 20 times); check the API URL") from None
            except httpx.UnsupportedProtocol as error:
                raise SourceError(f"{where} redirected to a URL papercat will not follow ({_reason(error)}); only http:// and https:// are fetched") from None
            except httpx.DecodingError as error:
                raise SourceError(f"{where} sent a body that does not decode as its headers say ({_reason(error)}); try again later") from None
            except httpx.HTTPError as error:
                raise SourceError(f"request to {where} failed ({type(error).__name__}: {_reason(error)})") from None
            finally:
                watchdog.cancel()
            if response.status in RETRY_STATUSES:
                problem = f"{where} answered HTTP {response.status}"
                retry_after = _retry_after_seconds(response.headers.get("retry-after"))
                if retry_after is not None and retry_after > MAX_RETRY_WAIT_SECONDS:
                    raise SourceError(f"{problem} and asked to wait {retry_after:g} s; try again later")
                self._back_off(attempt, attempts, retry_after, f"answered HTTP {response.status}")
                continue
            if 200 <= response.status < 300 or response.status in accept_statuses:
                return response
            raise SourceError(f"{where} answered HTTP {response.status}: {_snippet(response.body)}")
        raise SourceError(f"{problem} ({attempts} attempts); try again later, or use --offline to work from the cache")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- internals -------------------------------------------------------------

    def _http_client(self) -> httpx.Client:
        import httpx

        if self._client is None:
            timeout = httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
            try:
                self._client = httpx.Client(
                    headers={"User-Agent": user_agent()},
                    timeout=timeout,
                    follow_redirects=True,
                    transport=self.transport,
                    # One connection at a time, as arXiv's terms of use ask.
                    limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                )
            except ImportError as error:  # a SOCKS proxy in the environment without httpx[socks]
                raise SourceError(f"cannot reach {self.service}: {_reason(error)}") from None
            except OSError as error:  # SSL_CERT_FILE / SSL_CERT_DIR naming a missing or unreadable file
                where = os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR") or "the system's certificates"
                raise SourceError(
                    f"cannot set up TLS for {self.service}: {where} ({error.strerror or error}); fix or unset $SSL_CERT_FILE / $SSL_CERT_DIR"
                ) from None
        return self._client

    def _deadline(self) -> float:
        if self.deadline_seconds is not None:
            return self.deadline_seconds
        from ..environment import seconds_from_env

        return seconds_from_env(DEADLINE_ENV, 2 * self.read_timeout + self.connect_timeout, SourceError, positive=True)

    def _too_slow(self, where: str, seconds: float) -> SourceError:
        return SourceError(f"{where} did not finish its response within {seconds:g} s (${DEADLINE_ENV}); stopped reading; try again later")

    def _send(self, method: str, url: str, params: Optional[dict[str, str]], json_body: Any, watchdog: "_Deadline") -> HttpResponse:
        self.requests_sent += 1
        started = self._last_request_at = self.clock()
        watchdog.start()
        with self._http_client().stream(method, url, params=params, json=json_body, extensions={"trace": watchdog.trace}) as response:
            watchdog.trace("connection.connect_tcp.complete", {"return_value": response.extensions.get("network_stream")})  # a kept-alive connection
            chunks = []
            size = 0
            for chunk in response.iter_bytes():
                if watchdog.expired or self.clock() - started > watchdog.seconds:
                    raise self._too_slow(f"{self.service} at {shown(url, 160)}", watchdog.seconds)
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise SourceError(
                        f"{self.service} at {shown(url, 160)} sent more than {self.max_body_bytes // (1024 * 1024)} MB; stopped reading (this is not a metadata response)"
                    )
                chunks.append(chunk)
            if watchdog.expired:  # the watchdog's shutdown can look like the end of a body read to EOF
                raise self._too_slow(f"{self.service} at {shown(url, 160)}", watchdog.seconds)
            return HttpResponse(response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks), str(response.url))

    def _wait_for_turn(self) -> None:
        """Keep `delay_seconds` between the start of consecutive requests."""
        if self._last_request_at is None or self.delay_seconds <= 0:
            return
        remaining = self._last_request_at + self.delay_seconds - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    def _back_off(self, attempt: int, attempts: int, retry_after: Optional[float], what: str = "failed") -> None:
        """Wait before the next attempt: the server's Retry-After, or a doubling multiple of the delay.

        `on_retry` hears of it first, so a person does not watch a silent 10-16 s pause.
        """
        if attempt + 1 >= attempts:
            return
        wait = 0.0
        if self.delay_seconds > 0:
            wait = self.delay_seconds * (2**attempt)
            if retry_after is not None:
                wait = max(wait, retry_after)
            wait = min(wait, MAX_RETRY_WAIT_SECONDS)
        if self.on_retry is not None:
            self.on_retry(f"{self.service} {what}; retrying in {wait:.0f} s, attempt {attempt + 2} of {attempts}")
        if wait <= 0:
            return
        self.sleep(wait)
        # The pause just taken counts as the polite delay before the retry.
        self._last_request_at = None


class _Deadline:
    """Closes the connection of one attempt when its overall deadline passes.

    httpx's timeouts bound each read; this bounds the whole exchange. httpx's trace hook hands
    over the connection's stream as it is opened; a timer thread shuts its socket down, which
    makes the blocked read return at once, and `expired` tells why it did.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._stream: Optional[httpcore.NetworkStream] = None
        self._timer: Optional[threading.Timer] = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        _start_deaf_to_interrupts(self._timer)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
                if self.expired:
                    self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        import socket

        raw = self._stream.get_extra_info("socket") if self._stream is not None else None
        if raw is not None:
            try:
                raw.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _start_deaf_to_interrupts(thread: threading.Thread) -> None:
    """Start `thread` with SIGINT and SIGTERM blocked, so the kernel delivers them to the main thread.

    A process-directed signal goes to any thread that does not block it. Had it gone to the
    timer, the main thread would sit on in its blocked read until the server answered: Ctrl-C
    during a slow request would do nothing (tests/cli/test_add.py, SIGINT while the server delays).
    A new thread inherits the mask of the thread that starts it.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: signals go to the main thread anyway
        thread.start()
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        thread.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _retry_after_seconds(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return shown(text.splitlines()[0], 160)


def _snippet(body: bytes) -> str:
    text = collapse_whitespace(body[:300].decode("utf-8", "replace"))
    return text[:160] or "(empty body)"
