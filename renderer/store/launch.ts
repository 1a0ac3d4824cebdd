/**
 * First launch and opened files (issue 14): which scenario a fresh window loads (the last one used
 * here, else the flagship demo), and a look at an opened file before it is sent, so that a PNG or
 * a text file is told "not a JSON file" instead of a parser's complaint about its bytes.
 */
import type { ApiError, ScenarioEntry } from '../../engine/api.js';

/** The demo a trainer opens with: both models on the same events. */
export const FLAGSHIP_FILE = 'timeline-vs-graph.json';
export const FLAGSHIP_NAME = 'Timeline vs Graph';
export const LAST_SCENARIO_KEY = 'feedscope.lastScenario';

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** The scenario to load on a first launch: the last one used (if still listed and valid), else the flagship. */
export function launchScenario(entries: readonly ScenarioEntry[], last: string | null): ScenarioEntry | null {
  const ok = entries.filter((e) => !e.error);
  return (last ? ok.find((e) => e.file === last) : undefined) ?? ok.find((e) => baseName(e.file) === FLAGSHIP_FILE) ?? ok.find((e) => e.name === FLAGSHIP_NAME) ?? null;
}

/** How many leading bytes are looked at. */
const SNIFF_BYTES = 4096;

/**
 * Why `bytes` (an opened file's start) cannot be a scenario, or null if it may be one (the engine
 * then says what is wrong inside it). Never quotes binary content.
 */
export function notAScenario(name: string, bytes: Uint8Array): ApiError | null {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of head) if (b === 0 || (b < 9) || (b > 13 && b < 32)) control++;
  if (head.length === 0) return { code: 'NOT_JSON', message: `${name} is empty: open a scenario .json file (see sample-graphs/).` };
  if (control > 0) return { code: 'NOT_JSON', message: `${name} is not a JSON file (it is binary: ${kind(head)}). Open a scenario .json file (see sample-graphs/).` };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) {
    const first = text.split(/\r?\n/)[0].slice(0, 40);
    return { code: 'NOT_JSON', message: `${name} is not a JSON file: a scenario starts with "{", this file starts with "${first}". Open a scenario .json file (see sample-graphs/).` };
  }
  return null;
}

function kind(head: Uint8Array): string {
  const sig = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (sig === '89504e47') return 'a PNG image';
  if (sig.startsWith('ffd8')) return 'a JPEG image';
  if (sig === '25504446') return 'a PDF';
  if (sig === '504b0304') return 'a ZIP archive';
  return 'control bytes found';
}
