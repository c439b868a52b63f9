// The story change form's presence: a heartbeat to the server every few seconds (who else has
// the story open, whether someone took it over), and a goodbye when the page goes away. The
// server side is articles/admin_conflicts.py; the rules are in articles/editing.py.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, form) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken(form));
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
  }

  function startPresence(presence) {
    var form = presence.closest("form");
    var url = presence.dataset.heartbeatUrl;
    var seconds = parseInt(presence.dataset.heartbeatSeconds, 10) || 20;
    var others = presence.querySelector(".editing-others");
    var notice = presence.querySelector("[data-editing-notice]");
    var takenOver = presence.querySelector("[data-editing-taken-over]");
    var timer = null;

    function show(state) {
      if (notice.textContent !== state.notice) notice.textContent = state.notice;
      others.hidden = !state.notice;
      if (state.taken_over && takenOver.textContent !== state.taken_over.message) {
        takenOver.textContent = state.taken_over.message;
        takenOver.hidden = false;
        presence.dispatchEvent(new CustomEvent("editing:taken-over", { bubbles: true }));
      }
    }

    function beat() {
      if (document.hidden) return;
      post(url, form)
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state) show(state);
        })
        .catch(function () {
          // Offline for a moment: the next beat tries again.
        });
    }

    timer = window.setInterval(beat, seconds * 1000);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) beat();
    });
    window.addEventListener("pagehide", function (event) {
      window.clearInterval(timer);
      // Submitting the form also hides the page: the save ends the session on the server.
      if (event.persisted || form.dataset.submitting) return;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken(form));
      navigator.sendBeacon(presence.dataset.leaveUrl, body);
    });
    form.addEventListener("submit", function () {
      form.dataset.submitting = "1";
    });
    beat();
  }

  function init() {
    var presence = document.getElementById("editing-presence");
    if (presence && presence.dataset.heartbeatUrl) startPresence(presence);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
