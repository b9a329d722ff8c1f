// Skygrid report.html: renders the run's data (JSON in #run-data) with d3 and topojson-client.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var world = JSON.parse(document.getElementById('world-data').textContent);
  var colour = d3.scaleOrdinal(d3.schemeTableau10).domain(data.pools.map(function (p) { return p.name; }));
  var W = 960;
  var fmt0 = d3.format(',.0f'), fmt1 = d3.format(',.1f'), fmt2 = d3.format(',.2f'), pct = d3.format('.1%');

  function section(name, fn) {
    try { fn(); } catch (e) { window.skygridReportError('section ' + name + ': ' + (e && e.stack ? e.stack : e)); }
  }
  function el(id) { return document.getElementById(id); }
  function fact(parent, value, label) {
    var d = document.createElement('div'); d.className = 'fact';
    var b = document.createElement('b'); b.textContent = value; d.appendChild(b);
    var s = document.createElement('span'); s.textContent = label; d.appendChild(s);
    parent.appendChild(d);
  }
  function table(parent, columns, rows, textColumns) {
    var t = document.createElement('table');
    var head = t.createTHead().insertRow();
    columns.forEach(function (c, i) {
      var th = document.createElement('th'); th.textContent = c;
      if (textColumns && textColumns.indexOf(i) >= 0) th.className = 'text';
      head.appendChild(th);
    });
    var body = t.createTBody();
    rows.forEach(function (r) {
      var tr = body.insertRow();
      r.forEach(function (v, i) {
        var td = tr.insertCell(); td.textContent = v == null ? '' : v;
        if (textColumns && textColumns.indexOf(i) >= 0) td.className = 'text';
      });
    });
    parent.appendChild(t);
    return t;
  }
  function hours(s) { return s == null ? '-' : fmt2(s / 3600); }

  // Line chart: x (hours) shared by every series; series [{name, values, colour, dashed}]
  function lineChart(id, x, series, yLabel, yFormat, yMax) {
    var H = 250, m = {l: 64, r: 180, t: 10, b: 36};
    var svg = d3.select(el(id)).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H).attr('class', 'line-chart');
    var xs = d3.scaleLinear().domain(d3.extent(x)).range([m.l, W - m.r]);
    var top = yMax != null ? yMax : d3.max(series, function (s) { return d3.max(s.values); }) || 1;
    var ys = d3.scaleLinear().domain([0, top > 0 ? top : 1]).nice().range([H - m.b, m.t]);
    svg.append('g').attr('class', 'grid').attr('transform', 'translate(' + m.l + ',0)')
      .call(d3.axisLeft(ys).ticks(5).tickSize(-(W - m.l - m.r)).tickFormat(''));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (H - m.b) + ')').call(d3.axisBottom(xs).ticks(10));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(' + m.l + ',0)').call(d3.axisLeft(ys).ticks(5).tickFormat(yFormat));
    svg.append('text').attr('x', (m.l + W - m.r) / 2).attr('y', H - 4).attr('text-anchor', 'middle').attr('class', 'note').text('hours since the epoch');
    svg.append('text').attr('transform', 'translate(14,' + (H / 2) + ') rotate(-90)').attr('text-anchor', 'middle').attr('class', 'note').text(yLabel);
    var line = d3.line().defined(function (d) { return d[1] != null; }).x(function (d) { return xs(d[0]); }).y(function (d) { return ys(d[1]); });
    series.forEach(function (s, i) {
      svg.append('path').attr('class', 'series-line').attr('stroke', s.colour).attr('stroke-dasharray', s.dashed ? '5 3' : null)
        .attr('d', line(x.map(function (t, k) { return [t, s.values[k]]; })));
      var g = svg.append('g').attr('class', 'legend').attr('transform', 'translate(' + (W - m.r + 12) + ',' + (m.t + 8 + 16 * i) + ')');
      g.append('line').attr('x2', 18).attr('stroke', s.colour).attr('stroke-width', 2).attr('stroke-dasharray', s.dashed ? '5 3' : null);
      g.append('text').attr('x', 24).attr('y', 4).text(shorten(s.name, 24)).append('title').text(s.name);
    });
  }

  // at most n characters, with an ellipsis when cut
  function shorten(text, n) {
    return text.length <= n ? text : text.slice(0, n - 1) + '\u2026';
  }

  function histogram(id, h, title) {
    var H = 244, m = {l: 56, r: 12, t: 38, b: 38};
    var w = 470;
    var svg = d3.select(el(id)).append('svg').attr('viewBox', '0 0 ' + w + ' ' + H).attr('class', 'histogram');
    svg.append('text').attr('x', m.l).attr('y', 14).style('font-weight', '600').text(title + ' (' + fmt0(h.count) + ' jobs)');
    if (h.zero) svg.append('text').attr('x', m.l).attr('y', 29).attr('class', 'note').text(fmt0(h.zero) + ' at 0 h, not shown on the log scale');
    if (!h.edges.length) { svg.append('text').attr('x', m.l).attr('y', H / 2).text('no values'); return; }
    var xs = d3.scaleLog().domain([h.edges[0], h.edges[h.edges.length - 1]]).range([m.l, w - m.r]);
    var ys = d3.scaleLinear().domain([0, d3.max(h.counts) || 1]).nice().range([H - m.b, m.t]);
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (H - m.b) + ')').call(d3.axisBottom(xs).ticks(5, '~g'));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(' + m.l + ',0)').call(d3.axisLeft(ys).ticks(5, '~s'));
    svg.append('text').attr('x', (m.l + w - m.r) / 2).attr('y', H - 4).attr('text-anchor', 'middle').attr('class', 'note').text('hours (log scale)');
    svg.append('g').selectAll('rect').data(h.counts).join('rect').attr('class', 'bar')
      .attr('x', function (c, i) { return xs(h.edges[i]) + 0.5; })
      .attr('width', function (c, i) { return Math.max(0.5, xs(h.edges[i + 1]) - xs(h.edges[i]) - 1); })
      .attr('y', function (c) { return ys(c); }).attr('height', function (c) { return ys(0) - ys(c); });
  }

  section('title', function () {
    var s = data.scenario;
    el('title').textContent = 'Skygrid report: ' + s.name;
    document.title = 'Skygrid report: ' + s.name;
    el('subtitle').textContent = 'scenario ' + s.source + ', epoch ' + s.epoch + ', horizon ' + fmt1(s.horizonHours) + ' h, seed '
      + s.seed + ', queue ' + s.queue + ', backfill ' + s.backfill;
  });

  section('brief', function () {
    var f = el('brief-facts'), j = data.jobs;
    var gpus = d3.sum(data.pools, function (p) { return p.gpus; });
    var delivered = d3.sum(data.pools, function (p) { return p.gpuHoursDelivered; });
    fact(f, fmt0(gpus), 'GPUs in ' + data.pools.length + ' sites and constellations');
    fact(f, fmt0(delivered), 'GPU-hours delivered');
    fact(f, fmt0(j.submitted), 'jobs submitted');
    fact(f, fmt0(j.completed) + ' / ' + fmt0(j.running) + ' / ' + fmt0(j.queued) + ' / ' + fmt0(j.rejected), 'completed / running / queued / rejected');
    fact(f, hours(j.jctSeconds.p50) + ' h', 'JCT p50 (p99 ' + hours(j.jctSeconds.p99) + ' h)');
    fact(f, hours(j.waitSeconds.p99) + ' h', 'wait p99 of started jobs');
    if (data.costs) {
      fact(f, data.costs.groundUsdPerGpuHour == null ? '-' : '$' + fmt2(data.costs.groundUsdPerGpuHour), 'ground $ per delivered GPU-hour');
      fact(f, data.costs.orbitUsdPerGpuHour == null ? '-' : '$' + fmt2(data.costs.orbitUsdPerGpuHour), 'orbit $ per delivered GPU-hour');
    }
    var p = document.createElement('p'); p.className = 'note'; p.textContent = 'workload: ' + data.workload.source;
    el('brief-pools').appendChild(p);
    table(el('brief-pools'), ['site / constellation', 'kind', 'GPUs', 'usable', 'GPU-h delivered', 'util', 'energy MWh', 'done', 'JCT p50 h', 'wait p99 h'],
      data.pools.map(function (q) {
        return [q.name, q.kind, fmt0(q.gpus), fmt0(q.usableGpus), fmt0(q.gpuHoursDelivered), pct(q.utilisation), fmt1(q.energyMWh),
          fmt0(q.jobsCompleted), hours(q.jctSeconds.p50), hours(q.waitSeconds.p99)];
      }), [0, 1]);
  });

  section('map', function () {
    var H = 500;
    var svg = d3.select(el('map')).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H).attr('id', 'map-svg');
    var projection = d3.geoNaturalEarth1().fitSize([W, H], {type: 'Sphere'});
    var path = d3.geoPath(projection);
    svg.append('path').attr('class', 'sphere').attr('d', path({type: 'Sphere'}));
    svg.append('path').attr('class', 'graticule').attr('d', path(d3.geoGraticule10()));
    var countries = topojson.feature(world, world.objects.countries).features;
    svg.append('g').attr('class', 'countries').selectAll('path').data(countries).join('path').attr('class', 'country').attr('d', path);
    var legend = [];
    data.map.constellations.forEach(function (c) {
      var col = colour(c.name);
      var pts = [];
      for (var i = 0; i + 1 < c.positions.length; i += 2) {
        if (c.positions[i] != null && c.positions[i + 1] != null) pts.push([c.positions[i], c.positions[i + 1]]);
      }
      c.tracks.forEach(function (t) {
        var lines = [], cur = [];
        for (var k = 0; k + 1 < t.lonLat.length; k += 2) {
          if (t.lonLat[k] == null || t.lonLat[k + 1] == null) { if (cur.length > 1) lines.push(cur); cur = []; continue; }
          cur.push([t.lonLat[k], t.lonLat[k + 1]]);
        }
        if (cur.length > 1) lines.push(cur);
        svg.append('path').attr('class', 'track').attr('stroke', col).attr('d', path({type: 'MultiLineString', coordinates: lines}))
          .append('title').text(t.name);
      });
      svg.append('path').attr('class', 'positions').attr('fill', col)
        .attr('d', d3.geoPath(projection).pointRadius(pts.length > 3000 ? 1.2 : pts.length > 500 ? 1.8 : 2.4)({type: 'MultiPoint', coordinates: pts}));
      legend.push({label: c.name + ': ' + fmt0(c.satellites) + ' satellites' + (c.positionsShown < c.satellites ? ' (' + fmt0(c.positionsShown) + ' drawn)' : ''), colour: col, kind: 'sat'});
    });
    svg.append('g').selectAll('circle').data(data.map.stations).join('circle').attr('class', 'station').attr('r', 3)
      .attr('cx', function (s) { return projection([s.lon, s.lat])[0]; }).attr('cy', function (s) { return projection([s.lon, s.lat])[1]; })
      .append('title').text(function (s) { return s.name + (s.provider ? ' (' + s.provider + ')' : ''); });
    var sites = svg.append('g').selectAll('g').data(data.map.sites).join('g')
      .attr('transform', function (s) { var p = projection([s.lon, s.lat]); return 'translate(' + p[0] + ',' + p[1] + ')'; });
    sites.append('rect').attr('class', 'site').attr('x', -5).attr('y', -5).attr('width', 10).attr('height', 10)
      .attr('fill', function (s) { return colour(s.name); });
    sites.append('text').attr('class', 'site-label').attr('x', 8).attr('y', 4).text(function (s) { return s.name + ' (' + fmt0(s.gpus) + ' GPUs)'; });
    if (data.map.sites.length) legend.push({label: 'ground sites (squares)', colour: colour(data.map.sites[0].name), kind: 'site'});
    legend.push({label: 'ground stations (' + data.map.stations.length + ')', colour: '#222', kind: 'station'});
    var lg = svg.append('g').attr('class', 'legend').attr('transform', 'translate(12,' + (H - 14 - 16 * legend.length) + ')');
    lg.append('rect').attr('x', -6).attr('y', -10).attr('width', 330).attr('height', 16 * legend.length + 6).attr('fill', 'white').attr('opacity', 0.8);
    legend.forEach(function (l, i) {
      var g = lg.append('g').attr('transform', 'translate(0,' + (16 * i) + ')');
      if (l.kind === 'site') g.append('rect').attr('class', 'site').attr('x', 0).attr('y', -5).attr('width', 10).attr('height', 10).attr('fill', l.colour);
      else if (l.kind === 'station') g.append('circle').attr('class', 'station').attr('cx', 5).attr('r', 3);
      else g.append('line').attr('x2', 14).attr('stroke', l.colour).attr('stroke-width', 2);
      g.append('text').attr('x', 20).attr('y', 4).text(l.label);
    });
    el('map-note').textContent = 'Coloured lines: ground tracks of up to ' + data.limits.tracksPerConstellation + ' satellites per constellation over the first '
      + fmt0(data.map.trackMinutes) + ' minutes; dots: every satellite\'s sub-satellite point at the end of the horizon'
      + ' (at most ' + fmt0(data.limits.maxPositions) + ' drawn in all). Natural Earth projection.';
  });

  var t = data.series.hours;
  section('utilisation', function () {
    lineChart('chart-util', t, data.series.pools.map(function (p) { return {name: p.name, values: p.utilisation, colour: colour(p.name)}; }),
      'busy GPUs / installed', d3.format('.0%'), 1);
  });
  section('power', function () {
    lineChart('chart-power', t, data.series.pools.map(function (p) { return {name: p.name + ' (MW)', values: p.powerMW, colour: colour(p.name)}; }),
      'power drawn, MW', d3.format(',.3~r'));
  });
  section('soc', function () {
    var orb = data.series.pools.filter(function (p) { return p.stateOfCharge; });
    if (!orb.length) { el('chart-soc').textContent = 'No constellation with batteries in this scenario.'; return; }
    lineChart('chart-soc', t, orb.map(function (p) { return {name: p.name, values: p.stateOfCharge, colour: colour(p.name)}; }),
      'stored energy / capacity (all satellites)', d3.format('.0%'), 1);
  });
  section('queue', function () {
    lineChart('chart-queue', t, [{name: 'jobs waiting', values: data.series.queueLength, colour: '#555'}], 'jobs in the queue', d3.format('~s'));
  });
  section('histograms', function () {
    histogram('hist-jct', data.histograms.jctHours, 'JCT of completed jobs');
    histogram('hist-wait', data.histograms.waitHours, 'Wait of started jobs');
  });

  section('costs', function () {
    var c = data.costs;
    if (!c) { el('cost-facts').textContent = 'No cost figures.'; return; }
    var f = el('cost-facts');
    fact(f, '$' + fmt0(c.launchUsdPerKg) + '/kg', 'launch price in ' + c.launchYear + ' (' + c.launchVehicle + ')');
    if (c.groundUsdPerGpuHour != null && c.orbitUsdPerGpuHour != null) fact(f, fmt1(c.orbitUsdPerGpuHour / c.groundUsdPerGpuHour) + 'x', 'orbit / ground cost per GPU-hour');
    var items = [];
    c.pools.forEach(function (p) { Object.keys(p.annualUsdByItem).forEach(function (k) { if (items.indexOf(k) < 0) items.push(k); }); });
    var itemColour = d3.scaleOrdinal(d3.schemeTableau10.concat(d3.schemeSet3)).domain(items);
    // legend rows: items wrapped to the chart's width
    var legendRows = [[]], lx = 0, lm = 270;
    items.forEach(function (k) {
      var wk = 24 + 7 * k.length;
      if (lx + wk > W - lm - 20 && legendRows[legendRows.length - 1].length) { legendRows.push([]); lx = 0; }
      legendRows[legendRows.length - 1].push({k: k, x: lx});
      lx += wk;
    });
    var H = 24 + 16 * legendRows.length + 34 * c.pools.length + 30, m = {l: lm, r: 20, t: 12 + 16 * legendRows.length, b: 30};
    var svg = d3.select(el('chart-cost')).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H).attr('class', 'cost-chart');
    var max = d3.max(c.pools, function (p) { return p.annualUsd; }) || 1;
    var xs = d3.scaleLinear().domain([0, max / 1e6]).nice().range([m.l, W - m.r]);
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + (H - m.b) + ')').call(d3.axisBottom(xs).ticks(8, '~s'));
    svg.append('text').attr('x', (m.l + W) / 2).attr('y', H - 2).attr('text-anchor', 'middle').attr('class', 'note').text('cost per year, $M');
    c.pools.forEach(function (p, i) {
      var y = m.t + 34 * i, x0 = 0;
      var label = p.name + ' ($' + (p.usdPerGpuHour == null ? '-' : fmt2(p.usdPerGpuHour)) + '/GPU-h)';
      svg.append('text').attr('x', m.l - 8).attr('y', y + 15).attr('text-anchor', 'end')
        .text(shorten(p.name, 24) + ' ($' + (p.usdPerGpuHour == null ? '-' : fmt2(p.usdPerGpuHour)) + '/GPU-h)')
        .append('title').text(label);
      Object.keys(p.annualUsdByItem).forEach(function (k) {
        var v = (p.annualUsdByItem[k] || 0) / 1e6;
        svg.append('rect').attr('class', 'cost-bar').attr('x', xs(x0)).attr('y', y).attr('height', 22)
          .attr('width', Math.max(0, xs(x0 + v) - xs(x0))).attr('fill', itemColour(k)).append('title').text(k + ': $' + fmt1(v) + 'M per year');
        x0 += v;
      });
    });
    legendRows.forEach(function (row, r) {
      var lg = svg.append('g').attr('class', 'legend').attr('transform', 'translate(' + m.l + ',' + (12 + 16 * r) + ')');
      row.forEach(function (e) {
        lg.append('rect').attr('x', e.x).attr('y', -8).attr('width', 10).attr('height', 10).attr('fill', itemColour(e.k));
        lg.append('text').attr('x', e.x + 14).attr('y', 1).text(e.k);
      });
    });
    table(el('cost-table'), ['site / constellation', 'kind', '$/GPU-h', '$M/year', '$/kW-year', 'launched power $/kW-year', 'satellite kg', 'break-even $/kg', 'power break-even $/kg'],
      c.pools.map(function (p) {
        return [p.name, p.kind, p.usdPerGpuHour == null ? '-' : fmt2(p.usdPerGpuHour), fmt1(p.annualUsd / 1e6), fmt0(p.usdPerKwYear),
          p.kind === 'orbit' ? fmt0(p.launchedPowerUsdPerKwYear) : '-', p.kind === 'orbit' ? fmt0(p.satelliteMass.totalKg) : '-',
          p.kind === 'orbit' ? (p.breakEvenLaunchUsdPerKg == null ? 'none' : fmt0(p.breakEvenLaunchUsdPerKg)) : '-',
          p.kind === 'orbit' && p.powerBreakEvenLaunchUsdPerKg != null ? fmt0(p.powerBreakEvenLaunchUsdPerKg) : '-'];
      }), [0, 1]);
    el('cost-note').textContent = 'Delivered GPU-hours and energy of this run, scaled to a year. Every assumption and its source: summary.json "costs.assumptions", or `skygrid econ --run <this folder>`.';
  });

  section('jobs', function () {
    var jt = data.jobTable, root = el('jobs');
    var controls = document.createElement('div'); controls.className = 'jobs-controls';
    var input = document.createElement('input'); input.type = 'search'; input.id = 'jobs-filter'; input.placeholder = 'filter: tenant, placement, fate, id ...';
    input.size = 36;
    var fate = document.createElement('select'); fate.id = 'jobs-fate';
    ['all fates', 'completed', 'running', 'queued', 'rejected', 'after-horizon'].forEach(function (f) { var o = document.createElement('option'); o.textContent = f; fate.appendChild(o); });
    var count = document.createElement('span'); count.className = 'note'; count.id = 'jobs-count';
    controls.appendChild(input); controls.appendChild(fate); controls.appendChild(count);
    root.appendChild(controls);
    var note = document.createElement('p'); note.className = 'note';
    note.textContent = jt.total > jt.rows.length
      ? 'The first ' + fmt0(jt.rows.length) + ' of ' + fmt0(jt.total) + ' jobs in submission order are listed here; all of them are in jobs.csv.'
      : 'All ' + fmt0(jt.total) + ' jobs (also in jobs.csv).';
    root.appendChild(note);
    var scroll = document.createElement('div'); scroll.className = 'jobs-scroll'; root.appendChild(scroll);
    var rows = jt.rows.map(function (r) { return r.map(function (v) { return v == null ? '' : (typeof v === 'number' ? String(v) : v); }); });
    var tableEl = table(scroll, jt.columns, rows, [1, 6, 7, 8]);
    tableEl.id = 'jobs-table';
    var trs = tableEl.tBodies[0].rows;
    var text = rows.map(function (r) { return r.join(' ').toLowerCase(); });
    function apply() {
      var q = input.value.trim().toLowerCase(), f = fate.value, shown = 0;
      for (var i = 0; i < trs.length; i++) {
        var ok = (!q || text[i].indexOf(q) >= 0) && (f === 'all fates' || rows[i][7] === f);
        trs[i].style.display = ok ? '' : 'none';
        if (ok) shown++;
      }
      count.textContent = fmt0(shown) + ' of ' + fmt0(trs.length) + ' listed jobs shown';
    }
    input.addEventListener('input', apply); fate.addEventListener('change', apply);
    apply();
  });

  document.documentElement.setAttribute('data-ready', 'true');
})();
