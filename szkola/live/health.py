import asyncio
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# A load balancer probing /healthz must get an answer, not a hanging request,
# when the layer's server accepts connections but does not respond.
LAYER_TIMEOUT_SECONDS = 3


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _layer_round_trip(layer) -> None:
    # A message sent to a fresh channel must come back: proves the layer
    # (Redis in production) accepts writes and serves reads.
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned a different message")


def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    async_to_sync(asyncio.wait_for)(_layer_round_trip(layer), LAYER_TIMEOUT_SECONDS)


@never_cache
def healthz(request):
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("channel_layer", _check_channel_layer),
    ):
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "unhealthy"
            logger.warning("Health check %s failed: %s", name, exc)
            checks[name] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
