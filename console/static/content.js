// The content editor's live checks: as the editor types, the form is sent to the check API (the same checks
// the content tests run, console/content_checks.py) and each problem is shown under its field, with the
// patient's-eye preview once everything passes. Saving runs the same checks on the server again, so the page
// works (less comfortably) without this script; nothing here decides what is accepted.
(function () {
  "use strict";
  var form = document.getElementById("content-form");
  if (!form) return;
  var url = form.getAttribute("data-check-url");
  var token = form.querySelector('input[name="csrf_token"]').value;
  var status = document.getElementById("check-status");
  var timer = null;
  var latest = 0; // only the answer to the newest request is shown: answers may arrive out of order

  function fill(list, items) {
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text; // text, never markup: a quote may hold anything
      list.appendChild(item);
    });
  }

  function showProblems(problems) {
    var byField = {};
    problems.forEach(function (p) { (byField[p.field] = byField[p.field] || []).push(p.message); });
    Array.prototype.forEach.call(form.querySelectorAll("[data-problems-for]"), function (list) {
      var name = list.getAttribute("data-problems-for");
      var messages = byField[name] || [];
      delete byField[name];
      fill(list, messages);
      var input = form.elements.namedItem(name);
      if (input && input.setAttribute) {
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    });
    var rest = Object.keys(byField).reduce(function (all, k) { return all.concat(byField[k]); }, []);
    var general = form.querySelector('[data-problems-for=""]');
    if (general && rest.length) fill(general, rest);
    status.textContent = problems.length
      ? problems.length + " problem(s) to fix before saving."
      : "Every check passes.";
  }

  function showPreview(preview) {
    var area = document.getElementById("preview-area");
    var box = area.querySelector("[data-preview]");
    var note = area.querySelector("[data-preview-error]");
    if (!preview || preview.error) {
      box.hidden = true;
      note.hidden = false;
      note.textContent = preview && preview.error ? preview.error : "No preview until the checks pass.";
      return;
    }
    note.hidden = true;
    box.hidden = false;
    area.querySelector("[data-preview-question]").textContent = preview.question;
    Array.prototype.forEach.call(area.querySelectorAll("[data-preview-text]"), function (el) { el.textContent = preview.text; });
    Array.prototype.forEach.call(area.querySelectorAll("[data-preview-buttons]"), function (el) { fill(el, preview.buttons); });
    area.querySelector("[data-preview-source]").textContent = preview.source;
    fill(area.querySelector("[data-preview-sms]"), preview.sms);
  }

  function check() {
    var mine = ++latest;
    status.textContent = "Checking…";
    fetch(url, {
      method: "POST",
      headers: { "X-CSRF-Token": token },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (result) {
        if (mine !== latest) return;
        showProblems(result.problems);
        showPreview(result.preview);
      })
      .catch(function () {
        if (mine === latest) status.textContent = "The checks could not run now; they run again when you save.";
      });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  check();
})();
