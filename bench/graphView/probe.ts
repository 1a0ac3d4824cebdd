/**
 * The bench's side of the in-page probe (bench/browser/probe.mts): the probe bundled into one
 * script for the pages, and typed calls into it. The bench compiles without the DOM, so it never
 * writes page code itself; it names a PageProbe method and passes JSON arguments.
 */
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBE_GLOBAL, type PageProbe } from './probeContract.js';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'browser', 'probe.mts');

let bundled: Promise<string> | null = null;

/** The probe as one classic script (an IIFE): inline it in a page, or give it to page.addInitScript. */
export function probeScript(): Promise<string> {
  bundled ??= build({ entryPoints: [ENTRY], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' }).then((r) => r.outputFiles[0].text);
  return bundled;
}

type Method = keyof PageProbe;

/** The page-side expression calling probe method `name` with `args` (JSON). */
export function probeCall<K extends Method>(name: K, ...args: Parameters<PageProbe[K]>): string {
  return `window.${PROBE_GLOBAL}.${name}(...${JSON.stringify(args)})`;
}

/** Calls probe method `name` in `page` and returns its (awaited) result. */
export function callProbe<K extends Method>(page: Page, name: K, ...args: Parameters<PageProbe[K]>): Promise<Awaited<ReturnType<PageProbe[K]>>> {
  return page.evaluate<Awaited<ReturnType<PageProbe[K]>>>(probeCall(name, ...args));
}
