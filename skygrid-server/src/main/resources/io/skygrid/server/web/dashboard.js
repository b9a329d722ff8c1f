// Skygrid dashboard: polls /api/v1/admin/dashboard every 2 s with the operator token and redraws.
(function () {
  'use strict';
  const errors = document.getElementById('errors');
  function fail(msg) {
    errors.textContent = msg;
    document.body.dataset.error = msg;
  }
  window.addEventListener('error', e => fail('script error: ' + e.message));

  let token = null;
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    token = decodeURIComponent(m[1]);
    sessionStorage.setItem('skygrid-token', token);
    history.replaceState(null, '', location.pathname);
  } else {
    token = sessionStorage.getItem('skygrid-token');
  }
  const login = document.getElementById('login');
  document.getElementById('login-form').addEventListener('submit', ev => {
    ev.preventDefault();
    token = document.getElementById('token').value.trim();
    sessionStorage.setItem('skygrid-token', token);
    login.hidden = true;
    poll();
  });

  const W = 960, H = 480;
  const projection = d3.geoEquirectangular().fitExtent([[2, 2], [W - 2, H - 2]], {type: 'Sphere'});
  const path = d3.geoPath(projection);
  const map = d3.select('#map');
  map.append('path').attr('class', 'graticule').attr('d', path(d3.geoGraticule10()));
  const landLayer = map.append('g');
  const stationLayer = map.append('g');
  const siteLayer = map.append('g');
  const satLayer = map.append('g');
  const landReady = fetch('/dashboard/vendor/land-110m.json')
    .then(r => { if (!r.ok) throw new Error('land-110m.json: HTTP ' + r.status); return r.json(); })
    .then(world => {
      landLayer.append('path').datum(topojson.feature(world, world.objects.land)).attr('class', 'land').attr('d', path);
      document.body.dataset.land = '1';
    });

  function drawMap(d) {
    const st = stationLayer.selectAll('rect').data(d.stations, s => s.name);
    st.enter().append('rect').attr('class', 'station').attr('width', 4).attr('height', 4)
      .merge(st).attr('x', s => projection([s.lon, s.lat])[0] - 2).attr('y', s => projection([s.lon, s.lat])[1] - 2)
      .each(function (s) { d3.select(this).selectAll('title').data([s]).join('title').text(s.name); });
    st.exit().remove();
    const sites = d.pools.filter(p => p.kind === 'ground');
    const gs = siteLayer.selectAll('rect').data(sites, p => p.name);
    gs.enter().append('rect').attr('class', 'site').attr('width', 10).attr('height', 10)
      .merge(gs).attr('x', p => projection([p.lonDeg, p.latDeg])[0] - 5).attr('y', p => projection([p.lonDeg, p.latDeg])[1] - 5)
      .each(function (p) { d3.select(this).selectAll('title').data([p]).join('title')
        .text(`${p.name}: ${p.allocatedGpus.toLocaleString()} of ${p.capacityGpus.toLocaleString()} GPUs allocated`); });
    gs.exit().remove();
    // ring colour = constellation (legend in #constellations), fill = sunlight state
    const shells = d.pools.filter(p => p.kind === 'orbit').map(p => p.name);
    const shellColour = d3.scaleOrdinal(shells, d3.schemeTableau10);
    const lg = d3.select('#constellations').selectAll('span.shell').data(shells, n => n);
    const added = lg.enter().append('span').attr('class', 'shell');
    added.append('i').attr('class', 'sw ring').style('border-color', n => shellColour(n));
    added.append('span').text(n => n);
    lg.exit().remove();
    document.body.dataset.constellations = String(shells.length);
    const sats = d.satellites.map(r => ({pool: r[0], name: r[1], lat: r[2], lon: r[3], sun: r[4], powered: r[5], down: r[6], busy: r[7], soc: r[8]}));
    const c = satLayer.selectAll('circle').data(sats, s => s.pool + '/' + s.name);
    c.enter().append('circle').attr('r', 2.2)
      .merge(c)
      .attr('class', s => 'sat ' + (s.down ? 'down' : s.sun) + (!s.powered && !s.down ? ' off' : ''))
      .style('stroke', s => s.down ? null : shellColour(s.pool)).style('stroke-width', s => s.down ? null : '1.1')
      .attr('cx', s => projection([s.lon, s.lat])[0]).attr('cy', s => projection([s.lon, s.lat])[1])
      .each(function (s) { d3.select(this).selectAll('title').data([s]).join('title')
        .text(`${s.name} (${s.pool}): ${s.sun}, ${s.powered ? 'powered' : 'unpowered'}${s.down ? ', DOWN' : ''}, ${s.busy} GPUs busy, battery ${(s.soc * 100).toFixed(0)}%`); });
    c.exit().remove();
    document.body.dataset.satellites = String(sats.length);
  }

  // x: simulated time (UTC), labelled; y: yFmt, or whole numbers only when integers is set (job counts)
  function lineChart(svgId, series, yMax, yFmt, integers) {
    const svg = d3.select('#' + svgId);
    const longest = d3.max(series, s => s.name.length) || 0;
    const w = 460, h = 220, m = {l: 46, r: Math.max(60, Math.round(longest * 6.2) + 14), t: 8, b: 34};
    svg.selectAll('*').remove();
    const all = series.flatMap(s => s.values);
    if (all.length === 0) return;
    const x = d3.scaleUtc().domain(d3.extent(all, v => v.t)).range([m.l, w - m.r]);
    const y = d3.scaleLinear().domain([0, yMax !== null ? yMax : Math.max(1, d3.max(all, v => v.y))]).nice().range([h - m.b, m.t]);
    const span = x.domain()[1] - x.domain()[0];
    const tf = d3.utcFormat(span < 600000 ? '%H:%M:%S' : span < 2 * 86400000 ? '%H:%M' : '%b %d %H:%M');
    svg.append('g').attr('class', 'axis x').attr('transform', `translate(0,${h - m.b})`).call(d3.axisBottom(x).ticks(4).tickFormat(tf));
    svg.append('text').attr('class', 'axis-title').attr('x', (m.l + w - m.r) / 2).attr('y', h - 4).attr('text-anchor', 'middle')
      .attr('font-size', 10).text('simulated time (UTC)');
    const yAxis = d3.axisLeft(y);
    if (integers) yAxis.tickValues(y.ticks(5).filter(Number.isInteger)).tickFormat(d3.format(',d'));
    else yAxis.ticks(5, yFmt);
    svg.append('g').attr('class', 'axis y').attr('transform', `translate(${m.l},0)`).call(yAxis);
    const color = d3.scaleOrdinal(d3.schemeTableau10);
    series.forEach((s, i) => {
      svg.append('path').datum(s.values).attr('class', 'line').attr('stroke', color(i))
        .attr('d', d3.line().x(v => x(v.t)).y(v => y(v.y)));
      svg.append('text').attr('class', 'series').attr('x', w - m.r + 6).attr('y', m.t + 12 + i * 14).attr('fill', color(i)).attr('font-size', 11).text(s.name);
    });
    // legend entries that do not fit the chart's width are counted (the browser test checks none is clipped)
    let clipped = 0;
    svg.selectAll('text.series').each(function () { const b = this.getBBox(); if (b.x + b.width > w + 0.5) clipped++; });
    svg.attr('data-clipped', String(clipped));
  }

  function tenantBars(tenants) {
    const svg = d3.select('#tenants');
    svg.selectAll('*').remove();
    const w = 460, rowH = 18, m = {l: 110, r: 10, t: 6};
    const list = tenants.slice(0, 11);
    const x = d3.scaleLinear().domain([0, Math.max(1, d3.max(list, t => Math.max(t.heldGpus, Math.min(t.quotaGpus, 10 * Math.max(1, t.heldGpus)))) || 1)]).range([m.l, w - m.r]);
    list.forEach((t, i) => {
      const yy = m.t + i * rowH;
      svg.append('text').attr('x', m.l - 6).attr('y', yy + 12).attr('text-anchor', 'end').attr('font-size', 11).text(t.name);
      svg.append('rect').attr('x', m.l).attr('y', yy + 2).attr('height', rowH - 6)
        .attr('width', Math.max(0, x(Math.min(t.quotaGpus, x.domain()[1])) - m.l)).attr('fill', '#e3e8ef');
      svg.append('rect').attr('class', 'held').attr('x', m.l).attr('y', yy + 2).attr('height', rowH - 6)
        .attr('width', Math.max(0, x(t.heldGpus) - m.l)).attr('fill', t.heldGpus >= t.quotaGpus ? '#d62728' : '#4e79a7');
      svg.append('text').attr('x', m.l + 4).attr('y', yy + 12).attr('font-size', 10)
        .text(`${t.heldGpus.toLocaleString()} / ${t.quotaGpus.toLocaleString()} GPUs, ${t.queuedJobs} queued`);
    });
    if (list.length === 0) svg.append('text').attr('x', 10).attr('y', 20).text('no tenants yet');
  }

  function table(id, rows) {
    const tb = d3.select('#' + id + ' tbody');
    const tr = tb.selectAll('tr').data(rows).join('tr');
    tr.selectAll('td').data(r => r).join('td').text(v => v);
  }

  function render(d) {
    document.getElementById('status').textContent =
      `${d.scenario} | simulated ${d.simTime.replace('T', ' ').replace(/\.\d+Z|Z/, ' UTC')} (x${d.speedup}) | policy ${d.policy}, backfill ${d.backfill} | ` +
      `${d.counts.queued} queued, ${d.counts.running} running, ${d.counts.succeeded} done`;
    drawMap(d);
    const hist = d.history.map(h => ({t: new Date(h.t), q: h.queued, r: h.running, u: h.util}));
    lineChart('util', d.pools.map((p, i) => ({name: p.name, values: hist.map(h => ({t: h.t, y: h.u[i] || 0}))})), 1, '.0%', false);
    lineChart('queue', [{name: 'queued', values: hist.map(h => ({t: h.t, y: h.q}))}, {name: 'running', values: hist.map(h => ({t: h.t, y: h.r}))}], null, null, true);
    tenantBars(d.tenants);
    table('pools', d.pools.map(p => [p.name, p.kind, p.capacityGpus.toLocaleString(), p.usableGpus.toLocaleString(),
      p.allocatedGpus.toLocaleString(), p.freeUsableGpus.toLocaleString(), `${p.nodesUp} / ${p.nodesDown} / ${p.nodesUnpowered}`]));
    table('jobs', d.jobs.map(j => [j.id, j.tenant, j.name || '', j.state + (j.paused ? ' (paused)' : ''), j.gpus, j.pool || '',
      `${(j.doneS / 3600).toFixed(2)} / ${(j.durationS / 3600).toFixed(2)}`, j.waitReason || j.reason || '']));
    document.body.dataset.charts = String(document.querySelectorAll('#util path.line, #queue path.line').length);
    document.body.dataset.ready = '1';
  }

  let timer = null;
  function poll() {
    if (!token) { login.hidden = false; return; }
    fetch('/api/v1/admin/dashboard', {headers: {Authorization: 'Bearer ' + token}})
      .then(r => {
        if (r.status === 401 || r.status === 403) { login.hidden = false; throw new Error('the token was refused (HTTP ' + r.status + ')'); }
        if (!r.ok) throw new Error('dashboard data: HTTP ' + r.status);
        return r.json();
      })
      .then(d => landReady.then(() => { errors.textContent = ''; render(d); }))
      .catch(e => fail(String(e.message || e)))
      .finally(() => { clearTimeout(timer); timer = setTimeout(poll, 2000); });
  }
  poll();
})();
