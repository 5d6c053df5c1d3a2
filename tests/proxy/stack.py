"""The production recipe, small: two app processes sharing one PostgreSQL database behind Debian's nginx.

PostgreSQL comes from scripts/postgres.sh (the server in KUNTALUOTAIN_PG_URL, or one it starts; never stopped
here), every stack gets a database of its own; the app processes are scripts/serve.py on two free ports;
nginx is scripts/proxy.sh running the shipped deploy/nginx/kuntaluotain.conf from a run directory of its own.

    with proxy_stack(tmp_path) as stack:
        stack.url                 # http://127.0.0.1:PORT, nginx
        stack.db_url              # the database both processes use
        stack.upstream_of(route)  # which app port nginx sent a route cookie to (from nginx's access log)
        stack.kill_app(port)      # a crash: SIGKILL
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.e2e.conftest import free_port, start_server

ROOT = Path(__file__).resolve().parents[2]
PG_ENV = "KUNTALUOTAIN_PG_URL"
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) upstream=(?P<upstream>.+?) route=(?P<route>\S+)')


class Unavailable(RuntimeError):
    """nginx or PostgreSQL cannot be installed or started here (the message says why)."""


def _script(name: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / name), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    if done.returncode != 0:
        raise Unavailable(f"scripts/{name} {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def pg_server_url() -> str:
    """The PostgreSQL server of KUNTALUOTAIN_PG_URL, or the one scripts/postgres.sh starts (installs) now."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    out = _script("postgres.sh", "start")
    match = re.search(rf"export {PG_ENV}=(\S+)", out)
    if match is None:
        raise Unavailable(f"scripts/postgres.sh start printed no URL: {out!r}")
    return match.group(1)


def install_proxy() -> None:
    """Debian's nginx, installed by scripts/proxy.sh when missing (needs root, as apt does)."""
    _script("proxy.sh", "install")


def _admin(server: str):  # type: ignore[no-untyped-def]
    return create_engine(server, isolation_level="AUTOCOMMIT")


@dataclass
class Stack:
    url: str
    db_url: str
    ports: list[int]
    proxy_dir: Path
    env: dict[str, str]
    procs: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start_app(self, port: int) -> None:
        self.procs[port] = start_server(port, self.env)

    def kill_app(self, port: int) -> None:
        """A crash of one app process (SIGKILL: no clean shutdown, its websockets drop)."""
        proc = self.procs.pop(port)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)

    def log(self) -> list[dict[str, str]]:
        """nginx's access log: request, status, the upstream(s) tried and the route it hashed on, per line."""
        path = self.proxy_dir / "access.log"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return [m.groupdict() for line in lines if (m := LOG_LINE.search(line))]

    def upstream_of(self, route: str) -> set[int]:
        """The app ports that answered requests with this route cookie (2xx or 101; when nginx had to try a
        second process, the one that answered)."""
        return {
            int(row["upstream"].split(",")[-1].strip().rsplit(":", 1)[1])
            for row in self.log()
            if row["route"] == route and row["status"][0] in "12"
        }

    def get(self, path: str, route: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """One GET through nginx (with a route cookie when given): status, headers (lower-case names), body."""
        headers = {"Cookie": f"kl_route={route}"} if route else {}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()

    def route_to(self, port: int, tries: int = 64) -> str:
        """A route cookie value that nginx sends to this app port (found by asking, as nginx hashes it)."""
        for _ in range(tries):
            route = secrets.token_hex(16)
            self.get("/_stcore/health", route)
            if self.upstream_of(route) == {port}:
                return route
        raise AssertionError(f"no route to port {port} in {tries} tries")

    def stop(self) -> None:
        try:
            _script("proxy.sh", "stop", env={"KUNTALUOTAIN_PROXY_DIR": str(self.proxy_dir)})
        finally:
            for proc in self.procs.values():
                proc.terminate()
            for proc in self.procs.values():
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.procs.clear()


@contextmanager
def proxy_stack(run_dir: Path) -> Iterator[Stack]:
    """nginx on a free port in front of two app processes on a fresh PostgreSQL database (dropped after)."""
    install_proxy()
    server = pg_server_url()
    name = f"kt_proxy_{uuid.uuid4().hex[:10]}"
    admin = _admin(server)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = make_url(server).set(database=name).render_as_string(hide_password=False)
    # As in production: both processes share the database and the cookie secret (Streamlit's XSRF cookie
    # made by one process is then valid on the other after a failover).
    env = {"KUNTALUOTAIN_DB_URL": db_url, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    ports = [free_port(), free_port()]
    while ports[1] == ports[0]:
        ports[1] = free_port()
    proxy_port = free_port()
    proxy_dir = run_dir / "nginx"
    stack = Stack(f"http://127.0.0.1:{proxy_port}", db_url, ports, proxy_dir, env)
    try:
        for port in ports:
            stack.start_app(port)
        _script(
            "proxy.sh",
            "start",
            str(proxy_port),
            *map(str, ports),
            env={"KUNTALUOTAIN_PROXY_DIR": str(proxy_dir)},
        )
        yield stack
    finally:
        stack.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
