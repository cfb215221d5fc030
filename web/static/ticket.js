// ticket.js — the ticket page (at t/TOKEN), live: the view comes as
// Server-Sent Events from ../api/t/TOKEN/events (polling ../api/t/TOKEN every 10 s where a
// browser has no EventSource or the stream keeps failing).  It updates the
// texts in place, shows the offline banner, and alerts (sound and
// vibration where the phone allows) when the turn is near and when called.
// A change to a final state (finished, missed, ...) reloads the page, which
// then offers the rating form (its contact fields show for a 差评 only).
// A journey ticket (一件事) shows its steps, and moves on to the next one
// in place: between steps it is waiting again, not finished.
(function () {
  "use strict";
  var body = document.body;
  var token = body.dataset.token;
  var lang = body.dataset.lang === "en" ? "en" : "zh";
  var shownState = body.dataset.state;
  var alerted = { near: !document.getElementById("near").hidden,
                  called: !document.getElementById("called").hidden };
  var shownWhere = null;
  var failures = 0;
  var polling = null;
  var query = lang === "en" ? "?lang=en" : "";

  // The rating form: a 差评's contact (an optional number with its consent)
  // shows once 不满意 or 非常不满意 is chosen; for another level it hides
  // and is emptied, so that no number goes with a good rating.
  var contact = document.getElementById("contact");
  if (contact) {
    var follow = function () {
      var chosen = document.querySelector("input[name=level]:checked");
      var bad = !!chosen && (chosen.value === "1" || chosen.value === "2");
      contact.hidden = !bad;
      if (!bad) {
        document.getElementById("contact-phone").value = "";
        document.getElementById("contact-consent").checked = false;
      }
    };
    Array.prototype.forEach.call(document.querySelectorAll("input[name=level]"), function (el) {
      el.addEventListener("change", follow);
    });
    follow();
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el && el.textContent !== value)
      el.textContent = value;
  }

  function show(id, visible) {
    var el = document.getElementById(id);
    if (el)
      el.hidden = !visible;
  }

  // The journey's steps (一件事), rebuilt when they change: the same lines
  // as the server's page (web-pages.c, s_journey_steps).
  var shownSteps = null;
  function span(cls, value) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = value;
    return el;
  }

  function steps(journey) {
    var list = document.getElementById("journey-steps");
    var json = JSON.stringify(journey.steps || []);
    if (!list || json === shownSteps)
      return;
    shownSteps = json;
    while (list.firstChild)
      list.removeChild(list.firstChild);
    (journey.steps || []).forEach(function (step) {
      var li = document.createElement("li");
      li.className = "step step-" + step.state;
      var mark = span("mark", step.mark);
      mark.setAttribute("aria-hidden", "true");
      li.appendChild(mark);
      li.appendChild(span("name", step.name));
      if (step.optional)
        li.appendChild(span("optional", step.optional));
      li.appendChild(span("label", step.label));
      if (step.go)
        li.appendChild(span("go", step.go));
      list.appendChild(li);
    });
  }

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx)
        return;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) {
      // no sound on this phone: the banner still shows
    }
  }

  function alertNow(kind) {
    if (alerted[kind])
      return;
    alerted[kind] = true;
    beep();
    if (navigator.vibrate)
      navigator.vibrate(kind === "called" ? [400, 150, 400, 150, 400] : [300]);
  }

  function apply(view) {
    var t = view.texts || {};
    show("offline", !view.online);
    if (view.state !== shownState) {
      var live = ["waiting", "called", "serving"];
      if (live.indexOf(view.state) < 0 || live.indexOf(shownState) < 0) {
        // a final state: the server's page has what comes next (the rating form)
        window.location.reload();
        return;
      }
      shownState = view.state;
      body.dataset.state = view.state;
    }
    if (!!t.journey !== !!document.getElementById("journey")) {
      // the ticket went on a journey at a window: the page has its steps
      window.location.reload();
      return;
    }
    if (t.journey) {
      var where = (view.journey && view.journey.current) + ":" + t.journey.where;
      if (shownWhere !== null && where !== shownWhere) {
        // the next step: its call and its near turn are new
        alerted.near = false;
        alerted.called = false;
      }
      shownWhere = where;
      text("journey-where", t.journey.where || "");
      steps(t.journey);
    }
    text("category", t.category || "");
    text("state", t.state || "");
    text("ahead", t.ahead || "");
    text("wait", t.wait || "");
    text("windows", t.windows || "");
    show("queue", view.state === "waiting");
    text("near", t.near || "");
    show("near", !!t.near);
    text("called", t.called || "");
    show("called", !!t.called);
    if (t.near)
      alertNow("near");
    if (t.called)
      alertNow("called");
    window.hallViewsApplied = (window.hallViewsApplied || 0) + 1;
  }

  function poll() {
    fetch("../api/t/" + token + query, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 404 || r.status === 410) {
          window.location.reload();
          return null;
        }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (view) { if (view) apply(view); })
      .catch(function () { show("offline", true); });
  }

  function startPolling() {
    if (!polling) {
      polling = window.setInterval(poll, 10000);
      poll();
    }
  }

  if (!window.EventSource) {
    startPolling();
    return;
  }
  var source = new EventSource("../api/t/" + token + "/events" + query);
  source.onmessage = function (e) {
    failures = 0;
    try {
      apply(JSON.parse(e.data));
    } catch (err) {
      // a malformed view: keep what is shown
    }
  };
  source.onerror = function () {
    show("offline", true);
    failures++;
    if (failures >= 5) {
      source.close();
      startPolling();
    }
  };
})();
