"""A throwaway PostgreSQL cluster for the storage tests (started only if a test asks for it).

Needs the server binaries (Debian: ``apt-get install postgresql``); without them the
PostgreSQL tests skip and say so. Runs as the ``postgres`` user when the tests run as root,
because ``initdb`` refuses root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed: pip install 'lumosai[postgres]'")
    prefix: list[str] = []
    root = tempfile.mkdtemp(prefix="lumos-pg-")
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd

            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run initdb as")
        if not runuser:
            pytest.skip("running as root and runuser is missing")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = [runuser, "-u", "postgres", "--"]
    data, port, log = os.path.join(root, "data"), _free_port(), os.path.join(root, "log")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    for command in (
        [initdb, "-D", data, "-U", "lumos", "-A", "trust", "-E", "UTF8", "--no-locale"],
        [pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "start"],
    ):
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            server_log = Path(log).read_text() if os.path.exists(log) else ""
            shutil.rmtree(root, ignore_errors=True)
            pytest.fail(
                f"{os.path.basename(command[0])} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}{server_log}"
            )
    try:
        yield f"postgresql://lumos@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
