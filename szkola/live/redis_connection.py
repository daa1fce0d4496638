"""The Redis connection the channel layer uses: redis-py's own, except that a
cancelled task is never left running.

On Python 3.11 ``asyncio.wait_for`` swallows a cancellation that arrives just
as the awaited operation completes (CPython gh-86296, fixed in 3.12): it
returns the result and the task carries on as if never cancelled. redis-py
bounds every write to Redis with ``wait_for`` when ``socket_timeout`` is set
(``Connection.send_packed_command``), and writes finish at once, so a task
cancelled while sending a command often goes on to its next one.

In channels-redis that task is a socket's receive, cancelled when the socket
disconnects. It goes on reading - usually as the process's single reader,
holding the layer's receive lock and looping over 5-second blocking pops - so
its consumer, waiting for it to end, never does. In the tests, most bursts
of 500 disconnects hit this once.
"""

import asyncio

from redis.asyncio.connection import Connection


class CancellableConnection(Connection):
    """Delivers the cancellation a write swallowed, after dropping the
    connection: the command went out and its reply will never be read, so the
    connection must not go back to the pool as it is (redis-py does the same
    when a write itself is cancelled)."""

    async def send_packed_command(self, command, check_health=True):
        task = asyncio.current_task()
        cancels_before = task.cancelling() if task is not None else 0
        await super().send_packed_command(command, check_health=check_health)
        # A cancellation delivered as CancelledError never reaches this line,
        # and a timeout's own cancel is withdrawn when it expires; a count
        # still higher than before is a request nobody delivered.
        if task is not None and task.cancelling() > cancels_before:
            await self.disconnect(nowait=True)
            raise asyncio.CancelledError
