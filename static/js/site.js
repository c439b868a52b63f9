// Progressive enhancements for reader pages. Everything works without this file.
(function () {
  "use strict";

  // Keep the header clock current on pages left open (or served from a cache), in the site's
  // zone: the page names it (data-time-zone, from settings.TIME_ZONE), not this file.
  function formatClock(date, zone) {
    const parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, month: "long", day: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", hour12: true,
    }).formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    return parts.month + " " + parts.day + ", " + parts.year + " " + parts.hour + ":" +
      parts.minute + " " + String(parts.dayPeriod || "").toLowerCase();
  }

  function startClock() {
    const clock = document.querySelector("[data-clock]");
    if (!clock || !clock.dataset.timeZone || !window.Intl) return;
    const tick = function () {
      const now = new Date();
      clock.textContent = formatClock(now, clock.dataset.timeZone);
      clock.setAttribute("datetime", now.toISOString());
    };
    tick();
    window.setInterval(tick, 15000);
  }

  function enableCopyLinks() {
    document.querySelectorAll("[data-copy-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!navigator.clipboard) return; // Fall back to following the link.
        event.preventDefault();
        const status = link.closest(".share").querySelector("[data-copy-status]");
        navigator.clipboard.writeText(link.href).then(function () {
          if (status) status.textContent = "Link copied.";
        }, function () {
          if (status) status.textContent = "Could not copy; the link is " + link.href;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startClock();
    enableCopyLinks();
  });
})();
