// heapsight explorer: hash-routed views over the JSON API (docs/explorer.md).
// Everything from a dump (class names, strings, field names) is attacker-controlled: it only ever reaches the page
// through textContent or attribute setters via el(); nothing here uses innerHTML.

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let dumps = [];
let live = null;       // {pid} when the explorer watches a running JVM
let liveTimer = null;

// ---------- DOM helpers ----------
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n), u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (u === 0 ? String(v) : v.toFixed(1)) + ' ' + units[u];
}
const fmtCount = n => (n === null || n === undefined) ? '' : Number(n).toLocaleString('en-US');
const fmtPct = f => (f === null || f === undefined) ? '' : (100 * f).toFixed(1) + '%';
const enc = s => encodeURIComponent(s);

function objLink(d, id, className, isClass) {
  if (!id) return el('span', {class: 'muted'}, 'null');
  const text = isClass ? 'class ' + className : className ? className + '@' + id : id;
  return el('a', {class: 'obj', href: `#/d/${d}/object/${id}`, dataset: {id}}, text);
}
function classLink(d, key, name) {
  return el('a', {class: 'cls', href: `#/d/${d}/class/${enc(key || name)}`}, name || key);
}
// Any "some.Class@0x1f" in report text becomes a link to that object of dump d; "class some.Class" to the class.
function linkText(d, text) {
  const out = [];
  const re = /([\w$.\[\]<>-]+)@(0x[0-9a-f]+)/g;
  let last = 0, m;
  const s = String(text ?? '');
  const cls = /^class ([\w$.\[\]]+)$/.exec(s);
  if (cls) return [el('a', {class: 'cls', href: `#/d/${d}/class/${enc(cls[1])}`}, s)];
  while ((m = re.exec(s)) !== null) {
    if (m.index > last) out.push(s.slice(last, m.index));
    out.push(objLink(d, m[2], m[1]));
    last = re.lastIndex;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

async function api(path) {
  const r = await fetch(path, {headers: {Accept: 'application/json'}});
  let body;
  try { body = await r.json(); } catch (e) { body = {error: `HTTP ${r.status}`}; }
  if (!r.ok) throw new Error(body.error || `HTTP ${r.status}`);
  return body;
}

function show(...nodes) {
  main.replaceChildren(...nodes.flat());
  document.body.dataset.ready = 'true';
}
function fail(e) {
  show(el('p', {class: 'error', id: 'error'}, e.message || String(e)));
}

// ---------- generic renderers for the result shapes ----------
function cell(d, col, row) {
  const v = row[col.key];
  switch (col.kind) {
    case 'object': return v ? objLink(d, v, row.className) : el('span', {class: 'muted'}, '—');
    case 'class': return v ? classLink(d, v, row.className || row.superName || v) : (row.className ? classLink(d, row.className, row.className) : '');
    case 'bytes': return fmtBytes(v);
    case 'count': return fmtCount(v);
    case 'fraction': return fmtPct(v);
    case 'path': return pathList(d, v);
    default: return v ?? '';
  }
}
const numeric = k => k === 'bytes' || k === 'count' || k === 'fraction';

function table(d, result, opts = {}) {
  // an object link already says its class: a className column beside it would repeat it
  const hasObject = result.columns.some(c => c.kind === 'object' && c.key === 'objectId');
  const hide = opts.hide || (hasObject ? ['className'] : []);
  const cols = result.columns.filter(c => !hide.includes(c.key));
  const head = el('tr', {}, cols.map(c => {
    const th = el('th', {class: (numeric(c.kind) ? 'num ' : '') + (opts.sortable && opts.sortable.includes(c.key) ? 'sortable' : '') + (opts.sorted === c.key ? ' sorted' : ''), dataset: {key: c.key}}, c.title);
    if (opts.onSort && opts.sortable && opts.sortable.includes(c.key)) th.addEventListener('click', () => opts.onSort(c.key));
    return th;
  }));
  const body = result.rows.map(r => el('tr', {}, cols.map(c => el('td', {class: numeric(c.kind) ? 'num' : ''}, cell(d, c, r)))));
  return el('table', {class: 'result', dataset: {title: result.title}}, el('thead', {}, head), el('tbody', {}, body));
}

function pager(result, offset, limit, go) {
  const total = result.total;
  const from = total === 0 ? 0 : offset + 1, to = Math.min(total, offset + result.rows.length);
  return el('div', {class: 'pager'},
    el('button', {disabled: offset <= 0, on: {click: () => go(Math.max(0, offset - limit))}}, '‹ previous'),
    el('span', {class: 'muted'}, `rows ${fmtCount(from)}–${fmtCount(to)} of ${fmtCount(total)}`),
    el('button', {disabled: to >= total, on: {click: () => go(offset + limit)}}, 'next ›'));
}

function pathList(d, path) {
  if (!path || !path.steps || path.steps.length === 0) return el('p', {class: 'muted'}, 'no strong path from a GC root (only weakly or softly reachable, or unreachable)');
  return el('ol', {class: 'path'},
    el('li', {class: 'root'}, el('span', {class: 'via'}, 'GC root [' + (path.root.description || path.root.kind) + ']')),
    path.steps.map(s => el('li', {}, s.field ? el('span', {class: 'via'}, '└ ' + s.field + ' → ') : '', objLink(d, s.objectId, s.className, s.isClass))));
}

// Report paths (analyze JSON): [{"root": kind, "object"}, {"field", "object"}...] with "Class@0x.." / "class X" strings
function reportPath(d, steps) {
  if (!steps || steps.length === 0) return el('p', {class: 'muted'}, 'no strong path from a GC root');
  return el('ol', {class: 'path'}, steps.map(s => el('li', {},
    s.root !== undefined ? el('span', {class: 'via'}, 'GC root [' + s.root + '] ') : el('span', {class: 'via'}, '└ ' + (s.field || '') + ' → '),
    linkText(d, s.object))));
}

// ---------- navigation ----------
function setNav(d, current) {
  const links = [];
  if (d) {
    const base = `#/d/${d}`;
    for (const [key, label, href] of [['overview', 'Overview', base], ['histogram', 'Histogram', base + '/histogram'],
      ['dominators', 'Dominator tree', base + '/dominators'], ['threads', 'Threads', base + '/threads']]) {
      links.push(el('a', {href, class: current === key ? 'current' : null}, label));
    }
  }
  if (dumps.length > 1) links.push(el('a', {href: '#/compare', class: current === 'compare' ? 'current' : null}, 'Compare'));
  if (live) links.push(el('a', {href: '#/live', class: current === 'live' ? 'current' : null}, `Live (pid ${live.pid})`));
  if (dumps.length > 1 || !d) links.push(el('a', {href: '#/', class: current === 'dumps' ? 'current' : null}, `Dumps (${dumps.length})`));
  nav.replaceChildren(...links);
}

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const [path, query] = h.split('?');
  const params = new URLSearchParams(query || '');
  return {parts: path.split('/').filter(Boolean).map(decodeURIComponent), params};
}
function hashWith(params) {
  const {parts} = parseHash();
  const q = new URLSearchParams(params).toString();
  return '#/' + parts.map(enc).join('/') + (q ? '?' + q : '');
}

async function route() {
  document.body.dataset.ready = 'false';
  if (liveTimer) { clearInterval(liveTimer); liveTimer = null; }
  const {parts, params} = parseHash();
  try {
    if (parts.length === 0) return dumpsView();
    if (parts[0] === 'compare') return await compareView(params);
    if (parts[0] === 'live') return await liveView();
    if (parts[0] !== 'd' || parts.length < 2) throw new Error('unknown page ' + location.hash);
    const d = parts[1];
    const view = parts[2] || 'overview';
    switch (view) {
      case 'overview': return await overviewView(d);
      case 'histogram': return await histogramView(d, params);
      case 'class': return await classView(d, parts[3], params);
      case 'object': return await objectView(d, parts[3], params);
      case 'dominators': return await dominatorsView(d);
      case 'threads': return await threadsView(d);
      default: throw new Error('unknown page ' + location.hash);
    }
  } catch (e) {
    fail(e);
  }
}

// ---------- views ----------
function dumpsView() {
  setNav(dumps.length === 1 ? 1 : null, 'dumps');
  show(el('h1', {}, 'Dumps'),
    el('table', {}, el('thead', {}, el('tr', {}, ['#', 'file', 'objects', 'reachable', 'format', 'status'].map(t => el('th', {}, t)))),
      el('tbody', {}, dumps.map(x => el('tr', {},
        el('td', {}, x.id), el('td', {}, el('a', {href: `#/d/${x.id}`}, x.path)), el('td', {class: 'num'}, fmtCount(x.objects)),
        el('td', {class: 'num'}, fmtBytes(x.reachableBytes)), el('td', {}, x.format), el('td', {}, x.status))))));
}

async function overviewView(d) {
  setNav(d, 'overview');
  show(el('p', {class: 'muted'}, 'computing the report (suspects, inspections)…'));
  const [facts, r] = await Promise.all([api(`/api/dumps/${d}`), api(`/api/dumps/${d}/overview`)]);
  const s = r.summary;
  const parts = [el('h1', {}, facts.path),
    el('dl', {class: 'facts'},
      el('dt', {}, 'format'), el('dd', {}, `${facts.format}, ${facts.idSize}-byte ids, ${facts.layout}, ${fmtBytes(facts.sizeBytes)}`),
      el('dt', {}, 'status'), el('dd', {}, facts.status),
      el('dt', {}, 'objects'), el('dd', {}, `${fmtCount(s.objects)} in ${fmtCount(s.classes)} classes, ${fmtCount(s.gcRoots)} GC roots`),
      el('dt', {}, 'reachable'), el('dd', {}, `${fmtCount(s.reachableObjects)} objects, ${fmtBytes(s.reachableBytes)}`),
      el('dt', {}, 'unreachable'), el('dd', {}, `${fmtCount(s.unreachableObjects)} objects, ${fmtBytes(s.unreachableBytes)}`)),
    el('h2', {}, 'Leak suspects')];
  if (!r.suspects || r.suspects.length === 0) parts.push(el('p', {class: 'muted'}, 'none: no accumulation point retains a notable share of the heap'));
  for (const sp of r.suspects || []) {
    parts.push(el('div', {class: 'suspect'},
      el('div', {class: 'headline'}, `#${sp.rank} ${sp.holder} — ${fmtBytes(sp.retainedBytes)} retained (${fmtPct(sp.heapFraction)})`),
      el('div', {}, `${fmtCount(sp.count)} × `, classLink(d, sp.accumulatedClass, sp.accumulatedClass), ' in ', linkText(d, sp.accumulationPoint)),
      reportPath(d, sp.path)));
  }
  parts.push(el('h2', {}, 'Biggest dominators'));
  parts.push(el('table', {}, el('thead', {}, el('tr', {}, el('th', {class: 'num'}, 'retained'), el('th', {class: 'num'}, '%'), el('th', {}, 'object'))),
    el('tbody', {}, (r.dominators || []).map(x => el('tr', {}, el('td', {class: 'num'}, fmtBytes(x.retainedBytes)),
      el('td', {class: 'num'}, fmtPct(x.heapFraction)), el('td', {}, linkText(d, x.object)))))));
  if (r.inspections) parts.push(inspections(d, r.inspections));
  show(parts);
}

function inspections(d, ins) {
  const out = [el('h2', {}, 'Inspections')];
  const ds = ins.duplicateStrings;
  if (ds) {
    out.push(el('p', {}, `Duplicate strings: ${fmtCount(ds.strings)} strings, ${fmtCount(ds.distinct)} distinct, ${fmtBytes(ds.wastedBytes)} wasted`));
    if (ds.top && ds.top.length) out.push(el('table', {}, el('tbody', {}, ds.top.slice(0, 10).map(g => el('tr', {},
      el('td', {class: 'num'}, fmtCount(g.count) + ' ×'), el('td', {}, JSON.stringify(g.text).slice(0, 120)), el('td', {class: 'num'}, fmtBytes(g.wastedBytes) + ' wasted'))))));
  }
  const cl = ins.classLoaders;
  if (cl) {
    out.push(el('p', {}, `Class loaders: ${fmtCount((cl.loaders || []).length)} shown, ${fmtCount(cl.duplicatedClassCount)} classes defined by more than one loader`));
    for (const l of cl.loaders || []) {
      if (l.pinnedBy && l.pinnedBy.length) out.push(el('div', {class: 'suspect'}, el('div', {}, linkText(d, l.loader), ` (${l.classes} classes, ${fmtBytes(l.retainedBytes)}) is pinned by:`), reportPath(d, l.pinnedBy)));
    }
  }
  const f = ins.finalizer;
  if (f) out.push(el('p', {}, `Finalizer backlog: ${fmtCount(f.pending)} objects waiting (${fmtBytes(f.shallowBytes)})`));
  const db = ins.directBuffers;
  if (db) {
    out.push(el('p', {}, `Direct buffers: ${fmtCount(db.buffers)} owning ${fmtBytes(db.ownedCapacity)} of native memory (${fmtBytes(db.reachableCapacity)} reachable)`));
    if (db.largest && db.largest.length) out.push(el('table', {}, el('tbody', {}, db.largest.slice(0, 10).map(b => el('tr', {},
      el('td', {class: 'num'}, fmtBytes(b.capacity)), el('td', {}, linkText(d, b.object)), el('td', {}, 'held by ' + (b.holder || '?')))))));
  }
  return out;
}

async function histogramView(d, params) {
  setNav(d, 'histogram');
  const sort = params.get('sort') || 'retained';
  const filter = params.get('filter') || '';
  const group = params.get('group') || 'class';
  const offset = Number(params.get('offset') || 0);
  const limit = 100;
  const q = new URLSearchParams({sort, group, offset, limit});
  if (filter) q.set('filter', filter);
  const result = await api(`/api/dumps/${d}/histogram?${q}`);
  const go = p => { location.hash = hashWith({sort, filter, group, offset, ...p}); };
  const input = el('input', {type: 'text', id: 'filter', value: filter, placeholder: 'filter: regular expression on the class name'});
  input.addEventListener('keydown', e => { if (e.key === 'Enter') go({filter: input.value, offset: 0}); });
  const groupSel = el('select', {id: 'group', on: {change: e => go({group: e.target.value, offset: 0})}},
    ['class', 'package', 'loader'].map(g => el('option', {value: g, selected: g === group}, 'group by ' + g)));
  const t = table(d, result, {sortable: ['count', 'shallowBytes', 'retainedBytes', 'className'], sorted: {count: 'count', shallow: 'shallowBytes', retained: 'retainedBytes', name: 'className'}[sort],
    hide: ['classId', 'loaderId'],
    onSort: key => go({sort: {count: 'count', shallowBytes: 'shallow', retainedBytes: 'retained', className: 'name'}[key], offset: 0})});
  // in the class grouping, the class name cell links to the class page by id
  if (group === 'class') {
    const rows = t.querySelectorAll('tbody tr');
    result.rows.forEach((r, i) => {
      const td = rows[i].children[0];
      td.replaceChildren(classLink(d, r.classId || r.className, r.className));
    });
  }
  show(el('h1', {}, 'Histogram'), el('div', {class: 'toolbar'}, input, groupSel,
    el('span', {class: 'muted'}, group === 'class' ? 'click a class for its instances; click a header to sort' : 'retained is summed over the group\'s classes')),
  pager(result, offset, limit, o => go({offset: o})), t, pager(result, offset, limit, o => go({offset: o})));
}

async function classView(d, key, params) {
  setNav(d, 'histogram');
  const offset = Number(params.get('offset') || 0);
  const limit = 50;
  const info = await api(`/api/dumps/${d}/classes/${enc(key)}`);
  const c = info.rows[0];
  const inst = await api(`/api/dumps/${d}/classes/${enc(key)}/instances?offset=${offset}&limit=${limit}`);
  const parts = [el('h1', {}, 'class ' + c.className),
    el('dl', {class: 'facts'},
      el('dt', {}, 'class object'), el('dd', {}, c.classId ? objLink(d, c.classId, 'class ' + c.className) : el('span', {class: 'muted'}, 'none in the dump')),
      el('dt', {}, 'super class'), el('dd', {}, c.superName ? classLink(d, c.superId || c.superName, c.superName) : '—'),
      el('dt', {}, 'class loader'), el('dd', {}, c.loaderId ? objLink(d, c.loaderId, null) : c.loader),
      el('dt', {}, 'instance size'), el('dd', {}, c.instanceSize === null ? 'varies (array)' : fmtBytes(c.instanceSize)),
      el('dt', {}, 'instances'), el('dd', {id: 'instance-count'}, `${fmtCount(c.count)}, shallow ${fmtBytes(c.shallowBytes)}, retained ${fmtBytes(c.retainedBytes)}`)),
    el('h2', {}, 'Instances (largest retained first)'),
    pager(inst, offset, limit, o => { location.hash = hashWith({offset: o}); }),
    table(d, inst),
    el('h2', {}, 'Merged paths from GC roots'),
    el('div', {id: 'merged'}, el('button', {class: 'link', id: 'merged-button', on: {click: () => mergedPaths(d, key)}}, 'compute merged shortest paths of all instances'))];
  if (c.classId) {
    const view = await api(`/api/dumps/${d}/objects/${c.classId}`);
    if (view.staticFields.length) parts.splice(2, 0, el('h2', {}, 'Static fields'), fieldsTable(d, view.staticFields));
  }
  show(parts);
}

async function mergedPaths(d, key) {
  const box = document.getElementById('merged');
  box.replaceChildren(el('p', {class: 'muted'}, 'computing…'));
  const tree = await api(`/api/dumps/${d}/classes/${enc(key)}/merged-paths?depth=6`);
  box.replaceChildren(el('p', {class: 'muted'}, tree.title), treeTable(d, tree, async node => {
    const more = await api(`/api/dumps/${d}/classes/${enc(key)}/merged-paths?under=${node.objectId}&depth=2`);
    return more.roots;
  }));
}

// A result tree as an indented table; nodes with more children than loaded call loadMore(node) for them.
function treeTable(d, tree, loadMore) {
  const cols = tree.columns;
  const tbody = el('tbody', {});
  const collapse = tr => { for (const k of tr.kids || []) { collapse(k); k.remove(); } tr.kids = []; };
  // inserts rows for nodes after `after` (or at the end), returns them
  const addRows = (nodes, depth, after) => {
    const created = [];
    let anchor = after;
    for (const n of nodes) {
      const tr = el('tr', {dataset: {depth}});
      tr.kids = [];
      const toggle = el('span', {class: 'tree-toggle'}, n.childCount > 0 ? '▸' : '');
      if (n.childCount > 0) toggle.addEventListener('click', async () => {
        if (tr.kids.length) { collapse(tr); toggle.textContent = '▸'; return; }
        let kids = n.children;
        if ((!kids || kids.length < Math.min(n.childCount, 25)) && loadMore) kids = await loadMore(n);
        tr.kids = addRows(kids || [], depth + 1, tr);
        toggle.textContent = '▾';
      });
      cols.forEach((c, i) => {
        const td = el('td', {class: numeric(c.kind) ? 'num' : ''});
        if (i === 0) td.append('\u00a0'.repeat(depth * 3), toggle);
        td.append(...[cell(d, c, n)].flat());
        tr.append(td);
      });
      if (anchor) anchor.after(tr); else tbody.append(tr);
      anchor = tr;
      created.push(tr);
    }
    return created;
  };
  addRows(tree.roots, 0, null);
  return el('table', {class: 'tree'}, el('thead', {}, el('tr', {}, cols.map(c => el('th', {class: numeric(c.kind) ? 'num' : ''}, c.title)))), tbody);
}

function fieldsTable(d, fields) {
  return el('table', {class: 'fields'}, el('thead', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'type'), el('th', {}, 'value'), el('th', {}, 'declared in'))),
    el('tbody', {}, fields.map(f => el('tr', {dataset: {field: f.name}},
      el('td', {}, f.name), el('td', {class: 'muted'}, f.type),
      el('td', {}, f.objectId ? objLink(d, f.objectId, f.className, f.isClass) : f.value),
      el('td', {class: 'muted'}, f.declaringClass || '')))));
}

async function objectView(d, id, params) {
  setNav(d, null);
  const offset = Number(params.get('offset') || 0);
  const weak = params.get('weak') === 'true';
  const limit = 100;
  const o = await api(`/api/dumps/${d}/objects/${id}?offset=${offset}&limit=${limit}`);
  const [inRefs, outRefs, dominated, path] = await Promise.all([
    api(`/api/dumps/${d}/objects/${id}/referrers?limit=50`),
    api(`/api/dumps/${d}/objects/${id}/references?limit=50`),
    api(`/api/dumps/${d}/objects/${id}/dominated?limit=50`),
    api(`/api/dumps/${d}/objects/${id}/path${weak ? '?weak=true' : ''}`)]);
  const parts = [el('h1', {}, o.title),
    el('dl', {class: 'facts'},
      el('dt', {}, 'class'), el('dd', {}, classLink(d, o.className, o.className)),
      el('dt', {}, 'shallow'), el('dd', {id: 'shallow'}, fmtBytes(o.shallowBytes)),
      el('dt', {}, 'retained'), el('dd', {id: 'retained'}, fmtBytes(o.retainedBytes) + (o.reachable ? '' : ' (unreachable)')),
      el('dt', {}, 'immediate dominator'), el('dd', {}, o.dominator ? objLink(d, o.dominator.objectId, o.dominator.className, o.dominator.isClass) : (o.reachable ? 'a GC root' : '—')),
      o.arrayLength >= 0 ? [el('dt', {}, 'length'), el('dd', {}, fmtCount(o.arrayLength))] : null)];
  if (o.text !== null && o.text !== undefined) parts.push(el('h2', {}, 'Value'), el('div', {class: 'text-value', id: 'text-value'}, o.text));
  // an array's elements can be many: they go last, after the path and the references
  const elements = [];
  if (o.fields.length || o.arrayLength >= 0) {
    const target = o.arrayLength >= 0 ? elements : parts;
    target.push(el('h2', {}, o.arrayLength >= 0 ? 'Elements' : 'Fields'));
    if (o.arrayLength >= 0) target.push(pager({total: o.arrayLength, rows: o.fields}, offset, limit, x => { location.hash = hashWith({offset: x}); }));
    target.push(fieldsTable(d, o.fields));
  }
  if (o.staticFields.length) parts.push(el('h2', {}, 'Static fields'), fieldsTable(d, o.staticFields));
  parts.push(el('h2', {}, 'Shortest path from a GC root'),
    el('label', {}, el('input', {type: 'checkbox', id: 'weak', checked: weak, on: {change: e => { location.hash = hashWith({weak: e.target.checked, offset}); }}}), ' through weak, soft and phantom references too'),
    el('div', {id: 'path'}, pathList(d, path)));
  parts.push(el('section', {id: 'referrers'}, el('h2', {}, `Incoming references (${fmtCount(inRefs.total)})`), table(d, inRefs),
      inRefs.total > inRefs.rows.length ? el('p', {class: 'muted'}, `first ${inRefs.rows.length} shown`) : null),
    el('section', {id: 'references'}, el('h2', {}, `Outgoing references (${fmtCount(outRefs.total)})`), table(d, outRefs),
      outRefs.total > outRefs.rows.length ? el('p', {class: 'muted'}, `first ${outRefs.rows.length} shown`) : null));
  parts.push(el('section', {id: 'dominated'}, el('h2', {}, `Dominated objects (${fmtCount(dominated.total)}): freed with this one`), table(d, dominated)));
  show(parts, elements);
}

async function dominatorsView(d) {
  setNav(d, 'dominators');
  const roots = await api(`/api/dumps/${d}/dominators?limit=100`);
  const asTree = rows => rows.map(r => ({...r, childCount: r.dominates, children: []}));
  const tree = {columns: roots.columns.filter(c => c.key !== 'dominates'), roots: asTree(roots.rows)};
  show(el('h1', {}, 'Dominator tree'), el('p', {class: 'muted'}, `${fmtCount(roots.total)} objects kept alive directly by GC roots; largest first. Expand a row for what it dominates.`),
    treeTable(d, tree, async node => asTree((await api(`/api/dumps/${d}/objects/${node.objectId}/dominated?limit=100`)).rows)));
}

async function threadsView(d) {
  setNav(d, 'threads');
  const tree = await api(`/api/dumps/${d}/threads`);
  show(el('h1', {}, 'Threads'), el('p', {class: 'muted'}, 'retained = the Thread object\'s retained size plus what its stack frames alone keep alive. Expand a thread for its stack and the locals of each frame.'),
    treeTable(d, tree, null));
}

async function compareView(params) {
  setNav(null, 'compare');
  if (dumps.length < 2) throw new Error('open two or more dumps together to compare them');
  show(el('p', {class: 'muted'}, 'comparing the dumps…'));
  const r = await api(`/api/compare${params.get('dumps') ? '?dumps=' + enc(params.get('dumps')) : ''}`);
  const newest = r.dumpNumbers[r.dumpNumbers.length - 1];
  const parts = [el('h1', {}, 'Compare ' + r.dumpNumbers.map(n => '#' + n).join(' → ')),
    el('p', {}, 'verdict: ', el('span', {class: 'verdict-' + r.verdict, id: 'verdict'}, r.verdict), ` — ${r.growingHolders} growing holder(s) of ${r.holdersCompared}`),
    chart(r.dumps.map(x => x.reachableBytes), 'reachable heap per dump')];
  parts.push(el('h2', {}, 'Holders (what grew, and which field holds it)'));
  parts.push(el('table', {id: 'holders'}, el('thead', {}, el('tr', {}, ['#', 'verdict', 'holder', 'growth', 'per dump', 'accumulates'].map(t => el('th', {}, t)))),
    el('tbody', {}, (r.suspects || []).map(h => el('tr', {},
      el('td', {}, h.rank), el('td', {}, h.verdict), el('td', {}, h.holder, h.accumulationPoint ? el('div', {class: 'muted'}, linkText(newest, h.accumulationPoint)) : null), el('td', {class: 'num'}, fmtBytes(h.growthBytes)),
      el('td', {}, chart((h.series || []).map(p => p.retainedBytes), null, 160, 36)),
      el('td', {}, h.accumulatedClass ? classLink(newest, h.accumulatedClass, h.accumulatedClass) : ''))))));
  parts.push(el('h2', {}, 'Class histogram delta (first → last)'));
  parts.push(el('table', {id: 'class-delta'}, el('thead', {}, el('tr', {}, ['class', 'count Δ', 'shallow Δ', 'retained Δ'].map(t => el('th', {}, t)))),
    el('tbody', {}, (r.classes || []).map(c => el('tr', {}, el('td', {}, classLink(newest, c.className, c.className)),
      el('td', {class: 'num'}, fmtCount(c.countDelta)), el('td', {class: 'num'}, fmtBytes(c.shallowDelta)), el('td', {class: 'num'}, fmtBytes(c.retainedDelta)))))));
  show(parts);
}

// A small line chart as SVG (no library): values per dump.
function chart(values, title, w = 480, h = 140) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  const pad = title ? 28 : 4;
  const max = Math.max(1, ...values), min = Math.min(0, ...values);
  const x = i => pad + (values.length < 2 ? 0 : i * (w - 2 * pad) / (values.length - 1));
  const y = v => h - pad - (v - min) * (h - 2 * pad) / (max - min || 1);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#2456c7');
  line.setAttribute('stroke-width', '2');
  line.setAttribute('points', values.map((v, i) => `${x(i)},${y(v)}`).join(' '));
  svg.append(line);
  values.forEach((v, i) => {
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', x(i)); c.setAttribute('cy', y(v)); c.setAttribute('r', 3); c.setAttribute('fill', '#2456c7');
    const t = document.createElementNS(ns, 'title');
    t.textContent = fmtBytes(v);
    c.append(t);
    svg.append(c);
  });
  if (title) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', pad); t.setAttribute('y', 16);
    t.textContent = `${title}: ${values.map(fmtBytes).join(' → ')}`;
    svg.append(t);
  }
  return svg;
}

// The live view: the monitor's samples of a running JVM, its verdict, and a button that takes a dump and opens it.
async function liveView() {
  setNav(null, 'live');
  const charts = el('div', {class: 'grid2', id: 'live-charts'});
  const verdict = el('p', {id: 'live-verdict'}, 'collecting the first samples…');
  const messages = el('ul', {class: 'muted', id: 'live-messages'});
  const button = el('button', {class: 'link', id: 'take-dump'}, 'Take a heap dump (forces a full GC; pauses the JVM while it writes)');
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'dumping…';
    try {
      const r = await fetch('/api/live/dump', {method: 'POST', headers: {'X-Heapsight-Action': 'dump'}});
      const body = await r.json();
      if (!r.ok) throw new Error(body.error || `HTTP ${r.status}`);
      dumps = await api('/api/dumps');
      location.hash = `#/d/${body.id}`;
    } catch (e) {
      button.disabled = false;
      button.textContent = 'Take a heap dump';
      messages.prepend(el('li', {class: 'error'}, e.message));
    }
  });
  const series = [['heap used', s => s.heapUsed, fmtBytes], ['live set after GC', s => s.heapAfterGc, fmtBytes],
    ['allocation rate /s', s => s.allocationRateBytesPerSec, fmtBytes], ['RSS', s => s.rssBytes, fmtBytes],
    ['threads', s => s.threads, fmtCount], ['direct buffers', s => s.directBufferBytes, fmtBytes]];
  const draw = async () => {
    const st = await api('/api/live');
    verdict.replaceChildren(el('span', {class: 'verdict-' + st.verdict.kind}, st.verdict.kind), ' — ', st.verdict.line);
    charts.replaceChildren(...series.map(([title, f, fmt]) => {
      const values = st.samples.map(f).filter(v => v !== null && v !== undefined && v >= 0);
      const last = values.length ? fmt(values[values.length - 1]) : '?';
      return el('div', {}, el('h2', {}, `${title}: ${last}`), chart(values.slice(-300), null, 560, 120));
    }));
    messages.replaceChildren(...st.messages.slice(-10).reverse().map(m => el('li', {}, m)), st.ended ? el('li', {class: 'error'}, st.ended) : null);
    document.body.dataset.samples = String(st.samples.length);
  };
  show(el('h1', {}, `Live: pid ${live.pid}`), verdict, el('div', {class: 'toolbar'}, button), charts, el('h2', {}, 'Messages'), messages);
  await draw();
  liveTimer = setInterval(() => draw().catch(fail), 2000);
}

// ---------- start ----------
document.getElementById('goto').addEventListener('submit', e => {
  e.preventDefault();
  const v = document.getElementById('goto-id').value.trim();
  if (!v) return;
  const {parts} = parseHash();
  const d = parts[0] === 'd' ? parts[1] : 1;
  location.hash = /^(0x)?[0-9a-f]+$/i.test(v) && /[0-9]/.test(v) ? `#/d/${d}/object/${v.startsWith('0x') ? v : '0x' + v}` : `#/d/${d}/class/${enc(v)}`;
});
window.addEventListener('hashchange', route);
Promise.all([api('/api/dumps'), api('/api/session')]).then(([list, session]) => {
  dumps = list;
  live = session.live;
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    if (live && dumps.length === 0) { location.hash = '#/live'; return; }
    if (dumps.length === 1 && !live) { location.hash = '#/d/1'; return; }
  }
  route();
}).catch(fail);
