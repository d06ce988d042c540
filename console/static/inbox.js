// The staff inbox, live: polls the console's own JSON (same origin, the session cookie) every few seconds,
// redraws the waiting and taken lists and a conversation's transcript, and says when a patient starts
// waiting (a polite status line, so screen readers hear it). Text goes in as textContent only: patient
// words are never markup here either.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function when(seconds) {
    if (!seconds) return "";
    var d = new Date(seconds * 1000);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function waited(seconds) {
    var s = Math.max(0, Math.round(seconds || 0)), m = Math.floor(s / 60);
    return m ? m + " min " + (s % 60) + " s" : s + " s";
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function getJson(url, then) {
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.onload = function () { if (request.status === 200) then(JSON.parse(request.responseText)); };
    request.send();
  }

  // --- the inbox page -------------------------------------------------------------------------------------
  var notice = document.getElementById("inbox-notice");
  if (notice) {
    var known = {};
    document.querySelectorAll("#inbox-waiting tbody tr").forEach(function (row) { known[row.dataset.handoff] = true; });

    var fill = function (kind, items) {
      var body = document.querySelector("#inbox-" + kind + " tbody");
      body.textContent = "";
      items.forEach(function (item) {
        var row = document.createElement("tr");
        row.dataset.handoff = item.id;
        if (item.emergency) row.className = "flagged";
        var link = el("a", item.conversation_id);
        link.href = "/console/inbox/conversation?id=" + encodeURIComponent(item.id);
        var first = el("td"); first.appendChild(link); row.appendChild(first);
        row.appendChild(el("td", item.reason));
        row.appendChild(el("td", item.channel));
        row.appendChild(el("td", kind === "closed" ?
          when(item.closed_at) + " (" + String(item.ended || "") + ")" : waited(item.waited_seconds)));
        row.appendChild(el("td", kind === "waiting" ? item.last_patient_message : (item.taken_by || ""), "wrap"));
        var flag = el("td", "", "wrap");
        if (item.emergency) {
          flag.appendChild(el("strong", "Emergency reply sent"));
          flag.appendChild(document.createTextNode(" " + when(item.emergency.at) + " after: " + item.emergency.message));
        }
        row.appendChild(flag);
        body.appendChild(row);
      });
      var count = document.querySelector("[data-count='" + kind + "']");
      if (count) count.textContent = items.length;
    };

    var refresh = function () {
      getJson("/console/api/inbox", function (inbox) {
        fill("waiting", inbox.waiting);
        fill("taken", inbox.taken);
        fill("closed", inbox.closed);
        var fresh = inbox.waiting.filter(function (item) { return !known[item.id]; });
        fresh.forEach(function (item) { known[item.id] = true; });
        if (fresh.length) {
          notice.textContent = fresh.length === 1 ? "A patient is waiting for a person." :
            fresh.length + " patients are waiting for a person.";
        }
      });
    };
    setInterval(refresh, Number(notice.dataset.poll || 2) * 1000);
  }

  // --- one conversation -----------------------------------------------------------------------------------
  var transcript = document.getElementById("transcript");
  if (transcript) {
    var status = null;
    var speaker = { patient: "Patient", assistant: "Assistant" };
    var draw = function (lines) {
      transcript.textContent = "";
      lines.forEach(function (line) {
        var item = el("li", null, line.kind);
        if (line.kind === "session") {
          item.textContent = "New session · " + when(line.at);
        } else {
          var who = line.kind === "staff" ? line.staff + " (staff)" : speaker[line.kind];
          var meta = el("p", null, "meta");
          meta.appendChild(el("span", who, "speaker"));
          meta.appendChild(document.createTextNode(" · " + when(line.at)));
          item.appendChild(meta);
          item.appendChild(el("p", line.text, "text"));
        }
        transcript.appendChild(item);
      });
      transcript.dataset.count = lines.length;
    };
    var poll = function () {
      getJson("/console/api/inbox/conversation?id=" + encodeURIComponent(transcript.dataset.handoff), function (data) {
        if (Number(transcript.dataset.count) !== data.lines.length) draw(data.lines);
        var flag = document.getElementById("emergency-flag");
        if (data.item.emergency && !flag.textContent) {
          var p = el("p", null, "error");
          p.appendChild(el("strong", "Emergency reply sent"));
          p.appendChild(document.createTextNode(" " + when(data.item.emergency.at) + " after the patient wrote: “" +
            data.item.emergency.message + "”"));
          flag.appendChild(p);
        }
        if (status === null) status = data.item.status;
        // The 24-hour reply window of WhatsApp/Messenger closed (or opened again) since the page was drawn.
        var windowClosed = data.item.reply_window && data.item.reply_window.closed ? "yes" : "no";
        var windowNotice = document.getElementById("reply-window");
        if (windowClosed !== windowNotice.dataset.closed) {
          var reply = document.getElementById("reply-text");
          if (!reply || !reply.value) { window.location.reload(); return; }
          windowNotice.dataset.closed = windowClosed;
          windowNotice.textContent = "The 24-hour reply window has " +
            (windowClosed === "yes" ? "closed" : "opened again") + ": reload the page before you send.";
        }
        if (data.item.status !== status) {
          // Someone else took or closed it, or the pickup time ran out: the buttons shown no longer apply.
          var box = document.getElementById("reply-text");
          if (!box || !box.value) { window.location.reload(); return; }
          document.getElementById("handoff-state").textContent = data.item.status + " (reload for the actions)";
        }
      });
    };
    setInterval(poll, Number(transcript.dataset.poll || 2) * 1000);
  }
})();
