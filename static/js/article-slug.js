// The story form's slug follows its headline until the writer types a slug of their own, with
// the rule of newsroom.text.unicode_slug: letters, vowel signs and digits of every script kept
// ("भारत में बारिश" -> "भारत-में-बारिश"; Django's own urlify drops the vowel signs).
(function () {
  "use strict";

  function slugOf(text, maxLength) {
    var words = text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, " ").trim();
    var slug = words ? words.split(/\s+/).join("-") : "";
    return slug.slice(0, maxLength).replace(/-+$/, "");
  }

  function init() {
    document.querySelectorAll("input[data-slug-from]").forEach(follow);
  }

  function follow(slug) {
    var source = document.getElementById(slug.dataset.slugFrom);
    if (!source) {
      return;
    }
    var maxLength = parseInt(slug.getAttribute("maxlength") || "120", 10);
    var ownSlug = false;
    slug.addEventListener("input", function () {
      ownSlug = slug.value !== "";
    });
    source.addEventListener("input", function () {
      if (!ownSlug) {
        slug.value = slugOf(source.value, maxLength);
      }
    });
  }

  // The admin loads form media in the <head>, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
