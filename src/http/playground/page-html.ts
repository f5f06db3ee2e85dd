import { PLAYGROUND_SCRIPT } from './page-script.js';
import { PLAYGROUND_CSS } from './page-style.js';

/**
 * GET /playground: one self-contained page (no build step, no external assets), served
 * byte-identically by Node and workerd. It only calls the public API with relative URLs,
 * so it also works behind a path prefix such as Pages Functions.
 */
export const PLAYGROUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cloze-edge playground</title>
<style>${PLAYGROUND_CSS}</style>
</head>
<body>
<header>
  <h1>cloze-edge playground</h1>
  <p>Prompt a masked language model: fill-mask, zero-shot classification, NER.</p>
  <nav aria-label="API reference"><a href="docs">API reference</a><a href="openapi.json">openapi.json</a></nav>
</header>
<main>
<form id="form" aria-labelledby="form-title" novalidate>
  <h2 id="form-title">Request</h2>
  <fieldset>
    <legend>Task</legend>
    <div class="tasks">
      <label><input type="radio" name="task" value="classify" checked> Classify</label>
      <label><input type="radio" name="task" value="ner"> Entities (NER)</label>
      <label><input type="radio" name="task" value="fill-mask"> Fill-mask</label>
    </div>
  </fieldset>
  <div class="field">
    <label for="text">Text</label>
    <textarea id="text" rows="4" aria-describedby="text-hint text-error">I really like the film a lot.</textarea>
    <p class="hint" id="text-hint">Ctrl+Enter runs. For fill-mask, write <code>[MASK]</code> where a word is missing.</p>
    <p class="error" id="text-error" role="alert"></p>
  </div>
  <div id="fill-fields" hidden>
    <div class="field">
      <label for="top-k">Top-k words</label>
      <input id="top-k" type="number" min="1" max="100" value="8" aria-describedby="top_k-error">
      <p class="error" id="top_k-error" role="alert"></p>
    </div>
  </div>
  <div id="config-fields">
    <div class="field">
      <label for="config">Preset or stored config</label>
      <select id="config" aria-describedby="config-hint config-error"></select>
      <p class="hint" id="config-hint">Editing the fields below sends them inline instead of the name.</p>
      <p class="error" id="config-error" role="alert"></p>
    </div>
    <div class="field">
      <label for="template">Template</label>
      <input id="template" type="text" spellcheck="false" aria-describedby="template-hint template-error">
      <p class="hint" id="template-hint"><code>{text}</code>, one <code>[MASK]</code><span class="ner-only">, <code>{span}</code> for the candidate span</span>.</p>
      <p class="error" id="template-error" role="alert"></p>
    </div>
    <div class="field">
      <label for="words" id="words-label">Verbalizer (label: words)</label>
      <textarea id="words" rows="5" spellcheck="false" aria-describedby="words-hint words-error"></textarea>
      <p class="hint" id="words-hint">One label per line: <code>positive: great, good</code>.</p>
      <p class="error" id="words-error" role="alert"></p>
    </div>
    <div class="field">
      <label for="options">Options (JSON)</label>
      <textarea id="options" rows="7" spellcheck="false" aria-describedby="options-error"></textarea>
      <p class="error" id="options-error" role="alert"></p>
    </div>
    <div class="field" id="examples-field" hidden>
      <label for="examples">Labelled examples (JSON)</label>
      <textarea id="examples" rows="4" spellcheck="false" aria-describedby="examples-hint examples-error"></textarea>
      <p class="hint" id="examples-hint">Saved with the config; "Fit and run" stores it under the name below, then runs it.</p>
      <p class="error" id="examples-error" role="alert"></p>
    </div>
  </div>
  <div class="actions">
    <button type="submit" class="primary" id="run">Run</button>
    <button type="button" id="copy-curl">Copy as curl</button>
  </div>
  <div class="row" id="save-row" style="margin-top:0.75rem">
    <div class="field">
      <label for="save-name">Save config as</label>
      <input id="save-name" type="text" spellcheck="false" placeholder="my-config" aria-describedby="name-error">
    </div>
    <button type="button" id="save">Save (PUT)</button>
    <button type="button" id="fit" hidden>Fit and run</button>
  </div>
  <p class="error" id="name-error" role="alert"></p>
  <div class="field" style="margin-top:0.75rem">
    <label for="curl">Request as curl</label>
    <textarea id="curl" readonly spellcheck="false"></textarea>
  </div>
</form>
<section aria-labelledby="result-title">
  <h2 id="result-title">Result</h2>
  <p id="status" role="status" aria-live="polite"></p>
  <div id="result" aria-live="polite"></div>
</section>
</main>
<script>${PLAYGROUND_SCRIPT}</script>
</body>
</html>
`;
