/**
 * The renderer-facing API of Feedscope, defined once. Electron's preload exposes it as
 * `window.feedscope`; browser mode carries the same calls over a WebSocket. Every request payload
 * is validated with the zod schemas of api/commands.ts before it reaches the engine.
 * renderer/ imports only the types of this file (`import type`).
 *
 * - api/names.ts     every closed set of names (`as const`), from which enums and types derive
 * - api/commands.ts  command names, argument schemas, result types, the FeedscopeApi shape
 * - api/views.ts     the data of results and events (status, frames, feeds, inspectors, claims)
 * - api/report.ts    report.json's sections
 */
export * from './api/names.js';
export * from './api/commands.js';
export type * from './api/views.js';
export type * from './api/report.js';
export type * from './causality/types.js';
export type * from './migration/types.js';
export { KEY_SORTS, SCAN_ACTIONS, STREAM_ACTIONS, MAX_STRING_RANGE_BYTES } from './inspect/keyBrowserApi.js';
export type * from './inspect/keyBrowserApi.js';
export { PLAN_MODES, PLAN_PRESETS, PLAN_MODELS } from './planner/api.js';
export type * from './planner/api.js';
