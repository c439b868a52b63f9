// The picture chooser (images/widgets.py, images/chooser.py): a field's "Choose a picture" button
// opens one <dialog> holding the library's thumbnails (search, pages) and, for those who may add
// pictures, an upload <dialog> whose new picture is chosen at once. No inline script or style:
// the server's HTML fragments are put into the dialog as they are, and everything else is here.
(function () {
  "use strict";

  let dialog = null; // the chooser <dialog>, made on first use and kept
  let field = null; // the [data-image-chooser] the dialog is choosing for now

  function parseFragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function get(url) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "text/html", "X-Requested-With": "XMLHttpRequest" },
      cache: "no-store",
    }).then(function (response) {
      // Our refusals (403) are fragments to show; anything else that is not a success is not.
      if (!response.ok && response.status !== 403) throw new Error(String(response.status));
      return response.text();
    });
  }

  function ensureDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "image-chooser-dialog";
    dialog.setAttribute("aria-labelledby", "image-chooser-title");
    document.body.appendChild(dialog);
    dialog.addEventListener("click", onDialogClick);
    dialog.addEventListener("submit", onDialogSubmit);
    dialog.addEventListener("close", function () {
      const opener = field && field.querySelector("[data-image-chooser-open]");
      if (opener) opener.focus();
    });
    return dialog;
  }

  function chooserUrl(params) {
    const url = new URL(field.dataset.chooserUrl, window.location.href);
    Object.keys(params).forEach(function (name) {
      url.searchParams.set(name, params[name]);
    });
    return url.toString();
  }

  function open(chooserField) {
    field = chooserField;
    const box = ensureDialog();
    const input = field.querySelector("[data-image-chooser-input]");
    box.replaceChildren();
    box.setAttribute("aria-busy", "true");
    if (!box.open) box.showModal();
    get(chooserUrl({ chosen: input.value })).then(function (html) {
      box.replaceChildren(parseFragment(html));
      box.removeAttribute("aria-busy");
      // A caption for a story in Hindi is spell-checked in Hindi, as the story's own fields are.
      const language = document.getElementById("id_language");
      if (language && language.value) {
        box.querySelectorAll('[spellcheck="true"][lang]').forEach(function (input) {
          input.setAttribute("lang", language.value);
        });
      }
      const search = box.querySelector("#image-chooser-q");
      (search || box.querySelector("[data-chooser-close]")).focus();
    }).catch(function () {
      // The server could not be reached: say so, with a way out besides Escape.
      const message = span("chooser__unavailable", field.dataset.textUnavailable);
      message.setAttribute("role", "alert");
      const close = document.createElement("button");
      close.type = "button";
      close.className = "button chooser__close";
      close.setAttribute("data-chooser-close", "");
      close.textContent = field.dataset.textClose;
      const wrapper = document.createElement("div");
      wrapper.className = "chooser";
      wrapper.append(message, close);
      box.replaceChildren(wrapper);
      box.removeAttribute("aria-busy");
      close.focus();
    });
  }

  function showResults(url, focusCount) {
    get(url).then(function (html) {
      const fresh = parseFragment(html).querySelector("[data-chooser-results]");
      const results = dialog.querySelector("[data-chooser-results]");
      if (!fresh || !results) return;
      results.replaceWith(fresh);
      if (focusCount) fresh.querySelector("[data-chooser-count]").focus();
    }).catch(function () {
      const count = dialog.querySelector("[data-chooser-count]");
      if (!count) return;
      count.textContent = field.dataset.textUnavailable;
      count.focus();
    });
  }

  function choose(picture) {
    const input = field.querySelector("[data-image-chooser-input]");
    const current = field.querySelector("[data-image-chooser-current]");
    input.value = picture.id ? String(picture.id) : "";
    current.replaceChildren();
    if (picture.id) {
      if (picture.thumbnail) {
        const img = document.createElement("img");
        img.className = "image-chooser__thumb";
        img.src = picture.thumbnail.url;
        img.width = picture.thumbnail.width;
        img.height = picture.thumbnail.height;
        img.alt = "";
        current.appendChild(img);
      }
      current.appendChild(span("image-chooser__label", picture.label));
      if (picture.missing && picture.missing.length) {
        const text = field.dataset.textMissing.replace("%s", picture.missing.join(", "));
        current.appendChild(span("image-chooser__missing", text));
      }
    } else {
      current.appendChild(span("image-chooser__none", field.dataset.textNone));
    }
    field.querySelector("[data-image-chooser-verb]").textContent = picture.id
      ? field.dataset.textChange
      : field.dataset.textChoose;
    field.querySelector("[data-image-chooser-clear]").hidden = !picture.id;
    // The form's unsaved-changes and autosave scripts listen for these, as for typing.
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function pickedFrom(button) {
    const data = button.dataset;
    return {
      id: data.id,
      label: data.label,
      missing: data.missing ? data.missing.split(", ") : [],
      thumbnail: data.thumbUrl
        ? { url: data.thumbUrl, width: data.thumbWidth, height: data.thumbHeight }
        : null,
    };
  }

  function onDialogClick(event) {
    const target = event.target;
    if (target === dialog) return; // a click on the backdrop does nothing: no work is lost
    const pick = target.closest("[data-chooser-pick]");
    if (pick) {
      choose(pickedFrom(pick));
      dialog.close();
      return;
    }
    const page = target.closest("[data-chooser-page]");
    if (page) {
      event.preventDefault();
      showResults(page.href, true);
      return;
    }
    if (target.closest("[data-chooser-close]")) {
      dialog.close();
      return;
    }
    if (target.closest("[data-chooser-upload-open]")) {
      openUpload();
      return;
    }
    if (target.closest("[data-chooser-upload-cancel]")) {
      closeUpload();
    }
  }

  function onDialogSubmit(event) {
    const form = event.target;
    if (form.matches("[data-chooser-search]")) {
      event.preventDefault();
      const params = new URLSearchParams(new FormData(form));
      showResults(form.action + "?" + params.toString(), false);
    } else if (form.matches("[data-chooser-upload-form]")) {
      event.preventDefault();
      upload(form);
    }
  }

  // --- Upload ---------------------------------------------------------------------------------

  function uploadDialog() {
    return dialog.querySelector("[data-chooser-upload]");
  }

  function openUpload() {
    const box = uploadDialog();
    clearErrors(box.querySelector("form"));
    // However it closes (Cancel, Escape), the focus goes back to the button that opened it.
    box.addEventListener(
      "close",
      function () {
        const opener = dialog.querySelector("[data-chooser-upload-open]");
        if (dialog.open && opener) opener.focus();
      },
      { once: true }
    );
    box.showModal();
    box.querySelector("input[type=file]").focus();
  }

  function closeUpload() {
    uploadDialog().close();
  }

  function clearErrors(form) {
    form.querySelector("[data-chooser-upload-message]").textContent = "";
    form.querySelectorAll("[data-error-for]").forEach(function (element) {
      element.hidden = true;
      element.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      const described = (input.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter(function (id) {
          return id && !id.endsWith("_error");
        });
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  function showErrors(form, answer) {
    const message = form.querySelector("[data-chooser-upload-message]");
    message.textContent = answer.message || form.dataset.textFailed || "";
    let first = null;
    Object.keys(answer.errors || {}).forEach(function (name) {
      const slot = form.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
      if (!slot) return;
      slot.textContent = answer.errors[name].join(" ");
      slot.hidden = false;
      const input = form.querySelector('[name="chooser-upload-' + CSS.escape(name) + '"]');
      if (!input) return;
      input.setAttribute("aria-invalid", "true");
      const described = (input.getAttribute("aria-describedby") || "").split(" ");
      described.push(slot.id);
      input.setAttribute("aria-describedby", described.join(" ").trim());
      first = first || input;
    });
    (first || form.querySelector("[data-chooser-upload-submit]")).focus();
  }

  function upload(form) {
    const submit = form.querySelector("[data-chooser-upload-submit]");
    const message = form.querySelector("[data-chooser-upload-message]");
    clearErrors(form);
    submit.disabled = true;
    message.textContent = dialog.querySelector("[data-chooser-root]").dataset.textUploading || "";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            // Not our JSON (a proxy's or the server's own error page): say it plainly.
            return { message: form.dataset.textFailed, errors: {} };
          })
          .then(function (answer) {
            return { ok: response.status === 201, answer: answer };
          });
      })
      .catch(function () {
        return { ok: false, answer: { message: form.dataset.textOffline, errors: {} } };
      })
      .then(function (result) {
        submit.disabled = false;
        if (result.ok) {
          form.reset();
          message.textContent = "";
          uploadDialog().close();
          choose(result.answer);
          dialog.close();
        } else {
          showErrors(form, result.answer);
        }
      });
  }

  document.addEventListener("click", function (event) {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const opener = target.closest("[data-image-chooser-open]");
    if (opener) {
      open(opener.closest("[data-image-chooser]"));
      return;
    }
    const clear = target.closest("[data-image-chooser-clear]");
    if (clear) {
      field = clear.closest("[data-image-chooser]");
      choose({ id: "" });
      field.querySelector("[data-image-chooser-open]").focus();
    }
  });
})();
