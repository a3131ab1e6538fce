// heapsight's charts (uPlot): reads the page's data block, fills [data-field] elements with textContent and draws
// each figure[data-chart]. Bytes on y (binary units, as ByteSize prints them), time or dump number on x.
(function () {
  'use strict';
  const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const data = JSON.parse(document.getElementById('heapsight-charts').textContent);

  // "512 B", "1.5 KB", "29.8 MB": the same style as io.heapsight.common.ByteSize
  function bytes(v) {
    if (v == null || !isFinite(v)) return '?';
    const sign = v < 0 ? '-' : '';
    let a = Math.abs(v);
    if (a < 1023.5) return sign + Math.round(a) + ' B';
    a /= 1024;
    let u = 1;
    while (a >= 1023.95 && u < UNITS.length - 1) { a /= 1024; u++; }
    return sign + a.toFixed(1) + ' ' + UNITS[u];
  }

  // axis ticks fall on round binary steps: "0 B", "64 MB", "1.5 GB" (no ".0" on whole ones)
  function tick(v) {
    if (v === 0) return '0 B';
    const sign = v < 0 ? '-' : '';
    let a = Math.abs(v), u = 0;
    while (a >= 1024 && u < UNITS.length - 1) { a /= 1024; u++; }
    const r = Math.round(a * 10) / 10;
    return sign + (Number.isInteger(r) ? r : r.toFixed(1)) + ' ' + UNITS[u];
  }

  const BYTE_STEPS = [];
  for (let p = 0; p < 7; p++) {
    for (const m of [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 200, 256, 500, 512]) BYTE_STEPS.push(m * Math.pow(1024, p));
  }

  for (const [name, value] of Object.entries(data.fields || {})) {
    document.querySelectorAll('[data-field]').forEach(el => {
      if (el.dataset.field !== name) return;
      el.textContent = value == null ? '' : String(value);
      el.dataset.value = value == null ? '' : String(value);
      if (el.closest('[data-optional]') && (value == null || value === '')) el.closest('[data-optional]').hidden = true;
    });
  }

  const MARKER = {young: ['#95a5a6', 8], old: ['#e67e22', 18], full: ['#c0392b', 0]};

  // GC markers along the bottom of the plot (a full collection: a dashed line through it) and a shaded span (warm-up)
  function overlays(spec) {
    return {
      hooks: {
        drawAxes: [u => {
          if (!spec.shade) return;
          const ctx = u.ctx, b = u.bbox;
          const x0 = Math.max(b.left, u.valToPos(spec.shade.from, 'x', true));
          const x1 = Math.min(b.left + b.width, u.valToPos(spec.shade.to, 'x', true));
          if (x1 <= x0) return;
          ctx.save();
          ctx.fillStyle = 'rgba(127,140,141,0.12)';
          ctx.fillRect(x0, b.top, x1 - x0, b.height);
          ctx.fillStyle = '#7f8c8d';
          ctx.font = Math.round(11 * devicePixelRatio) + 'px system-ui,sans-serif';
          ctx.textAlign = 'left';
          ctx.textBaseline = 'top';
          ctx.fillText(spec.shade.label || '', x0 + 4 * devicePixelRatio, b.top + 4 * devicePixelRatio);
          ctx.restore();
        }],
        draw: [u => {
          const ctx = u.ctx, b = u.bbox, dpr = devicePixelRatio;
          ctx.save();
          for (const m of spec.markers) {
            const x = Math.round(u.valToPos(m.x, 'x', true));
            if (x < b.left || x > b.left + b.width) continue;
            const [color, height] = MARKER[m.kind] || MARKER.young;
            ctx.strokeStyle = color;
            ctx.lineWidth = (m.kind === 'young' ? 1 : 2) * dpr;
            ctx.setLineDash(m.kind === 'full' ? [4 * dpr, 3 * dpr] : []);
            ctx.beginPath();
            ctx.moveTo(x, b.top + b.height);
            ctx.lineTo(x, height === 0 ? b.top : b.top + b.height - height * dpr);
            ctx.stroke();
          }
          ctx.restore();
          const fig = u.root.closest('figure');
          fig.dataset.drawn = String(Number(fig.dataset.drawn || 0) + 1);
        }]
      }
    };
  }

  function series(s) {
    const o = {label: s.label, stroke: s.color, width: 2, spanGaps: true, value: (u, v) => v == null ? '–' : bytes(v)};
    const points = {show: false};
    switch (s.style) {
      case 'dash': o.dash = [8, 5]; break;
      case 'thin': o.width = 1; o.dash = [3, 3]; break;
      case 'points': o.paths = () => null; Object.assign(points, {show: true, size: 7, fill: s.color, stroke: s.color}); break;
      case 'faint_points': o.paths = () => null; Object.assign(points, {show: true, size: 5, fill: '#fff', stroke: s.color, width: 1}); break;
      case 'line_points': Object.assign(points, {show: true, size: 7, fill: s.color, stroke: s.color}); break;
    }
    o.points = points;
    return o;
  }

  function draw(fig, spec) {
    const el = fig.querySelector('.plot');
    const dump = spec.x === 'dump';
    fig.dataset.xLabel = spec.xLabel;
    fig.dataset.yLabel = spec.yLabel;
    const opts = {
      // clock times in UTC, as the pages' text gives them (ISO instants), whatever the reader's time zone
      tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      width: Math.max(320, el.clientWidth || fig.clientWidth || 800),
      height: 280,
      scales: {
        // a little room at both ends so the first and last points are not cut in half
        x: dump ? {time: false, range: (u, min, max) => [Math.min(min, 1) - 0.25, Math.max(max, 1) + 0.25]}
                : {time: true, range: (u, min, max) => { const pad = (max - min) * 0.02 || 1; return [min - pad, max + pad]; }},
        y: {range: (u, min, max) => {
          if (min == null || max == null) return [0, 1024];
          const pad = Math.max((max - min) * 0.08, max * 0.02, 1);
          return [spec.fromZero ? 0 : Math.max(0, min - pad), max + pad];
        }}
      },
      axes: [
        dump ? {label: spec.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100], values: (u, vals) => vals.map(v => Number.isInteger(v) ? String(v) : '')}
             : {label: spec.xLabel},
        {label: spec.yLabel, size: 72, incrs: BYTE_STEPS, values: (u, vals) => {
          const out = vals.map(tick);
          fig.dataset.yTicks = out.join('|');
          return out;
        }}
      ],
      series: [dump ? {label: 'dump', value: (u, v) => v == null ? '–' : 'dump ' + v} : {label: 'time'}].concat(spec.series.map(series)),
      bands: spec.bands.map(b => ({series: [b.upper + 1, b.lower + 1], fill: b.fill})),
      cursor: {points: {size: 6}},
      plugins: [overlays(spec)]
    };
    const plot = new uPlot(opts, [spec.xs].concat(spec.ys), el);
    fig.dataset.points = String(spec.xs.length);
    new ResizeObserver(() => {
      const w = Math.max(320, el.clientWidth);
      if (Math.abs(w - plot.width) > 4) plot.setSize({width: w, height: 280});
    }).observe(el);
  }

  for (const spec of data.charts || []) {
    document.querySelectorAll('figure[data-chart]').forEach(fig => {
      if (fig.dataset.chart === spec.id) draw(fig, spec);
    });
  }
})();
