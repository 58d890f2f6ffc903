# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch serve`` stops within seconds on SIGTERM after WebSocket clients connected
(issue 19, item 3): a real Uvicorn process, real WebSocket clients."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.nats_server import free_port, wait_for

STOP_WITHIN_S = 8.0


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def test_sigterm_stops_the_server_with_websocket_clients_connected(
    seeded_store: tuple[Path, str], tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    shutil.copyfile(seeded_store[0], store)
    port = free_port()
    env = {
        **os.environ,
        "STRAITWATCH_DATABASE_URL": f"sqlite:///{store}",
        "STRAITWATCH_ENV": "test",
        "STRAITWATCH_BUS_URL": "",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "straitwatch.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    clients: list[ClientConnection] = []
    try:
        wait_for(lambda: server.poll() is None and _healthy(port), 60, "server answering")
        for _ in range(3):
            ws = connect(f"ws://127.0.0.1:{port}/api/stream?token={seeded_store[1]}")
            assert '"snapshot"' in str(ws.recv(timeout=10))
            clients.append(ws)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        wait_for(lambda: server.poll() is not None, STOP_WITHIN_S, "server stopped")
        stopped_s = time.monotonic() - started
        for ws in clients:  # each client was told, not left hanging
            try:
                ws.recv(timeout=5)
                raise AssertionError("the stream stayed open after the server stopped")
            except ConnectionClosed:
                pass
    finally:
        for ws in clients:
            ws.close()
        if server.poll() is None:
            server.kill()
        _, err = server.communicate(timeout=10)
    assert stopped_s < STOP_WITHIN_S
    assert b"Traceback" not in err, err.decode()[-2000:]
