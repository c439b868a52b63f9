// The service worker of live alerts (live/push.py): shows each Web Push alert a reader asked for
// with "Follow", and opens the update when the alert is clicked. It handles nothing else: no
// caching, no requests of pages.
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Live update", {
      body: data.body || "",
      tag: data.tag || "live",
      data: { url: data.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data.url || "/", self.location.origin);
  event.waitUntil(self.clients.openWindow(target.href));
});
