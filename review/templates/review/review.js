/* The review page's whole script (no framework, nothing fetched): live Direct-limit counters on the ad fields,
   edits sent in place (the page's main block is swapped for the answer, the scroll kept), and the Mini App's
   handshake. Without it every form still works as a plain POST that comes back to the same place. */
(function () {
  "use strict";
  var NARROW = '.,!:;"';

  function counted(field) {
    var text = field.value;
    if (field.hasAttribute("data-narrow-free")) {
      text = Array.prototype.filter.call(text, function (c) { return NARROW.indexOf(c) < 0; }).join("");
    }
    return Array.from(text).length;
  }

  function updateCounter(field) {
    var counter = field.closest(".field") && field.closest(".field").querySelector(".counter");
    if (!counter) { return; }
    var max = parseInt(field.getAttribute("data-max"), 10), length = counted(field);
    counter.textContent = length + "/" + max;
    counter.classList.toggle("over", length > max);
  }

  function initCounters(root) {
    root.querySelectorAll("[data-max]").forEach(updateCounter);
  }

  document.addEventListener("change", function (event) {
    if (!event.target.classList || !event.target.classList.contains("select-all")) { return; }
    event.target.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-max")) { updateCounter(event.target); }
  });

  function swapMain(html, url) {
    var next = new DOMParser().parseFromString(html, "text/html").getElementById("review-main");
    var current = document.getElementById("review-main");
    if (!next || !current) { window.location.href = url || window.location.href; return; }
    var scroll = window.scrollY;
    current.replaceWith(next);
    initCounters(next);
    if (url) { window.history.replaceState(null, "", url); }
    window.scrollTo(0, scroll);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-inplace") || !window.fetch) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var action = (submitter && submitter.getAttribute("formaction")) || form.action;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    document.body.setAttribute("aria-busy", "true");
    fetch(action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) { swapMain(html, response.redirected ? response.url : null); });
      })
      .catch(function () { form.submit(); })
      .finally(function () { document.body.removeAttribute("aria-busy"); });
  });

  function miniAppHandshake() {
    var main = document.getElementById("mini-app");
    if (!main) { return; }
    var app = window.Telegram && window.Telegram.WebApp;
    var refused = function () {
      document.getElementById("mini-app-status").hidden = true;
      document.getElementById("mini-app-refused").hidden = false;
    };
    if (!app || !app.initData) { refused(); return; }
    app.ready();
    app.expand();
    var form = main.querySelector("form");
    form.elements.init_data.value = app.initData;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (answer) { window.location.replace(answer.next); })
      .catch(refused);
  }

  initCounters(document);
  miniAppHandshake();
  if (!document.getElementById("mini-app") && window.Telegram && window.Telegram.WebApp) {
    window.Telegram.WebApp.ready();  // inside Telegram: its theme colours, the full height
    window.Telegram.WebApp.expand();
  }
})();
