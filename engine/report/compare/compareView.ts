/**
 * The app's Compare tab (issue 14): two runs from report.json texts (or the run loaded now), as
 * the same rows as compare.html, the differential flame graph as an SVG string, and compare.html
 * itself for a download.
 */
import type { Report } from '../../api/report.js';
import { FeedscopeError } from '../../errors.js';
import { flameSvg } from '../flameSvg.js';
import { asReport, compareReports, type Comparison } from './compare.js';

export type { CompareRow } from './compare.js';
import { renderCompareHtml } from './compareHtml.js';

export interface CompareView {
  labels: [string, string];
  latency: Comparison['latency'];
  memory: Comparison['memory'];
  quality: Comparison['quality'];
  run: Comparison['run'];
  /** The differential flame graph (self-contained SVG), '' when neither run has spans. */
  flameSvg: string;
  /** compare.html, and the name to save it under. */
  html: string;
  filename: string;
}

/** A report.json text (the side's label names it in errors). */
export function parseReportText(text: string, label: string): Report {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FeedscopeError('REPORT_INVALID', `${label} is not JSON (${(err as Error).message}): pick a report.json written by "Export" or \`feedscope run --report\`.`, { cause: err });
  }
  return asReport(json, label);
}

export function compareView(a: Report, b: Report, labels: [string, string]): CompareView {
  const c = compareReports(a, b, labels);
  return {
    labels,
    latency: c.latency,
    memory: c.memory,
    quality: c.quality,
    run: c.run,
    flameSvg: c.flame.value > 0 ? flameSvg(c.flame, { width: 1000 }) : '',
    html: renderCompareHtml(c),
    filename: 'compare.html',
  };
}
