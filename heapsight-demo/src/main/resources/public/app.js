// Live memory page: polls /api/diagnostics once a second and charts it with uPlot (served from the jar).
'use strict';

const KEEP = 300;            // five minutes of one-second samples
const MB = 1024 * 1024;
const state = { since: 0, series: { t: [], heap: [], live: [], rss: [], committed: [], young: [], old: [], humongous: [], cpu: [], rps: [] } };
let charts = null;

function fmtBytes(b) {
  if (b == null || b < 0) return 'n/a';
  if (b >= 1024 * MB) return (b / 1024 / MB).toFixed(2) + ' GB';
  if (b >= MB) return (b / MB).toFixed(1) + ' MB';
  return (b / 1024).toFixed(0) + ' KB';
}

function width(el) { return Math.max(320, el.clientWidth - 10); }

function makeCharts() {
  const mem = document.getElementById('chart-memory');
  const gc = document.getElementById('chart-gc');
  const cpu = document.getElementById('chart-cpu');
  const s = state.series;
  const mbValue = (u, v) => v == null ? '–' : v.toFixed(1) + ' MB';
  return {
    memory: new uPlot({
      width: width(mem), height: 260,
      series: [{},
        { label: 'heap used', stroke: '#337ab7', value: mbValue },
        { label: 'live set after GC', stroke: '#d9534f', width: 2, value: mbValue },
        { label: 'RSS', stroke: '#6f42c1', value: mbValue },
        { label: 'heap committed', stroke: '#aaa', dash: [4, 4], value: mbValue }],
      axes: [{}, { label: 'MB' }],
    }, [s.t, s.heap, s.live, s.rss, s.committed], mem),
    gc: new uPlot({
      width: width(gc), height: 150,
      series: [{},
        { label: 'young', stroke: '#5cb85c', paths: () => null, points: { show: true, size: 8, fill: '#5cb85c' } },
        { label: 'old / full', stroke: '#d9534f', paths: () => null, points: { show: true, size: 10, fill: '#d9534f' } },
        { label: 'humongous', stroke: '#f0ad4e', paths: () => null, points: { show: true, size: 12, fill: '#f0ad4e' } }],
      axes: [{}, { label: 'GCs' }],
      scales: { y: { range: (u, min, max) => [0, Math.max(3, max + 1)] } },
    }, [s.t, s.young, s.old, s.humongous], gc),
    cpu: new uPlot({
      width: width(cpu), height: 180,
      series: [{},
        { label: 'CPU %', stroke: '#f0ad4e', scale: '%', value: (u, v) => v == null ? '–' : v.toFixed(0) + ' %' },
        { label: 'requests/s', stroke: '#337ab7', scale: 'rps', value: (u, v) => v == null ? '–' : v.toFixed(0) }],
      scales: { '%': { range: [0, 100] } },
      axes: [{}, { scale: '%', label: 'CPU %' }, { scale: 'rps', side: 1, label: 'req/s', grid: { show: false } }],
    }, [s.t, s.cpu, s.rps], cpu),
  };
}

function push(d) {
  const s = state.series;
  const counts = { young: 0, old: 0, humongous: 0 };
  for (const e of d.gcEvents) {
    counts[e.kind] = (counts[e.kind] || 0) + 1;
    state.since = Math.max(state.since, e.seq);
  }
  s.t.push(d.timestampMs / 1000);
  s.heap.push(d.heapUsedBytes / MB);
  s.live.push(d.liveSetBytes >= 0 ? d.liveSetBytes / MB : null);
  s.rss.push(d.rssBytes >= 0 ? d.rssBytes / MB : null);
  s.committed.push(d.heapCommittedBytes / MB);
  s.young.push(counts.young || null);
  s.old.push(counts.old || null);
  s.humongous.push(counts.humongous || null);
  s.cpu.push(d.cpuPercent);
  s.rps.push(d.rps);
  for (const k of Object.keys(s)) if (s[k].length > KEEP) s[k].shift();
}

function showStats(d) {
  const set = (id, v) => { document.getElementById(id).textContent = v; };
  set('s-heap', fmtBytes(d.heapUsedBytes) + ' / ' + fmtBytes(d.heapMaxBytes));
  set('s-live', fmtBytes(d.liveSetBytes));
  set('s-rss', fmtBytes(d.rssBytes));
  set('s-cpu', d.cpuPercent.toFixed(0) + ' %');
  set('s-rps', d.rps.toFixed(0));
  set('s-threads', d.threads);
  set('s-fds', d.openFds < 0 ? 'n/a' : d.openFds);
  set('s-direct', fmtBytes(d.directBufferBytes) + ' (' + d.directBufferCount + ')');
  set('s-gc', d.lastGcCause || 'none yet');
  document.getElementById('collector').textContent = d.collector + ' collector, up ' + Math.round(d.uptimeMs / 1000) + ' s';
  const body = document.querySelector('#holders tbody');
  body.replaceChildren(...Object.entries(d.holders).map(([name, n]) => {
    const tr = document.createElement('tr');
    tr.dataset.holder = name;
    tr.innerHTML = '<td></td><td></td>';
    tr.children[0].textContent = name;
    tr.children[1].textContent = n;
    return tr;
  }));
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const r = await fetch('/api/diagnostics?since=' + state.since, { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const d = await r.json();
    push(d);
    showStats(d);
    if (!charts) charts = makeCharts();
    const s = state.series;
    charts.memory.setData([s.t, s.heap, s.live, s.rss, s.committed]);
    charts.gc.setData([s.t, s.young, s.old, s.humongous]);
    charts.cpu.setData([s.t, s.cpu, s.rps]);
    // with the pointer away from a chart, its legend shows the latest values instead of dashes
    for (const c of Object.values(charts)) {
      if (c.cursor.left == null || c.cursor.left < 0) c.setLegend({ idx: s.t.length - 1 });
    }
    status.textContent = 'live';
    status.className = 'status ok';
    document.body.dataset.samples = String(s.t.length);
  } catch (e) {
    status.textContent = 'demo not reachable (' + e.message + ')';
    status.className = 'status down';
  }
}

// A burst of requests from the browser: a few at a time, like a handful of users clicking.
async function burst(path, n) {
  let ok = 0, failed = 0, lastError = '';
  let next = 0;
  async function worker() {
    while (next < n) {
      next++;
      try {
        const r = await fetch(path, { method: 'POST', cache: 'no-store' });
        if (r.ok) ok++; else { failed++; lastError = (await r.text()).slice(0, 160); }
      } catch (e) { failed++; lastError = e.message; }
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, n) }, worker));
  return { ok, failed, lastError };
}

// Browsers can only close a websocket cleanly; aborting needs a real client (heapsight load --ws-abort).
async function websockets(path, n) {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
  let ok = 0, failed = 0;
  await Promise.all(Array.from({ length: n }, () => new Promise(resolve => {
    const ws = new WebSocket(url);
    ws.onmessage = () => { ok++; ws.close(1000, 'done'); };
    ws.onerror = () => { failed++; resolve(); };
    ws.onclose = () => resolve();
  })));
  return { ok, failed, lastError: '' };
}

async function onButton(button) {
  const n = Math.max(1, Math.min(5000, parseInt(document.getElementById('burst').value, 10) || 1));
  const path = button.dataset.path;
  const out = document.getElementById('last-result');
  button.disabled = true;
  try {
    if (path === '/api/collect') {
      const r = await (await fetch(path, { method: 'POST' })).json();
      out.textContent = 'forced GC: live set ' + fmtBytes(r.liveSetBytes) + ' (' + r.durationMs + ' ms)';
    } else {
      const res = path.startsWith('/ws/') ? await websockets(path, n) : await burst(path, n);
      out.textContent = path + ': ' + res.ok + ' ok, ' + res.failed + ' failed' + (res.lastError ? ' — ' + res.lastError : '');
    }
    button.dataset.calls = String((parseInt(button.dataset.calls || '0', 10)) + 1);
  } finally {
    button.disabled = false;
  }
}

async function buildButtons() {
  const endpoints = await (await fetch('/api/endpoints')).json();
  const box = document.getElementById('buttons');
  const groups = {};
  for (const e of endpoints) {
    if (e.kind === 'tool') continue;
    const group = e.kind === 'churn' ? 'Churn (no leak)' : 'Leaks (red) and their fixes (green)';
    (groups[group] = groups[group] || []).push(e);
  }
  for (const [name, list] of Object.entries(groups)) {
    const h = document.createElement('h3');
    h.textContent = name;
    box.appendChild(h);
    for (const e of list) {
      const b = document.createElement('button');
      b.className = e.kind;
      b.dataset.path = e.path;
      b.textContent = e.title;
      b.title = e.path + ': ' + e.explanation + (e.holder ? ' (held by ' + e.holder + ')' : '');
      b.addEventListener('click', () => onButton(b));
      box.appendChild(b);
    }
  }
}

document.getElementById('force-gc').addEventListener('click', e => onButton(e.currentTarget));
window.addEventListener('resize', () => {
  if (!charts) return;
  for (const [id, c] of [['chart-memory', charts.memory], ['chart-gc', charts.gc], ['chart-cpu', charts.cpu]]) {
    c.setSize({ width: width(document.getElementById(id)), height: c.height });
  }
});
buildButtons().then(() => { document.body.dataset.ready = 'true'; });
poll();
setInterval(poll, 1000);
