"""A domain app's WebSocket routes, as the project's routing collects them."""

from django.urls import path

from szkola.live.consumers import NotificationConsumer

websocket_urlpatterns = [path("ws/probka/", NotificationConsumer.as_asgi())]
