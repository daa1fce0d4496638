"""szkola.routing: the notification socket plus each app's own routes."""

import pytest

from szkola import routing


def test_notification_socket_is_routed():
    routes = [str(p.pattern) for p in routing.websocket_urlpatterns]
    assert "ws/powiadomienia/" in routes


def test_app_routes_are_collected_and_apps_without_routes_skipped():
    patterns = routing.app_websocket_urlpatterns(
        ["szkola.live.tests.sample_app", "szkola.live"]
    )
    assert [str(p.pattern) for p in patterns] == ["ws/probka/"]


def test_broken_import_inside_an_app_routing_module_is_not_hidden():
    with pytest.raises(ModuleNotFoundError) as error:
        routing.app_websocket_urlpatterns(["szkola.live.tests.broken_app"])
    assert error.value.name == "szkola_no_such_module"
