"""ASGI entry point: HTTP and WebSocket in one process for development
(``runserver`` with Daphne); in production only ``/ws/`` is routed here."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "szkola.settings.production")

# Django must be set up before the routing imports consumers and models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from szkola.live.auth import SessionAuthMiddlewareStack  # noqa: E402
from szkola.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # The user is read from the session inside the consumer's own
            # trip to the database thread (szkola/live/auth.py).
            SessionAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
