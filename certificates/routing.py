from django.urls import path

from .consumers import BulkIssueProgressConsumer

websocket_urlpatterns = [
    path(
        "ws/certyfikaty/zbiorczo/<int:pk>/",
        BulkIssueProgressConsumer.as_asgi(),
    ),
]
