/* pcasgd dashboard: renders a run's state (see RunState.json()) into the page's panels.
 * Live: the state comes from api/state, then from server-sent events on api/events.
 * Report: the state is embedded in <script id="run-data" type="application/json">. */
(function () {
  'use strict';
  var dash = window.dash = { state: null, charts: {}, signatures: {}, mode: null, render: render };
  var COLORS = ['#2f6fde', '#e4572e', '#17a398', '#f3a712', '#8e44ad', '#4c5b61', '#c0392b', '#16a085',
                '#d35400', '#2c3e50', '#27ae60', '#7f8c8d'];

  function num(v) { return (typeof v === 'number' && isFinite(v)) ? v : null; }
  function fmt(v, d) { return num(v) === null ? '–' : v.toFixed(d === undefined ? 4 : d); }
  function el(id) { return document.getElementById(id); }
  function text(node, s) { node.textContent = s; return node; }
  function make(tag, cls, s) { var e = document.createElement(tag); if (cls) e.className = cls; if (s !== undefined) e.textContent = s; return e; }

  function scalar(epoch, name) { var v = epoch.values[name]; return (v === undefined || v === null || typeof v === 'object') ? null : num(v); }
  function list(epoch, name) { var v = epoch.values[name]; return (v && typeof v === 'object' && v.labels) ? v : null; }

  /** Agent labels seen in any epoch's agent_accuracies, in order. */
  function agentLabels(s) {
    var seen = [], has = {};
    s.epochs.forEach(function (e) {
      var l = list(e, 'agent_accuracies');
      if (l) l.labels.forEach(function (a) { if (!has[a]) { has[a] = true; seen.push(a); } });
    });
    return seen;
  }

  function chartSpecs(s) {
    var xs = s.epochs.map(function (e) { return e.epoch; });
    var labels = agentLabels(s);
    var acc = { series: [{ label: 'x̄ (average)', values: s.epochs.map(function (e) { return scalar(e, 'test_accuracy'); }), width: 3 }] };
    labels.forEach(function (a) {
      acc.series.push({ label: 'agent ' + a, width: 1, values: s.epochs.map(function (e) {
        var l = list(e, 'agent_accuracies'); if (!l) return null; var k = l.labels.indexOf(a); return k < 0 ? null : num(l.values[k]);
      }) });
    });
    var loss = { series: [
      { label: 'test loss x̄', width: 3, values: s.epochs.map(function (e) { return scalar(e, 'test_loss'); }) },
      { label: 'train loss (agents)', width: 2, values: s.epochs.map(function (e) { return scalar(e, 'train_loss'); }) }] };
    var net = { series: [
      { label: 'copy age', width: 2, values: s.epochs.map(function (e) { return scalar(e, 'copy_age'); }) },
      { label: 'late copy age', width: 2, values: s.epochs.map(function (e) { return scalar(e, 'late_age'); }) },
      { label: 'late share', width: 2, scale: 'share', values: s.epochs.map(function (e) { return scalar(e, 'late_fraction'); }) }] };
    return { xs: xs, accuracy: acc, loss: loss, network: net };
  }

  function drawChart(key, container, xs, spec, yLabel) {
    var data = [xs].concat(spec.series.map(function (x) { return x.values; }));
    var signature = spec.series.map(function (x) { return x.label; }).join('|');
    var chart = dash.charts[key];
    if (chart && dash.signatures[key] === signature) {
      chart.setData(data);
      return;
    }
    if (chart) { chart.destroy(); }
    container.innerHTML = '';
    var hasShare = spec.series.some(function (x) { return x.scale === 'share'; });
    var opts = {
      width: Math.max(320, container.clientWidth || 600), height: 240,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { label: yLabel }].concat(hasShare ? [{ scale: 'share', side: 1, label: 'share', grid: { show: false } }] : []),
      series: [{ label: 'epoch' }].concat(spec.series.map(function (x, k) {
        return { label: x.label, scale: x.scale || 'y', stroke: COLORS[k % COLORS.length], width: x.width || 1,
                 spanGaps: true, points: { show: true, size: 5 } };
      }))
    };
    if (hasShare) opts.scales.share = { range: [0, 1] };
    dash.charts[key] = new uPlot(opts, data, container);
    dash.signatures[key] = signature;
  }

  function ageColor(age, maxAge) {
    if (age === null) return '#9aa3b5';
    var t = maxAge > 0 ? Math.min(1, age / maxAge) : 0;
    var r = Math.round(31 + t * (220 - 31)), g = Math.round(157 + t * (38 - 157)), b = Math.round(85 + t * (38 - 85));
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  function drawGraph(s) {
    drawLinks(s);
    var NS = 'http://www.w3.org/2000/svg', n = s.agents, box = el('graph');
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 320 300');
    var cx = 160, cy = 150, r = n > 1 ? 120 : 0, pos = [], grid = s.grid, cell = 0;
    if (grid && grid[0] * grid[1] === n) {
      // a torus as its grid: node (row, col) = row * cols + col; the wrap-around links bow outside
      cell = Math.min(240 / Math.max(1, grid[1] - 1), 220 / Math.max(1, grid[0] - 1), 90);
      var w = cell * (grid[1] - 1), h = cell * (grid[0] - 1);
      for (var q = 0; q < n; q++) pos.push([cx - w / 2 + cell * (q % grid[1]), cy - h / 2 + cell * Math.floor(q / grid[1])]);
    } else {
      grid = null;
      for (var i = 0; i < n; i++) {
        var a = -Math.PI / 2 + 2 * Math.PI * i / n;
        pos.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
      }
    }
    var last = s.epochs.length ? s.epochs[s.epochs.length - 1] : null;
    var age = last ? scalar(last, 'copy_age') : null, maxAge = 0;
    s.epochs.forEach(function (e) {
      ['copy_age', 'late_age'].forEach(function (m) { var v = scalar(e, m); if (v !== null && v > maxAge) maxAge = v; });
    });
    var delays = s.linkDelays && s.linkDelays.length === s.links.length ? s.linkDelays : null, maxDelay = 0;
    if (delays) delays.forEach(function (d) { maxDelay = Math.max(maxDelay, d[0], d[1]); });
    var color = ageColor(age, maxAge);
    // the actor runtimes: each directed link's measured copy age and bytes per second, live
    var live = !delays && s.live && s.live.links.length ? {} : null, maxLive = 1;
    if (live) {
      s.live.links.forEach(function (k) {
        live[k.from + '-' + k.to] = k;
        if (num(k.meanAgeSteps) !== null) maxLive = Math.max(maxLive, k.meanAgeSteps);
      });
    }
    s.links.forEach(function (l, li) {
      var p0 = pos[l[0]], p1 = pos[l[1]], line;
      var far = grid && (Math.abs(p0[0] - p1[0]) > cell * 1.01 || Math.abs(p0[1] - p1[1]) > cell * 1.01);
      if (far) {
        // a wrap-around link of the torus: an arc bowing away from the grid
        line = document.createElementNS(NS, 'path');
        var mx = (p0[0] + p1[0]) / 2, my = (p0[1] + p1[1]) / 2, horizontal = Math.abs(p0[1] - p1[1]) < 1;
        var bow = horizontal ? [mx, my - (my <= cy ? 1 : -1) * (cell * 0.6 + 10)] : [mx - (mx <= cx ? 1 : -1) * (cell * 0.6 + 10), my];
        line.setAttribute('d', 'M' + p0[0] + ',' + p0[1] + ' Q' + bow[0] + ',' + bow[1] + ' ' + p1[0] + ',' + p1[1]);
        line.setAttribute('fill', 'none');
      } else {
        line = document.createElementNS(NS, 'line');
        line.setAttribute('x1', p0[0]); line.setAttribute('y1', p0[1]);
        line.setAttribute('x2', p1[0]); line.setAttribute('y2', p1[1]);
      }
      line.setAttribute('class', 'link');
      line.setAttribute('data-link', l[0] + '-' + l[1]);
      var title = document.createElementNS(NS, 'title');
      if (delays) {
        var d = delays[li], mean = (d[0] + d[1]) / 2;
        line.setAttribute('data-delay', String(mean));
        line.setAttribute('stroke', ageColor(mean, Math.max(1, maxDelay)));
        if (mean > 0) line.setAttribute('stroke-dasharray', '6 3');
        title.textContent = 'agent ' + l[0] + ' → ' + l[1] + ': ' + fmt(d[0], 2) + ' steps late, ' + l[1] + ' → ' + l[0] + ': ' + fmt(d[1], 2);
      } else if (live) {
        var ab = live[l[0] + '-' + l[1]], ba = live[l[1] + '-' + l[0]];
        var ages = [ab, ba].filter(function (k) { return k && num(k.meanAgeSteps) !== null; }).map(function (k) { return k.meanAgeSteps; });
        var both = ages.length ? ages.reduce(function (x, y) { return x + y; }, 0) / ages.length : null;
        if (both !== null) line.setAttribute('data-age', String(both));
        line.setAttribute('stroke', ageColor(both, maxLive));
        title.textContent = [[l[0], l[1], ab], [l[1], l[0], ba]].map(function (w) {
          return 'agent ' + w[0] + ' → ' + w[1] + ': ' + (w[2] ? 'copy age ' + fmt(w[2].meanAgeSteps, 2) + ' steps, ' + bytes(w[2].bytesPerSecond) : 'not reported yet');
        }).join('; ');
      } else {
        line.setAttribute('stroke', color);
        title.textContent = 'agent ' + l[0] + ' – agent ' + l[1] + (age === null ? '' : ': mean copy age ' + fmt(age, 2) + ' steps (all links)');
      }
      line.appendChild(title);
      svg.appendChild(line);
    });
    var nodeR = n > 24 ? 7 : 13;
    for (var k = 0; k < n; k++) {
      var g = document.createElementNS(NS, 'g');
      g.setAttribute('class', 'agent');
      g.setAttribute('data-agent', String(k));
      var c = document.createElementNS(NS, 'circle');
      c.setAttribute('cx', pos[k][0]); c.setAttribute('cy', pos[k][1]); c.setAttribute('r', nodeR);
      var t = document.createElementNS(NS, 'text');
      t.setAttribute('x', pos[k][0]); t.setAttribute('y', pos[k][1]);
      t.textContent = String(k);
      g.appendChild(c); g.appendChild(t);
      svg.appendChild(g);
    }
    box.innerHTML = '';
    box.appendChild(svg);
    if (delays) {
      var late = delays.filter(function (d) { return d[0] + d[1] > 0; }).length;
      text(el('graph-note'), s.agents + ' agents, ' + s.links.length + ' links (' + s.topology + '), ' + late +
        ' of them late (dashed). Links are coloured by the delay the simulator\'s delay model sets on them (mean of both ways over the first ' +
        '64 steps): green on time → red ' + fmt(maxDelay, 2) + ' steps.' +
        (age === null ? '' : ' Measured over all links in the last epoch: mean copy age ' + fmt(age, 2) + ' steps.'));
      return;
    }
    if (live) {
      text(el('graph-note'), s.agents + ' agents, ' + s.links.length + ' links (' + s.topology + '). Links are coloured by the mean age ' +
        'of the copies that arrived over them, both ways, as the agents measure it (their step at first use minus the step the copy ' +
        'was sent at): green 0 → red ' + fmt(maxLive, 2) + ' steps. Each way\'s age and bytes per second, about once a second, below.');
      return;
    }
    text(el('graph-note'), s.agents + ' agents, ' + s.links.length + ' links (' + s.topology + ')' +
      (age === null ? '; links are coloured by copy age once an epoch reports it.'
        : '; links coloured by the mean copy age of the last epoch, ' + fmt(age, 2) +
          ' steps (green 0 → red ' + fmt(maxAge, 2) + ', the oldest mean age of late copies in the run). The metrics measure it over all links together, not per link.'));
  }

  function bytes(v) {
    if (num(v) === null) return '–';
    if (v >= 1e6) return fmt(v / 1e6, 2) + ' MB/s';
    if (v >= 1e3) return fmt(v / 1e3, 1) + ' kB/s';
    return fmt(v, 0) + ' B/s';
  }

  /** The actor runtimes: each directed link's copies in the receiver's last report, mean copy age and bytes per second. */
  function drawLinks(s) {
    var table = el('links'), tbody = table.querySelector('tbody');
    var links = s.live && s.live.links ? s.live.links : [];
    table.hidden = !links.length;
    tbody.innerHTML = '';
    links.forEach(function (k) {
      var tr = make('tr');
      tr.setAttribute('data-link', k.from + '-' + k.to);
      [k.from + ' → ' + k.to, String(k.copies), fmt(k.meanAgeSteps, 2), bytes(k.bytesPerSecond)].forEach(function (v, col) {
        tr.appendChild(make('td', col ? 'num' : '', v));
      });
      tbody.appendChild(tr);
    });
  }

  function drawAgents(s) {
    var tbody = el('agents').querySelector('tbody');
    tbody.innerHTML = '';
    var neighbours = [];
    for (var i = 0; i < s.agents; i++) neighbours.push([]);
    s.links.forEach(function (l) { neighbours[l[0]].push(l[1]); neighbours[l[1]].push(l[0]); });
    var last = s.epochs.length ? s.epochs[s.epochs.length - 1] : null;
    var accs = last ? list(last, 'agent_accuracies') : null;
    var state = { waiting: 'waiting', running: 'training', finished: 'done', stopped: 'stopped', failed: 'failed' }[s.status] || s.status;
    var lockstep = s.runtime === 'sim', live = {};
    if (s.live) s.live.agents.forEach(function (a) { live[a.agent] = a; });
    for (var k = 0; k < s.agents; k++) {
      var tr = make('tr');
      tr.setAttribute('data-agent', String(k));
      var acc = null, a = live[k];
      if (accs) { var j = accs.labels.indexOf(String(k)); if (j >= 0) acc = num(accs.values[j]); }
      if (a) tr.setAttribute('data-state', a.state);
      var step = a ? String(a.step) : String(s.stepsDone) + (lockstep ? '' : ' *');
      var rate = a ? fmt(a.stepsPerSecond, 1) : (lockstep && s.status === 'running' ? fmt(s.stepRate, 1) : '–');
      [String(k), neighbours[k].sort(function (x, y) { return x - y; }).join(', ') || '–', step, rate,
       a ? a.state : state, fmt(acc)].forEach(function (v, col) {
        tr.appendChild(make('td', col >= 2 && col !== 4 ? 'num' : '', v));
      });
      tbody.appendChild(tr);
    }
    text(el('agents-note'), lockstep
      ? 'The simulator steps all agents together: every agent is at the global step.'
      : s.live ? 'Each agent\'s step and state as it reported them about a second ago; steps/s over its last report.'
        : '* No agent has reported its step yet: the step shown is the last epoch\'s.');
  }

  /** Multi-process runs (launch, the coordinator's agent): each process, its agents, pid and whether it runs. */
  function drawProcesses(s) {
    var ps = s.processes || [], members = s.members || [];
    var panel = el('processes-panel');
    panel.hidden = !ps.length && !members.length && !s.processesNote;
    el('processes').hidden = !ps.length && members.length > 0;
    var mtable = el('members'), mbody = mtable.querySelector('tbody');
    mtable.hidden = !members.length;
    mbody.innerHTML = '';
    members.forEach(function (m) {
      var tr = make('tr', 'member ' + m.status);
      tr.setAttribute('data-member', m.address);
      tr.setAttribute('data-status', m.status);
      [m.address + (m.coordinator ? ' (coordinator)' : ''), m.agents.join(', ') || '–', m.status].forEach(function (v) {
        tr.appendChild(make('td', '', v));
      });
      mbody.appendChild(tr);
    });
    var tbody = el('processes').querySelector('tbody');
    tbody.innerHTML = '';
    ps.forEach(function (p) {
      var tr = make('tr', 'process ' + p.status);
      tr.setAttribute('data-process', String(p.index));
      tr.setAttribute('data-status', p.status);
      var status = p.status === 'exited' ? 'exited with status ' + p.exitCode : p.status;
      [String(p.index), p.agents.join(', ') || '–', String(p.pid), status].forEach(function (v, col) {
        tr.appendChild(make('td', col === 2 ? 'num' : '', v));
      });
      tbody.appendChild(tr);
    });
    text(el('processes-note'), s.processesNote || '');
  }

  /** A command of several runs (compare, sweep): each run, where it is, its accuracy and its report once written. */
  function drawRuns(s) {
    var l = s.runList, panel = el('runs-panel');
    panel.hidden = !l;
    if (!l) return;
    text(el('runs-title'), l.title || '');
    var tbody = el('runs').querySelector('tbody');
    tbody.innerHTML = '';
    var counts = {};
    l.runs.forEach(function (r) {
      counts[r.status] = (counts[r.status] || 0) + 1;
      var tr = make('tr', r.index === l.current ? 'current' : '');
      tr.setAttribute('data-run', String(r.index));
      tr.setAttribute('data-status', r.status);
      tr.appendChild(make('td', 'num', String(r.index + 1)));
      tr.appendChild(make('td', 'name', r.name));
      tr.appendChild(make('td', '', r.method));
      var status = make('td', 'status', r.status.replace('-', ' ') + (r.note ? ': ' + r.note : ''));
      tr.appendChild(status);
      tr.appendChild(make('td', 'num', r.status === 'to-come' ? '–' : r.epochs + '/' + r.epochsPlanned));
      tr.appendChild(make('td', 'num accuracy', fmt(r.finalAccuracy)));
      var rep = make('td', 'report');
      if (r.report && dash.mode === 'live') {
        var a = make('a', '', 'report.html');
        a.href = r.report;
        a.target = '_blank';
        a.rel = 'noopener';
        rep.appendChild(a);
      } else {
        rep.textContent = '–';
      }
      rep.title = r.folder;
      tr.appendChild(rep);
      tbody.appendChild(tr);
    });
    text(el('runs-note'), l.runs.length + ' runs: ' + Object.keys(counts).map(function (k) { return counts[k] + ' ' + k.replace('-', ' '); }).join(', ') +
      '. The panels below show the run in bold (the one in progress, else the last that ran); test acc x̄ is the last finished epoch\'s.');
  }

  function drawEvents(s) {
    var ol = el('events');
    ol.innerHTML = '';
    s.events.slice().reverse().forEach(function (e) {
      var li = make('li', e.kind);
      if (e.time) li.appendChild(make('span', 'time', e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')));
      li.appendChild(document.createTextNode(e.text));
      ol.appendChild(li);
    });
  }

  function drawHeader(s) {
    var badge = el('status');
    badge.className = 'badge ' + s.status;
    text(badge, s.status);
    text(el('run-name'), s.name);
    var last = s.epochs.length ? s.epochs[s.epochs.length - 1] : null;
    var parts = [
      ['method', s.method], ['runtime', s.runtime], ['agents', s.agents + ' on ' + s.topology],
      ['epoch', s.epochs.length + '/' + s.epochsPlanned],
      ['step', s.stepsDone + (s.stepsTotal ? '/' + s.stepsTotal : '')]
    ];
    if (s.status === 'running') parts.push(['rate', fmt(s.stepRate, 1) + ' steps/s']);
    if (num(s.elapsedSeconds) !== null) parts.push(['elapsed', fmt(s.elapsedSeconds, 1) + ' s']);
    if (last) parts.push(['test acc x̄', fmt(scalar(last, 'test_accuracy'))]);
    if (s.runList) parts.unshift(['run', (s.runList.current + 1) + '/' + s.runList.runs.length]);
    var sum = el('summary');
    sum.innerHTML = '';
    parts.forEach(function (p, k) {
      if (k) sum.appendChild(document.createTextNode(' · '));
      sum.appendChild(document.createTextNode(p[0] + ' '));
      sum.appendChild(make('b', '', String(p[1])));
    });
    var frac = s.stepsTotal > 0 ? Math.min(1, s.stepsDone / s.stepsTotal) : 0;
    el('progress-bar').style.width = (100 * frac).toFixed(1) + '%';
    document.title = 'pcasgd · ' + s.name + ' · ' + s.status;
  }

  function render(s) {
    dash.state = s;
    drawHeader(s);
    var specs = chartSpecs(s);
    drawChart('accuracy', el('chart-accuracy'), specs.xs, specs.accuracy, 'test accuracy');
    drawChart('loss', el('chart-loss'), specs.xs, specs.loss, 'loss');
    drawChart('network', el('chart-network'), specs.xs, specs.network, 'steps');
    drawGraph(s);
    drawAgents(s);
    drawProcesses(s);
    drawRuns(s);
    drawEvents(s);
    text(el('config'), s.config || '');
    document.body.setAttribute('data-status', s.status);
    document.body.setAttribute('data-epochs', String(s.epochs.length));
    document.body.setAttribute('data-version', String(s.version));
  }

  /** Between epochs only the counters change: header, agents' steps and (actor runtimes) links and processes; charts untouched. */
  function progress(p) {
    var s = dash.state;
    if (!s) return;
    Object.keys(p).forEach(function (k) { s[k] = p[k]; });
    drawHeader(s);
    drawAgents(s);
    if (s.live) { drawGraph(s); drawProcesses(s); }
    document.body.setAttribute('data-status', s.status);
    document.body.setAttribute('data-version', String(s.version));
  }

  function footer(msg) { text(el('footer'), msg); }

  function live() {
    dash.mode = 'live';
    // the event stream opens with the whole state, then sends each change in order; a fetch beside it could
    // be answered before or after that opening and put an older state back, so it serves only where the
    // stream cannot (no EventSource, or the stream failed before its first state)
    var streamed = false;
    function fetchState() {
      fetch('api/state').then(function (r) { return r.json(); }).then(function (s) { if (!streamed) dash.render(s); })
        .catch(function (e) { footer('cannot read api/state: ' + e); });
    }
    if (window.EventSource) {
      var es = new EventSource('api/events');
      es.addEventListener('state', function (ev) { streamed = true; dash.render(JSON.parse(ev.data)); footer('live: updates from the run as they happen'); });
      es.addEventListener('progress', function (ev) { progress(JSON.parse(ev.data)); });
      es.onerror = function () { footer('disconnected from the run; retrying…'); if (!streamed) fetchState(); };
    } else {
      fetchState();
      setInterval(function () { fetch('api/state').then(function (r) { return r.json(); }).then(render); }, 1000);
    }
  }

  function start() {
    var embedded = el('run-data');
    if (embedded) {
      dash.mode = 'report';
      render(JSON.parse(embedded.textContent));
      footer('report of the run\'s files (config.yaml, metrics.csv, timing.csv); made by pcasgd report');
    } else {
      live();
    }
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Object.keys(dash.charts).forEach(function (k) {
        var c = dash.charts[k];
        c.setSize({ width: Math.max(320, c.root.parentNode.clientWidth || 600), height: 240 });
      });
    }, 150);
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
