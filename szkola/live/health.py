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


def _check_cache() -> None:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    if ping is not None:
        # The fail-soft Redis cache hides an outage from ordinary calls.
        ping()


def _task_queue() -> dict | None:
    """Waiting tasks and the age of the oldest, when tasks run from the
    database (a worker that does not keep up shows as a growing age)."""
    from django.conf import settings

    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if not backend.startswith("django_tasks_db"):
        return None
    from .task_queue import queue_figures

    figures = queue_figures()
    return {
        "waiting": figures["waiting"],
        "running": figures["running"],
        "oldest_waiting_seconds": figures["oldest_waiting_seconds"],
    }


# The database is required: without it nothing works, and a load balancer
# should take the process out. Redis (channel layer, cache) only speeds
# things up and carries live updates: without it pages still render, so the
# process stays in service and the outage is reported as "degraded".
REQUIRED = (("database", _check_database),)
DEGRADABLE = (
    ("channel_layer", _check_channel_layer),
    ("cache", _check_cache),
)


@never_cache
def healthz(request):
    checks = {}
    for name, check in REQUIRED + DEGRADABLE:
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "unhealthy"
            logger.warning("Health check %s failed: %s", name, exc)
            checks[name] = "error"
    healthy = all(checks[name] == "ok" for name, _ in REQUIRED)
    degraded = sorted(
        {_service_of(name) for name, _ in DEGRADABLE if checks[name] != "ok"}
    )
    body = {
        "status": "error" if not healthy else ("degraded" if degraded else "ok"),
        "checks": checks,
    }
    if degraded:
        body["degraded"] = degraded
    if healthy:
        try:
            queue = _task_queue()
        except Exception as exc:  # noqa: BLE001 - the figure is informative only
            logger.warning("Health check of the task queue failed: %s", exc)
            queue = None
        if queue is not None:
            body["tasks"] = queue
    return JsonResponse(body, status=200 if healthy else 503)


def _service_of(check: str) -> str:
    """The service a failed degradable check points at: "redis" when the
    setting in use is Redis-backed, else the check's own name."""
    from django.conf import settings

    if check == "channel_layer":
        backend = settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "")
        return "redis" if "redis" in backend.lower() else check
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return "redis" if "redis" in backend.lower() else check
