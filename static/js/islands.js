// Live islands and forms on cached pages (newsroom/islands.py, newsroom/cached_forms.py).
//
// A page may come from a cache, so the parts of it that move on their own are islands:
// <div data-island data-island-src data-island-etag data-island-poll data-island-built>. Each
// asks its address for something newer every `poll` seconds (If-None-Match: 304 while nothing
// changed), sleeps while the tab is hidden, and swaps in what is new. Without this file the page
// shows each island as it was when the page was rendered.
//
// A form on a cached page carries no CSRF token: [data-cached-form] forms fetch one from
// data-token-url before they are sent. Without this file the server asks the reader to confirm.
(function () {
  "use strict";

  var TOKEN_FIELD = "csrfmiddlewaretoken";
  var announcer = null;

  // One polite live region for the whole page: islands that ask to be announced
  // (data-island-announce-changes) put the text of their [data-island-announce] element here.
  function announce(text) {
    if (!text) return;
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function focusIsInside(element) {
    var active = document.activeElement;
    return Boolean(active && active !== document.body && element.contains(active) &&
      active.closest("a, input, textarea, select"));
  }

  function startIsland(element) {
    var source = element.getAttribute("data-island-src");
    var etag = element.getAttribute("data-island-etag") || "";
    var pollMs = Math.max(5, Number(element.getAttribute("data-island-poll")) || 60) * 1000;
    var lastFetch = Date.now();
    var timer = null;
    var pending = null;
    var busy = false;

    function swap(html) {
      if (focusIsInside(element)) {
        // Do not pull a link or a field out from under a keyboard user: swap when they leave.
        pending = html;
        return;
      }
      pending = null;
      // A page may hold a new state back (a live blog's "3 new updates" button rather than
      // content moving under the reader): a listener cancels this event and calls
      // event.detail.apply() when the reader asks.
      var incoming = new CustomEvent("island:incoming", {
        bubbles: true,
        cancelable: true,
        detail: { html: html, apply: function () { applyState(html); } },
      });
      if (!element.dispatchEvent(incoming)) return;
      applyState(html);
    }

    function applyState(html) {
      var parsed = new DOMParser().parseFromString(html, "text/html");
      element.replaceChildren.apply(element, Array.prototype.slice.call(parsed.body.childNodes));
      element.dispatchEvent(new CustomEvent("island:updated", { bubbles: true }));
      if (element.hasAttribute("data-island-announce-changes")) {
        var said = element.querySelector("[data-island-announce]");
        if (said) announce(said.textContent.trim());
      }
    }

    function schedule(delay) {
      window.clearTimeout(timer);
      if (document.hidden) return; // picked up again on visibilitychange
      timer = window.setTimeout(refresh, delay);
    }

    function refresh() {
      if (busy) return;
      busy = true;
      lastFetch = Date.now();
      var headers = { Accept: "text/html" };
      if (etag) headers["If-None-Match"] = etag;
      // no-store: the browser's cache stays out of it, so a 304 reaches this code as a 304.
      fetch(source, { cache: "no-store", credentials: "omit", headers: headers })
        .then(function (response) {
          if (response.status === 304) return null;
          if (!response.ok) throw new Error("island " + source + ": " + response.status);
          etag = response.headers.get("ETag") || "";
          return response.text();
        })
        .then(function (html) { if (html !== null) swap(html); })
        .catch(function () { /* Keep what is shown; try again at the next poll. */ })
        .then(function () { busy = false; schedule(pollMs); });
    }

    element.addEventListener("focusout", function (event) {
      if (pending && !element.contains(event.relatedTarget)) swap(pending);
    });

    document.addEventListener("visibilitychange", function () {
      if (document.hidden) {
        window.clearTimeout(timer);
      } else {
        // Catch up as soon as the reader comes back, or at the next poll.
        schedule(Math.max(0, pollMs - (Date.now() - lastFetch)));
      }
    });

    // A page from a cache may carry an old state: ask within one poll of when the server built
    // it, not of when the page was opened; a little jitter spreads the readers of one page.
    var built = Number(element.getAttribute("data-island-built")) * 1000;
    var age = built ? Date.now() - built : 0;
    lastFetch = Date.now() - Math.max(0, age);
    schedule(Math.max(0, Math.min(pollMs, pollMs - age)) + Math.random() * 1000);
  }

  // --- Forms on cached pages ---------------------------------------------------------------

  function hasToken(form) {
    return Boolean(form.querySelector("input[name='" + TOKEN_FIELD + "']"));
  }

  function fetchToken(form) {
    if (!form.cachedFormTokenRequest) {
      form.cachedFormTokenRequest = fetch(form.getAttribute("data-token-url"), {
        cache: "no-store",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) throw new Error("token request failed: " + response.status);
        return response.json();
      }).then(function (data) {
        if (hasToken(form) || !data.token) return;
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = TOKEN_FIELD;
        input.value = data.token;
        form.appendChild(input);
      });
      // A failed request may be tried again by the next submit.
      form.cachedFormTokenRequest.catch(function () { form.cachedFormTokenRequest = null; });
    }
    return form.cachedFormTokenRequest;
  }

  function enhanceForm(form) {
    if (hasToken(form)) return;
    form.addEventListener("focusin", function () {
      fetchToken(form).catch(function () { /* the server will ask to confirm */ });
    }, { once: true });
    form.addEventListener("submit", function (event) {
      if (hasToken(form)) return;
      event.preventDefault();
      var submitter = event.submitter;
      var send = function () {
        if (hasToken(form) && form.requestSubmit) {
          form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } else {
          HTMLFormElement.prototype.submit.call(form);
        }
      };
      fetchToken(form).then(send, send);
    });
  }

  function init() {
    if (!window.fetch) return;
    document.querySelectorAll("form[data-cached-form][data-token-url]").forEach(enhanceForm);
    if (!window.DOMParser) return;
    document.querySelectorAll("[data-island][data-island-src]").forEach(startIsland);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
