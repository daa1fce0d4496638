"""The browser journeys' live server: uvicorn serving the project's ASGI
application (HTTP, static files and WebSockets) in a thread of the test
process, on the test database. The fixtures are in ``tests/e2e/conftest.py``."""

import asyncio
import socket
import threading
import time


class LiveServer:
    """uvicorn serving the project's ASGI application in a background thread."""

    def __init__(self) -> None:
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from szkola.asgi import application

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            lifespan="off",
            log_level="warning",
            ws="websockets-sansio",
            ws_ping_interval=None,
        )
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(
            target=self._run, name="e2e-live-server", daemon=True
        )
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.server.serve(sockets=[self.sock]))
        except BaseException as exc:  # noqa: BLE001 - reported by start()
            self.error = exc

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if self.error is not None or not self.thread.is_alive():
                raise RuntimeError(f"live server did not start: {self.error!r}")
            if time.monotonic() > deadline:
                raise RuntimeError("live server did not start within 20 s")
            time.sleep(0.02)

    def stop(self) -> None:
        from django.db import connections

        # Connections left open in the server's sync thread would keep
        # PostgreSQL from dropping the test database afterwards.
        self._in_sync_thread(connections.close_all)
        # Without waiting for open connections and their tasks: at the end of
        # the run nobody is left to close them, and uvicorn would wait.
        self.server.should_exit = True
        self.server.force_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    def call(self, func, *args, **kwargs):
        """Run sync ``func`` the way a view runs: in the server loop's sync
        thread, so pushes go through the loop its sockets listen on."""
        from django.db import close_old_connections

        def func_then_close():
            # As a view would: the connection goes when the work is done
            # (CONN_MAX_AGE is 0 while the server runs).
            try:
                return func(*args, **kwargs)
            finally:
                close_old_connections()

        return self._in_sync_thread(func_then_close)

    def _in_sync_thread(self, func):
        from asgiref.sync import sync_to_async

        async def runner():
            return await sync_to_async(func, thread_sensitive=True)()

        future = asyncio.run_coroutine_threadsafe(runner(), self.loop)
        return future.result(timeout=30)


def leftover_sessions_ended() -> None:
    """End this worker's other sessions on its PostgreSQL test database:
    a connection that a thread of the stopped server (or of a socket's
    database work) opened after its last tidying would keep the database
    from being dropped at the end of the run."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
