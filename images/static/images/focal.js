// The focal point of a library picture: a click on the preview sets the two percentage fields
// (which also work from the keyboard), and the ring follows them. Positions are set through the
// CSSOM, which the Content-Security-Policy allows (it blocks style attributes written in markup).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    document.querySelectorAll("[data-focal-picker]").forEach(function (picker) {
      var picture = picker.querySelector("img");
      var marker = picker.querySelector(".images-focal__marker");
      if (!picture || !marker || !across || !down) return;

      function place() {
        marker.style.left = Math.min(100, Math.max(0, Number(across.value) || 0)) + "%";
        marker.style.top = Math.min(100, Math.max(0, Number(down.value) || 0)) + "%";
      }

      picture.addEventListener("click", function (event) {
        var box = picture.getBoundingClientRect();
        across.value = Math.round(((event.clientX - box.left) / box.width) * 100);
        down.value = Math.round(((event.clientY - box.top) / box.height) * 100);
        across.dispatchEvent(new Event("change", { bubbles: true }));
        place();
      });
      across.addEventListener("input", place);
      down.addEventListener("input", place);
      place();
    });
  });
})();
