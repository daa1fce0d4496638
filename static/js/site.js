/* Szkoła Kooperacji — small progressive enhancements. Every page works
 * without this file; it only makes things live. */
(function () {
  "use strict";

  // The socket client itself lives in live-socket.js (loaded before this
  // file), shared with the live Q&A, check-in board and progress pages.
  var LiveSocket = window.SzkolaLive && window.SzkolaLive.LiveSocket;

  function setBadge(count) {
    document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
      badge.textContent = count > 0 ? String(count) : "";
    });
  }

  // Ids of notifications this page already shows (pushed or re-synced), so a
  // re-sync after reconnecting adds only what was missed.
  var shownIds = {};
  var newestSeenId = 0;

  function addToList(notification) {
    if (notification.id) {
      if (shownIds[notification.id]) return;
      shownIds[notification.id] = true;
      newestSeenId = Math.max(newestSeenId, notification.id);
    }
    var list = document.querySelector("[data-notification-list]");
    if (!list) return;
    var empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    var item = document.createElement("li");
    item.className = "notification notification--unread";
    if (notification.id) item.setAttribute("data-notification-id", String(notification.id));
    var title = document.createElement("p");
    title.className = "notification__title";
    // The server only stores site paths and http(s) addresses; check again
    // so a bad value can never become a script link.
    if (notification.url && /^(\/(?![\/\\])|https?:\/\/)/i.test(notification.url)) {
      var link = document.createElement("a");
      link.href = notification.url;
      link.textContent = notification.title;
      title.appendChild(link);
    } else {
      title.textContent = notification.title;
    }
    item.appendChild(title);
    if (notification.body) {
      var body = document.createElement("p");
      body.textContent = notification.body;
      item.appendChild(body);
    }
    list.insertBefore(item, list.firstChild);
  }

  function resync(feedUrl, addMissed) {
    if (!feedUrl || !window.fetch) return;
    window.fetch(feedUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (typeof data.unread === "number") setBadge(data.unread);
        var items = data.notifications || [];
        if (!addMissed) {
          // First connection: the page was rendered with these already.
          items.forEach(function (n) {
            shownIds[n.id] = true;
            newestSeenId = Math.max(newestSeenId, n.id);
          });
          return;
        }
        // Oldest first, so the newest ends up on top.
        items.slice().reverse().forEach(function (n) {
          if (n.id > newestSeenId) addToList(n);
        });
      })
      .catch(function () { /* stay with what the socket said */ });
  }

  function startNotifications() {
    var path = document.body.getAttribute("data-live-notifications");
    if (!path || !LiveSocket || !("WebSocket" in window)) return;
    var feedUrl = document.body.getAttribute("data-notifications-feed");
    LiveSocket(path, {
      onOpen: function (info) { resync(feedUrl, info.reconnected); },
      onMessage: function (data) {
        if (typeof data.unread === "number") setBadge(data.unread);
        if (data.event === "notification" && data.notification) addToList(data.notification);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", startNotifications);
})();

/* After a failed submit, move the focus to the error summary so screen
 * readers announce it and keyboard users start from the list of errors. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
