/**
 * Reading and validating scenario files. Every failure becomes a FeedscopeError whose message names
 * the file, the line, the JSON path, what was expected and what was found.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { FeedscopeError } from '../errors.js';
import { jsonPath, locateJsonPaths, offsetToPosition } from './jsonLocate.js';
import { ScenarioSchema, type Scenario } from './schema.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the scenario file, or a label for scenarios given as text. */
  file: string;
  /** Directory that relative paths in the scenario (edge lists) resolve against. */
  baseDir: string;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedscopeError(
      'SCENARIO_NOT_FOUND',
      code === 'ENOENT'
        ? `Scenario file ${abs} does not exist: check the path (sample scenarios are in sample-graphs/).`
        : `Scenario file ${abs} could not be read (${code ?? String(err)}).`,
      { cause: err },
    );
  }
  return { scenario: parseScenarioText(text, abs), file: abs, baseDir: path.dirname(abs) };
}

/** Parses and validates scenario JSON; `label` names the source in errors. */
export function parseScenarioText(text: string, label: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const m = /position (\d+)/.exec(msg);
    const where = m ? offsetToPosition(text, Number(m[1])) : undefined;
    throw new FeedscopeError(
      'SCENARIO_INVALID',
      `${label}${where ? `:${where.line}:${where.column}` : ''}: not valid JSON (${msg}). Fix the syntax there (a missing comma or quote, or a trailing comma).`,
      { cause: err },
    );
  }
  const result = ScenarioSchema.safeParse(raw);
  if (result.success) return result.data;
  throw scenarioSchemaError(result.error, raw, text, label);
}

function scenarioSchemaError(error: z.ZodError, raw: unknown, text: string, label: string): FeedscopeError {
  const positions = locateJsonPaths(text);
  const lines = error.issues.map((issue) => {
    let parts: PropertyKey[] = issue.path;
    let detail = issue.message;
    if (issue.code === 'unrecognized_keys') {
      parts = [...issue.path, issue.keys[0]];
      detail = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or fix the spelling`;
    }
    const p = jsonPath(parts);
    const pos = positions.get(p) ?? positions.get(jsonPath(issue.path));
    const found = valueAt(raw, issue.path);
    const foundText = issue.code === 'unrecognized_keys' ? '' : `; found ${describe(found)}`;
    return `${label}${pos ? `:${pos.line}:${pos.column}` : ''} at ${p}: ${detail}${foundText}`;
  });
  return new FeedscopeError('SCENARIO_INVALID', `Scenario is not valid:\n  ${lines.join('\n  ')}`, { cause: error });
}

function valueAt(raw: unknown, parts: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
