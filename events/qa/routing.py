from django.urls import path

from .consumers import QAModeratorConsumer, QAProjectorConsumer, QARoomConsumer

websocket_urlpatterns = [
    path("ws/na-zywo/<int:room_id>/", QARoomConsumer.as_asgi()),
    path("ws/na-zywo/<int:room_id>/moderacja/", QAModeratorConsumer.as_asgi()),
    path("ws/na-zywo/<int:room_id>/rzutnik/", QAProjectorConsumer.as_asgi()),
]
