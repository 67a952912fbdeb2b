/* Dashboard of public opinion: charts (ECharts, when loaded) and new orange/red warnings polled every few seconds. */
(function () {
  "use strict";
  var POLL_MS = 4000;
  var list = document.getElementById("latest-warnings");
  var alertBox = document.getElementById("live-alert");
  var script = document.getElementById("dashboard-script");
  if (!list) { return; }
  var cursor = parseInt(list.getAttribute("data-cursor") || "0", 10) || 0;
  var feed = list.getAttribute("data-feed");
  var dataUrl = script ? script.getAttribute("data-url") : null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function addWarning(w) {
    if (list.querySelector('li[data-id="' + w.id + '"]')) { return; }
    var empty = list.querySelector("li.empty");
    if (empty) { empty.remove(); }
    var li = el("li", "level-" + w.level + " new");
    li.setAttribute("data-id", String(w.id));
    li.appendChild(el("span", "badge " + (w.level === "red" ? "err" : "warn"), w.level_label));
    li.appendChild(document.createTextNode(" "));
    var a = el("a", "", w.title);
    a.href = w.url;
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "muted", w.at));
    list.insertBefore(li, list.firstChild);
    alertBox.textContent = "新预警：" + w.level_label + " " + w.title + "（" + w.at + "）";
    alertBox.hidden = false;
  }

  function poll() {
    fetch(feed + "?after=" + cursor, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var items = data.warnings || [];
        for (var i = items.length - 1; i >= 0; i--) { addWarning(items[i]); }
        if (items.length && dataUrl) { loadCharts(); }
        cursor = data.cursor || cursor;
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  var charts = {};
  var COLORS = { blue: "#1e88e5", yellow: "#fbc02d", orange: "#ef6c00", red: "#c62828" };
  var NAMES = { blue: "蓝色预警", yellow: "黄色预警", orange: "橙色预警", red: "红色预警" };

  function chart(id) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) { return null; }
    if (!charts[id]) { charts[id] = window.echarts.init(node); }
    return charts[id];
  }

  function render(d) {
    var trend = chart("chart-trend");
    if (trend) {
      trend.setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 20, bottom: 30 },
        xAxis: { type: "category", data: d.trend.days }, yAxis: { type: "value", minInterval: 1 },
        series: Object.keys(d.trend.series).map(function (k) {
          return { name: NAMES[k], type: "bar", stack: "level", data: d.trend.series[k], itemStyle: { color: COLORS[k] } };
        })
      });
    }
    var levels = chart("chart-levels");
    if (levels) {
      levels.setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: d.levels.map(function (l) {
          return { name: l.name, value: l.value, itemStyle: { color: COLORS[l.level] } };
        }) }]
      });
    }
    var towns = chart("chart-townships");
    if (towns) {
      towns.setOption({
        tooltip: {}, grid: { left: 90, right: 20 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: d.townships.map(function (t) { return t.name; }) },
        series: [{ type: "bar", data: d.townships.map(function (t) { return t.value; }), itemStyle: { color: "#3949ab" } }]
      });
    }
    var ontime = chart("chart-ontime");
    if (ontime) {
      ontime.setOption({
        series: [{ type: "gauge", min: 0, max: 100, progress: { show: true }, detail: { formatter: "{value}%" },
          data: [{ value: d.on_time.rate === null ? 0 : d.on_time.rate, name: "按时回应率" }] }]
      });
    }
    fillTable("levels-body", d.levels);
    fillTable("townships-body", d.townships);
    var rate = document.getElementById("on-time-rate");
    if (rate) { rate.textContent = d.on_time.rate === null ? "—" : d.on_time.rate + "%"; }
  }

  function fillTable(id, rows) {
    var body = document.getElementById(id);
    if (!body || !rows.length) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("td", "", row.name));
      tr.appendChild(el("td", "", String(row.value)));
      body.appendChild(tr);
    });
  }

  function loadCharts() {
    if (!dataUrl) { return; }
    fetch(dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { render(d); } })
      .catch(function () {});
  }

  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  window.addEventListener("load", function () { loadCharts(); window.setInterval(loadCharts, 60000); });
  window.setTimeout(poll, POLL_MS);
}());
