// Certificates: copy a verification link; follow a bulk issue's progress.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentElement.querySelector(".copy-link__status");
      if (!input) { return; }
      var done = function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text") || "OK"; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select(); document.execCommand("copy"); done();
        });
      } else {
        input.select(); document.execCommand("copy"); done();
      }
    });
  });

  // Bulk issue progress: the live socket moves the bar as certificates are
  // drawn; a slow poll of the status URL covers pages without a socket.
  var box = document.querySelector("[data-bulk-status-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-bulk-text]");
  var finished = false;
  var live = null;
  function showSkipped(rows) {
    var section = box.querySelector("[data-bulk-skipped]");
    var list = box.querySelector("[data-bulk-skipped-list]");
    if (!section || !list || !rows) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    rows.forEach(function (row) {
      var item = document.createElement("li");
      item.textContent = row.name + ": " + row.reason;
      list.appendChild(item);
    });
    section.hidden = rows.length === 0;
  }
  function show(data) {
    if (!data) { return; }
    bar.max = Math.max(data.total, 1);
    bar.value = data.done;
    box.setAttribute("data-bulk-state", data.status);
    text.textContent = box.getAttribute("data-label")
      .replace("%(done)s", data.done).replace("%(total)s", data.total)
      .replace("%(issued)s", data.issued).replace("%(failed)s", data.failed);
    showSkipped(data.skipped);
    if (data.status === "done" || data.status === "failed") {
      finished = true;
      var link = box.querySelector("[data-bulk-finished]");
      if (link) { link.hidden = false; }
      var failed = box.querySelector("[data-bulk-failed]");
      if (failed) { failed.hidden = data.status !== "failed"; }
      if (live) { live.close(); }
    }
  }
  function poll() {
    if (finished) { return; }
    fetch(box.getAttribute("data-bulk-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { show(data); schedule(); })
      .catch(function () { schedule(); });
  }
  function schedule() {
    if (finished) { return; }
    // Every 1.5 s without a socket; with one, only a rare safety check.
    setTimeout(poll, live && live.isOpen() ? 10000 : 1500);
  }
  var wsPath = box.getAttribute("data-bulk-ws");
  if (wsPath && window.SzkolaLive && window.SzkolaLive.LiveSocket) {
    live = window.SzkolaLive.LiveSocket(wsPath, {
      onMessage: function (msg) { if (msg && msg.bulk) { show(msg.bulk); } }
    }, { stateElement: box });
  }
  poll();
})();
