// A story covered live (live app): new entries wait behind a "N new updates" button instead of
// moving the page under the reader; their arrival is said politely to screen readers; pressing
// the button shows them and puts the focus on the newest. Embedded posts load only on request.
//
// islands.js polls the live island and fires a cancelable "island:incoming" with the new state;
// this file holds a state that brings new entries back (event.preventDefault()) and applies it
// (event.detail.apply()) when the reader asks. Edits and deletions are applied as they come.
// Without JavaScript the page shows every entry as of its render, and a reload shows the rest.
(function () {
  "use strict";

  function entryIds(root) {
    return Array.prototype.map.call(root.querySelectorAll("[data-entry]"), function (entry) {
      return entry.getAttribute("data-entry");
    });
  }

  function say(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function showEmbedButtons(root) {
    root.querySelectorAll(".live-embed__load[hidden], .live-embed__note[hidden]").forEach(
      function (element) { element.hidden = false; }
    );
  }

  function loadEmbed(button) {
    var frame = document.createElement("iframe");
    frame.className = "live-embed__frame";
    frame.src = button.getAttribute("data-embed-src");
    frame.title = button.getAttribute("data-embed-title") || "Embedded post";
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    frame.setAttribute("allow", "encrypted-media; picture-in-picture");
    var box = button.closest(".live-embed");
    var note = box.querySelector(".live-embed__note");
    if (note) note.remove();
    button.replaceWith(frame);
    frame.setAttribute("tabindex", "0");
    frame.focus();
  }

  function setUp(section) {
    var island = section.querySelector("[data-island]");
    var button = section.querySelector("[data-live-new]");
    var region = section.querySelector("[data-live-status]");
    if (!island || !button) return;
    var held = null;

    // The words come from the page (live/coverage.html, in its language); "%n" is the count.
    function words(name, count, fallback) {
      var text = section.getAttribute("data-words-" + name + (count === 1 ? "-one" : "-many"));
      return (text || fallback).replace("%n", String(count));
    }

    function label(count) {
      return words("show", count, count === 1 ? "Show 1 new update" : "Show %n new updates");
    }

    island.addEventListener("island:incoming", function (event) {
      var parsed = new DOMParser().parseFromString(event.detail.html, "text/html");
      var shown = entryIds(island);
      var fresh = entryIds(parsed).filter(function (id) { return shown.indexOf(id) === -1; });
      if (!fresh.length) {
        // Nothing new to read (an edit, a deletion, the count): apply it where it is.
        held = null;
        button.hidden = true;
        return;
      }
      event.preventDefault();
      var before = held ? held.fresh.length : 0;
      held = { apply: event.detail.apply, fresh: fresh };
      button.textContent = label(fresh.length);
      button.hidden = false;
      if (fresh.length !== before) {
        say(region, words("arrived", fresh.length, fresh.length === 1
          ? "1 new update. Use the button above the updates to show them."
          : "%n new updates. Use the button above the updates to show them."));
      }
    });

    island.addEventListener("island:updated", function () { showEmbedButtons(island); });

    button.addEventListener("click", function () {
      if (!held) return;
      var fresh = held.fresh;
      held.apply();
      held = null;
      button.hidden = true;
      var first = null;
      fresh.forEach(function (id) {
        var entry = island.querySelector('[data-entry="' + id + '"]');
        if (!entry) return;
        entry.classList.add("live-entry--fresh");
        if (!first) first = entry;
      });
      // The focus goes to the newest entry (they are newest first), where reading continues;
      // the button it was on has gone.
      if (first) first.focus();
    });

    section.addEventListener("click", function (event) {
      var load = event.target.closest(".live-embed__load");
      if (load) loadEmbed(load);
    });
    showEmbedButtons(island);
  }

  function start() {
    document.querySelectorAll("[data-live]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// "Follow": Web Push alerts for this story or for breaking news (live/push.py). Nothing is asked
// of the reader (no permission prompt, no service worker) until a button is pressed.
(function () {
  "use strict";

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/");
    padded += "===".slice((padded.length + 3) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function storageKey(box, topic) {
    return "live-follow:" + topic + (topic === "story" ? ":" + box.getAttribute("data-story") : "");
  }

  function remembered(box, topic) {
    try { return window.localStorage.getItem(storageKey(box, topic)) === "1"; } catch (e) { return false; }
  }

  function remember(box, topic, on) {
    try {
      if (on) window.localStorage.setItem(storageKey(box, topic), "1");
      else window.localStorage.removeItem(storageKey(box, topic));
    } catch (e) { /* private mode: the button simply forgets */ }
  }

  var LABELS = {
    story: ["Follow this story", "Following this story (press to stop)"],
    breaking: ["Alert me to breaking news", "Getting breaking-news alerts (press to stop)"],
  };

  function show(button, on) {
    var topic = button.getAttribute("data-follow-topic");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    // The page's own words (live/coverage.html) where it gives them.
    button.textContent = button.getAttribute(on ? "data-label-on" : "data-label-off") ||
      LABELS[topic][on ? 1 : 0];
  }

  function post(box, url, body) {
    return fetch(box.getAttribute("data-token-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (token) {
        return fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token.token },
          body: JSON.stringify(body),
        });
      })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.message || "Not accepted.");
          return answer.message;
        });
      });
  }

  function subscription(box) {
    return navigator.serviceWorker
      .register(box.getAttribute("data-worker"))
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(box.getAttribute("data-push-key")),
          });
        });
      });
  }

  function setUp(box) {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !window.isSecureContext) {
      return; // this browser cannot take alerts: the buttons stay hidden
    }
    var note = box.querySelector("[data-follow-note]");
    box.hidden = false;
    box.querySelectorAll("[data-follow-topic]").forEach(function (button) {
      var topic = button.getAttribute("data-follow-topic");
      show(button, remembered(box, topic));
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.disabled = true;
        subscription(box)
          .then(function (sub) {
            var body = sub.toJSON();
            body.topic = topic;
            body.story = Number(box.getAttribute("data-story"));
            return post(box, box.getAttribute(on ? "data-follow-url" : "data-unfollow-url"), body);
          })
          .then(function (message) {
            remember(box, topic, on);
            show(button, on);
            if (note) note.textContent = message;
          })
          .catch(function (error) {
            if (note) {
              note.textContent = (window.Notification && Notification.permission === "denied")
                ? (box.getAttribute("data-words-blocked") ||
                  "Your browser blocks alerts from this site; allow them in its settings to follow.")
                : (box.getAttribute("data-words-failed") || "Alerts could not be set up:") +
                  " " + error.message;
            }
          })
          .then(function () { button.disabled = false; });
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-live-follow]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
