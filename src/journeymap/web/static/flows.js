// Flows charts: draws the headless result the page embeds (#flow-data) with ECharts.
// The tables below each chart are rendered by the server, so the page works without this.
(function () {
  "use strict";

  function stepName(labels, step) {
    return Object.prototype.hasOwnProperty.call(labels, step) ? labels[step] : step;
  }

  function sankeyOption(data) {
    var labels = data.labels || {};
    var byId = {};
    data.nodes.forEach(function (node) {
      byId[node.id] = node.position + ". " + stepName(labels, node.step);
    });
    return {
      tooltip: { trigger: "item", formatter: function (item) {
        var name = item.dataType === "edge"
          ? byId[item.data.source] + " → " + byId[item.data.target] : byId[item.name];
        return escapeText(name) + ": " + item.value;
      } },
      series: [{
        type: "sankey",
        left: 10, right: 160, top: 10, bottom: 10,
        emphasis: { focus: "adjacency" },
        nodeAlign: "left",
        label: { fontSize: 11, overflow: "truncate", width: 62 },
        data: data.nodes.map(function (node) {
          return { name: node.id, value: node.customers,
                   label: { formatter: function () { return byId[node.id]; } } };
        }),
        links: data.links.map(function (link) {
          return { source: link.source, target: link.target, value: link.customers };
        }),
        lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 }
      }]
    };
  }

  function dfgOption(data, shown, texts) {
    var labels = data.labels || {};
    var rows = data.rows.slice(0, shown);
    var most = rows.reduce(function (m, row) { return Math.max(m, row.transitions); }, 1);
    var used = {};
    rows.forEach(function (row) { used[row.from_event] = true; used[row.to_event] = true; });
    var nodes = data.nodes.filter(function (node) { return used[node.id]; });
    return {
      tooltip: { trigger: "item" },
      series: [{
        type: "graph",
        layout: "circular",
        circular: { rotateLabel: false },
        roam: true,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: { show: true, position: "right" },
        emphasis: { focus: "adjacency" },
        data: nodes.map(function (node) {
          return { name: node.id, symbolSize: 14,
                   label: { formatter: function () { return stepName(labels, node.id); } },
                   tooltip: { formatter: constant(escapeText(stepName(labels, node.id))) } };
        }),
        links: rows.map(function (row, index) {
          var text = escapeText(stepName(labels, row.from_event)) + " → " +
            escapeText(stepName(labels, row.to_event)) +
            "<br>" + escapeText(texts.transitions) + ": " + row.transitions +
            "<br>" + escapeText(texts.customers) + ": " + row.customers +
            "<br>" + escapeText(texts.median) + ": " + escapeText(data.median_texts[index]);
          return { source: row.from_event, target: row.to_event, value: row.transitions,
                   lineStyle: { width: 1 + 7 * row.transitions / most, curveness: 0.2,
                                opacity: 0.6 },
                   tooltip: { formatter: constant(text) } };
        })
      }]
    };
  }

  function funnelOption(data, texts) {
    return {
      tooltip: { trigger: "axis", formatter: function (items) {
        return escapeText(items[0].name) + "<br>" + escapeText(texts.customers) + ": " +
          items[0].value;
      } },
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "category", axisLabel: { interval: 0, rotate: 20 },
               data: data.rows.map(function (row) { return row.step + ". " + row.event; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: texts.customers, barMaxWidth: 60,
                 label: { show: true, position: "top" },
                 data: data.rows.map(function (row) { return row.customers; }) }]
    };
  }

  // a function, not a string: ECharts would read {a}, {b} in a string as placeholders
  function constant(text) {
    return function () { return text; };
  }

  function escapeText(text) {
    // ECharts tooltips take HTML: names from the data must not be read as markup
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function start() {
    var source = document.getElementById("flow-data");
    var box = document.getElementById("flow-chart");
    if (!source || !box || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var kind = document.querySelector(".flows").getAttribute("data-chart");
    var chart = echarts.init(box, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    var texts = {
      median: box.getAttribute("data-median-label"),
      transitions: box.getAttribute("data-transitions-label"),
      customers: box.getAttribute("data-customers-label")
    };
    if (kind === "sankey") {
      chart.setOption(sankeyOption(data));
    } else if (kind === "funnel") {
      chart.setOption(funnelOption(data, texts));
    } else if (kind === "dfg") {
      startGraph(chart, data, texts);
    }
  }

  function startGraph(chart, data, texts) {
    var slider = document.getElementById("dfg-edges");
    var output = document.getElementById("dfg-edges-shown");
    var template = output.getAttribute("data-template");
    function draw() {
      var shown = Number(slider.value);
      chart.setOption(dfgOption(data, shown, texts), { replaceMerge: ["series"] });
      output.textContent = template.replace("{shown}", shown)
        .replace("{total}", data.rows.length);
      chart.getDom().setAttribute("data-edges-shown", String(shown));
    }
    slider.addEventListener("input", draw);
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
