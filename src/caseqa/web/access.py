"""Who may do what on a served page: the serving mode, the instructor's secret and sessions, allowed hosts.

Three modes:

- **local** (the default: bound to a loopback address, no secret): one user on this machine,
  who may do everything; no login.
- **class** (an instructor secret is set; required to bind any other address): students ask and
  check without logging in; adding, removing or putting back a case needs the instructor's login.
- **read-only** (``--read-only``): nobody can change the library; nothing on disk is written.
  Several read-only servers can answer from one index folder that ``caseqa index`` updates.

Nothing here imports a web framework: :mod:`caseqa.web.guard` applies this to every request,
and the page's and API's handlers ask :meth:`Access.may_change` before writing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from caseqa.errors import UsageError

PASSWORD_ENV = "CASEQA_INSTRUCTOR_PASSWORD"
MIN_PASSWORD_CHARS = 8
COOKIE = "caseqa_instructor"
SESSION_SECONDS = 12 * 3600  # a school day; the instructor logs in again the next morning
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class Mode(StrEnum):
    """How the server was started (see the module docstring)."""

    LOCAL = "local"
    CLASS = "class"
    READ_ONLY = "read-only"


class Role(StrEnum):
    """Who a request comes from, as far as the library is concerned."""

    INSTRUCTOR = "instructor"  # may change the library (everyone in local mode)
    STUDENT = "student"  # asks and checks


def is_loopback(host: str) -> bool:
    """True for a name or address of this machine only (127.0.0.1, ::1, localhost)."""
    host = host.strip("[]").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str:
    """The host part of a ``Host`` header or an origin's netloc, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:7860
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def read_secret(env: dict[str, str], password_file: Path | None) -> str | None:
    """The instructor's secret: the first line of ``password_file``, else ``CASEQA_INSTRUCTOR_PASSWORD``.

    Raises:
        UsageError: The file cannot be read, or the secret is shorter than MIN_PASSWORD_CHARS.
    """
    where = PASSWORD_ENV
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the instructor password file {str(password_file)!r} "
                             f"({getattr(exc, 'strerror', None) or exc})") from None
        secret, where = (lines[0].strip() if lines else ""), str(password_file)
    else:
        secret = env.get(PASSWORD_ENV, "")
    if not secret:
        if password_file is not None:
            raise UsageError(f"the instructor password file {str(password_file)!r} is empty")
        return None
    if len(secret) < MIN_PASSWORD_CHARS:
        raise UsageError(f"the instructor password in {where} is {len(secret)} characters long; use at least "
                         f"{MIN_PASSWORD_CHARS} (students could guess a shorter one)")
    return secret


@dataclass
class Throttle:
    """Slows down repeated failed logins from one client: each failure doubles the wait before the next try.

    After ``free`` failures, a client must wait ``base * 2**(failures - free)`` seconds (at most
    ``cap``) before its next attempt is even checked; a success or ``forget`` seconds without a
    failure clear its count. Kept in memory for at most ``max_clients`` clients.
    """

    free: int = 3
    base: float = 1.0
    cap: float = 300.0
    forget: float = 3600.0
    max_clients: int = 10_000
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str, now: float | None = None) -> float:
        """Seconds this client must still wait before a login attempt is checked (0 when none)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
            if count and now - last > self.forget:
                self._failures.pop(client, None)
                return 0.0
            if count < self.free:
                return 0.0
            return max(0.0, last + min(self.cap, self.base * 2 ** (count - self.free)) - now)

    def failed(self, client: str, now: float | None = None) -> None:
        """Record a failed attempt."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) >= self.max_clients:  # drop the oldest half rather than grow
                for key, _ in sorted(self._failures.items(), key=lambda kv: kv[1][1])[: self.max_clients // 2]:
                    del self._failures[key]
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, now)

    def succeeded(self, client: str) -> None:
        """Clear a client's failures."""
        with self._lock:
            self._failures.pop(client, None)


class Access:
    """The serving mode and everything that depends on it: roles, sessions, hosts and origins.

    Args:
        mode: How the server runs.
        secret: The instructor's secret (class mode only).
        allowed_hosts: Host names (besides this machine's loopback names and any IP address)
            that requests may name in their ``Host`` header.
        instructor_path: For a read-only replica behind ``deploy/serve``'s nginx: where (relative
            to the page) the instructor logs in to the writer, shown on the Library tab.
    """

    def __init__(self, mode: Mode, secret: str | None = None, allowed_hosts: tuple[str, ...] = (),
                 instructor_path: str | None = None) -> None:
        if (mode == Mode.CLASS) != bool(secret):
            raise ValueError("class mode needs an instructor secret, and only class mode uses one")
        self.mode = mode
        self.instructor_path = instructor_path
        self._secret_digest = hashlib.sha256(secret.encode("utf-8")).digest() if secret else b""
        # Sessions are signed with a key of this process, derived from the secret and a random part:
        # changing the password, restarting the server or logging out ends a session for good
        # (read-only replicas need no session: only the one writable server changes the library).
        self._key = (hmac.new(self._secret_digest, b"caseqa session v1" + secrets.token_bytes(32), hashlib.sha256)
                     .digest() if secret else b"")
        self._revoked: dict[str, float] = {}
        self._lock = threading.Lock()
        self.throttle = Throttle()
        self.allowed_hosts = frozenset(LOCAL_NAMES | {host_name(h) for h in allowed_hosts if h.strip()})

    def __repr__(self) -> str:  # never the secret
        return f"Access(mode={self.mode!s}, allowed_hosts={sorted(self.allowed_hosts)})"

    @property
    def library_writable(self) -> bool:
        """Whether anyone may change the library on this server."""
        return self.mode != Mode.READ_ONLY

    # --- roles and sessions ------------------------------------------------------------------

    def role(self, cookie: str | None) -> Role:
        """The role of a request carrying ``cookie`` (the value of :data:`COOKIE`, or None)."""
        if self.mode == Mode.LOCAL:
            return Role.INSTRUCTOR
        if self.mode == Mode.CLASS and cookie and self._valid(cookie):
            return Role.INSTRUCTOR
        return Role.STUDENT

    def may_change(self, cookie: str | None) -> bool:
        """Whether a request carrying ``cookie`` may add, remove or put back a case."""
        return self.library_writable and self.role(cookie) == Role.INSTRUCTOR

    def check_password(self, given: str) -> bool:
        """Compare a login attempt with the secret in constant time (digests of equal length)."""
        if self.mode != Mode.CLASS:
            return False
        digest = hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest()
        return hmac.compare_digest(digest, self._secret_digest)

    def new_session(self, now: float | None = None) -> str:
        """A signed session token ``v1.<expiry>.<nonce>.<mac>``, valid on this server process only."""
        expires = int((time.time() if now is None else now) + SESSION_SECONDS)
        body = f"v1.{expires}.{secrets.token_urlsafe(18)}"
        return f"{body}.{self._mac(body)}"

    def end_session(self, cookie: str | None) -> None:
        """Log out: the token is refused from now on (until it would have expired anyway)."""
        if cookie and self._valid(cookie):
            with self._lock:
                now = time.time()
                self._revoked = {t: e for t, e in self._revoked.items() if e > now}
                self._revoked[cookie] = float(cookie.split(".")[1])

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode("ascii"), hashlib.sha256).hexdigest()

    def _valid(self, token: str, now: float | None = None) -> bool:
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != "v1" or not parts[1].isdigit():
            return False
        body = ".".join(parts[:3])
        try:
            body.encode("ascii")
        except UnicodeEncodeError:
            return False
        if not hmac.compare_digest(self._mac(body), parts[3]):
            return False
        with self._lock:
            revoked = token in self._revoked
        return not revoked and int(parts[1]) > (time.time() if now is None else now)

    # --- outsiders ---------------------------------------------------------------------------

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's ``Host`` names this server.

        Allowed: localhost names, any IP address literal, and the ``--allowed-host`` names.
        A DNS-rebinding page always sends its own host *name* (``Host: evil.example``), never
        an address, so addresses are safe to accept; names must be listed.
        """
        if not host_header:
            return False
        name = host_name(host_header)
        return name in self.allowed_hosts or _is_ip(name)

    def same_origin(self, origin: str | None, host_header: str | None, fetch_site: str | None) -> bool:
        """Whether a state-changing request comes from this server's own pages (or from no browser page).

        Browsers send ``Origin`` with every cross-origin POST (and ``Sec-Fetch-Site``); scripts
        and ``gradio_client`` send neither and are let through. ``Origin: null`` (sandboxed
        frames, files) is refused.
        """
        if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
            return False
        if origin is None:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or not host_header:
            return False
        return parts.netloc.lower() == host_header.strip().lower() and self.host_allowed(parts.netloc)


# Set by deploy/serve for its read-only replicas: the path (relative to the page) where nginx sends
# the instructor to the writer's login.
INSTRUCTOR_PATH_ENV = "CASEQA_INSTRUCTOR_PATH"


def access_for(host: str, read_only: bool, env: dict[str, str] | None = None, password_file: Path | None = None,
               allowed_hosts: tuple[str, ...] = ()) -> Access:
    """The access rules for a server bound to ``host``.

    - ``--read-only``: read-only mode, on any address (a secret, if given, is not needed).
    - A secret (``CASEQA_INSTRUCTOR_PASSWORD`` or ``--instructor-password-file``): class mode,
      also on a loopback address, since a reverse proxy there may serve a whole class.
    - No secret, loopback address: local mode.

    Raises:
        UsageError: A non-loopback address without a secret or ``--read-only`` (one line saying
            what to do), or a secret that cannot be read or is too short.
    """
    env = dict(os.environ) if env is None else env
    bound = (host_name(host),) if not is_loopback(host) and host_name(host) not in ("0.0.0.0", "::", "") else ()
    if read_only:
        return Access(Mode.READ_ONLY, None, (*allowed_hosts, *bound), env.get(INSTRUCTOR_PATH_ENV) or None)
    secret = read_secret(env, password_file)
    if secret:
        return Access(Mode.CLASS, secret, (*allowed_hosts, *bound))
    if not is_loopback(host):
        raise UsageError(f"serving on {host} lets other machines in, so the library needs an owner: set "
                         f"{PASSWORD_ENV} (or pass --instructor-password-file FILE) so that only the instructor "
                         "can change it, or pass --read-only")
    return Access(Mode.LOCAL, None, allowed_hosts)
