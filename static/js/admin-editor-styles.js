// Tiptap, under the prose editor, injects its base CSS as an inline <style> unless it finds a
// `style[data-tiptap-style]` element already in the page. The admin's Content-Security-Policy
// blocks inline styles (even an empty <style> counts), so the marker put here first is a
// "style" element of a namespace of our own: the selector matches it, but the browser does not
// treat it as a stylesheet and the policy has nothing to block. The rules themselves come from
// css/admin-editor.css.
// A classic script: it runs while <head> is parsed, before the editor's module scripts.
(function () {
  if (document.querySelector("style[data-tiptap-style]")) return;
  const marker = document.createElementNS("urn:x-newsroom:marker", "style");
  marker.setAttribute("data-tiptap-style", "");
  document.head.appendChild(marker);
})();
