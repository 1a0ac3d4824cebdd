/**
 * Seeded fuzzing of scenario validation: a few hundred mutants of the sample scenarios (a value
 * replaced by one of the wrong kind, out of range, a key deleted or misspelt, the text cut short)
 * through loadScenarioText, the path of the app's "Open file..." and of `feedscope validate`.
 * Every mutant must be accepted or rejected with a FeedscopeError (0 crashes), within a time limit
 * (0 hangs), and a rejected one must name the file and, for valid JSON, the JSON path (or, for
 * broken JSON, its line and column).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { loadScenarioText } from './load.js';
import { Prng } from './prng.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sample-graphs');
const MUTANTS = 300;
const HANG_MS = 5000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WRONG_VALUES: Json[] = [null, -1, 0, 1e12, -1e308, 1.5, '', 'x', true, [], {}, [1, 2], { a: 1 }, 2 ** 53, 'NaN'];

/** Every path to a value in `v`, as keys. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function mutate(doc: Json, rng: Prng): { doc: Json; what: string } {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const all = paths(copy).filter((p) => p.length > 0);
  const p = all[rng.int(all.length)];
  let parent = copy as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const key = p[p.length - 1];
  const op = rng.int(4);
  if (op === 0 && !Array.isArray(parent)) {
    delete parent[key];
    return { doc: copy, what: `delete ${p.join('.')}` };
  }
  if (op === 1 && !Array.isArray(parent)) {
    parent[`${key}x`] = parent[key];
    delete parent[key];
    return { doc: copy, what: `rename ${p.join('.')}` };
  }
  const v = WRONG_VALUES[rng.int(WRONG_VALUES.length)];
  const old = parent[key];
  parent[key] = op === 2 && typeof old === 'number' ? old * (rng.chance(0.5) ? -1 : 1e9) : v;
  return { doc: copy, what: `set ${p.join('.')} = ${JSON.stringify(parent[key])}` };
}

async function withinLimit<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what}`)), HANG_MS)));
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('scenario fuzzing (seeded)', () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).sort();

  it(`${MUTANTS} mutants of the ${samples.length} samples: 0 crashes, 0 hangs, every rejection names the file and the JSON path`, async () => {
    const rng = new Prng(16, 'fuzz');
    const docs = samples.map((f) => ({ file: f, doc: JSON.parse(readFileSync(path.join(SAMPLES, f), 'utf8')) as Json }));
    let accepted = 0;
    let rejected = 0;
    const problems: string[] = [];
    for (let i = 0; i < MUTANTS; i++) {
      const { file, doc } = docs[rng.int(docs.length)];
      const cut = rng.chance(0.1);
      const m = cut ? { doc, what: 'text cut short' } : mutate(doc, rng);
      const full = JSON.stringify(m.doc, null, 2);
      const text = cut ? full.slice(0, 1 + rng.int(full.length - 1)) : full;
      const label = `mutant-${i}-${file}`;
      try {
        await withinLimit(loadScenarioText(text, label, SAMPLES), `${label}: ${m.what}`);
        accepted++;
      } catch (err) {
        rejected++;
        if (!(err instanceof FeedscopeError)) {
          problems.push(`${label} (${m.what}): crashed with ${(err as Error).message}`);
          continue;
        }
        const named = cut ? new RegExp(`${label}:\\d+:\\d+`).test(err.message) : err.message.includes(label) && /(\$[.[]|at \$)/.test(err.message);
        if (!named) problems.push(`${label} (${m.what}): ${err.code} without file and path: ${err.message.slice(0, 300)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(rejected).toBeGreaterThan(MUTANTS / 3);
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);
});
