// tadmor web page: map, timeline, incidents, review queue, sources, reports, upload.
// Every value from the server is put on the page as text (textContent / text nodes), never as
// HTML, and the Content-Security-Policy forbids inline script: a report that contains
// <script> is shown as the characters "<script>", and nothing runs.
"use strict";

const state = { me: null, config: null, csrf: null, filters: {} };
const view = () => document.getElementById("view");
const show = (...nodes) => view().replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function api(path, opts = {}) {
  const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
  const method = opts.method || "GET";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  let body = opts.body;
  if (body && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(body);
  }
  const r = await fetch(path, { method, headers, body, credentials: "same-origin" });
  if (r.status === 401 && !opts.quiet) { showLogin(); throw new Error("log in first"); }
  if (r.status === 204) return null;
  const data = r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error((data && data.detail) || `HTTP ${r.status}`);
  return data;
}

const isAnalyst = () => state.me && (state.me.role === "analyst" || state.me.role === "admin");
const gradeBadge = (g) => el("span", { class: `grade ${g}` }, g);
const qs = (obj) => new URLSearchParams(Object.entries(obj).filter(([, v]) => v)).toString();

// --- login ---------------------------------------------------------------------------------

function showLogin(message) {
  document.getElementById("nav").hidden = true;
  const err = el("p", { class: "error", id: "login-error" }, message || "");
  const form = el("form", { class: "card", id: "login-form", onsubmit: async (e) => {
    e.preventDefault();
    try {
      const me = await api("/api/auth/login", { method: "POST", quiet: true, body: {
        username: form.username.value, password: form.password.value } });
      state.me = me; state.csrf = me.csrf_token;
      await start();
    } catch (ex) { err.textContent = ex.message; }
  } },
    el("h1", {}, "Log in"),
    el("label", { for: "username" }, "Username"), el("input", { id: "username", name: "username", autocomplete: "username", required: true }),
    el("label", { for: "password" }, "Password"), el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    el("p", {}, el("button", { class: "primary", type: "submit" }, "Log in")), err);
  show(form);
}

// --- highlighting --------------------------------------------------------------------------

// Marks that do not overlap (longer wins), drawn as <mark> elements around text nodes.
function highlighted(text, marks, from = 0, to = text.length) {
  const placed = [];
  for (const m of [...marks].sort((a, b) => (b.end - b.start) - (a.end - a.start))) {
    if (m.end <= from || m.start >= to) continue;
    if (placed.every((p) => m.end <= p.start || m.start >= p.end)) placed.push(m);
  }
  placed.sort((a, b) => a.start - b.start);
  const out = [];
  let pos = from;
  for (const m of placed) {
    const s = Math.max(m.start, from), e = Math.min(m.end, to);
    if (s > pos) out.push(text.slice(pos, s));
    out.push(el("mark", { class: m.kind, title: m.kind }, text.slice(s, e)));
    pos = e;
  }
  if (pos < to) out.push(text.slice(pos, to));
  return out;
}

const legend = () => el("p", { class: "legend small" },
  ...["event", "place", "date", "number", "actor", "source", "heritage"].map((k) => el("mark", { class: k }, k)));

// --- map + timeline + list -----------------------------------------------------------------

let map = null, layer = null;

function filterForm(onchange) {
  const f = state.filters;
  const field = (name, label, type = "text") => [
    el("label", { for: `f-${name}` }, label),
    el("input", { id: `f-${name}`, name, type, value: f[name] || "" }),
  ];
  const grade = el("select", { id: "f-grade", name: "grade" }, el("option", { value: "" }, "any"),
    ...(state.config?.grades || []).map((g) => el("option", { value: g, selected: f.grade === g }, g)));
  const form = el("form", { class: "card filters", onsubmit: (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries(new FormData(form).entries());
    onchange();
  } },
    field("q", "Words in title"), field("type", "Event type"), field("actor", "Actor"),
    field("source", "Source"), el("label", { for: "f-grade" }, "Grade"), grade,
    field("since", "From", "date"), field("until", "To", "date"),
    el("p", { class: "row" }, el("button", { class: "primary", type: "submit" }, "Filter"),
      el("button", { type: "button", onclick: () => { state.filters = {}; onchange(); } }, "Clear")));
  return form;
}

function baseLayers(m) {
  if (state.config?.tiles_url) {
    L.tileLayer(state.config.tiles_url, { attribution: state.config.tiles_attribution || "" }).addTo(m);
    return;
  }
  fetch("/static/world.geojson").then((r) => r.json()).then((world) => {
    L.geoJSON(world, { style: { color: "#7a8a99", weight: 1, fillColor: "#fbfbf7", fillOpacity: 1 },
      interactive: false }).addTo(m);
    if (layer) layer.bringToFront();
  });
}

async function showMap() {
  const listBox = el("div", { id: "incident-list" });
  const timeline = el("div", { class: "timeline", id: "timeline", "aria-label": "incidents per day" });
  const mapBox = el("div", { id: "map" });
  const counts = el("p", { class: "muted small", id: "counts" });
  const refresh = () => loadIncidents(listBox, timeline, counts);
  show(el("div", { class: "layout" },
    el("div", {}, filterForm(refresh)),
    el("div", {}, mapBox, timeline, counts, listBox)));
  map = L.map(mapBox, { worldCopyJump: true }).setView([34.5, 38.3], 5);
  baseLayers(map);
  layer = L.featureGroup().addTo(map);
  await refresh();
}

async function loadIncidents(listBox, timeline, counts) {
  const f = state.filters;
  const q = qs(f);
  const [geo, page, bins, c] = await Promise.all([
    api(`/api/incidents/map?${q}`), api(`/api/incidents?limit=100&${q}`),
    api(`/api/incidents/timeline?${q}`), api(`/api/incidents/counts?${q}`)]);
  layer.clearLayers();
  for (const feat of geo.features) {
    const [lon, lat] = feat.geometry.coordinates;
    const p = feat.properties;
    const marker = L.circleMarker([lat, lon], { radius: 7, color: "#fff", weight: 1,
      fillColor: getComputedStyle(document.documentElement).getPropertyValue(`--${p.grade}`) || "#2457a6", fillOpacity: 0.9 });
    const pop = el("div", {}, el("strong", {}, p.title || p.event_type), el("br"),
      `${p.event_date || "undated"} · ${p.grade}`, el("br"),
      el("a", { href: `#/incident/${encodeURIComponent(p.id)}`, class: "open-incident" }, "Open"));
    marker.bindPopup(pop);
    marker.addTo(layer);
    marker.getElement?.()?.setAttribute("data-incident", p.id);
  }
  const max = Math.max(1, ...bins.map((b) => b.count));
  timeline.replaceChildren(...bins.map((b) => el("button", { class: "bar", type: "button",
    title: `${b.date}: ${b.count}`, style: null, "data-date": b.date,
    onclick: () => { state.filters = { ...state.filters, since: b.date, until: b.date }; showMap(); } })));
  [...timeline.children].forEach((bar, i) => { bar.style.height = `${Math.max(4, (bins[i].count / max) * 100)}%`; });
  counts.textContent = `${c.total.incidents} incident(s)` +
    (page.next_offset !== null ? " (first 100 listed)" : "");
  listBox.replaceChildren(incidentTable(page.items));
}

function incidentTable(items, extra) {
  return el("table", { class: "incidents" },
    el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Incident"), el("th", {}, "Grade"),
      el("th", {}, "Claims"), extra ? el("th", {}, "") : null)),
    el("tbody", {}, ...items.map((i) => el("tr", { "data-id": i.id },
      el("td", {}, i.event_date || ""),
      el("td", {}, el("a", { href: `#/incident/${encodeURIComponent(i.id)}` }, i.title || i.event_type),
        i.restrictions?.length ? el("span", { class: "badge" }, "restricted") : null),
      el("td", {}, gradeBadge(i.grade), " ", el("span", { class: "muted small" }, i.grade_by)),
      el("td", {}, `${i.n_claims} / ${i.n_origins} source(s)`),
      extra ? el("td", {}, extra(i)) : null))));
}

// --- incident ------------------------------------------------------------------------------

async function showIncident(id) {
  const inc = await api(`/api/incidents/${encodeURIComponent(id)}`);
  const texts = Object.fromEntries(inc.reports.map((r) => [r.id, r]));
  const bySource = {};
  for (const c of inc.claims) (bySource[c.origin || c.outlet || "unattributed"] ||= []).push(c);
  const claimCard = (c) => {
    const rep = texts[c.report_id];
    const [s, e] = c.sentence;
    const sentence = rep && rep.text ? highlighted(rep.text, rep.marks, s, e) : ["(text not shown)"];
    return el("div", { class: "card claim" + (c.restrictions?.length ? " restricted" : ""), "data-claim": c.id },
      el("label", { class: "row small" }, isAnalyst() ? el("input", { type: "checkbox", class: "split-pick", value: c.id }) : null,
        `${c.sub_event_name || c.sub_event_type} · ${c.event_date || "undated"} · ${c.location || "?"}` +
        (c.fatalities !== null ? ` · ${c.fatalities} killed` : "") + ` · ${c.certainty}`),
      el("blockquote", { class: "sentence" }, ...sentence),
      el("p", { class: "muted small" }, `report ${c.report_id.slice(0, 12)} · outlet ${c.outlet || "?"}`));
  };
  const contradictions = (inc.data.contradictions || []).map((x) => el("li", {}, `${x.kind || ""}: ${x.summary || JSON.stringify(x)}`));
  const history = el("ol", { id: "history" }, ...inc.history.map((h) => el("li", {},
    `${h.at.replace("T", " ").slice(0, 19)} · ${h.kind} · ${h.actor}`,
    h.data && (h.data.reason || h.data.to) ? el("span", { class: "muted" }, ` — ${[h.data.to, h.data.reason].filter(Boolean).join(": ")}`) : null)));
  const review = isAnalyst() ? reviewForm(inc) : null;
  show(
    el("h1", { id: "incident-title" }, inc.title || inc.event_type),
    el("p", {}, gradeBadge(inc.grade), ` by ${inc.grade_by} · credibility ${inc.credibility} · `,
      `${inc.event_date || "undated"} · ${inc.place_name || "?"} · ${inc.actor1 || "?"} → ${inc.actor2 || "?"}`,
      inc.fatalities !== null ? ` · ${inc.fatalities} killed` : ""),
    inc.restrictions?.length ? el("p", { class: "restricted" }, `Restricted: ${inc.restrictions.map((r) => r.reason).join("; ")}`) : null,
    review,
    el("h2", {}, "Claims by source"), legend(),
    el("div", { class: "columns", id: "claims-by-source" }, ...Object.entries(bySource).map(([src, cs]) =>
      el("section", { class: "source-column" }, el("h3", {}, src), ...cs.map(claimCard)))),
    el("h2", {}, "Contradictions"), contradictions.length ? el("ul", {}, ...contradictions) : el("p", { class: "muted" }, "None found."),
    el("h2", {}, "History"), history,
    el("h2", {}, "Reports"), ...inc.reports.map((r) => el("details", { class: "card" },
      el("summary", {}, `${r.title || r.id} — ${r.source || "unknown outlet"}`),
      el("div", { class: "text report-text" }, ...(r.text ? highlighted(r.text, r.marks) : ["(text restricted)"])))));
}

function reviewForm(inc) {
  const out = el("p", { class: "error", id: "review-error" });
  const grade = el("select", { id: "regrade-grade", name: "grade" },
    ...state.config.grades.map((g) => el("option", { value: g, selected: g === inc.grade }, g)));
  const reason = el("input", { id: "regrade-reason", name: "reason", placeholder: "Why (kept in the history and ledger)", required: true, minlength: 3 });
  const act = async (path, body) => {
    try { await api(path, { method: "POST", body }); await showIncident(inc.id); }
    catch (ex) { out.textContent = ex.message; }
  };
  return el("form", { class: "card", id: "regrade-form", onsubmit: (e) => {
    e.preventDefault(); act(`/api/incidents/${encodeURIComponent(inc.id)}/grade`, { grade: grade.value, reason: reason.value });
  } },
    el("div", { class: "row" }, el("label", { for: "regrade-grade" }, "Grade"), grade,
      el("label", { for: "regrade-reason" }, "Reason"), reason),
    el("p", { class: "row" },
      el("button", { class: "primary", type: "submit", id: "regrade-submit" }, "Regrade"),
      el("button", { type: "button", onclick: () => act(`/api/incidents/${encodeURIComponent(inc.id)}/accept`, { reason: reason.value }) }, "Accept"),
      el("button", { type: "button", onclick: () => act(`/api/incidents/${encodeURIComponent(inc.id)}/reject`, { reason: reason.value }) }, "Reject"),
      el("button", { type: "button", onclick: () => {
        const ids = [...document.querySelectorAll(".split-pick:checked")].map((x) => x.value);
        act(`/api/incidents/${encodeURIComponent(inc.id)}/split`, { claim_ids: ids, reason: reason.value });
      } }, "Split ticked claims out")), out);
}

// --- review queue --------------------------------------------------------------------------

async function showReview() {
  const page = await api("/api/review?limit=100");
  const reason = el("input", { id: "merge-reason", placeholder: "Reason for merging", minlength: 3 });
  const out = el("p", { class: "error" });
  const pick = (i) => el("input", { type: "checkbox", class: "merge-pick", value: i.id, "aria-label": "merge" });
  show(el("h1", {}, "Review queue"),
    el("p", { class: "muted" }, "Incidents whose grade no analyst has set, most contradicted first."),
    incidentTable(page.items, pick),
    el("div", { class: "card row" }, reason, el("button", { type: "button", onclick: async () => {
      const ids = [...document.querySelectorAll(".merge-pick:checked")].map((x) => x.value);
      try { await api("/api/incidents/merge", { method: "POST", body: { incident_ids: ids, reason: reason.value } }); showReview(); }
      catch (ex) { out.textContent = ex.message; }
    } }, "Merge ticked incidents")), out);
}

// --- sources, reports, upload --------------------------------------------------------------

async function showSources() {
  const page = await api("/api/sources?limit=500");
  show(el("h1", {}, "Sources"), el("table", {},
    el("thead", {}, el("tr", {}, el("th", {}, "Source"), el("th", {}, "Claims"), el("th", {}, "Reliability"), el("th", {}, "Tags"))),
    el("tbody", {}, ...page.items.map((s) => el("tr", {}, el("td", {}, s.name), el("td", {}, s.claims),
      el("td", {}, s.reliability || "not rated"), el("td", {}, (s.tags || []).join(", ")))))));
}

async function showReports() {
  const page = await api("/api/reports?limit=100");
  show(el("h1", {}, "Reports"), el("table", {},
    el("tbody", {}, ...page.items.map((r) => el("tr", {},
      el("td", {}, (r.published || r.collected_at).slice(0, 10)),
      el("td", {}, el("a", { href: `#/report/${encodeURIComponent(r.id)}` }, r.title || r.id)),
      el("td", {}, r.source || ""), el("td", { class: "muted" }, `${r.chars} chars`))))));
}

async function showReport(id) {
  const r = await api(`/api/reports/${encodeURIComponent(id)}`);
  show(el("h1", {}, r.title || r.id),
    el("p", { class: "muted small" }, `${r.source || "unknown outlet"} · published ${r.published || "unknown"} · sha256 ${r.original_sha256}`),
    legend(), el("div", { class: "text report-text", id: "report-text" }, ...(r.text ? highlighted(r.text, r.marks) : ["(text restricted)"])),
    el("h2", {}, `${r.claims.length} claim(s)`),
    el("ul", {}, ...r.claims.map((c) => el("li", {}, `${c.sub_event_name || c.sub_event_type} · ${c.event_date || ""} · ${c.location || ""} · ${c.origin || c.outlet || ""}`))));
}

function showUpload() {
  const out = el("div", { id: "upload-result" });
  const form = el("form", { class: "card", id: "upload-form", onsubmit: async (e) => {
    e.preventDefault();
    out.replaceChildren(el("p", { class: "muted" }, "Collecting and extracting…"));
    try {
      const res = await api("/api/reports", { method: "POST", body: new FormData(form) });
      out.replaceChildren(el("p", {}, `Added ${res.added.length} report(s), ${res.claims} claim(s); ` +
        (res.already_present ? `${res.already_present} already present. ` : "")),
        ...res.added.map((id) => el("p", {}, el("a", { href: `#/report/${id}` }, `report ${id}`))),
        ...res.incidents.map((id) => el("p", {}, el("a", { href: `#/incident/${id}`, class: "new-incident" }, `incident ${id}`))),
        ...res.warnings.map((w) => el("p", { class: "error" }, w)));
    } catch (ex) { out.replaceChildren(el("p", { class: "error" }, ex.message)); }
  } },
    el("h1", {}, "Upload"),
    el("p", { class: "muted small" }, `Any file \`tadmor add\` reads; up to ${Math.round(state.config.max_upload_bytes / 1e6)} MB.`),
    el("label", { for: "u-file" }, "File"), el("input", { id: "u-file", name: "file", type: "file", required: true }),
    el("label", { for: "u-source" }, "Outlet"), el("input", { id: "u-source", name: "source" }),
    el("label", { for: "u-published" }, "Published"), el("input", { id: "u-published", name: "published", type: "date" }),
    el("label", { for: "u-title" }, "Title"), el("input", { id: "u-title", name: "title" }),
    el("label", { class: "row" }, el("input", { type: "checkbox", name: "restricted", value: "true", id: "u-restricted" }), "Restricted (viewers never see it)"),
    el("label", { for: "u-reason" }, "Reason for restricting"), el("input", { id: "u-reason", name: "reason" }),
    el("p", {}, el("button", { class: "primary", type: "submit", id: "u-submit" }, "Upload")));
  show(form, out);
}

// --- routing -------------------------------------------------------------------------------

async function route() {
  if (!state.me) return;
  const [, page, arg] = (location.hash.replace(/^#/, "") || "/").split("/");
  try {
    if (page === "incident" && arg) await showIncident(decodeURIComponent(arg));
    else if (page === "review") await showReview();
    else if (page === "sources") await showSources();
    else if (page === "reports") await showReports();
    else if (page === "report" && arg) await showReport(decodeURIComponent(arg));
    else if (page === "upload") showUpload();
    else await showMap();
  } catch (ex) {
    show(el("p", { class: "error" }, ex.message));
  }
}

async function start() {
  const me = await api("/api/auth/me", { quiet: true }).catch(() => null);
  if (!me) { showLogin(); return; }
  state.me = me; state.csrf = me.csrf_token;
  state.config = await api("/api/config");
  const nav = document.getElementById("nav");
  nav.hidden = false;
  for (const a of nav.querySelectorAll("[data-role=analyst]")) a.hidden = !isAnalyst();
  document.getElementById("who").textContent = `${me.username} (${me.role})`;
  await route();
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("logout").addEventListener("click", async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => null);
    state.me = null; state.csrf = null; showLogin();
  });
  start();
});
