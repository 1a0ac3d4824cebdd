/** The engine's public entry: what main/, the CLI, benchmarks and tests use. */
export { Engine, type EngineOptions } from './Engine.js';
export { FeedscopeError, errorInfo } from './errors.js';
export * from './api.js';
export { openRedis, deletePrefix, DEFAULT_PREFIX, type RedisHandle } from './redis/connect.js';
export { RedisServer } from './redis/RedisServer.js';
export * from './scenario/index.js';
export { Tracer } from './trace/Tracer.js';
export type { Report } from './report/report.js';
