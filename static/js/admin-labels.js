// Accessible names for widgets that third-party admin scripts build without one: the rich-text
// editor's editable area (django-prose-editor) and the autocomplete boxes (select2). Each gets
// the name of the form label it belongs to. Found by axe on the article change form. Also used
// by the dashboard's live entry form (templates/dashboard/live_coverage.html).
(function () {
  "use strict";

  function labelText(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  function nameEditors(root) {
    root.querySelectorAll(".tiptap[contenteditable]:not([aria-label])").forEach(function (editor) {
      // The admin's field rows, or crispy-forms' (the dashboard's live entry form).
      var wrapper = editor.closest(".form-row, .fieldBox, div[class*='field-'], .mb-3");
      var textarea = wrapper && wrapper.querySelector("textarea[id]");
      editor.setAttribute("aria-label", labelText(textarea && textarea.id) || "Body");
      // Spell-check in the field's language (newsroom/spelling.py marks the textarea).
      if (textarea && textarea.lang) editor.setAttribute("lang", textarea.lang);
      if (textarea && textarea.getAttribute("spellcheck") === "true") {
        editor.setAttribute("spellcheck", "true");
      }
    });
  }

  function nameSelects(root) {
    root.querySelectorAll(".select2-selection[role='combobox']").forEach(function (box) {
      var container = box.closest(".select2");
      var select = container && container.previousElementSibling;
      var text = select && select.id ? labelText(select.id) : "";
      if (!text) return;
      if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", text);
      // select2 names the box by its "rendered" part, which is empty while nothing is chosen.
      var rendered = box.querySelector(".select2-selection__rendered[role='textbox']");
      if (rendered && !rendered.getAttribute("aria-label")) rendered.setAttribute("aria-label", text);
    });
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      field.setAttribute("aria-label", "Search");
    });
    // select2 puts its "remove all" cross inside the list of choices, where only list items may
    // be (axe: list). Just outside the list, in the same box, it looks and works the same: its
    // click is handled on the box.
    root.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach(
      function (clear) {
        clear.parentNode.parentNode.insertBefore(clear, clear.parentNode);
      }
    );
  }

  // The story's language field sets the language its text is spell-checked in.
  function followStoryLanguage() {
    var language = document.getElementById("id_language");
    if (!language) return;
    language.addEventListener("change", function () {
      document.querySelectorAll('[spellcheck="true"][lang]').forEach(function (field) {
        field.setAttribute("lang", language.value);
      });
    });
  }

  function nameAll() {
    nameEditors(document);
    nameSelects(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    followStoryLanguage();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
