// The survey response rate on the coordinator's page, refreshed every 15 s.
(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-rate-url]");
  if (!nodes.length) return;
  var template = document.documentElement.lang === "en"
    ? "Answers: {a} of {e} ({p}%)" : "Odpowiedzi: {a} z {e} ({p}%)";
  function refresh() {
    nodes.forEach(function (node) {
      fetch(node.getAttribute("data-rate-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var text = template.replace("{a}", data.answered)
            .replace("{e}", data.eligible).replace("{p}", data.percent);
          if (node.textContent !== text) node.textContent = text;
        })
        .catch(function () {});
    });
  }
  window.setInterval(refresh, 15000);
})();
