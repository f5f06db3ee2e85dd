/**
 * The playground's stylesheet. Colours keep at least 4.5:1 contrast on their background
 * (WCAG AA); focus is always visible; values are written as text, never by colour alone.
 */
export const PLAYGROUND_CSS = `
:root { color-scheme: light; --fg: #16181d; --muted: #4a5160; --bg: #ffffff; --panel: #f4f6f9; --line: #c5ccd6;
  --accent: #0a4fa8; --accent-fg: #ffffff; --bar: #1f63c6; --bar-top: #0b7a3e; --err: #a3141c; --err-bg: #fdecee; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 0.75rem 1.25rem; border-bottom: 1px solid var(--line); display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 1.25rem; margin: 0; }
header p { margin: 0; color: var(--muted); }
header nav { margin-left: auto; display: flex; gap: 1rem; }
a { color: var(--accent); }
main { display: grid; grid-template-columns: minmax(20rem, 1fr) minmax(20rem, 1fr); gap: 1.25rem; padding: 1.25rem; max-width: 90rem; margin: 0 auto; }
@media (max-width: 60rem) { main { grid-template-columns: 1fr; } }
section, form { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.tasks { display: flex; gap: 1rem; flex-wrap: wrap; }
.tasks label { display: inline-flex; gap: 0.35rem; align-items: center; font-weight: 500; }
.field { margin: 0 0 0.75rem; }
.field > label { display: block; font-weight: 600; margin-bottom: 0.2rem; }
.hint { color: var(--muted); font-size: 0.875rem; margin: 0.15rem 0 0; }
textarea, input[type=text], input[type=number], select { width: 100%; font: inherit; color: var(--fg); background: #fff;
  border: 1px solid #6b7382; border-radius: 4px; padding: 0.4rem 0.5rem; }
textarea { resize: vertical; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem; }
#text { font-family: inherit; font-size: 1rem; }
input[type=number] { width: 6rem; }
[aria-invalid=true] { border-color: var(--err); border-width: 2px; }
.error { color: var(--err); background: var(--err-bg); border-radius: 4px; padding: 0.2rem 0.4rem; margin: 0.25rem 0 0; font-size: 0.9rem; }
.error:empty { display: none; }
button { font: inherit; font-weight: 600; border-radius: 4px; padding: 0.45rem 0.9rem; cursor: pointer;
  border: 1px solid var(--accent); background: #fff; color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-fg); }
button:disabled { opacity: 0.6; cursor: progress; }
:focus-visible { outline: 3px solid #d97706; outline-offset: 2px; }
.row { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; }
.row .field { flex: 1; margin: 0; }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.75rem; }
[hidden] { display: none !important; }
#status { min-height: 1.5rem; color: var(--muted); margin: 0 0 0.5rem; }
#status.bad { color: var(--err); font-weight: 600; }
ol.bars { list-style: none; margin: 0; padding: 0; }
.bar-row { display: grid; grid-template-columns: minmax(6rem, 11rem) 1fr 4.5rem; gap: 0.5rem; align-items: center; margin: 0.2rem 0; }
.bar-label { overflow-wrap: anywhere; font-weight: 500; }
.bar-track { background: #e2e6ec; border-radius: 3px; height: 1.1rem; overflow: hidden; }
.bar-fill { display: block; height: 100%; background: var(--bar); min-width: 2px; }
.bar-row.top .bar-fill { background: var(--bar-top); }
.bar-row.top .bar-label { font-weight: 700; }
.bar-value { text-align: right; font-variant-numeric: tabular-nums; }
.answer { font-size: 1.05rem; margin: 0 0 0.5rem; }
.ner-text { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; line-height: 2.2; white-space: pre-wrap; }
mark.entity { color: #111; border-radius: 4px; padding: 0.1rem 0.25rem; background: #e5e7eb; border: 1px solid #9aa1ad; }
mark.entity .tag { font-size: 0.75rem; font-weight: 700; margin-left: 0.3rem; text-transform: uppercase; letter-spacing: 0.02em; }
mark.t0 { background: #fde68a; } mark.t1 { background: #bbf7d0; } mark.t2 { background: #bfdbfe; }
mark.t3 { background: #fbcfe8; } mark.t4 { background: #ddd6fe; } mark.t5 { background: #fed7aa; }
table { border-collapse: collapse; width: 100%; margin-top: 0.75rem; font-size: 0.9rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 0.25rem 0.4rem; }
#curl { height: 6rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
