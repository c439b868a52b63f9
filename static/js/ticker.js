// The breaking-news strip's pause button. The strip itself is a live island kept current by
// islands.js; without either file it still shows, moves, and stops on hover or keyboard focus.
(function () {
  "use strict";

  function init() {
    var slot = document.querySelector("[data-island='ticker']");
    if (!slot) return;
    var paused = false;

    // The pause button only works with this script, so the server sends it hidden.
    function syncPauseButton() {
      var button = slot.querySelector("[data-ticker-pause]");
      slot.classList.toggle("ticker-slot--paused", paused);
      if (!button) return;
      button.hidden = false;
      button.setAttribute("aria-pressed", paused ? "true" : "false");
    }

    slot.addEventListener("click", function (event) {
      var button = event.target.closest("[data-ticker-pause]");
      if (!button) return;
      paused = !paused;
      syncPauseButton();
    });

    // A new strip came in (islands.js): keep the reader's choice, and their focus on the button.
    var hadFocus = false;
    slot.addEventListener("focusin", function () { hadFocus = true; });
    slot.addEventListener("focusout", function (event) {
      hadFocus = slot.contains(event.relatedTarget);
    });
    slot.addEventListener("island:updated", function () {
      syncPauseButton();
      var button = slot.querySelector("[data-ticker-pause]");
      if (hadFocus && button) button.focus();
    });

    // Showing the button is not urgent: it waits until the browser is idle, so it adds no
    // style work to the page's load. The strip moves meanwhile (its animation is plain CSS).
    var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 200); };
    idle(syncPauseButton);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
