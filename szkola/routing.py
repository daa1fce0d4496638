"""WebSocket routes of every app, all under /ws/.

The notification socket lives here; a domain app adds its own sockets (live
Q&A, say) in ``<app>/routing.py`` as ``websocket_urlpatterns``, under its own
``ws/<prefix>/``, and they are picked up without editing this file.
"""

from importlib import import_module

from django.urls import path

from szkola.live.consumers import NotificationConsumer

DOMAIN_APPS = ["courses", "events", "certificates"]


def app_websocket_urlpatterns(apps: list[str]) -> list:
    """``websocket_urlpatterns`` of each app's ``routing`` module, in order;
    apps without one are skipped, while an error inside one is raised."""
    patterns = []
    for app in apps:
        module_name = f"{app}.routing"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        patterns.extend(module.websocket_urlpatterns)
    return patterns


websocket_urlpatterns = [
    path("ws/powiadomienia/", NotificationConsumer.as_asgi()),
    *app_websocket_urlpatterns(DOMAIN_APPS),
]
