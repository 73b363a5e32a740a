// depthstream live page: polls the service's JSON and image endpoints and draws its own charts
// (no external scripts: the page must work without internet).
"use strict";

const POLL_MS = 1000;
const METRICS = [
  { key: "delta1", title: "δ1", fixed: [0, 1], digits: 3 },
  { key: "absRel", title: "abs_rel", digits: 3 },
  { key: "rmse", title: "rmse m", digits: 2 },
];
const SVG = "http://www.w3.org/2000/svg";

const state = { demo: null, cards: new Map(), maxDepth: null };

async function json(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(url + " " + r.status);
  return r.json();
}

function fmtRate(x) { return Number.isFinite(x) ? x.toFixed(1) + "/s" : "–"; }
function fmtTime(ms) { return new Date(ms).toLocaleTimeString([], { hour12: false }); }

async function refreshPipeline() {
  const p = await json("api/pipeline");
  document.getElementById("stat-in").textContent = fmtRate(p.framesInPerSecond);
  document.getElementById("stat-out").textContent = fmtRate(p.framesOutPerSecond);
  const ms = Number(p.inferenceMs);
  document.getElementById("stat-inference").textContent = Number.isFinite(ms) ? ms.toFixed(1) + " ms" : "–";
  document.getElementById("stat-scored").textContent = p.framesScored;
  document.getElementById("stat-dlq").textContent = p.deadLetters;
}

async function refreshDemo() {
  try {
    state.demo = await json("api/demo");
    state.maxDepth = state.demo.modelMaxDepth;
    document.getElementById("model").textContent =
      "model " + state.demo.model + " on " + state.demo.provider + " · " +
      state.demo.vehicles.length + " vehicles at " + state.demo.fps + " fps, " + state.demo.size;
  } catch (e) {
    state.demo = null; // not a demo: plain `serve`
    document.getElementById("model").textContent = "";
  }
}

function sceneOf(id) {
  const v = state.demo && state.demo.vehicles.find((x) => x.id === id);
  return v ? v.scene : "";
}

function el(tag, attrs, parent) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (parent) parent.appendChild(e);
  return e;
}

function legendGradient() {
  // Turbo, the colormap of depth.png: near is red, far is blue.
  const stops = ["#7a0403", "#e4460a", "#fbb938", "#a4fc3c", "#1ae4b6", "#3e9bfe", "#4040a1", "#30123b"];
  return "linear-gradient(to right, " + stops.join(", ") + ")";
}

function figure(parent, cls, caption, alt) {
  const fig = el("figure", {}, parent);
  const img = el("img", { class: cls, alt }, fig);
  el("figcaption", {}, fig).textContent = caption;
  return img;
}

function card(id) {
  if (state.cards.has(id)) return state.cards.get(id);
  const root = el("section", { class: "vehicle", id: "vehicle-" + id, "data-vehicle": id });
  const h = el("h2", {}, root);
  h.textContent = id;
  const scene = el("span", { class: "scene" }, h);
  const when = el("span", { class: "when" }, h);
  const body = el("div", { class: "body" }, root);
  const left = el("div", {}, body);
  const pics = el("div", { class: "pictures" }, left);
  const camera = figure(pics, "camera", "camera", "camera frame of " + id);
  const depth = figure(pics, "depth", "predicted depth", "predicted depth of " + id);
  const truth = figure(pics, "truth", "LiDAR ground truth", "LiDAR depth of " + id);
  const key = el("div", { class: "key" }, left);
  const near = el("span", {}, key);
  const legend = el("span", { class: "legend" }, key);
  legend.style.background = legendGradient();
  const far = el("span", {}, key);
  const side = el("div", { class: "side" }, body);
  const scores = el("div", { class: "scores" }, side);
  const charts = el("div", { class: "charts" }, side);
  const c = { root, scene, when, camera, depth, truth, near, far, scores, charts: {}, seq: null };
  METRICS.forEach((m) => {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("data-metric", m.key);
    svg.setAttribute("data-points", "0");
    const box = el("div", { class: "chart-box" }, charts);
    el("div", { class: "chart-title" }, box).textContent = m.title;
    box.appendChild(svg);
    c.charts[m.key] = svg;
  });
  const main = document.getElementById("vehicles");
  document.getElementById("waiting")?.remove();
  // Cards stay in vehicle-id order (v2 before v10), whichever vehicle the page heard of first,
  // so a card never jumps and a reload shows the same layout.
  const after = [...main.querySelectorAll("section.vehicle")].find(
    (other) => other.dataset.vehicle.localeCompare(id, undefined, { numeric: true }) > 0);
  main.insertBefore(root, after || null);
  state.cards.set(id, c);
  return c;
}

function setImage(img, blob) {
  const old = img.src;
  img.src = URL.createObjectURL(blob);
  if (old.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(old), 2000);
}

function shownDepth(id) {
  const v = state.demo && state.demo.vehicles.find((x) => x.id === id);
  return v ? v.shownDepth : state.maxDepth || 10;
}

async function refreshPictures(id, c) {
  const max = shownDepth(id);
  const base = "api/vehicles/" + encodeURIComponent(id);
  const r = await fetch(base + "/depth.png?min=0&max=" + max, { cache: "no-store" });
  if (!r.ok) return;
  const seq = r.headers.get("X-Sequence");
  const at = r.headers.get("X-Capture-Time");
  const cam = encodeURIComponent(r.headers.get("X-Camera") || "");
  if (seq === c.seq) return;
  const depthBlob = await r.blob();
  const [f, t] = await Promise.all([
    fetch(base + "/frame?camera=" + cam + "&at=" + at, { cache: "no-store" }),
    fetch(base + "/ground-truth.png?camera=" + cam + "&at=" + at + "&min=0&max=" + max, { cache: "no-store" }),
  ]);
  if (f.ok) {
    setImage(c.camera, await f.blob());
  } else {
    c.camera.removeAttribute("src");
    c.camera.alt = "";
    c.camera.nextSibling.textContent = "camera (needs depthstream.live-view.enabled=true)";
  }
  if (t.ok) setImage(c.truth, await t.blob());
  setImage(c.depth, depthBlob);
  c.seq = seq;
  c.root.setAttribute("data-sequence", seq);
  c.when.textContent = "frame " + seq + " · " + fmtTime(Number(at));
  c.near.textContent = "0 m";
  c.far.textContent = max + " m";
}

function scale(v, from0, from1, to0, to1) {
  return from1 === from0 ? (to0 + to1) / 2 : to0 + ((v - from0) / (from1 - from0)) * (to1 - to0);
}

function svgEl(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  parent.appendChild(e);
  return e;
}

function drawChart(svg, m, frames, windows) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  // Drawn in the element's own pixels, so text is never stretched.
  const W = Math.max(svg.clientWidth, 100), H = Math.max(svg.clientHeight, 40), L = 34, R = 8, T = 6, B = 16;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.setAttribute("preserveAspectRatio", "none");
  const points = frames.map((p) => [p.captureTime, p[m.key]]).filter((p) => Number.isFinite(p[1]));
  const means = windows.map((w) => [(w.windowStart + w.windowEnd) / 2, w[m.key]]).filter((p) => Number.isFinite(p[1]));
  svg.setAttribute("data-points", String(points.length));
  svg.setAttribute("data-windows", String(means.length));
  if (points.length === 0) {
    svgEl("text", { x: L, y: H / 2, class: "empty" }, svg).textContent = "waiting for scored frames…";
    return;
  }
  const all = points.concat(means);
  const t0 = Math.min(...all.map((p) => p[0])), t1 = Math.max(...all.map((p) => p[0]), t0 + 10000);
  let [y0, y1] = m.fixed || [0, Math.max(...all.map((p) => p[1])) * 1.15 || 1];
  for (let i = 0; i <= 2; i++) {
    const v = y0 + ((y1 - y0) * i) / 2, y = scale(v, y0, y1, H - B, T);
    svgEl("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }, svg);
    svgEl("text", { x: L - 4, y: y + 3, class: "tick", "text-anchor": "end" }, svg).textContent = v.toFixed(m.digits - 1);
  }
  svgEl("text", { x: L, y: H - 3, class: "tick" }, svg).textContent = fmtTime(t0);
  svgEl("text", { x: W - R, y: H - 3, class: "tick", "text-anchor": "end" }, svg).textContent = fmtTime(t1);
  const x = (t) => scale(t, t0, t1, L + 2, W - R - 2);
  const y = (v) => scale(Math.min(Math.max(v, y0), y1), y0, y1, H - B, T);
  points.forEach((p) => svgEl("circle", { cx: x(p[0]), cy: y(p[1]), r: 1.6, class: "dot" }, svg));
  if (means.length > 0) {
    const d = means.map((p, i) => (i ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[1]).toFixed(1)).join(" ");
    svgEl("path", { d, class: "mean" }, svg);
    means.forEach((p) => svgEl("circle", { cx: x(p[0]), cy: y(p[1]), r: 2.6, class: "mean" }, svg));
  }
}

async function refreshHistory(id, c) {
  const r = await fetch("api/vehicles/" + encodeURIComponent(id) + "/history", { cache: "no-store" });
  if (r.status === 404) {
    // `serve` without the live view: pictures still update, charts need the history.
    c.scores.textContent = "charts need depthstream.live-view.enabled=true (./depthstream demo turns it on)";
    return;
  }
  if (!r.ok) throw new Error("history " + r.status);
  const h = await r.json();
  METRICS.forEach((m) => drawChart(c.charts[m.key], m, h.frames, h.windows));
  const last = h.windows[h.windows.length - 1];
  c.scores.innerHTML = "";
  if (!last) {
    el("div", { class: "score" }, c.scores).textContent =
      h.frames.length + " frames scored · first 10 s window soon";
    return;
  }
  METRICS.forEach((m) => {
    const s = el("div", { class: "score" }, c.scores);
    el("b", {}, s).textContent = last[m.key].toFixed(m.digits);
    el("span", {}, s).textContent = m.title + ", last " + Math.round((last.windowEnd - last.windowStart) / 1000) + " s";
  });
}

async function tick() {
  const status = document.getElementById("status");
  try {
    const vehicles = await json("api/vehicles");
    await refreshPipeline();
    for (const v of vehicles) {
      const c = card(v.vehicleId);
      c.scene.textContent = sceneOf(v.vehicleId);
      await Promise.all([refreshPictures(v.vehicleId, c), refreshHistory(v.vehicleId, c)]);
    }
    status.textContent = "live";
    status.className = "status live";
  } catch (e) {
    status.textContent = "waiting for the service: " + e.message;
    status.className = "status down";
  }
  setTimeout(tick, POLL_MS);
}

// ---- Champion and challengers: GET api/models, and one challenger's windowed differences.
const COMPARED = [
  { key: "delta1", title: "δ1", digits: 3 },
  { key: "abs_rel", title: "abs_rel", digits: 3 },
  { key: "rmse", title: "rmse m", digits: 2 },
];

function fmtDiff(d, digits) {
  if (!d || d.mean === null) return "–";
  const sign = (v) => (v >= 0 ? "+" : "") + v.toFixed(digits);
  const ci = d.low === null ? "" : " [" + sign(d.low) + ", " + sign(d.high) + "]";
  return sign(d.mean) + ci + " · n " + d.pairs;
}

function modelRow(table, role, m, comparison) {
  const tr = el("tr", { class: role }, table);
  el("td", {}, tr).textContent = role;
  el("td", {}, tr).textContent = m.id + "@" + m.version;
  el("td", {}, tr).textContent = m.provider;
  el("td", {}, tr).textContent = m.inferenceMs === null ? "–" : m.inferenceMs.toFixed(1) + " ms";
  el("td", {}, tr).textContent = m.framesInferred + " run · " + m.framesScored + " scored";
  COMPARED.forEach((c) => {
    const d = comparison ? comparison.differences[c.key] : null;
    const td = el("td", { class: d ? "favours-" + d.favours : "" }, tr);
    td.textContent = role === "champion" ? "—" : c.title + " " + fmtDiff(d, c.digits);
  });
}

function drawDifference(svg, points) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const W = Math.max(svg.clientWidth, 100), H = Math.max(svg.clientHeight, 40), L = 44, R = 8, T = 6, B = 16;
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  const pts = points
    .map((p) => ({ t: (p.windowStart + p.windowEnd) / 2, d: p.differences.abs_rel }))
    .filter((p) => p.d && p.d.mean !== null);
  svg.setAttribute("data-points", String(pts.length));
  if (pts.length === 0) {
    svgEl("text", { x: L, y: H / 2, class: "empty" }, svg).textContent = "waiting for the first closed window of paired frames…";
    return;
  }
  const lows = pts.map((p) => (p.d.low === null ? p.d.mean : p.d.low));
  const highs = pts.map((p) => (p.d.high === null ? p.d.mean : p.d.high));
  const y0 = Math.min(0, ...lows), y1 = Math.max(0, ...highs, y0 + 1e-3);
  const t0 = pts[0].t, t1 = Math.max(pts[pts.length - 1].t, t0 + 10000);
  const x = (t) => scale(t, t0, t1, L + 2, W - R - 2);
  const y = (v) => scale(v, y0, y1, H - B, T);
  svgEl("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), class: "grid" }, svg);
  [y0, 0, y1].forEach((v) => {
    svgEl("text", { x: L - 4, y: y(v) + 3, class: "tick", "text-anchor": "end" }, svg).textContent = v.toFixed(3);
  });
  svgEl("text", { x: L, y: H - 3, class: "tick" }, svg).textContent = fmtTime(t0) + " · abs_rel, challenger − champion (below 0: challenger better)";
  pts.forEach((p, i) => {
    svgEl("line", { x1: x(p.t), x2: x(p.t), y1: y(lows[i]), y2: y(highs[i]), class: "band" }, svg);
  });
  const d = pts.map((p, i) => (i ? "L" : "M") + x(p.t).toFixed(1) + " " + y(p.d.mean).toFixed(1)).join(" ");
  svgEl("path", { d, class: "mean" }, svg);
  pts.forEach((p) => svgEl("circle", { cx: x(p.t), cy: y(p.d.mean), r: 2.6, class: "mean" }, svg));
}

async function refreshModels() {
  const section = document.getElementById("models");
  try {
    const m = await json("api/models");
    if (m.challengers.length === 0) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    const table = document.getElementById("models-table");
    table.innerHTML = "";
    const fleetTotal = (id) =>
      m.comparisons.find((c) => c.scope === "FLEET" && c.cumulative && c.challengerId === id && c.championId === m.champion.id);
    modelRow(table, "champion", m.champion, null);
    m.challengers.forEach((c) => modelRow(table, "challenger", c, fleetTotal(c.id)));
    const first = m.challengers[0].id;
    drawDifference(document.getElementById("models-chart"), await json("api/models/" + encodeURIComponent(first) + "/history"));
  } catch (e) {
    section.hidden = true; // a service without the models API answers 404
  }
}

refreshDemo().then(tick);
refreshModels();
setInterval(refreshModels, 5000);
setInterval(refreshDemo, 5000);
