// The Places map: markers with popups and tooltips, clustering, colour and size by a KPI,
// layers by type and channel, filters that refetch the numbers, search, add, drag to place.
// Every number comes from /api/v1/places (the page embeds the first answer); user text is
// put into the page with textContent only, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("places-map");
  var embedded = document.getElementById("places-data");
  if (!root || !embedded || !window.L) { return; }
  var data = JSON.parse(embedded.textContent);
  var T = data.texts;
  var state = { places: data.places, kpi: data.kpi, types: {}, channels: {}, placing: null };
  var status = document.getElementById("places-status");
  var editable = root.getAttribute("data-editable") === "true";  // viewers only look

  var map = L.map(root, { worldCopyJump: true, maxZoom: 19, minZoom: 2 }).setView([50, 15], 4);
  var cluster = L.markerClusterGroup({ maxClusterRadius: 45, showCoverageOnHover: false });
  map.addLayer(cluster);
  var markers = {};

  function say(text, kind) {
    status.hidden = !text;
    status.textContent = text || "";
    status.className = "notice " + (kind || "info");
  }

  // -- basemap: tiles, or the bundled country outlines when tiles cannot be reached ------
  var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 });
  var offline = false, tileLoaded = false;
  function showOffline() {
    if (offline) { return; }
    offline = true;
    map.removeLayer(tiles);
    root.setAttribute("data-basemap", "offline");
    root.classList.add("offline");
    say(T.offline, "info");
    fetch(data.basemap.url).then(function (r) { return r.json(); }).then(function (topo) {
      var shapes = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(shapes, { interactive: false, className: "basemap-country",
        style: { color: "#8a96a3", weight: 1, fillColor: "#eef1ea", fillOpacity: 1 },
        attribution: data.basemap.attribution }).addTo(map).bringToBack();
      root.setAttribute("data-basemap", "offline-ready");
    });
  }
  tiles.on("tileerror", showOffline);
  tiles.on("tileload", function () { tileLoaded = true; });
  tiles.addTo(map);
  setTimeout(function () { if (!tileLoaded) { showOffline(); } }, 6000);

  // -- colour and size ---------------------------------------------------------------------
  var RAMP = ["#d7301f", "#fc8d59", "#fdcc8a", "#a1d99b", "#31a354"];
  var COUNT_RAMP = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  function value(place, kpi) {
    var v = place[kpi];
    return v !== null && typeof v === "object" ? v.value : v;
  }
  function scale() {
    var values = state.places.map(function (p) { return value(p, state.kpi); })
      .filter(function (v) { return v !== null && v !== undefined; });
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    if (!values.length) { low = 0; high = 0; }
    return { low: low, high: high, ramp: state.kpi === "visits" || state.kpi === "customers" ? COUNT_RAMP : RAMP };
  }
  function classOf(v, s) {
    if (v === null || v === undefined) { return -1; }
    if (s.high === s.low) { return 4; }
    return Math.min(4, Math.floor((v - s.low) / (s.high - s.low) * 5));
  }
  function fmt(v, digits) {
    if (v === null || v === undefined) { return "—"; }
    return Number(v).toLocaleString(document.documentElement.lang || "en", { maximumFractionDigits: digits });
  }
  function icon(place, s) {
    var v = value(place, state.kpi), k = classOf(v, s);
    var size = k < 0 ? 12 : Math.round(16 + 20 * Math.sqrt(s.high === s.low ? 1 : (v - s.low) / (s.high - s.low)));
    var colour = k < 0 ? "#9e9e9e" : s.ramp[k];
    return L.divIcon({ className: "place-marker" + (place.position === "city" ? " approx" : ""),
      html: '<span style="width:' + size + "px;height:" + size + "px;background:" + colour + '"></span>',
      iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2] });
  }

  // -- popups and tooltips (DOM nodes: user text as text) ----------------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function kpiLine(list, label, kpi, digits) {
    var item = el("li");
    item.setAttribute("data-kpi", label);
    item.appendChild(el("strong", T[label] + ": "));
    item.appendChild(document.createTextNode(fmt(kpi.value, digits) + " (n = " + fmt(kpi.n, 0) + ")"));
    list.appendChild(item);
  }
  function popup(place) {
    var box = el("div", null, "place-popup");
    box.setAttribute("data-location", place.location_id);
    box.appendChild(el("h3", place.name));
    if (place.address || place.city) { box.appendChild(el("p", [place.address, place.city].filter(Boolean).join(", "))); }
    if (place.phone) {
      var phone = el("a", place.phone); phone.href = "tel:" + place.phone.replace(/\s+/g, "");
      var p1 = el("p", T.phone + ": "); p1.appendChild(phone); box.appendChild(p1);
    }
    if (/^https?:\/\//i.test(place.url || "")) {
      var link = el("a", place.url); link.href = place.url; link.target = "_blank"; link.rel = "noopener noreferrer";
      var p2 = el("p", T.website + ": "); p2.appendChild(link); box.appendChild(p2);
    }
    if (place.opening_hours) { box.appendChild(el("p", T.hours + ": " + place.opening_hours)); }
    if (place.position === "city") { box.appendChild(el("p", T.cityCentre, "hint")); }
    var list = el("ul", null, "place-kpis");
    var visits = el("li"); visits.setAttribute("data-kpi", "visits");
    visits.appendChild(el("strong", T.visits + ": ")); visits.appendChild(document.createTextNode(fmt(place.visits, 0)));
    list.appendChild(visits);
    var customers = el("li"); customers.setAttribute("data-kpi", "customers");
    customers.appendChild(el("strong", T.customers + ": ")); customers.appendChild(document.createTextNode(fmt(place.customers, 0)));
    list.appendChild(customers);
    kpiLine(list, "conversion", place.conversion, 1);
    kpiLine(list, "csat", place.csat, 1);
    kpiLine(list, "nps", place.nps, 1);
    box.appendChild(list);
    var open = el("a", T.open, "button"); open.href = "/places/" + encodeURIComponent(place.location_id) + query();
    box.appendChild(open);
    return box;
  }

  // -- layers by type and channel ----------------------------------------------------------
  var control = null, switches = {};
  function groupsOf(place) {
    var channels = place.channels && place.channels.length ? place.channels : [""];
    return { type: place.type || "", channels: channels };
  }
  function buildLayers() {
    if (control) { return; }
    var overlays = {};
    state.places.forEach(function (place) {
      var g = groupsOf(place);
      if (!(("type:" + g.type) in switches)) { switches["type:" + g.type] = L.layerGroup(); }
      g.channels.forEach(function (c) { if (!(("channel:" + c) in switches)) { switches["channel:" + c] = L.layerGroup(); } });
    });
    Object.keys(switches).sort().forEach(function (key) {
      var kind = key.slice(0, key.indexOf(":")), name = key.slice(key.indexOf(":") + 1);
      var label = el("span", (kind === "type" ? T.type : T.channel) + ": " + (name || (kind === "type" ? T.noType : T.noChannel)));
      label.setAttribute("data-layer", key);
      overlays[label.outerHTML] = switches[key];
      switches[key].addTo(map);
    });
    control = L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
    map.on("overlayadd overlayremove", draw);
  }
  function visible(place) {
    var g = groupsOf(place);
    if (!map.hasLayer(switches["type:" + g.type])) { return false; }
    return g.channels.some(function (c) { return map.hasLayer(switches["channel:" + c]); });
  }

  // -- drawing -----------------------------------------------------------------------------
  function draw() {
    var s = scale();
    cluster.clearLayers();
    markers = {};
    var shown = [];
    state.places.forEach(function (place) {
      if (place.lat === null || !visible(place)) { return; }
      var marker = L.marker([place.lat, place.lon], { icon: icon(place, s), draggable: editable,
        title: place.name, keyboard: true, alt: place.name });
      marker.bindPopup(function () { return popup(place); }, { minWidth: 220 });
      marker.bindTooltip(function () { return el("span", place.name); }, { direction: "top" });
      marker.on("dragend", function () { move(place, marker.getLatLng()); });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) { node.setAttribute("data-location", place.location_id); }
      });
      markers[place.location_id] = marker;
      shown.push(marker);
    });
    cluster.addLayers(shown);
    legend(s);
    table();
  }
  function legend(s) {
    var box = document.getElementById("places-legend");
    box.textContent = "";
    box.appendChild(el("h2", T[state.kpi]));
    var list = el("ul");
    for (var k = 0; k < 5; k += 1) {
      if (s.high === s.low && k < 4) { continue; }
      var from = s.low + (s.high - s.low) * k / 5, to = s.low + (s.high - s.low) * (k + 1) / 5;
      var item = el("li");
      var swatch = el("span", null, "swatch"); swatch.style.background = s.ramp[k];
      item.appendChild(swatch);
      var digits = s.ramp === COUNT_RAMP ? 0 : 1;
      var same = s.high === s.low || fmt(from, digits) === fmt(to, digits);
      item.appendChild(document.createTextNode(same ? fmt(from, digits) : fmt(from, digits) + " – " + fmt(to, digits)));
      list.appendChild(item);
    }
    var none = el("li"); var grey = el("span", null, "swatch"); grey.style.background = "#9e9e9e";
    none.appendChild(grey); none.appendChild(document.createTextNode(T.noData)); list.appendChild(none);
    box.appendChild(list);
  }
  function table() {
    state.places.forEach(function (place) {
      var row = document.querySelector('#places-table tr[data-location="' + CSS.escape(place.location_id) + '"]');
      if (!row) { return; }
      row.querySelector(".visits").textContent = fmt(place.visits, 0);
      row.querySelector(".customers").textContent = fmt(place.customers, 0);
      ["conversion", "csat", "nps"].forEach(function (name) {
        var cell = row.querySelector("." + name);
        cell.textContent = fmt(place[name].value, 1) + " ";
        cell.appendChild(el("span", "(n = " + fmt(place[name].n, 0) + ")", "n"));
      });
    });
  }
  function fit() {
    var placed = state.places.filter(function (p) { return p.lat !== null; });
    if (placed.length) {
      map.fitBounds(L.latLngBounds(placed.map(function (p) { return [p.lat, p.lon]; })).pad(0.15));
    }
  }

  // -- filters -----------------------------------------------------------------------------
  var form = document.getElementById("places-filter");
  function query() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("kpi");
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
    var text = params.toString();
    return text ? "?" + text : "";
  }
  function reload() {
    return fetch(data.api + query(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { say(answer.body.error.message, "error"); return; }
        state.places = answer.body.places;
        root.setAttribute("data-filter", query());
        draw();
      });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.kpi = document.getElementById("places-kpi").value;
    var exportLink = document.getElementById("places-export");
    var q = query();
    exportLink.href = data.api + (q ? q + "&" : "?") + "format=geojson";
    history.replaceState(null, "", "/places" + (q ? q + "&" : "?") + "kpi=" + state.kpi);
    say("");
    reload();
  });
  document.getElementById("places-kpi").addEventListener("change", function (event) {
    state.kpi = event.target.value;
    draw();
  });

  // -- search ------------------------------------------------------------------------------
  var search = document.getElementById("places-search");
  var matches = document.getElementById("places-matches");
  search.addEventListener("input", function () {
    var words = search.value.trim().toLocaleLowerCase();
    matches.textContent = "";
    if (!words) { return; }
    var found = state.places.filter(function (p) {
      return (p.name + " " + p.city).toLocaleLowerCase().indexOf(words) >= 0;
    }).slice(0, 8);
    if (!found.length) { matches.appendChild(el("li", T.noMatch, "hint")); }
    found.forEach(function (place) {
      var item = el("li"), button = el("button", place.name, "link-button");
      button.type = "button";
      button.addEventListener("click", function () { focus(place.location_id); });
      item.appendChild(button);
      matches.appendChild(item);
    });
  });
  function focus(ident) {
    var place = state.places.find(function (p) { return p.location_id === ident; });
    if (!place || place.lat === null) { return; }
    // a popup of its own at the place: it does not depend on the clusters' animation
    map.setView([place.lat, place.lon], Math.max(map.getZoom(), 12), { animate: false });
    L.popup({ minWidth: 220 }).setLatLng([place.lat, place.lon]).setContent(popup(place)).openOn(map);
  }

  // -- editing: drag, place by hand, add ---------------------------------------------------
  function send(method, url, body, version) {
    var headers = { "Content-Type": "application/json", Accept: "application/json",
      "X-CSRF-Token": window.journeymapCsrfToken ? window.journeymapCsrfToken() : "" };
    if (version !== undefined && version !== null) { headers["If-Match"] = String(version); }
    return fetch(url, { method: method, headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); });
  }
  function move(place, at) {
    var lat = Math.round(at.lat * 1e6) / 1e6, lon = Math.round(L.Util.wrapNum(at.lng, [-180, 180], true) * 1e6) / 1e6;
    return send("PATCH", data.api + "/" + encodeURIComponent(place.location_id), { lat: lat, lon: lon }, place.version)
      .then(function (answer) {
        if (answer.status === 200) {
          place.version = answer.body.version;
          place.lat = lat; place.lon = lon; place.given_lat = lat; place.given_lon = lon; place.position = "given";
          root.setAttribute("data-saved", place.location_id + "@" + lat + "," + lon);
          say(T.saved, "info");
          var flag = document.querySelector('#places-unplaced li[data-location="' + CSS.escape(place.location_id) + '"]');
          if (flag) { flag.remove(); }
          draw();
        } else {
          say(answer.status === 409 ? T.conflict : T.failed.replace("%(reason)s", answer.body.error.message), "error");
          reload();
        }
      });
  }
  document.querySelectorAll(".place-by-hand").forEach(function (button) {
    button.addEventListener("click", function () {
      var ident = button.getAttribute("data-location");
      state.placing = state.places.find(function (p) { return p.location_id === ident; }) || null;
      if (state.placing) { say(T.placeHint.replace("%(name)s", state.placing.name), "info"); root.classList.add("placing"); }
    });
  });
  map.on("click", function (event) {
    if (!state.placing) { return; }
    var place = state.placing;
    state.placing = null;
    root.classList.remove("placing");
    move(place, event.latlng);
  });
  var add = document.getElementById("places-add");
  if (add) add.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {};
    new FormData(add).forEach(function (v, k) { if (k !== "csrf_token" && String(v).trim()) { body[k] = String(v).trim(); } });
    send("POST", data.api, body).then(function (answer) {
      if (answer.status !== 201) { say(T.failed.replace("%(reason)s", answer.body.error.message), "error"); return; }
      add.reset();
      say(T.added, "info");
      window.location.reload();
    });
  });

  buildLayers();
  draw();
  fit();
  root.setAttribute("data-ready", "true");
})();
