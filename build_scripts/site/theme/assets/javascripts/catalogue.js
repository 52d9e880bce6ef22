/* Catalogue filters: progressive enhancement of the full list.
   Without JavaScript the filters stay hidden and every entry shows (a div, not a form: pages hold no forms).
   The filters live in the URL (?country=FR&type=network), so a filtered view can be shared. */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector(".links-filters");
    var list = document.querySelector(".links-catalogue");
    if (!form || !list || form.dataset.ready) return;
    form.dataset.ready = "1";
    var count = document.querySelector(".links-count");
    // The count's text has one form per plural category of its language (CLDR, as the build chose it).
    var forms = count ? JSON.parse(count.getAttribute("data-forms") || "{}") : {};
    var plural = count && window.Intl && Intl.PluralRules ? new Intl.PluralRules(count.getAttribute("data-lang") || undefined) : null;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v !== null && s.querySelector('option[value="' + CSS.escape(v) + '"]')) s.value = v;
    });
    function apply(updateUrl) {
      var shown = 0;
      var query = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
      items.forEach(function (li) {
        var ok = selects.every(function (s) {
          return !s.value || (li.getAttribute("data-" + s.name) || "").split(" ").indexOf(s.value) >= 0;
        });
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (count) {
        var form = (plural && forms[plural.select(shown)]) || forms.other || "{count}";
        count.textContent = form.replace("{count}", String(shown));
      }
      if (updateUrl) {
        var q = query.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.hidden = false;
    apply(false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
