/* The public page, live: Server-Sent Events when the browser has them, else a poll of
   the page's JSON. The server sends the texts already translated; this only places them
   with textContent (never as HTML). Without JavaScript the page reloads itself. */
(function () {
  "use strict";
  var body = document.body;
  var eventsUrl = body.getAttribute("data-events");
  var jsonUrl = body.getAttribute("data-json");
  if (!eventsUrl || !jsonUrl) { return; }
  var source = null;
  var timer = null;
  var POLL_MS = 15000;

  function byId(id) { return document.getElementById(id); }

  function setText(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function showWaits(waits) {
    var tbody = byId("waits");
    var rows = document.createDocumentFragment();
    waits.forEach(function (wait) {
      var row = element("tr");
      var head = element("th", "", wait.label);
      head.setAttribute("scope", "row");
      row.appendChild(head);
      row.appendChild(element("td", "", wait.text));
      rows.appendChild(row);
    });
    tbody.replaceChildren(rows);
    byId("waits-table").hidden = waits.length === 0;
    byId("waits-closed").hidden = waits.length > 0;
  }

  function showNotices(notices) {
    var list = byId("notices");
    var items = document.createDocumentFragment();
    notices.forEach(function (notice) {
      var item = element("li", "incident " + notice.severity);
      var title = element("p", "incident-title");
      title.appendChild(element("strong", "", notice.kind + ":"));
      title.appendChild(document.createTextNode(" " + notice.title));
      item.appendChild(title);
      if (notice.message) { item.appendChild(element("p", "incident-message", notice.message)); }
      items.appendChild(item);
    });
    list.replaceChildren(items);
    list.hidden = notices.length === 0;
    byId("no-notices").hidden = notices.length > 0;
  }

  function show(view) {
    var state = byId("state");
    state.classList.toggle("open", view.open);
    state.classList.toggle("closed", !view.open);
    setText(state.lastChild, view.state);
    setText(byId("waiting-text"), view.waiting_text);
    setText(byId("hours"), view.hours);
    showWaits(view.waits);
    showNotices(view.notices);
    body.setAttribute("data-waiting", String(view.waiting));
    document.title = view.title;
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", jsonUrl);
    request.onload = function () {
      if (request.status === 200) { show(JSON.parse(request.responseText)); }
    };
    request.send();
  }

  function startPolling() {
    if (!timer) { timer = setInterval(poll, POLL_MS); }
  }

  function listen() {
    source = new EventSource(eventsUrl);
    source.addEventListener("public", function (event) { show(JSON.parse(event.data)); });
    source.onerror = function () {
      if (source && source.readyState === EventSource.CLOSED) { source = null; startPolling(); }
    };
  }

  if (window.EventSource) { listen(); } else { startPolling(); }
}());
