"""`lumosai serve module:app` (and `python -m lumosai.server`) in a real process: the server
attached to the app is the one served, on the port given."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

APP = """
from lumosai import LumosApp
from lumosai.server import ApiRoute, LumosServer, attach_server


async def hello(c):
    return c.json({"hello": c.req.query("name") or "world"})


app = LumosApp("cli-test")
attach_server(app, LumosServer(app, routes=[ApiRoute("/hello", hello)]))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("how", ["console-script", "module"])
def test_serve_attached_server(tmp_path: Path, how: str) -> None:
    (tmp_path / "cliapp.py").write_text(APP)
    port = _free_port()
    script = shutil.which("lumosai", path=str(Path(sys.executable).parent))
    if how == "console-script":
        assert script is not None, "the lumosai console script is installed with the package"
        command = [script, "serve", "cliapp:app", "--port", str(port)]
    else:
        command = [sys.executable, "-m", "lumosai.server", "cliapp:app", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                res = httpx.get(f"{url}/hello?name=lumos", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise AssertionError(f"server did not start: {out}") from None
                time.sleep(0.1)
        assert res.json() == {"hello": "lumos"}
        assert httpx.get(f"{url}/api/agents").json() == {}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
