"""Who may do what: serving modes, the instructor's secret and sessions, slowed guessing, hosts and origins."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from caseqa.errors import UsageError
from caseqa.web.access import PASSWORD_ENV, Access, Mode, Role, Throttle, access_for, host_name

SECRET = "correct horse battery"


def test_a_loopback_address_without_a_secret_is_local_mode_where_the_one_user_may_change() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        access = access_for(host, read_only=False, env={})
        assert access.mode == Mode.LOCAL and access.role(None) == Role.INSTRUCTOR and access.may_change(None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "caseqa.school.example"])
def test_any_other_address_needs_a_secret_or_read_only_and_says_so_in_one_line(host: str) -> None:
    with pytest.raises(UsageError) as refused:
        access_for(host, read_only=False, env={})
    message = str(refused.value)
    assert "\n" not in message and f"serving on {host} lets other machines in" in message
    assert PASSWORD_ENV in message and "--instructor-password-file" in message and "--read-only" in message
    assert access_for(host, read_only=True, env={}).mode == Mode.READ_ONLY
    assert access_for(host, read_only=False, env={PASSWORD_ENV: SECRET}).mode == Mode.CLASS


def test_a_secret_makes_class_mode_also_on_loopback_behind_a_proxy(tmp_path: Path) -> None:
    assert access_for("127.0.0.1", read_only=False, env={PASSWORD_ENV: SECRET}).mode == Mode.CLASS
    secret_file = tmp_path / "instructor.txt"
    secret_file.write_text(SECRET + "\n")
    access = access_for("0.0.0.0", read_only=False, env={}, password_file=secret_file)
    assert access.mode == Mode.CLASS and access.check_password(SECRET)


def test_bad_secrets_are_refused_before_serving(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"is 5 characters long; use at least 8"):
        access_for("0.0.0.0", read_only=False, env={PASSWORD_ENV: "short"})
    with pytest.raises(UsageError, match="cannot read the instructor password file"):
        access_for("0.0.0.0", read_only=False, env={}, password_file=tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(UsageError, match="is empty"):
        access_for("0.0.0.0", read_only=False, env={}, password_file=tmp_path / "empty.txt")


def test_read_only_mode_lets_nobody_change_the_library() -> None:
    access = Access(Mode.READ_ONLY)
    assert not access.library_writable and not access.may_change(None)
    assert not access.check_password("") and not access.check_password(SECRET)


def test_in_class_mode_only_a_signed_session_is_the_instructor() -> None:
    access = Access(Mode.CLASS, SECRET)
    assert access.role(None) == Role.STUDENT and not access.may_change("")
    assert not access.check_password("correct horse") and access.check_password(SECRET)
    token = access.new_session()
    assert access.role(token) == Role.INSTRUCTOR and access.may_change(token)
    version, expires, nonce, mac = token.split(".")
    forged = [
        f"{version}.{int(expires) + 3600}.{nonce}.{mac}",  # a longer session
        f"{version}.{expires}.{nonce}.{'0' * len(mac)}",
        f"{version}.{expires}.{nonce}",
        "instructor",
        token + "x",
        f"{version}.{expires}.{nonce}.{mac}".replace("v1", "v2"),
    ]
    assert [access.role(t) for t in forged] == [Role.STUDENT] * len(forged)
    assert Access(Mode.CLASS, "another secret!").role(token) == Role.STUDENT  # a new password ends sessions


def test_sessions_expire_and_logging_out_ends_one() -> None:
    access = Access(Mode.CLASS, SECRET)
    old = access.new_session(now=time.time() - 13 * 3600)
    assert access.role(old) == Role.STUDENT
    token, other = access.new_session(), access.new_session()
    access.end_session(token)
    assert access.role(token) == Role.STUDENT and access.role(other) == Role.INSTRUCTOR


def test_the_secret_is_never_in_the_access_objects_text() -> None:
    access = Access(Mode.CLASS, SECRET)
    assert SECRET not in repr(access) and SECRET not in str(vars(access))


def test_repeated_failures_wait_longer_and_longer_per_client() -> None:
    throttle = Throttle(free=3, base=1.0, cap=8.0, forget=100.0)
    for _ in range(3):
        assert throttle.wait("student", now=0.0) == 0.0
        throttle.failed("student", now=0.0)
    waits = []
    for _ in range(5):
        throttle.failed("student", now=0.0)
        waits.append(throttle.wait("student", now=0.0))
    assert waits == [2.0, 4.0, 8.0, 8.0, 8.0]  # doubling, then capped
    assert throttle.wait("instructor", now=0.0) == 0.0  # another client is not slowed
    assert throttle.wait("student", now=5.0) == 3.0
    assert throttle.wait("student", now=200.0) == 0.0  # forgotten after a quiet while
    throttle.failed("student", now=200.0)
    throttle.succeeded("student")
    assert throttle.wait("student", now=200.0) == 0.0


def test_the_throttle_stays_bounded_in_memory() -> None:
    throttle = Throttle(max_clients=100)
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", now=float(n))
    assert len(throttle._failures) <= 100


@pytest.mark.parametrize(("header", "allowed"), [
    ("127.0.0.1:7860", True), ("localhost:7860", True), ("LOCALHOST", True), ("[::1]:7860", True),
    ("192.168.1.20:7860", True), ("[fe80::1]:7860", True),  # addresses: a rebinding page sends a name
    ("caseqa.school.example:7860", True), ("caseqa.school.example.", True),
    ("evil.example", False), ("evil.example:7860", False), ("localhost.evil.example", False), ("", False),
    (None, False),
])
def test_host_headers_are_checked_against_the_allow_list(header: str | None, allowed: bool) -> None:
    access = Access(Mode.LOCAL, allowed_hosts=("caseqa.school.example",))
    assert access.host_allowed(header) is allowed


def test_host_names_are_read_without_port_or_brackets() -> None:
    assert host_name("[::1]:7860") == "::1" and host_name("Example.ORG:80") == "example.org"
    assert host_name("192.168.1.2") == "192.168.1.2" and host_name("::1") == "::1"


@pytest.mark.parametrize(("origin", "site", "same"), [
    (None, None, True),  # a script or gradio_client: no browser page involved
    ("http://127.0.0.1:7860", "same-origin", True),
    ("http://127.0.0.1:7860", None, True),
    ("http://evil.example", None, False),
    ("http://evil.example", "cross-site", False),
    ("http://127.0.0.1:9999", None, False),  # another port is another origin
    ("null", None, False),
    (None, "cross-site", False),
    (None, "same-site", False),
    ("file://", None, False),
])
def test_changes_must_come_from_this_servers_own_page(origin: str | None, site: str | None, same: bool) -> None:
    assert Access(Mode.LOCAL).same_origin(origin, "127.0.0.1:7860", site) is same


def test_the_address_given_to_a_class_is_one_a_browser_can_open() -> None:
    from caseqa.web.server import reachable_url

    assert reachable_url("127.0.0.1", 7860) == "http://127.0.0.1:7860/"
    assert reachable_url("::1", 7860) == "http://[::1]:7860/"
    wildcard = reachable_url("0.0.0.0", 7861)
    assert wildcard.startswith("http://") and wildcard.endswith(":7861/") and "0.0.0.0" not in wildcard


def test_a_replica_behind_deploy_serve_links_the_instructor_to_the_writers_login() -> None:
    from caseqa.web.access import INSTRUCTOR_PATH_ENV
    from caseqa.web.html import role_note

    replica = access_for("127.0.0.1", read_only=True, env={INSTRUCTOR_PATH_ENV: "instructor"})
    assert replica.mode == Mode.READ_ONLY and replica.instructor_path == "instructor"
    note = role_note(str(replica.mode), False, replica.instructor_path)
    assert "href='instructor'" in note and "Instructor login" in note and "read-only" not in note
    # A read-only server on its own says so, with no login to point to.
    alone = access_for("127.0.0.1", read_only=True, env={})
    assert "read-only" in role_note(str(alone.mode), False, alone.instructor_path)
