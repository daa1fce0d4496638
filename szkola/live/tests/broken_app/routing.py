"""A routing module whose own import fails."""

import szkola_no_such_module  # noqa: F401

websocket_urlpatterns = []
