(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  var ATTENTION = [3, 4, 5];
  var main = document.getElementById('articles');
  var detail = document.getElementById('detail');
  var f = {
    device: document.getElementById('f-device'),
    section: document.getElementById('f-section'),
    rule: document.getElementById('f-rule'),
    attention: document.getElementById('f-attention')
  };

  // Devices and sections are shared tables; articles name them by index.
  D.articles.forEach(function (a) {
    a.devices = a.d.map(function (k) { return D.devs[k]; });
    a.sections = a.s.map(function (k) { return D.secs[k]; });
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function filter() {
    return {
      d: f.device.value,
      s: f.section.value,
      r: f.rule.value === '' ? -1 : D.rules.indexOf(f.rule.value),
      a: f.attention.checked
    };
  }

  function cellMatches(c, q) {
    if (q.r >= 0 && c.indexOf(q.r, 4) < 0) return false;
    if (q.a && ATTENTION.indexOf(c[0]) < 0) return false;
    return true;
  }

  function cellLabel(c) {
    var label = D.states[c[0]][1];
    return c[2] >= 0 ? label + ' ' + c[2] + '%' : label;
  }

  function location(a, c) {
    return c[1] >= 0 ? a.file + ':' + c[1] : a.file;
  }

  function render(det) {
    var i = +det.getAttribute('data-a');
    var a = D.articles[i];
    var box = det.querySelector('.matrix');
    var q = filter();
    box.textContent = '';
    var w = a.sections.length;
    var table = el('table', 'm');
    table.appendChild(el('caption', null, a.code + ': devices \u00d7 sections'));
    var head = el('tr');
    head.appendChild(el('th', null, 'device'));
    var cols = [];
    a.sections.forEach(function (s, k) {
      if (q.s !== '' && s[0] !== q.s) return;
      cols.push(k);
      var th = el('th', null, s[0]);
      th.setAttribute('scope', 'col');
      th.title = s[1];
      head.appendChild(th);
    });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    a.devices.forEach(function (d, r) {
      if (q.d !== '' && d[0] !== q.d) return;
      var tr = el('tr');
      var th = el('th', null, d[1] + ' (' + d[0] + ')');
      th.setAttribute('scope', 'row');
      tr.appendChild(th);
      cols.forEach(function (k) {
        var c = a.cells[r * w + k];
        var td = el('td');
        var b = el('button', 'cell s-' + D.states[c[0]][0], cellLabel(c));
        b.type = 'button';
        b.setAttribute('data-a', i);
        b.setAttribute('data-c', r * w + k);
        b.setAttribute('data-device', d[0]);
        b.setAttribute('data-section', a.sections[k][0]);
        b.title = location(a, c);
        if (!cellMatches(c, q)) b.classList.add('dim');
        td.appendChild(b);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    det.setAttribute('data-rendered', '1');
  }

  function half(h) {
    var td = el('td');
    for (var k = 1; k < h.length; k++) {
      var kind = h[k][0];
      td.appendChild(kind === 0 ? document.createTextNode(h[k][1]) : el(kind === 1 ? 'del' : 'ins', null, h[k][1]));
    }
    return td;
  }

  function show(i, k) {
    var a = D.articles[i];
    var w = a.sections.length;
    var c = a.cells[k];
    var dev = a.devices[Math.floor(k / w)];
    var sec = a.sections[k % w];
    detail.textContent = '';
    var close = el('button', 'close', 'Close');
    close.type = 'button';
    close.addEventListener('click', function () { detail.hidden = true; });
    detail.appendChild(close);
    detail.appendChild(el('h2', null, a.code + ' \u00b7 ' + dev[1] + ' (' + dev[0] + ') \u00b7 ' + sec[0] + ': ' + cellLabel(c)));
    var p = el('p');
    var link = el('a', 'loc', location(a, c));
    link.href = (D.base + a.file).split('/').map(encodeURIComponent).join('/');
    p.appendChild(link);
    var rules = [];
    for (var r = 4; r < c.length; r++) rules.push(D.rules[c[r]]);
    if (rules.length) p.appendChild(document.createTextNode(' findings: ' + rules.join(', ')));
    detail.appendChild(p);
    if (c[3] >= 0) {
      var d = D.diffs[a.diffs[c[3]]];
      var refName = d.ref;
      a.devices.forEach(function (x) { if (x[0] === d.ref) refName = x[1] + ' (' + x[0] + ')'; });
      var t = el('table', 'diff');
      var hr = el('tr');
      ['', 'reference: ' + refName, '', dev[1] + ' (' + dev[0] + '), ' + d.sim + '% similar'].forEach(function (h) {
        hr.appendChild(el('th', null, h));
      });
      var th = el('thead');
      th.appendChild(hr);
      t.appendChild(th);
      var tb = el('tbody');
      d.lines.forEach(function (line) {
        var tr = el('tr');
        tr.appendChild(el('td', 'mk', line[0][0]));
        tr.appendChild(half(line[0]));
        tr.appendChild(el('td', 'mk', line[1][0]));
        tr.appendChild(half(line[1]));
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      detail.appendChild(t);
    } else {
      detail.appendChild(el('p', null, D.states[c[0]][0] === 'missing' || D.states[c[0]][0] === 'absent'
        ? 'This device has no copy of the section; the link points at its entry.'
        : 'No difference from the reference copy.'));
    }
    detail.hidden = false;
  }

  function matches(a, q) {
    var w = a.sections.length;
    var di = -1, si = -1;
    if (q.d !== '') {
      a.devices.forEach(function (d, r) { if (d[0] === q.d) di = r; });
      if (di < 0) return false;
    }
    if (q.s !== '') {
      a.sections.forEach(function (s, k) { if (s[0] === q.s) si = k; });
      if (si < 0) return false;
    }
    if (q.r < 0 && !q.a) return true;
    for (var k = 0; k < a.cells.length; k++) {
      if (di >= 0 && Math.floor(k / w) !== di) continue;
      if (si >= 0 && k % w !== si) continue;
      if (cellMatches(a.cells[k], q)) return true;
    }
    return false;
  }

  function apply() {
    var q = filter();
    var any = false;
    var list = main.querySelectorAll('details.article');
    for (var n = 0; n < list.length; n++) {
      var det = list[n];
      var ok = matches(D.articles[+det.getAttribute('data-a')], q);
      det.hidden = !ok;
      any = any || ok;
      if (ok && det.open) render(det);
    }
    document.getElementById('none').hidden = any;
  }

  main.addEventListener('toggle', function (e) {
    var det = e.target;
    if (det.open && !det.getAttribute('data-rendered')) render(det);
  }, true);
  main.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-c]');
    if (b) show(+b.getAttribute('data-a'), +b.getAttribute('data-c'));
  });
  [f.device, f.section, f.rule, f.attention].forEach(function (x) {
    x.addEventListener('change', apply);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') detail.hidden = true;
  });
  var open = main.querySelectorAll('details.article[open]');
  for (var n = 0; n < open.length; n++) render(open[n]);
})();
