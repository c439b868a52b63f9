// Progressive enhancements for reader pages. Everything works without this file.
(function () {
  "use strict";

  // When the browser has nothing better to do (the clock and such must not hold up the page).
  var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 200); };

  // Keep the header clock current on pages left open (or served from a cache), in the site's
  // zone: the page names it (data-time-zone, from settings.TIME_ZONE), not this file. The
  // server's text is right for the minute the page was made, so nothing runs at load: building
  // an Intl formatter costs tens of milliseconds on a slow phone. It is built once, when idle,
  // and the clock then changes on each minute's turn.
  function startClock() {
    var clock = document.querySelector("[data-clock]");
    if (!clock || !clock.dataset.timeZone || !window.Intl) return;
    var format = null;
    // A page in another language names its months and parts of the day (newsroom.clock's
    // clock_words), so the clock reads as the server wrote it: "3 दिसंबर 2026, रात 9:27".
    var months = clock.dataset.clockMonths ? clock.dataset.clockMonths.split("|") : null;
    var dayParts = (clock.dataset.clockDayParts || "").split("|").filter(Boolean).map(function (entry) {
      var pair = entry.split(":");
      return { until: Number(pair[0]), word: pair[1] };
    });
    var nativeDigits = clock.dataset.clockDigits === "devanagari";
    function inPageDigits(value) {
      if (!nativeDigits) return value;
      return value.replace(/[0-9]/g, function (digit) { return String.fromCharCode(0x0966 + Number(digit)); });
    }
    function localText(parts) {
      var hour = Number(parts.hour) % 24;
      var part = dayParts.filter(function (entry) { return hour < entry.until; })[0];
      return inPageDigits(Number(parts.day) + " " + months[Number(parts.month) - 1] + " " + parts.year +
        ", " + (part ? part.word + " " : "") + (hour % 12 || 12) + ":" + parts.minute);
    }
    function text(date) {
      var parts = {};
      format.formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
      if (months) return localText(parts);
      return parts.month + " " + parts.day + ", " + parts.year + " " + parts.hour + ":" +
        parts.minute + " " + String(parts.dayPeriod || "").toLowerCase();
    }
    function tick() {
      var now = new Date();
      if (!format) {
        format = new Intl.DateTimeFormat("en-US", months ? {
          timeZone: clock.dataset.timeZone, month: "numeric", day: "numeric", year: "numeric",
          hour: "numeric", minute: "2-digit", hourCycle: "h23",
        } : {
          timeZone: clock.dataset.timeZone, month: "long", day: "2-digit", year: "numeric",
          hour: "2-digit", minute: "2-digit", hour12: true,
        });
      }
      var shown = text(now);
      if (clock.textContent !== shown) {
        clock.textContent = shown;
        clock.setAttribute("datetime", now.toISOString());
      }
      window.setTimeout(function () { idle(tick); }, 60000 - (now.getTime() % 60000) + 50);
    }
    // A page from the cache may be minutes old: set it right once the page is idle.
    idle(tick);
  }

  // The header's search box hides behind a button on narrow screens (CSS); without this file
  // that control is a plain link to the search page.
  function enableSearchToggle() {
    var toggle = document.querySelector("[data-search-toggle]");
    var box = document.getElementById("header-search");
    if (!toggle || !box) return;
    var masthead = toggle.closest("[data-masthead]");
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    function set(open) {
      masthead.classList.toggle("masthead--searching", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) box.querySelector("input").focus();
    }
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      set(toggle.getAttribute("aria-expanded") !== "true");
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { set(false); toggle.focus(); }
    });
  }

  function enableCopyLinks() {
    document.querySelectorAll("[data-copy-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!navigator.clipboard) return; // Fall back to following the link.
        event.preventDefault();
        var status = link.closest(".share").querySelector("[data-copy-status]");
        navigator.clipboard.writeText(link.href).then(function () {
          if (status) status.textContent = "Link copied.";
        }, function () {
          if (status) status.textContent = "Could not copy; the link is " + link.href;
        });
      });
    });
  }

  // "Most read": a story page counts one read, once the reader has had it on screen for a few
  // seconds (not a prerender or a tab opened in the background and closed). Our own address, no
  // cookie, nothing about the reader sent: the server adds one to the story's count for the day.
  function countRead() {
    var story = document.querySelector("[data-read-beacon]");
    if (!story || !navigator.sendBeacon) return;
    var timer = null;
    function arm() {
      if (document.visibilityState !== "visible" || timer) return;
      timer = window.setTimeout(function () {
        document.removeEventListener("visibilitychange", watch);
        navigator.sendBeacon(story.dataset.readBeacon);
      }, 3000);
    }
    function watch() {
      if (document.visibilityState === "visible") { arm(); return; }
      window.clearTimeout(timer);
      timer = null;
    }
    document.addEventListener("visibilitychange", watch);
    arm();
  }

  document.addEventListener("DOMContentLoaded", function () {
    countRead();
    enableSearchToggle();
    enableCopyLinks();
    startClock();
  });
})();
