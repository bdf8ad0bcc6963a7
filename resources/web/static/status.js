/* The status page, live: Server-Sent Events when the browser has them, else a poll of
   the page's JSON every few seconds. The server sends the texts already translated; this
   only places them, and when it becomes the visitor's turn it beeps (Web Audio), vibrates
   and changes the page title. No framework, nothing from elsewhere. */
(function () {
  "use strict";
  var body = document.body;
  var eventsUrl = body.getAttribute("data-events");
  var jsonUrl = body.getAttribute("data-json");
  if (!eventsUrl || !jsonUrl) { return; }
  var state = body.getAttribute("data-state");
  var audio = null;
  var source = null;
  var timer = null;
  var POLL_MS = 5000;

  function byId(id) { return document.getElementById(id); }

  function setText(id, text) {
    var node = byId(id);
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  function showIf(id, shown) {
    var node = byId(id);
    if (node) { node.hidden = !shown; }
  }

  function context() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    audio = audio || new Context();
    if (audio.state === "suspended") { audio.resume(); }
    return audio;
  }

  function beep() {
    var ctx;
    try { ctx = context(); } catch (e) { return; }
    if (!ctx) { return; }
    [0, 0.45, 0.9].forEach(function (offset) {
      var start = ctx.currentTime + offset;
      var tone = ctx.createOscillator();
      var gain = ctx.createGain();
      tone.type = "sine";
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.5, start + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
      tone.connect(gain);
      gain.connect(ctx.destination);
      tone.start(start);
      tone.stop(start + 0.4);
    });
  }

  function alertTurn() {
    beep();
    if (navigator.vibrate) { navigator.vibrate([400, 150, 400, 150, 400]); }
  }

  function show(view) {
    setText("ticket", view.ticket);
    setText("headline", view.headline);
    setText("wait", view.wait);
    showIf("wait", !!view.wait);
    setText("category", view.category);
    showIf("leave", view.may_leave);
    showIf("live-note", !view.ended);
    if (view.ended || view.turn) { showIf("sound-row", false); }
    var card = byId("card");
    if (card) {
      card.classList.toggle("turn", view.turn);
      card.classList.toggle("ended", view.ended);
    }
    document.title = view.title;
    body.setAttribute("data-state", view.state);
    if (view.turn && state !== "called") { alertTurn(); }
    state = view.state;
    if (view.ended) { stop(); }
  }

  function stop() {
    if (source) { source.close(); source = null; }
    if (timer) { clearInterval(timer); timer = null; }
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", jsonUrl);
    request.onload = function () {
      if (request.status === 404) { stop(); window.location.reload(); return; }
      if (request.status === 200) { show(JSON.parse(request.responseText)); }
    };
    request.send();
  }

  function startPolling() {
    if (!timer) { timer = setInterval(poll, POLL_MS); }
  }

  function listen() {
    source = new EventSource(eventsUrl);
    source.addEventListener("status", function (event) { show(JSON.parse(event.data)); });
    source.addEventListener("gone", function () { stop(); window.location.reload(); });
    source.onerror = function () {
      if (source && source.readyState === EventSource.CLOSED) { source = null; startPolling(); }
    };
  }

  var soundRow = byId("sound-row");
  var soundButton = byId("sound");
  if (soundRow && soundButton && (window.AudioContext || window.webkitAudioContext)) {
    soundRow.hidden = state === "called" || !!(byId("card") && byId("card").classList.contains("ended"));
    soundButton.addEventListener("click", function () {
      try { context(); } catch (e) { return; }
      soundButton.textContent = body.getAttribute("data-sound-on");
      soundButton.disabled = true;
    });
  }

  if (window.EventSource) { listen(); } else { startPolling(); }
}());
