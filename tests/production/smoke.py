"""Production-style start, checked from outside.

Starts gunicorn (pages, WSGI), uvicorn (/ws/, ASGI) and a task worker with the
production settings against the PostgreSQL and Redis of DATABASE_URL and
REDIS_URL, then checks over real sockets: /healthz and the home page through
gunicorn, a signed-in WebSocket through uvicorn that receives a notification
created by another process, then one created by a task that the task worker
took from the database queue, and a refused WebSocket from a foreign origin.

Run from the project root: .venv/bin/python tests/production/smoke.py
"""

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BIN = Path(PY).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise SystemExit(f"FAIL: {url} did not answer within {timeout}s")


def get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def manage(*args: str, env: dict) -> str:
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


SESSION_SCRIPT = """
from django.test import Client
from szkola.accounts.models import User
user, _ = User.objects.get_or_create(email="smoke@szkolakooperacji.example")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value, user.pk)
"""

NOTIFY_SCRIPT = """
from szkola.accounts.models import User
from szkola.live.services import notify
notify(User.objects.get(pk={pk}), title="Próba dymna", kind="smoke")
"""

ENQUEUE_SCRIPT = """
from szkola.live.tasks import notify_task
print(notify_task.enqueue({pk}, title="Próba dymna z kolejki", kind="smoke").id)
"""


async def websocket_checks(ws_port: int, session: str, env: dict, pk: int) -> None:
    import websockets

    url = f"ws://127.0.0.1:{ws_port}/ws/powiadomienia/"
    headers = {"Cookie": f"sessionid={session}"}
    async with websockets.connect(
        url, origin="http://127.0.0.1", additional_headers=headers
    ) as ws:
        hello = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert hello["event"] == "hello", hello
        # Stay idle past the channel layer's 5 s blocking pop: the socket
        # must survive it (a too-short Redis read timeout kills it).
        await asyncio.sleep(7)
        # A notification written by another process reaches this socket
        # through Redis.
        await asyncio.to_thread(
            manage, "shell", "--no-imports", "-c", NOTIFY_SCRIPT.format(pk=pk), env=env
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), 15))
        assert message["event"] == "notification", message
        assert message["notification"]["title"] == "Próba dymna", message
        # A task enqueued in the database queue: the worker runs it, and its
        # notification reaches this socket too.
        await asyncio.to_thread(
            manage,
            "shell",
            "--no-imports",
            "-c",
            ENQUEUE_SCRIPT.format(pk=pk),
            env=env,
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), 30))
        assert message["event"] == "notification", message
        assert message["notification"]["title"] == "Próba dymna z kolejki", message
    try:
        async with websockets.connect(
            url, origin="https://evil.example", additional_headers=headers
        ) as ws:
            await asyncio.wait_for(ws.recv(), 5)
        raise AssertionError("a foreign origin was accepted")
    except websockets.exceptions.InvalidStatus as error:
        assert error.response.status_code == 403, error
    except websockets.exceptions.ConnectionClosed:
        pass


def signing_key_new() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def fernet_key_new() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def main() -> int:
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} must be set for the production smoke test")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "szkola.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(ROOT / "var" / "smoke-static"),
        # The deploy refuses to start without an Open Badges signing key.
        "OB_SIGNING_KEY": os.environ.get("OB_SIGNING_KEY") or signing_key_new(),
        # ...and without the key that encrypts the EFS participant data.
        "MONITORING_ENCRYPTION_KEY": os.environ.get("MONITORING_ENCRYPTION_KEY")
        or fernet_key_new(),
    }
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    web_port, ws_port = free_port(), free_port()
    processes = [
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "szkola.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{web_port}",
            ],
            cwd=ROOT,
            env=env,
        ),
        subprocess.Popen(
            [
                str(BIN / "uvicorn"),
                "szkola.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(ws_port),
                "--workers",
                "1",
                "--ws-per-message-deflate",
                "false",
            ],
            cwd=ROOT,
            env=env,
        ),
        subprocess.Popen([PY, "manage.py", "db_worker"], cwd=ROOT, env=env),
    ]
    try:
        wait_http(f"http://127.0.0.1:{web_port}/healthz")
        wait_http(f"http://127.0.0.1:{ws_port}/healthz")
        status, body = get(f"http://127.0.0.1:{web_port}/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok", (status, body)
        status, body = get(f"http://127.0.0.1:{web_port}/")
        assert status == 200 and b'lang="pl"' in body, status
        assert processes[2].poll() is None, "the task worker exited"
        session, pk = manage(
            "shell", "--no-imports", "-c", SESSION_SCRIPT, env=env
        ).split()[-2:]
        asyncio.run(websocket_checks(ws_port, session, env, int(pk)))
        assert all(p.poll() is None for p in processes), "a process died"
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    print("production smoke: 5 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
