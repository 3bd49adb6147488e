"""``tadmor users`` and ``tadmor serve``: accounts from the command line, and a server that
starts, prints its address and answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import typer
from typer.testing import CliRunner

from tadmor.cli import server


def _app() -> typer.Typer:
    # The CLI core registers stage modules listed in STAGE_CLI_MODULES; this test does not
    # depend on that list, it registers the server's commands on an app of its own.
    app = typer.Typer()
    server.register(app)
    return app


def test_users_add_list_token(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    app = _app()
    r = runner.invoke(
        app,
        ["users", "add", "mona", "--role", "admin", "--password-stdin", "--db", db],
        input="long enough password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app,
        ["users", "add", "mona", "--password-stdin", "--db", db],
        input="long enough password\n",
    )
    assert r.exit_code == 2 and "exists" in r.output
    r = runner.invoke(app, ["users", "add", "x", "--password-stdin", "--db", db], input="short\n")
    assert r.exit_code == 2
    r = runner.invoke(app, ["users", "list", "--json", "--db", db])
    assert json.loads(r.stdout) == [
        {**json.loads(r.stdout)[0], "username": "mona", "role": "admin", "disabled": False}
    ]
    r = runner.invoke(app, ["users", "token", "mona", "--db", db])
    assert r.exit_code == 0 and r.stdout.strip().startswith("tdm_")
    r = runner.invoke(app, ["users", "tokens", "--json", "--db", db])
    assert json.loads(r.stdout)[0]["user"] == "mona"


def test_serve_prints_its_address_and_answers(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import typer, sys; from tadmor.cli import server; app = typer.Typer(); "
        "server.register(app); app(sys.argv[1:])"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--db", str(tmp_path / "s.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        started = time.monotonic()
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert f"http://127.0.0.1:{port}/" in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as resp:
                    assert json.load(resp) == {"status": "ok"}
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("no answer")
        assert time.monotonic() - started < 30
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as resp:
            page = resp.read().decode()
            assert "/static/app.js" in page and "cdn" not in page.lower()
            assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    finally:
        proc.terminate()
        proc.wait(10)
