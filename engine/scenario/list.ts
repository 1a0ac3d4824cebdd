/** The scenario picker's list: every JSON file of a folder, with the error of each that does not validate. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioEntry } from '../api.js';
import { errorInfo } from '../errors.js';
import { loadScenarioFile } from './load.js';

export async function listScenarioFiles(dir: string | null): Promise<ScenarioEntry[]> {
  if (!dir) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const out: ScenarioEntry[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    try {
      const { scenario } = await loadScenarioFile(file);
      out.push({ file, name: scenario.name, description: scenario.description, models: scenario.models });
    } catch (err) {
      out.push({ file, name: f, description: '', models: [], error: errorInfo(err).message });
    }
  }
  return out;
}
