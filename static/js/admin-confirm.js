// Moves readers would notice ask first, in words naming the story (articles/admin_confirm.py):
// the workflow buttons read their question from #workflow-confirmations, any other button or
// form from its own data-confirm. Cancelling leaves the page and everything typed as it was.
(function () {
  "use strict";

  function question(button) {
    if (button.dataset.confirm) return button.dataset.confirm;
    if (button.name !== "_workflow") return "";
    var questions = document.getElementById("workflow-confirmations");
    if (!questions) return "";
    return questions.getAttribute("data-confirm-" + button.value) || "";
  }

  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest("button[type=submit], input[type=submit]");
      if (!button) return;
      var text = question(button);
      if (text && !window.confirm(text)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
