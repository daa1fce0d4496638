"""Send to WebSocket groups, only after the transaction commits."""

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _check_json(payload: Any) -> dict:
    # Round-trip now, in the caller's stack, so a payload that cannot travel
    # (a model instance, a datetime, a lazy string) fails where it was built
    # instead of silently in the channel layer after commit.
    return json.loads(json.dumps(payload))


def push_now(group: str, payload: dict, *, message_type: str = "push") -> None:
    """Send to a group at once. A missing or failing channel layer is logged,
    never raised into the sender: the stored state stays the source of truth
    and clients re-sync from it when they reconnect."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group, {"type": message_type, "payload": payload}
        )
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Live push to %s failed", group)


def push_on_commit(group: str, payload: dict, *, message_type: str = "push") -> None:
    """Send ``payload`` (plain JSON) to ``group`` once the current transaction
    commits; outside a transaction, at once. Raises TypeError/ValueError at
    call time if the payload is not JSON-serialisable."""
    checked = _check_json(payload)
    transaction.on_commit(lambda: push_now(group, checked, message_type=message_type))
