/** What report.html and compare.html share: escaping, number format, one print-friendly style sheet. */

export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const fmtNum = (n: number): string => (n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US'));

export const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(2)} MiB`;

export const PAGE_STYLE = [
  'body{font:14px system-ui,sans-serif;margin:2em auto;max-width:66em;padding:0 1em;color:#222}',
  'h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}',
  'table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}',
  '.better{color:#1b7f2a;font-weight:600}.worse{color:#b3261e;font-weight:600}.diff{color:#555}.same{color:#888}',
  '.note{color:#555;max-width:60em}.runs li{margin:.2em 0}',
  '.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;border:1px solid #999}.swatch.red{background:rgb(255,90,90)}.swatch.blue{background:rgb(90,90,255)}',
  '.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(18em,1fr));gap:1em}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em}.card h3{margin:.2em 0 .4em}',
  '.card dl{display:grid;grid-template-columns:auto auto;gap:.15em 1em;margin:0}.card dt{color:#555}.card dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}',
  'svg text{font:11px system-ui,sans-serif}svg.flame{max-width:100%;height:auto}',
  '.charts{display:flex;flex-wrap:wrap;gap:1em 2em}table.capacity td,table.capacity th{white-space:nowrap}table.capacity .from{text-align:left;white-space:normal}table.capacity td.from{color:#555;font-size:12px}',
  'pre{white-space:pre-wrap;background:#f7f7f7;padding:.6em;border-radius:4px;font-size:12px}',
  '@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}}',
].join('');
