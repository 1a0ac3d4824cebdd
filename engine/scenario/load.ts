/**
 * Reading and validating scenario files. Every failure becomes a FeedscopeError whose message names
 * the file, the line, the JSON path, what was expected and what was found; a syntax error quotes
 * nothing of the file (it may not be a scenario at all). A scenario that validates is then
 * estimated (budget.ts) and refused when a run would not fit the machine, unless `force`.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { FeedscopeError } from '../errors.js';
import { checkRunBudget, estimateRun, type BudgetLimits, type RunEstimate } from './budget.js';
import { resolveEdgeListFile } from './edgeList.js';
import { jsonDepthProblem, jsonPath, jsonSyntaxError, locateJsonPaths, offsetToPosition } from './jsonLocate.js';
import { ScenarioSchema, type Scenario } from './schema.js';

/** Largest scenario file read (loadScenarioText takes at most 10M characters too). */
export const MAX_SCENARIO_BYTES = 10_000_000;
/** Deepest nesting of objects and arrays in a scenario (a real one nests 4 deep). */
export const MAX_JSON_DEPTH = 64;

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the scenario file, or a label for scenarios given as text. */
  file: string;
  /** Directory that relative paths in the scenario (edge lists) resolve against. */
  baseDir: string;
  /** What a run will need (budget.ts). */
  estimate: RunEstimate;
}

/** How loading checks a scenario against the machine (budget.ts): `force` accepts any estimate. */
export type LoadOptions = BudgetLimits;

export async function loadScenarioFile(file: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  const abs = path.resolve(file);
  const text = await readScenarioFile(abs);
  return checkedScenario(text, abs, path.dirname(abs), options);
}

/**
 * A scenario given as text (the app's "Open file..."), checked as a file is: its edge list must
 * resolve inside `baseDir` (sample-graphs/ for the app), and a run must fit the machine.
 */
export async function loadScenarioText(text: string, label: string, baseDir: string, options: LoadOptions = {}): Promise<LoadedScenario> {
  return checkedScenario(text, label, path.resolve(baseDir), options);
}

async function checkedScenario(text: string, label: string, baseDir: string, options: LoadOptions): Promise<LoadedScenario> {
  const body = stripBom(text);
  const scenario = parseScenarioText(body, label);
  const positions = locateJsonPaths(body);
  const at = (p: string): string => {
    const pos = positions.get(p);
    return pos ? `${label}:${pos.line}:${pos.column}` : label;
  };
  let edgeListBytes: number | undefined;
  if (scenario.graph.kind === 'edgeList') edgeListBytes = (await resolveEdgeListFile(scenario.graph, baseDir, at('$.graph.file'))).bytes;
  const estimate = estimateRun(scenario, { edgeListBytes });
  checkRunBudget(estimate, label, options, at);
  return { scenario, file: label, baseDir, estimate };
}

/** The file's text: a regular file of at most MAX_SCENARIO_BYTES (a FIFO or /dev/zero would never end). */
async function readScenarioFile(abs: string): Promise<string> {
  let fh;
  try {
    fh = await open(abs, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedscopeError(
      'SCENARIO_NOT_FOUND',
      code === 'ENOENT'
        ? `Scenario file ${abs} does not exist: check the path (sample scenarios are in sample-graphs/).`
        : `Scenario file ${abs} could not be read (${code ?? String(err)}): check its permissions.`,
      { cause: err },
    );
  }
  try {
    const info = await fh.stat();
    if (!info.isFile()) throw new FeedscopeError('SCENARIO_NOT_A_FILE', `Scenario file ${abs} is not a regular file (a directory, device or pipe): give the path of a .json file.`);
    if (info.size > MAX_SCENARIO_BYTES) {
      throw new FeedscopeError('SCENARIO_TOO_BIG', `Scenario file ${abs} has ${info.size.toLocaleString('en-US')} bytes; a scenario has at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')}. Put large graphs in an edge list next to it ("graph": {"kind": "edgeList", "file": ...}).`);
    }
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/** A UTF-8 byte order mark (some Windows editors write one) is not part of the JSON. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses and validates scenario JSON; `label` names the source in errors. */
export function parseScenarioText(text: string, label: string): Scenario {
  const body = stripBom(text);
  // Before anything walks the value recursively (the error path below does).
  const deep = jsonDepthProblem(body, MAX_JSON_DEPTH);
  if (deep) {
    const where = offsetToPosition(body, deep.offset);
    throw new FeedscopeError(
      'SCENARIO_INVALID',
      `${label}:${where.line}:${where.column} at ${deep.path.length > 120 ? `${deep.path.slice(0, 117)}...` : deep.path}: objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels; a scenario nests a few. Remove the extra nesting there.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    const syntax = jsonSyntaxError(body);
    const offset = syntax?.offset ?? Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? NaN);
    const where = Number.isFinite(offset) ? offsetToPosition(body, offset) : undefined;
    throw new FeedscopeError(
      'SCENARIO_INVALID',
      `${label}${where ? `:${where.line}:${where.column}` : ''}: not valid JSON${syntax ? ` (expected ${syntax.expected})` : ''}. Fix the syntax there (a missing comma or quote, or a trailing comma).`,
      { cause: err },
    );
  }
  const result = ScenarioSchema.safeParse(raw);
  if (result.success) return result.data;
  throw scenarioSchemaError(result.error, raw, body, label);
}

function scenarioSchemaError(error: z.ZodError, raw: unknown, text: string, label: string): FeedscopeError {
  const positions = locateJsonPaths(text);
  const lines = error.issues.flatMap(unionBranchIssues).map((issue) => {
    let parts: PropertyKey[] = issue.path;
    let detail = issue.message;
    if (issue.code === 'unrecognized_keys') {
      parts = [...issue.path, issue.keys[0]];
      detail = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or fix the spelling`;
    } else if (issue.code === 'too_big' && issue.origin === 'number') {
      detail = `${issue.message} (give at most ${Number(issue.maximum).toLocaleString('en-US')})`;
    } else if (issue.code === 'too_small' && issue.origin === 'number') {
      detail = `${issue.message} (give at least ${Number(issue.minimum).toLocaleString('en-US')})`;
    }
    const p = jsonPath(parts);
    const pos = positions.get(p) ?? positions.get(jsonPath(issue.path));
    const found = valueAt(raw, issue.path);
    const foundText = issue.code === 'unrecognized_keys' ? '' : `; found ${describe(found)}`;
    return `${label}${pos ? `:${pos.line}:${pos.column}` : ''} at ${p}: ${detail}${foundText}`;
  });
  return new FeedscopeError('SCENARIO_INVALID', `Scenario is not valid:\n  ${lines.join('\n  ')}`, { cause: error });
}

/**
 * A union that failed as a whole (`faults`: a schedule or the static form) reports the issues of
 * the branch the value was meant for (the one not refused for its type at its root), with their
 * full paths, so the message names the key inside that is wrong.
 */
function unionBranchIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const meant = issue.errors.filter((branch) => !branch.every((i) => i.path.length === 0 && i.code === 'invalid_type'));
  if (meant.length !== 1) return [issue];
  return meant[0].flatMap((i) => unionBranchIssues({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
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
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? 'an array' : typeof v;
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
