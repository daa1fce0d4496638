/* Szkoła Kooperacji — main menu disclosure on narrow screens.
 * Without JavaScript the menu is always open; with it, phones get a
 * "Menu" button (aria-expanded) that shows and hides the list. */
(function () {
  "use strict";

  var toggle = document.querySelector("[data-nav-toggle]");
  if (!toggle) {
    return;
  }
  var list = document.getElementById(toggle.getAttribute("aria-controls"));
  var narrow = window.matchMedia("(max-width: 640px)");

  function isOpen() {
    return toggle.getAttribute("aria-expanded") === "true";
  }

  function apply() {
    if (narrow.matches) {
      toggle.hidden = false;
      list.hidden = !isOpen();
    } else {
      toggle.hidden = true;
      list.hidden = false;
    }
  }

  toggle.addEventListener("click", function () {
    toggle.setAttribute("aria-expanded", String(!isOpen()));
    apply();
  });

  list.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && isOpen()) {
      toggle.setAttribute("aria-expanded", "false");
      apply();
      toggle.focus();
    }
  });

  narrow.addEventListener("change", apply);
  apply();
})();
