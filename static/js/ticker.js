// Keeps the breaking-news strip current on pages left open (or served from a cache).
// Without this file the strip still shows, moves, and stops on hover or keyboard focus.
(function () {
  "use strict";

  var REFRESH_MS = 60000;

  function init() {
    var slot = document.querySelector("[data-ticker-slot]");
    if (!slot || !window.fetch || !window.DOMParser) return;
    var source = slot.getAttribute("data-ticker-src");
    var paused = false;
    var pending = null;
    var lastFetch = Date.now();
    var timer = null;

    function currentVersion() {
      var strip = slot.querySelector("[data-ticker-version]");
      return strip ? strip.getAttribute("data-ticker-version") : "empty";
    }

    // The pause button only works with this script, so the server sends it hidden.
    function syncPauseButton() {
      var button = slot.querySelector("[data-ticker-pause]");
      slot.classList.toggle("ticker-slot--paused", paused);
      if (!button) return;
      button.hidden = false;
      button.setAttribute("aria-pressed", paused ? "true" : "false");
    }

    function focusIsOnALink() {
      var active = document.activeElement;
      return Boolean(active && slot.contains(active) && active.closest("a"));
    }

    function swap(html) {
      var fragment = new DOMParser().parseFromString(html, "text/html");
      var incoming = fragment.querySelector("[data-ticker-version]");
      var version = incoming ? incoming.getAttribute("data-ticker-version") : "empty";
      if (version === currentVersion()) return; // Same items: keep the marquee where it is.
      if (focusIsOnALink()) {
        pending = html; // Do not pull a link out from under a keyboard user; swap on focusout.
        return;
      }
      var hadFocus = slot.contains(document.activeElement); // on the pause button
      pending = null;
      slot.replaceChildren.apply(slot, Array.prototype.slice.call(fragment.body.childNodes));
      syncPauseButton();
      var button = slot.querySelector("[data-ticker-pause]");
      if (hadFocus && button) button.focus();
    }

    function schedule(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, delay);
    }

    function refresh() {
      lastFetch = Date.now();
      // no-cache: revalidate with the server (a cheap 304 when nothing changed).
      fetch(source, { cache: "no-cache", credentials: "omit", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error("ticker: " + response.status);
          return response.text();
        })
        .then(swap)
        .catch(function () { /* Keep what is shown; try again at the next refresh. */ })
        .then(function () { schedule(REFRESH_MS); });
    }

    slot.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ticker-pause]");
      if (!button) return;
      paused = !paused;
      syncPauseButton();
    });

    slot.addEventListener("focusout", function (event) {
      if (pending && !slot.contains(event.relatedTarget)) swap(pending);
    });

    // Timers sleep in background tabs: catch up as soon as the reader comes back.
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && Date.now() - lastFetch >= REFRESH_MS) refresh();
    });

    // A page from a cache may carry an old strip: refresh it within a minute of when the
    // server built it, not of when the page was opened.
    var generated = Number(slot.getAttribute("data-ticker-generated")) * 1000;
    var age = generated ? Date.now() - generated : 0;
    schedule(Math.max(0, Math.min(REFRESH_MS, REFRESH_MS - age)));
    syncPauseButton();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
