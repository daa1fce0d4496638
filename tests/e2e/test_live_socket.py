"""The browser's WebSocket client (static/js/live-socket.js): exponential
back-off with jitter after dropped connections, no retries when the server
says "not allowed", an immediate retry when the network comes back.

The browser's WebSocket is replaced by a stand-in whose every connection
drops at once, and the page's clock is Playwright's fake one, so two minutes
of back-off run in milliseconds."""

import pytest

pytestmark = pytest.mark.e2e

FAILING_SOCKET = """
window.__attempts = [];
window.__closeCode = 1006;
class DroppingSocket extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    window.__attempts.push(Date.now());
    queueMicrotask(() => {
      this.readyState = 3;
      const event = new Event("close");
      event.code = window.__closeCode;
      this.dispatchEvent(event);
    });
  }
  send() {}
  close() {}
}
DroppingSocket.CONNECTING = 0;
DroppingSocket.OPEN = 1;
DroppingSocket.CLOSED = 3;
window.WebSocket = DroppingSocket;
"""


@pytest.fixture
def dropping_page(page, live_server_url, home_page, axe):
    page.add_init_script(FAILING_SOCKET)
    page.clock.install()
    page.goto(f"{live_server_url}/")
    axe(page)
    return page


def start(page, close_code=1006):
    page.evaluate(
        """(code) => {
            window.__closeCode = code;
            window.__states = [];
            window.__live = SzkolaLive.LiveSocket("/ws/proba/", {
              onState: (s) => window.__states.push(s)
            });
        }""",
        close_code,
    )


def test_dropped_connection_is_retried_with_growing_waits(dropping_page):
    start(dropping_page)
    dropping_page.clock.run_for(200_000)
    attempts = dropping_page.evaluate("window.__attempts")
    gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
    assert len(gaps) >= 8
    expected = [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
    for gap, base in zip(gaps, expected, strict=False):
        # The wait is the base plus up to half of it at random.
        assert base <= gap <= base * 1.5, (gaps, expected)
    assert dropping_page.locator("body").get_attribute("data-live-state") in {
        "reconnecting",
        "connecting",
    }


def test_not_allowed_is_final(dropping_page):
    start(dropping_page, close_code=4403)
    dropping_page.clock.run_for(120_000)
    assert dropping_page.evaluate("window.__attempts.length") == 1
    assert dropping_page.evaluate("window.__states") == ["connecting", "closed"]


def test_network_coming_back_retries_at_once(dropping_page):
    start(dropping_page)
    dropping_page.clock.run_for(40_000)  # now waiting out a 16-24 s back-off
    before = dropping_page.evaluate("window.__attempts.length")
    dropping_page.evaluate("window.dispatchEvent(new Event('online'))")
    dropping_page.clock.run_for(10)
    assert dropping_page.evaluate("window.__attempts.length") == before + 1
    # ...and the back-off starts again from one second.
    dropping_page.clock.run_for(1600)
    assert dropping_page.evaluate("window.__attempts.length") == before + 2


def test_page_that_closes_its_socket_stops_retrying(dropping_page):
    start(dropping_page)
    dropping_page.clock.run_for(3_500)
    dropping_page.evaluate("window.__live.close()")
    count = dropping_page.evaluate("window.__attempts.length")
    dropping_page.clock.run_for(120_000)
    assert dropping_page.evaluate("window.__attempts.length") == count
    assert dropping_page.locator("body").get_attribute("data-live-state") == "closed"
