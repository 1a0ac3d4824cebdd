/** The app's "Export report": report.json or report.html of the current run, as text for a download. */
import type { Report } from '../api/report.js';
import { renderReportHtml } from './html.js';

/** A file name from the scenario's name: "Timeline vs Graph" -> "timeline-vs-graph". */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'run';
}

export function exportReport(report: Report, format: 'json' | 'html'): { filename: string; mime: string; text: string } {
  const base = `feedscope-${slug(report.scenario.name)}`;
  if (format === 'json') return { filename: `${base}.report.json`, mime: 'application/json', text: `${JSON.stringify(report, null, 2)}\n` };
  return { filename: `${base}.report.html`, mime: 'text/html', text: renderReportHtml(report) };
}
