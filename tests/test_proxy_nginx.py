"""dealnet behind a real reverse proxy: Debian's nginx with TLS in front of ``dealnet serve``.

The nginx site is ``docs/deploy/nginx-dealnet.conf``, the file a deployer uses, with its
placeholders filled in: a self-signed certificate for ``localhost`` made here with
``openssl``, nginx on a free port of 127.0.0.1, ``dealnet serve`` (a subprocess, on the
session's store) with a member in its user file and ``DEALNET_TRUSTED_PROXIES=1``.

The client connects from 127.0.0.2 (nginx reaches dealnet from 127.0.0.1), checks the
certificate, keeps cookies like a browser and sends the headers a browser sends. Through
nginx it signs in, loads the page, runs a Dash callback (the shell's, whose answer
carries the signed-in user and the sign-out button) and signs out with that button's
token. What only works when dealnet believes its proxy, and nothing more:

- the session cookie is ``Secure`` and HSTS is sent (nginx talks plain http to dealnet);
- the callback passes the same-origin check although nginx sends the upstream address as
  ``Host`` (the public host comes in ``X-Forwarded-Host``), and a foreign ``Origin`` is
  still refused;
- the audit log and the sign-in throttle see the client (127.0.0.2), not nginx, and an
  ``X-Forwarded-For`` the client makes up itself changes nothing;
- a host name the site is not for gets no TLS session.

nginx comes from Debian (``.ci/run`` installs it); without it the test fails, saying so.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from dash._utils import split_callback_id

from app import ids
from app.security import Role, add_user, read_audit
from loaders.driver import Store
from tests.security_support import MEMBER, PASSWORD, csrf_from

ROOT = Path(__file__).resolve().parent.parent
SITE_TEMPLATE = ROOT / "docs" / "deploy" / "nginx-dealnet.conf"
PUBLIC_NAME = "localhost"
CLIENT_ADDRESS = "127.0.0.2"
_START_TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.fail("nginx is needed for the reverse-proxy test: apt-get install nginx (.ci/run does)")
    return found


def fill_site(template: str, values: dict[str, str]) -> str:
    """The site file with every ``{{NAME}}`` replaced; a placeholder left over is an error.

    >>> fill_site("listen {{LISTEN}} ssl;", {"LISTEN": "443"})
    'listen 443 ssl;'
    """
    text = template
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    assert not left, f"placeholders not filled in: {left}"
    return text


def _self_signed(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "dealnet.pem", directory / "dealnet.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={PUBLIC_NAME}", "-addext", f"subjectAltName=DNS:{PUBLIC_NAME}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


def _wait_for(what: str, ready: Any, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"{what} stopped (exit {process.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"{what} did not start within {_START_TIMEOUT:.0f} s:\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.3)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return bool(response.status == 200)
    except OSError:
        return False


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@contextmanager
def _running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=30)


@dataclass
class Reply:
    """One response: status, headers (all values of each), body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def set_cookies(self) -> dict[str, str]:
        """The raw ``Set-Cookie`` lines of this response, by cookie name."""
        lines = self.headers.get_all("Set-Cookie") or []
        return {line.split("=", 1)[0].strip(): line for line in lines}


@dataclass
class HttpsClient:
    """A tiny browser: https to nginx from :data:`CLIENT_ADDRESS`, certificate checked, cookies kept."""

    port: int
    certificate: Path
    server_name: str = PUBLIC_NAME
    verify: bool = True
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://{PUBLIC_NAME}:{self.port}"

    def _connection(self) -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.certificate))
        if not self.verify:  # to see what the server does, not what our own check does
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        client = self

        class Connection(http.client.HTTPSConnection):
            def connect(self) -> None:
                raw = socket.create_connection(("127.0.0.1", client.port), 30, source_address=(CLIENT_ADDRESS, 0))
                self.sock = context.wrap_socket(raw, server_hostname=client.server_name)

        return Connection(PUBLIC_NAME, self.port, context=context, timeout=30)

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        sent = {"Host": f"{PUBLIC_NAME}:{self.port}", "Accept-Language": "nl"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update(headers or {})
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in reply.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    def form(self, path: str, fields: dict[str, str], **headers: str) -> Reply:
        """POST a form as Chromium does from a page of this site (``Origin: null`` under no-referrer)."""
        body = "&".join(f"{k}={urllib.parse.quote(v)}" for k, v in fields.items()).encode()
        return self.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": "null",
            "Sec-Fetch-Site": "same-origin", **headers,
        })  # fmt: skip

    def callback(self, payload: dict[str, Any], origin: str | None = None) -> Reply:
        """A Dash callback as the renderer sends it (JSON ``fetch`` from the page)."""
        return self.request("POST", "/_dash-update-component", body=json.dumps(payload).encode(), headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "Origin": origin or self.origin, "Sec-Fetch-Site": "same-origin" if origin is None else "cross-site",
        })  # fmt: skip


def _account_callback(dependencies: list[dict[str, Any]]) -> dict[str, Any]:
    """The request body of the shell's text callback (its outputs include the account area)."""
    wanted = f"{ids.Shell.ACCOUNT}.children"
    for spec in dependencies:
        if wanted in spec["output"] and spec.get("clientside_function") is None:
            values = {"pathname": "/", "search": ""}
            inputs = [{**item, "value": values.get(item["property"])} for item in spec["inputs"]]
            state = [{**item, "value": values.get(item["property"])} for item in spec.get("state", [])]
            return {
                "output": spec["output"],
                "outputs": split_callback_id(spec["output"]),
                "inputs": inputs,
                "state": state,
                "changedPropIds": [f"{item['id']}.{item['property']}" for item in spec["inputs"]],
            }
    raise AssertionError(f"no callback renders {wanted}")


def _find(node: Any, type_name: str) -> list[dict[str, Any]]:
    """Every component of ``type_name`` in a Dash JSON tree."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == type_name:
            found.append(node)
        for value in node.values():
            found += _find(value, type_name)
    elif isinstance(node, list):
        for item in node:
            found += _find(item, type_name)
    return found


@pytest.fixture
def proxied(cli_store: Store, tmp_path: Path) -> Iterator[tuple[HttpsClient, Path]]:
    """nginx with TLS on a free port in front of ``dealnet serve``; yields a client and the audit file."""
    nginx = _nginx_binary()
    certificate, key = _self_signed(tmp_path)
    home = tmp_path / "home"
    users = tmp_path / "users.json"
    add_user(users, MEMBER, Role.MEMBER, PASSWORD)
    app_port, proxy_port = _free_port(), _free_port()
    env = {
        **os.environ, "DEALNET_HOME": str(home), "DEALNET_USERS_FILE": str(users), "DEALNET_TRUSTED_PROXIES": "1",
    }  # fmt: skip

    prefix = tmp_path / "nginx"
    for sub in ("logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True)
    site = prefix / "dealnet.conf"
    site.write_text(fill_site(SITE_TEMPLATE.read_text(encoding="utf-8"), {
        "LISTEN": f"127.0.0.1:{proxy_port}", "SERVER_NAME": PUBLIC_NAME, "CERTIFICATE": str(certificate),
        "CERTIFICATE_KEY": str(key), "DEALNET": f"127.0.0.1:{app_port}",
    }), encoding="utf-8")  # fmt: skip
    # The main configuration of this private nginx: everything in the temporary directory.
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers must still reach the temp dirs
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"  access_log {prefix}/logs/access.log;\n"
        f"  client_body_temp_path {prefix}/client_body;\n  proxy_temp_path {prefix}/proxy;\n"
        f"  fastcgi_temp_path {prefix}/fastcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n  scgi_temp_path {prefix}/scgi;\n"
        f"  include {site};\n"
        "}\n",
        encoding="utf-8",
    )
    serve = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(app_port)]
    with _running(serve, env, tmp_path / "serve.log") as app:
        _wait_for(
            "dealnet serve", lambda: _answers(f"http://127.0.0.1:{app_port}/healthz"), app, tmp_path / "serve.log"
        )
        command = [
            nginx,
            "-p",
            str(prefix),
            "-e",
            str(prefix / "logs" / "error.log"),
            "-c",
            str(conf),
            "-g",
            "daemon off;",
        ]
        with _running(command, env, tmp_path / "nginx.log") as proxy:
            _wait_for("nginx", lambda: _accepts(proxy_port), proxy, prefix / "logs" / "error.log")
            yield HttpsClient(proxy_port, certificate), home / "audit.jsonl"


def test_sign_in_and_a_callback_through_nginx_with_tls(proxied: tuple[HttpsClient, Path]) -> None:
    client, audit_file = proxied

    # The sign-in page over https; HEAD answers like GET and leaves no trace.
    page = client.request("GET", "/login")
    assert page.status == 200 and "Strict-Transport-Security" in page.headers
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in page.set_cookies()["dealnet_session"]
    head = client.request("HEAD", "/login")
    assert (head.status, head.body) == (200, b"") and "Strict-Transport-Security" in head.headers

    # Sign in; an X-Forwarded-For the client makes up itself is not believed.
    signed_in = client.form(
        "/login",
        {"csrf_token": csrf_from(page.text()), "username": MEMBER, "password": PASSWORD, "next": "/"},
        **{"X-Forwarded-For": "203.0.113.9"},
    )
    assert signed_in.status == 302 and signed_in.headers["Location"] == "/"
    cookies = signed_in.set_cookies()
    for name in ("dealnet_session", "dealnet_device"):
        flags = [part.strip().lower() for part in cookies[name].split(";")]
        assert "secure" in flags and "httponly" in flags, cookies[name]
    assert "Strict-Transport-Security" in signed_in.headers

    app_page = client.request("GET", "/")
    assert app_page.status == 200 and "_dash-config" in app_page.text()
    assert "Strict-Transport-Security" in app_page.headers

    # A Dash callback through nginx, as the renderer sends it: it runs as the member.
    dependencies = client.request("GET", "/_dash-dependencies")
    assert dependencies.status == 200
    body = _account_callback(json.loads(dependencies.body))
    answer = client.callback(body)
    assert answer.status == 200, answer.text()[:500]
    assert "Strict-Transport-Security" in answer.headers
    account = json.loads(answer.body)
    forms = _find(account, "Form")
    assert MEMBER in answer.text() and len(forms) == 1 and forms[0]["props"]["action"] == "/logout?lang=nl"
    token = _find(forms[0], "Button")[0]["props"]["value"]
    # ... and from another origin it is refused, behind the proxy as without one.
    assert client.callback(body, origin="https://evil.example").status == 403

    # Sign out with the button's token; afterwards the app wants a sign-in again.
    signed_out = client.form(forms[0]["props"]["action"], {"csrf_token": token})
    assert signed_out.status == 303 and signed_out.headers["Location"] == "/login?signed_out=1&lang=nl"
    assert client.request("GET", "/").status == 302

    events = read_audit(audit_file)
    sign_ins = [e for e in events if e["action"] in ("sign-in", "sign-out")]
    assert [(e["action"], e["result"], e["actor"], e["origin"]) for e in sign_ins] == [
        ("sign-in", "success (role member)", MEMBER, CLIENT_ADDRESS),
        ("sign-out", "success", MEMBER, CLIENT_ADDRESS),
    ]
    assert not [e for e in events if e["object"] == "/login"]  # the HEAD wrote nothing
    denied = [e for e in events if str(e["result"]).startswith("denied-403")]
    assert [e["origin"] for e in denied] == [CLIENT_ADDRESS]


def test_the_throttle_sees_the_client_behind_nginx(proxied: tuple[HttpsClient, Path]) -> None:
    client, audit_file = proxied
    for attempt in range(5):
        page = client.request("GET", "/login")
        failed = client.form(
            "/login",
            {"csrf_token": csrf_from(page.text()), "username": MEMBER, "password": f"wrong-{attempt}", "next": "/"},
        )
        assert failed.status == 401
    page = client.request("GET", "/login")
    held = client.form(
        "/login", {"csrf_token": csrf_from(page.text()), "username": MEMBER, "password": PASSWORD, "next": "/"}
    )
    assert held.status == 429 and held.headers["Retry-After"] == "300"
    events = read_audit(audit_file)
    throttle = [e for e in events if e["action"] == "throttle"]
    assert [(e["object"], e["origin"]) for e in throttle] == [(f"account:{MEMBER} from this address", CLIENT_ADDRESS)]


def test_another_host_name_gets_no_tls_session(proxied: tuple[HttpsClient, Path]) -> None:
    client, _ = proxied
    stranger = HttpsClient(client.port, client.certificate, server_name="dealnet.example", verify=False)
    with pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):
        stranger.request("GET", "/login")
    unchecked = HttpsClient(client.port, client.certificate, verify=False)
    assert unchecked.request("GET", "/login").status == 200  # control: the same client, the right name
    misdirected = client.request("GET", "/login", headers={"Host": "dealnet.example"})
    assert misdirected.status == 421
