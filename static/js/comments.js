// The comment form on an article page carries no CSRF token, since the page may come from a
// shared cache. Before the first post, fetch a fresh token from a never-cached address so the
// comment goes through in one step. Without this file the server asks the reader to confirm once.
(function () {
  "use strict";

  var TOKEN_FIELD = "csrfmiddlewaretoken";

  function hasToken(form) {
    return Boolean(form.querySelector("input[name='" + TOKEN_FIELD + "']"));
  }

  function fetchToken(form) {
    if (!form.commentTokenRequest) {
      form.commentTokenRequest = fetch(form.getAttribute("data-token-url"), {
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
    }
    return form.commentTokenRequest;
  }

  function enhance(form) {
    if (hasToken(form) || !window.fetch) return;
    form.addEventListener("focusin", function () {
      fetchToken(form).catch(function () { /* the server will ask to confirm */ });
    }, { once: true });
    form.addEventListener("submit", function (event) {
      if (hasToken(form)) return;
      event.preventDefault();
      var send = function () { HTMLFormElement.prototype.submit.call(form); };
      fetchToken(form).then(send, send);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-comment-form][data-token-url]").forEach(enhance);
  });
})();
