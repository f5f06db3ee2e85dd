/**
 * The playground's browser script (vanilla JS, no dependencies). It calls the public API with
 * relative URLs and renders: fill-mask words as bars, class probabilities as bars plus the
 * mask words that explain them, entities highlighted inline. Errors come from the API's
 * problem+json and are shown next to the field they name. Written without backticks or
 * dollar-brace so it can live inside this template string unchanged.
 */
export const PLAYGROUND_SCRIPT = String.raw`
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var FIELD_INPUT = { text: 'text', texts: 'text', top_k: 'top-k', config: 'config', template: 'template',
    verbalizer: 'words', types: 'words', options: 'options', examples: 'examples', name: 'save-name' };
  var ERROR_BOX = { text: 'text', 'top-k': 'top_k', config: 'config', template: 'template', words: 'words',
    options: 'options', examples: 'examples', 'save-name': 'name' };
  var SAMPLE = { classify: 'I really like the film a lot.', ner: 'John went to Paris to visit the University.',
    'fill-mask': 'natural language processing is a [MASK] technology.' };
  var state = { configs: [], loaded: null, examplesSupported: false, seq: 0, timer: 0, lastCall: null };

  function task() { return document.querySelector('input[name=task]:checked').value; }
  function wordsKey() { return task() === 'ner' ? 'types' : 'verbalizer'; }

  async function api(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    var res = await fetch(path, init);
    var text = await res.text();
    var data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    return { ok: res.ok, status: res.status, data: data };
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pct(x) { return (x * 100).toFixed(x >= 0.1 ? 1 : 2) + '%'; }

  function wordsToText(map) {
    return Object.keys(map || {}).map(function (k) { return k + ': ' + map[k].join(', '); }).join('\n');
  }
  function textToWords(text) {
    var out = {};
    text.split('\n').forEach(function (line, i) {
      if (!line.trim()) return;
      var at = line.indexOf(':');
      if (at < 1) throw fieldError('words', 'line ' + (i + 1) + ': write "label: word, word"');
      out[line.slice(0, at).trim()] = line.slice(at + 1).split(',').map(function (w) { return w.trim(); }).filter(Boolean);
    });
    return out;
  }
  /** One option per line, each value on its own line kept compact. */
  function formatOptions(o) {
    var keys = Object.keys(o || {});
    if (!keys.length) return '{}';
    return '{\n' + keys.map(function (k) { return '  ' + JSON.stringify(k) + ': ' + JSON.stringify(o[k]); }).join(',\n') + '\n}';
  }
  function fieldError(input, message) { var e = new Error(message); e.input = input; return e; }

  function clearErrors() {
    Object.keys(ERROR_BOX).forEach(function (id) {
      $(id).removeAttribute('aria-invalid');
      $(ERROR_BOX[id] + '-error').textContent = '';
    });
  }
  function showFieldError(input, message) {
    var box = $((ERROR_BOX[input] || 'text') + '-error');
    $(input).setAttribute('aria-invalid', 'true');
    box.textContent = message;
  }
  function setStatus(message, bad) { var s = $('status'); s.textContent = message; s.className = bad ? 'bad' : ''; }

  /** Shows a problem+json answer next to the input its field names (verbalizer.positive[0] → words). */
  function showProblem(p) {
    var field = (p && p.field) || '';
    var root = field.split(/[.[]/)[0];
    var input = FIELD_INPUT[root] || 'text';
    showFieldError(input, (field ? field + ': ' : '') + ((p && p.detail) || 'request failed'));
    setStatus('Error ' + ((p && p.status) || '') + ' ' + ((p && p.code) || ''), true);
  }

  function optionsValue() {
    var raw = $('options').value.trim();
    if (!raw) return {};
    try { return JSON.parse(raw); } catch (e) { throw fieldError('options', 'not valid JSON: ' + e.message); }
  }
  function examplesValue() {
    var raw = $('examples').value.trim();
    if (!raw) return undefined;
    try { return JSON.parse(raw); } catch (e) { throw fieldError('examples', 'not valid JSON: ' + e.message); }
  }

  /** The config document the form describes (for inline requests and for PUT). */
  function configDoc() {
    var doc = { task: task(), template: $('template').value };
    doc[wordsKey()] = textToWords($('words').value);
    doc.options = optionsValue();
    var ex = state.examplesSupported ? examplesValue() : undefined;
    if (ex !== undefined) doc.examples = ex;
    return doc;
  }
  function edited() {
    if (!state.loaded) return true;
    var c = state.loaded.config;
    return $('template').value !== c.template || $('words').value !== wordsToText(c[wordsKey()]) ||
      $('options').value !== formatOptions(c.options) ||
      $('examples').value !== (c.examples === undefined ? '' : JSON.stringify(c.examples, null, 1));
  }

  /** The exact request the Run button sends. */
  function buildRequest() {
    var t = task(), text = $('text').value;
    if (t === 'fill-mask') return { method: 'POST', path: 'v1/fill-mask', body: { text: text, top_k: Number($('top-k').value) } };
    var body = { text: text };
    if (!edited() && state.loaded) body.config = state.loaded.name;
    else {
      var doc = configDoc();
      body.template = doc.template; body[wordsKey()] = doc[wordsKey()];
      if (Object.keys(doc.options).length) body.options = doc.options;
    }
    if (t === 'classify') body.explain = 8;
    return { method: 'POST', path: 'v1/' + t, body: body };
  }

  function curlOf(req) {
    var url = new URL(req.path, document.baseURI).href;
    var q = function (s) { return "'" + s.replace(/'/g, "'\\''") + "'"; };
    var parts = ['curl -s'];
    if (req.method !== 'POST') parts.push('-X ' + req.method);
    parts.push(q(url));
    if (req.body !== undefined) parts.push("-H 'content-type: application/json'", '-d ' + q(JSON.stringify(req.body)));
    return parts.join(' ');
  }

  function bars(items, label) {
    var list = el('ol', 'bars');
    list.setAttribute('aria-label', label);
    var max = Math.max.apply(null, items.map(function (i) { return i.score; }).concat([1e-9]));
    items.forEach(function (item, i) {
      var row = el('li', 'bar-row' + (i === 0 ? ' top' : ''));
      row.dataset.label = item.label; row.dataset.score = String(item.score);
      var track = el('span', 'bar-track'), fill = el('span', 'bar-fill');
      track.setAttribute('aria-hidden', 'true');
      fill.style.width = (100 * item.score / max).toFixed(1) + '%';
      track.appendChild(fill);
      row.append(el('span', 'bar-label', item.label), track, el('span', 'bar-value', pct(item.score)));
      list.appendChild(row);
    });
    return list;
  }
  function predictionBars(preds, label) {
    return bars(preds.map(function (p) { return { label: p.token, score: p.score }; }), label);
  }

  function renderFillMask(out, data) {
    data.predictions.forEach(function (preds, i) {
      out.appendChild(el('h3', '', data.predictions.length > 1 ? 'Words at [MASK] ' + (i + 1) : 'Words at [MASK]'));
      out.appendChild(predictionBars(preds, 'top words at mask ' + (i + 1)));
    });
  }
  function renderClassify(out, data) {
    var answer = el('p', 'answer', 'Label: ');
    answer.appendChild(el('strong', '', data.label));
    out.appendChild(answer);
    var classes = Object.keys(data.scores).map(function (k) { return { label: k, score: data.scores[k] }; })
      .sort(function (a, b) { return b.score - a.score; });
    out.appendChild(el('h3', '', 'Class probabilities'));
    out.appendChild(bars(classes, 'class probabilities'));
    if (data.predictions && data.predictions.length) {
      out.appendChild(el('h3', '', 'Top words at [MASK] (what the model wanted to say)'));
      out.appendChild(predictionBars(data.predictions, 'top words at the mask'));
    }
  }
  function renderNer(out, data, text) {
    var types = [];
    var para = el('p', 'ner-text');
    para.setAttribute('aria-label', 'text with entities marked');
    var at = 0;
    data.entities.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (e) {
      if (types.indexOf(e.type) < 0) types.push(e.type);
      para.appendChild(document.createTextNode(text.slice(at, e.start)));
      var mark = el('mark', 'entity t' + (types.indexOf(e.type) % 6), text.slice(e.start, e.end));
      mark.dataset.type = e.type; mark.dataset.score = String(e.score);
      mark.appendChild(el('span', 'tag', e.type + ' ' + e.score.toFixed(2)));
      para.appendChild(mark);
      at = e.end;
    });
    para.appendChild(document.createTextNode(text.slice(at)));
    out.appendChild(para);
    if (!data.entities.length) { out.appendChild(el('p', '', 'No entities above the threshold.')); return; }
    var table = el('table'), head = el('tr');
    table.appendChild(el('caption', 'visually-hidden', 'entities'));
    ['Entity', 'Type', 'Score', 'Characters'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    data.entities.forEach(function (e) {
      var tr = el('tr');
      [e.text, e.type, e.score.toFixed(3), e.start + '–' + e.end].forEach(function (v) { tr.appendChild(el('td', '', v)); });
      table.appendChild(tr);
    });
    out.appendChild(table);
  }

  async function send(req) {
    var seq = ++state.seq;
    $('curl').value = curlOf(req);
    state.lastCall = req;
    setStatus('Running…', false);
    var res = await api(req.method, req.path, req.body);
    if (seq !== state.seq) return null;
    if (!res.ok) { showProblem(res.data); return null; }
    return res;
  }

  async function run() {
    clearErrors();
    var req;
    try { req = buildRequest(); } catch (e) { showFieldError(e.input || 'text', e.message); setStatus('Fix the marked field', true); return; }
    var res = await send(req);
    if (!res) return;
    var out = $('result');
    out.textContent = '';
    var t = req.path.slice(3);
    if (t === 'fill-mask') renderFillMask(out, res.data);
    else if (t === 'classify') renderClassify(out, res.data);
    else renderNer(out, res.data, req.body.text);
    setStatus(t + ' done' + (res.data.truncated ? ' (text was truncated to fit the model)' : ''), false);
  }

  async function save(thenRun) {
    clearErrors();
    var name = $('save-name').value.trim(), doc;
    if (!name) { showFieldError('save-name', 'give the config a name'); return; }
    try { doc = configDoc(); } catch (e) { showFieldError(e.input || 'text', e.message); return; }
    var res = await send({ method: 'PUT', path: 'v1/configs/' + encodeURIComponent(name), body: doc });
    if (!res) return;
    await loadConfigs(name);
    setStatus((res.status === 201 ? 'Created' : 'Saved') + ' config "' + name + '" (hash ' + res.data.hash.slice(0, 12) + ')', false);
    if (thenRun) await run();
  }

  async function loadConfigs(select) {
    var res = await api('GET', 'v1/configs');
    if (!res.ok) { showProblem(res.data); return; }
    state.configs = res.data.configs;
    await fillConfigSelect(select);
  }
  function fillConfigSelect(select) {
    var sel = $('config'), t = task();
    sel.textContent = '';
    state.configs.filter(function (c) { return c.task === t; }).forEach(function (c) {
      var o = el('option', '', c.name + (c.preset ? ' (preset)' : ''));
      o.value = c.name;
      if (c.description) o.title = c.description;
      sel.appendChild(o);
    });
    var wanted = select || (t === 'ner' ? 'ner' : 'sentiment');
    if (Array.prototype.some.call(sel.options, function (o) { return o.value === wanted; })) sel.value = wanted;
    return pickConfig(sel.value);
  }
  async function pickConfig(name) {
    if (!name) { state.loaded = null; return; }
    var res = await api('GET', 'v1/configs/' + encodeURIComponent(name));
    if (!res.ok) { showProblem(res.data); return; }
    state.loaded = res.data;
    var c = res.data.config;
    $('template').value = c.template;
    $('words').value = wordsToText(c[wordsKey()]);
    $('options').value = formatOptions(c.options);
    $('examples').value = c.examples === undefined ? '' : JSON.stringify(c.examples, null, 1);
    if (c.examples !== undefined) showExamples(true);
    $('save-name').value = res.data.preset ? '' : res.data.name;
  }

  function applyTaskLayout() {
    var t = task();
    $('fill-fields').hidden = t !== 'fill-mask';
    $('config-fields').hidden = t === 'fill-mask';
    $('save-row').hidden = t === 'fill-mask';
    $('words-label').textContent = t === 'ner' ? 'Entity types (type: words)' : 'Verbalizer (label: words)';
    $('words-hint').textContent = t === 'ner' ? 'One type per line: location: city, country.' : 'One label per line: positive: great, good.';
    Array.prototype.forEach.call(document.querySelectorAll('.ner-only'), function (n) { n.hidden = t !== 'ner'; });
  }
  function onTaskChange() {
    var t = task();
    applyTaskLayout();
    $('text').value = SAMPLE[t];
    $('result').textContent = '';
    setStatus('', false);
    clearErrors();
    var ready = t === 'fill-mask' ? Promise.resolve() : fillConfigSelect();
    ready.then(function () { schedule(0); });
  }

  /** Live validation: any edit re-runs the request (debounced) and shows the API's errors. */
  function schedule(ms) { clearTimeout(state.timer); state.timer = setTimeout(run, ms === undefined ? 600 : ms); }

  async function detectExamples() {
    var res = await api('GET', 'openapi.json');
    var put = res.ok && res.data.paths && res.data.paths['/v1/configs/{name}'] && res.data.paths['/v1/configs/{name}'].put;
    var text = put ? JSON.stringify(put.requestBody || {}) + JSON.stringify(res.data.components || {}) : '';
    showExamples(/"examples":\{/.test(text));
  }
  /** Labelled examples appear once the server's config schema (or a loaded config) has them. */
  function showExamples(on) {
    state.examplesSupported = state.examplesSupported || on;
    $('examples-field').hidden = !state.examplesSupported;
    $('fit').hidden = !state.examplesSupported;
  }

  document.querySelectorAll('input[name=task]').forEach(function (r) { r.addEventListener('change', onTaskChange); });
  $('config').addEventListener('change', function () { pickConfig($('config').value).then(function () { schedule(0); }); });
  ['text', 'top-k', 'template', 'words', 'options', 'examples'].forEach(function (id) { $(id).addEventListener('input', function () { schedule(); }); });
  $('text').addEventListener('keydown', function (e) { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); clearTimeout(state.timer); run(); } });
  $('form').addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(state.timer); run(); });
  $('save').addEventListener('click', function () { save(false); });
  $('fit').addEventListener('click', function () { save(true); });
  $('copy-curl').addEventListener('click', async function () {
    try { $('curl').value = curlOf(buildRequest()); } catch (e) { showFieldError(e.input || 'text', e.message); return; }
    try { await navigator.clipboard.writeText($('curl').value); setStatus('curl command copied', false); }
    catch (e) { $('curl').focus(); $('curl').select(); setStatus('Select-all done: press Ctrl+C to copy', false); }
  });

  applyTaskLayout();
  detectExamples().catch(function () {}).then(function () { return loadConfigs(); }).then(function () {
    setStatus('Ready: press Run (or Ctrl+Enter in the text).', false);
    document.body.dataset.ready = 'true';
  }, function (e) { setStatus('Cannot reach the API: ' + e.message, true); });
})();
`;
