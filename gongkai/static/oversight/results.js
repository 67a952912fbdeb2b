/* Survey results: a bar chart per choice or rating question (ECharts, when loaded) over the
   tables that are always on the page; refreshed from the JSON endpoint every few seconds. */
(function () {
  "use strict";
  var POLL_MS = 5000;
  var dataEl = document.getElementById("survey-data");
  var script = document.getElementById("survey-script");
  if (!dataEl) { return; }
  var url = script ? script.getAttribute("data-url") : null;
  var charts = {};

  function draw(data) {
    var count = document.getElementById("response-count");
    if (count) { count.textContent = String(data.responses); }
    if (!window.echarts) { return; }
    data.questions.forEach(function (q) {
      if (!q.counts || !q.counts.length) { return; }
      var box = document.getElementById("chart-" + q.id);
      if (!box) { return; }
      box.hidden = false;
      box.style.height = "240px";
      if (!charts[q.id]) { charts[q.id] = window.echarts.init(box); }
      charts[q.id].setOption({
        tooltip: {},
        xAxis: { type: "category", data: q.counts.map(function (c) { return c.name; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", name: "人数", data: q.counts.map(function (c) { return c.value; }) }]
      });
    });
  }

  function poll() {
    if (!url) { return; }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(data); } })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  window.addEventListener("load", function () {
    draw(JSON.parse(dataEl.textContent));
    window.setTimeout(poll, POLL_MS);
  });
})();
