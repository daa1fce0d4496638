/* Szkoła Kooperacji — the one WebSocket client of every live page
 * (notifications, live Q&A and polls, check-in board, bulk-issue progress).
 *
 *   var live = SzkolaLive.LiveSocket("/ws/…/", {
 *     onOpen: function (info) {},     // after each (re)connection; info.reconnected
 *     onMessage: function (data) {},  // every JSON message from the server
 *     onState: function (state) {}    // connecting | open | reconnecting | closed
 *   });
 *   live.send({action: "…"});  // false when the socket is not open
 *   live.close();
 *
 * options.offlineElement (with options.offlineText) is shown, with that text,
 * while the socket is reconnecting or closed, and hidden otherwise.
 *
 * A dropped connection is retried with exponential back-off: 1 s doubling to
 * 30 s, each wait with up to 50 % random jitter so that hundreds of pages
 * dropped by one server restart do not all come back in the same instant.
 * The server sends a full state snapshot on every connect, and onOpen lets a
 * page re-sync anything else it shows from the server, so nothing missed
 * while offline stays missing. Close codes 4401 (not signed in) and 4403
 * (not allowed) are final: retrying cannot help.
 */
(function () {
  "use strict";

  var FINAL_CODES = { 4401: true, 4403: true };

  function LiveSocket(path, handlers, options) {
    handlers = handlers || {};
    options = options || {};
    var minDelay = options.minDelay || 1000;
    var maxDelay = options.maxDelay || 30000;
    var stateElement = options.stateElement || document.body;
    var offlineElement = options.offlineElement || null;
    var delay = minDelay;
    var socket = null;
    var timer = null;
    var closedByPage = false;
    var opened = 0;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";

    function setState(state) {
      // Lets styles (and browser tests) tell whether the page is live.
      if (stateElement) stateElement.setAttribute("data-live-state", state);
      if (offlineElement) {
        offlineElement.hidden = state === "open" || state === "connecting";
        offlineElement.textContent = offlineElement.hidden ? "" : options.offlineText || "";
      }
      if (handlers.onState) handlers.onState(state);
    }

    function schedule() {
      if (timer !== null || closedByPage) return;
      var wait = delay + Math.floor(Math.random() * delay * 0.5);
      delay = Math.min(delay * 2, maxDelay);
      timer = window.setTimeout(function () { timer = null; connect(); }, wait);
    }

    function connect() {
      if (closedByPage) return;
      setState("connecting");
      try {
        socket = new WebSocket(scheme + window.location.host + path);
      } catch (e) {
        schedule();
        return;
      }
      var current = socket;
      current.addEventListener("open", function () {
        delay = minDelay;
        opened += 1;
        setState("open");
        // reconnected is true after a dropped connection: the page may have
        // missed pushes meanwhile and should re-sync from stored state.
        if (handlers.onOpen) handlers.onOpen({ reconnected: opened > 1 });
      });
      current.addEventListener("message", function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (handlers.onMessage) {
          try { handlers.onMessage(data); } catch (e) {
            // One bad message must not stop the page from listening.
            if (window.console) window.console.error(e);
          }
        }
      });
      current.addEventListener("close", function (event) {
        if (current !== socket) return;
        if (closedByPage || FINAL_CODES[event.code]) {
          closedByPage = true;
          setState("closed");
          return;
        }
        setState("reconnecting");
        schedule();
      });
    }

    // A laptop waking up or a phone back on the network: try at once
    // instead of waiting out the back-off.
    window.addEventListener("online", function () {
      if (timer !== null && !closedByPage) {
        window.clearTimeout(timer);
        timer = null;
        delay = minDelay;
        connect();
      }
    });

    connect();
    return {
      send: function (obj) {
        if (socket && socket.readyState === WebSocket.OPEN) {
          socket.send(JSON.stringify(obj));
          return true;
        }
        return false;
      },
      isOpen: function () {
        return !!socket && socket.readyState === WebSocket.OPEN;
      },
      close: function () {
        closedByPage = true;
        if (timer !== null) window.clearTimeout(timer);
        if (socket) socket.close();
        setState("closed");
      }
    };
  }

  window.SzkolaLive = window.SzkolaLive || {};
  window.SzkolaLive.LiveSocket = LiveSocket;
})();
