/** `feedscope run --report DIR`: the run's flame data as files (folded stacks, speedscope JSON), all spans and per model. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flameExport } from '../inspect/Inspectors.js';
import { flameIndex } from '../trace/flame.js';
import type { Tracer } from '../trace/Tracer.js';

/** Writes flame.folded.txt, flame.speedscope.json and flame-{model}.* into `dir`; returns the file names. */
export async function writeFlameFiles(dir: string, tracer: Tracer): Promise<string[]> {
  const written: string[] = [];
  const { models } = flameIndex(tracer.foldedMap().keys());
  for (const model of [null, ...models]) {
    const base = model ? `flame-${model}` : 'flame';
    const folded = flameExport(tracer, 'folded', { model, operation: null });
    const speedscope = flameExport(tracer, 'speedscope', { model, operation: null });
    await writeFile(path.join(dir, `${base}.folded.txt`), folded.text);
    await writeFile(path.join(dir, `${base}.speedscope.json`), speedscope.text);
    written.push(`${base}.folded.txt`, `${base}.speedscope.json`);
  }
  return written;
}
