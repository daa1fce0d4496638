/* Live Q&A and polls: the participant's, the moderator's and the projector's
 * page. State comes from the server (a full snapshot on every connect, then
 * one change at a time); every text a person wrote is put on the page with
 * textContent, never as HTML. */
(function () {
  "use strict";

  function start() {
    var root = document.querySelector("[data-qa-room]");
    if (!root || !window.SzkolaLive) return;
    var role = root.getAttribute("data-role");
    var t = function (key) { return root.getAttribute("data-t-" + key) || ""; };
    var questions = {};   // id -> question
    var polls = {};       // id -> poll
    var myVotes = {};     // question id -> true
    var myQuestions = {}; // question id -> true
    var myPollVotes = {}; // poll id -> option id
    var nodes = {};       // question id -> <li>
    var message = root.querySelector("[data-qa-message]");

    function say(text) { if (message) message.textContent = text; }

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined && text !== null) node.textContent = text;
      return node;
    }

    function order(a, b) {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      if (a.answered !== b.answered) return a.answered ? 1 : -1;
      if (a.votes !== b.votes) return b.votes - a.votes;
      if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
      return a.id - b.id;
    }

    function button(label, onClick, extraClass) {
      var b = el("button", "button button--small " + (extraClass || "button--secondary"), label);
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }

    function moderate(q, verb) {
      live.send({ action: "moderate", id: q.id, verb: verb });
    }

    function renderQuestion(q) {
      var li = nodes[q.id];
      if (!li) {
        li = el("li", "qa-question");
        li.setAttribute("data-question-id", String(q.id));
        nodes[q.id] = li;
      }
      while (li.firstChild) li.removeChild(li.firstChild);
      li.classList.toggle("qa-question--pinned", q.pinned);
      li.classList.toggle("qa-question--answered", q.answered);
      var labels = el("p", "qa-question__labels");
      if (q.pinned) labels.appendChild(el("span", "badge", t("pinned")));
      if (q.answered) labels.appendChild(el("span", "badge badge--done", t("answered")));
      if (role === "moderator" && q.status === "held") labels.appendChild(el("span", "badge badge--held", t("held")));
      if (myQuestions[q.id]) labels.appendChild(el("span", "badge", t("mine")));
      if (labels.childNodes.length) li.appendChild(labels);
      li.appendChild(el("p", "qa-question__text", q.text));
      var meta = el("p", "qa-question__meta");
      var votes = el("span", "qa-question__votes", q.votes + " " + t("votes"));
      votes.setAttribute("data-votes", String(q.votes));
      meta.appendChild(votes);
      if (role !== "projector" && q.author) meta.appendChild(el("span", "qa-question__author", " · " + q.author));
      li.appendChild(meta);
      if (role === "participant" && q.status === "approved" && !myQuestions[q.id]) {
        var voted = !!myVotes[q.id];
        var vote = button(voted ? t("voted") : t("vote"), function () {
          live.send({ action: "vote", id: q.id });
        });
        vote.setAttribute("aria-pressed", voted ? "true" : "false");
        vote.setAttribute("aria-label", (voted ? t("voted") : t("vote")) + ": " + q.text.slice(0, 80));
        vote.disabled = voted;
        li.appendChild(vote);
      }
      if (role === "moderator") {
        var actions = el("div", "qa-question__actions");
        var name = ": " + q.text.slice(0, 80);
        function add(label, verb, cls) {
          var b = button(label, function () { moderate(q, verb); }, cls);
          b.setAttribute("aria-label", label + name);
          actions.appendChild(b);
        }
        if (q.status !== "approved") add(t("approve"), "approve", "button--primary");
        if (q.status !== "hidden") add(t("hide"), "hide");
        if (q.status === "approved") {
          add(q.answered ? t("unanswered") : t("mark-answered"), q.answered ? "unanswered" : "answered");
          add(q.pinned ? t("unpin") : t("pin"), q.pinned ? "unpin" : "pin");
        }
        li.appendChild(actions);
      }
      return li;
    }

    function listFor(q) {
      if (role !== "moderator") return q.status === "approved" ? "approved" : null;
      return q.status;
    }

    function renderQuestions() {
      var lists = root.querySelectorAll("[data-question-list]");
      lists.forEach(function (list) {
        var kind = list.getAttribute("data-question-list");
        var items = Object.keys(questions).map(function (id) { return questions[id]; })
          .filter(function (q) { return listFor(q) === kind; })
          .sort(order);
        var wanted = items.map(renderQuestion);
        // Move only what changed place, so focus stays where it is.
        wanted.forEach(function (node, index) {
          if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
        });
        while (list.children.length > wanted.length) list.removeChild(list.lastChild);
        var empty = list.parentNode.querySelector("[data-empty]");
        if (!wanted.length && kind === "approved") {
          if (!empty) {
            empty = el("p", "muted", t("empty"));
            empty.setAttribute("data-empty", "");
            list.parentNode.appendChild(empty);
          }
        } else if (empty) {
          empty.remove();
        }
      });
    }

    function renderPolls() {
      var box = root.querySelector("[data-poll-list]");
      if (!box) return;
      var openOnly = box.hasAttribute("data-open-only");
      while (box.firstChild) box.removeChild(box.firstChild);
      Object.keys(polls).map(function (id) { return polls[id]; })
        .filter(function (p) { return !openOnly || p.status === "open"; })
        .sort(function (a, b) { return b.id - a.id; })
        .forEach(function (poll) {
          var article = el("article", "qa-poll");
          article.setAttribute("data-poll-id", String(poll.id));
          var headingId = "poll-" + poll.id;
          var heading = el("h3", "qa-poll__question", poll.question);
          heading.id = headingId;
          article.setAttribute("aria-labelledby", headingId);
          article.appendChild(heading);
          var mine = myPollVotes[poll.id];
          var canVote = role === "participant" && poll.status === "open" && !mine;
          var list = el("ul", "qa-poll__options");
          poll.options.forEach(function (option) {
            var li = el("li", "qa-poll__option");
            var share = poll.total ? Math.round(100 * option.votes / poll.total) : 0;
            if (canVote) {
              var b = button(option.label, function () {
                live.send({ action: "poll_vote", poll: poll.id, option: option.id });
              });
              b.setAttribute("aria-label", t("poll-vote") + ": " + option.label);
              li.appendChild(b);
            } else {
              li.appendChild(el("span", "qa-poll__label", option.label + (mine === option.id ? " (" + t("poll-yours") + ")" : "")));
            }
            var bar = el("progress", "qa-poll__bar");
            bar.max = 100;
            bar.value = share;
            bar.setAttribute("aria-label", option.label);
            li.appendChild(bar);
            var result = el("span", "qa-poll__result", option.votes + " (" + share + "%)");
            result.setAttribute("data-option-votes", String(option.votes));
            li.appendChild(result);
            list.appendChild(li);
          });
          article.appendChild(list);
          article.appendChild(el("p", "muted", t("poll-total") + ": " + poll.total +
            (poll.status === "closed" ? " · " + t("poll-closed") : "")));
          if (role === "moderator" && poll.status === "open") {
            article.appendChild(button(t("poll-close"), function () {
              live.send({ action: "poll_close", poll: poll.id });
            }));
          }
          box.appendChild(article);
        });
    }

    function applyState(data) {
      questions = {};
      (data.questions || []).forEach(function (q) { questions[q.id] = q; });
      polls = {};
      (data.polls || []).forEach(function (p) { polls[p.id] = p; });
      myVotes = {};
      (data.my_votes || []).forEach(function (id) { myVotes[id] = true; });
      myQuestions = {};
      (data.my_questions || []).forEach(function (id) { myQuestions[id] = true; });
      myPollVotes = {};
      Object.keys(data.my_poll_votes || {}).forEach(function (id) {
        myPollVotes[id] = data.my_poll_votes[id];
      });
      Object.keys(nodes).forEach(function (id) { if (!questions[id]) delete nodes[id]; });
      if (data.room) applyRoom(data.room);
      renderQuestions();
      renderPolls();
    }

    function applyRoom(room) {
      var box = root.querySelector("[data-premoderation]");
      if (box) box.checked = !!room.premoderation;
    }

    function onMessage(data) {
      switch (data.event) {
        case "state": applyState(data); break;
        case "question":
          questions[data.question.id] = data.question;
          renderQuestions();
          break;
        case "question_removed":
          delete questions[data.id];
          renderQuestions();
          break;
        case "asked":
          // Cleared only now: a refused question (too long, too many at
          // once) stays in the field to be corrected or sent again.
          var field = root.querySelector("[data-ask-form] textarea");
          if (field) field.value = "";
          myQuestions[data.question.id] = true;
          say(data.question.status === "held" ? t("asked-held") : t("asked"));
          renderQuestions();
          break;
        case "voted":
          myVotes[data.id] = true;
          renderQuestions();
          break;
        case "poll":
          polls[data.poll.id] = data.poll;
          renderPolls();
          break;
        case "poll_voted":
          myPollVotes[data.poll] = data.option;
          renderPolls();
          break;
        case "room": applyRoom(data.room); break;
        case "poll_opened":
          var form = root.querySelector("[data-poll-form]");
          if (form) form.reset();
          break;
        case "error": say(data.message); break;
      }
    }

    var live = window.SzkolaLive.LiveSocket(root.getAttribute("data-ws"), {
      onMessage: onMessage
    }, {
      stateElement: root,
      offlineElement: root.querySelector("[data-live-offline]"),
      offlineText: t("offline")
    });

    var ask = root.querySelector("[data-ask-form]");
    if (ask) {
      ask.addEventListener("submit", function (event) {
        event.preventDefault();
        var field = ask.querySelector("textarea");
        var text = field.value.trim();
        if (!text) return;
        if (!live.send({ action: "ask", text: text })) say(t("offline"));
      });
    }
    var pollForm = root.querySelector("[data-poll-form]");
    if (pollForm) {
      pollForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var question = pollForm.querySelector("[name=question]");
        var options = pollForm.querySelector("[name=options]");
        live.send({
          action: "poll_open",
          question: question.value,
          options: options.value.split("\n").map(function (s) { return s.trim(); })
            .filter(function (s) { return s; })
        });
      });
    }
    var premoderation = root.querySelector("[data-premoderation]");
    if (premoderation) {
      premoderation.addEventListener("change", function () {
        live.send({ action: "premoderation", enabled: premoderation.checked });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
