from django.urls import path

from .consumers import CheckinBoardConsumer
from .qa.routing import websocket_urlpatterns as qa_websocket_urlpatterns

websocket_urlpatterns = [
    *qa_websocket_urlpatterns,
    path("ws/obecnosc/<int:day_id>/", CheckinBoardConsumer.as_asgi()),
]
