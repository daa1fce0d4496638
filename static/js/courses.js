// Lesson completion without a full page reload. Without JavaScript the form
// posts normally and the server redirects to the next part of the course.
(function () {
  "use strict";

  function updateProgress(data) {
    document.querySelectorAll("[data-progress-bar]").forEach(function (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
    });
    document.querySelectorAll("[data-progress-percent]").forEach(function (el) {
      el.textContent = data.percent + "%";
    });
    document.querySelectorAll("[data-progress-done]").forEach(function (el) {
      el.textContent = data.done;
    });
    document.querySelectorAll("[data-progress-total]").forEach(function (el) {
      el.textContent = data.total;
    });
    var item = document.querySelector('[data-outline-item="' + data.lesson + '"]');
    if (item) {
      item.classList.add("is-done");
      var state = item.querySelector("[data-outline-state]");
      if (state) { state.textContent = "✓ " + state.dataset.doneLabel; }
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-lesson-complete]") || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    var status = document.querySelector("[data-lesson-status]");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (status) { status.textContent = result.data.message || ""; }
      if (result.ok && result.data.ok) {
        updateProgress(result.data);
        form.remove();
        if (result.data.completed) {
          window.location.assign(result.data.completion_url || "/moje/kursy/");
        }
      } else if (button) {
        button.disabled = false;
      }
    }).catch(function () {
      form.submit();
    });
  });
})();
