// The story change form keeps the writer's unsaved work: every few seconds, when the text has
// changed, it is sent to the server as this writer's autosave of this story (not a revision, never
// shown to readers; articles/autosave.py). Leaving the page with unsaved changes asks first.
(function () {
  "use strict";

  var FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline_place",
    "lead_image_caption",
    "correction",
  ];

  function snapshot(form) {
    var values = {};
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) values[name] = field.value;
    });
    return JSON.stringify(values);
  }

  function start(form, settings) {
    var url = settings.dataset.autosaveUrl;
    var seconds = parseInt(settings.dataset.autosaveSeconds, 10) || 5;
    var status = settings.querySelector("[data-autosave-status]");
    // What the server has as the story, read when the writer first comes to the form (after the
    // editor has settled its markup), and what it has as this writer's autosave.
    var saved = null;
    var sent = null;
    var submitting = false;
    var inFlight = false;

    function tell(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function send() {
      // Once the form is being sent, the save itself keeps the text.
      if (saved === null || submitting) return;
      var now = snapshot(form);
      if (inFlight || now === sent) return;
      var body = new FormData();
      var values = JSON.parse(now);
      Object.keys(values).forEach(function (name) {
        body.append(name, values[name]);
      });
      body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      var token = form.elements.namedItem("_version_token");
      if (token) body.append("_version_token", token.value);
      inFlight = true;
      fetch(url, { method: "POST", body: body, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (answer) {
          sent = now;
          tell(answer.message);
        })
        .catch(function () {
          tell(settings.dataset.offlineMessage);
        })
        .finally(function () {
          inFlight = false;
        });
    }

    form.addEventListener("focusin", function () {
      if (saved !== null) return;
      sent = snapshot(form);
      // Restored text is not yet the story's: leaving without saving it still asks.
      saved = settings.dataset.restored ? "" : sent;
    });
    window.setInterval(send, seconds * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) send();
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || saved === null || snapshot(form) === saved) return;
      // The browser shows its own wording; both calls are needed across browsers.
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function init() {
    var settings = document.getElementById("autosave");
    var form = settings && settings.closest("form");
    if (form && settings.dataset.autosaveUrl) start(form, settings);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
