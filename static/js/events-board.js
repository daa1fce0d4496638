/* The live check-in board of one event day: present count, who is still
 * expected, the latest arrivals. A full snapshot comes on every connect;
 * each check-in after that arrives as one message. Names are set with
 * textContent only. */
(function () {
  "use strict";

  function start() {
    var root = document.querySelector("[data-checkin-board]");
    if (!root || !window.SzkolaLive) return;
    var presentNode = root.querySelector("[data-board-present]");
    var expectedCount = root.querySelector("[data-board-expected-count]");
    var arrivalsList = root.querySelector("[data-board-arrivals]");
    var expectedList = root.querySelector("[data-board-expected]");
    var expected = [];  // people, by name
    var arrivals = [];  // people, newest first
    var present = 0;
    var MAX_ARRIVALS = 30;

    function item(person, isNew) {
      var li = document.createElement("li");
      li.setAttribute("data-registration-id", String(person.id));
      if (isNew) li.className = "board__new";
      var name = document.createElement("span");
      name.className = "board__name";
      name.textContent = person.name;
      li.appendChild(name);
      if (person.institution) {
        var inst = document.createElement("span");
        inst.className = "board__institution";
        inst.textContent = " · " + person.institution;
        li.appendChild(inst);
      }
      return li;
    }

    function fill(list, people, newId) {
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!people.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = root.getAttribute("data-t-nobody");
        list.appendChild(none);
        return;
      }
      people.forEach(function (p) { list.appendChild(item(p, p.id === newId)); });
    }

    function render(newId) {
      presentNode.textContent = String(present);
      expectedCount.textContent = String(expected.length);
      fill(arrivalsList, arrivals, newId);
      fill(expectedList, expected);
    }

    function without(people, id) {
      return people.filter(function (p) { return p.id !== id; });
    }

    function onMessage(data) {
      if (data.event === "board") {
        present = data.present_count;
        expected = data.expected || [];
        arrivals = data.arrivals || [];
        render();
      } else if (data.type === "checkin") {
        var person = { id: data.registration_id, name: data.name, institution: data.institution };
        expected = without(expected, person.id);
        arrivals = without(arrivals, person.id);
        if (data.present) {
          arrivals.unshift(person);
          arrivals = arrivals.slice(0, MAX_ARRIVALS);
        } else {
          expected.push(person);
          expected.sort(function (a, b) { return a.name.localeCompare(b.name, "pl"); });
        }
        if (typeof data.present_count === "number") present = data.present_count;
        render(data.present ? person.id : null);
      }
    }

    window.SzkolaLive.LiveSocket(root.getAttribute("data-ws"), {
      onMessage: onMessage
    }, {
      stateElement: root,
      offlineElement: root.querySelector("[data-live-offline]"),
      offlineText: root.getAttribute("data-t-offline")
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
