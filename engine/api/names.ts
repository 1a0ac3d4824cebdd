/**
 * Every closed set of names that crosses a boundary (API, scenario files, report.json), declared
 * once `as const`: the zod enums (api/commands.ts, scenario/schema.ts) and the TypeScript types
 * are derived from these lists, so a new strategy or key type is added in one place.
 */

export const MODEL_NAMES = ['timeline', 'graph'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Score strategies of the drift lab (engine/drift/strategies.ts, article 4.2). */
export const SCORE_STRATEGIES = ['raw', 'shift20', 'snowflake', 'hlc'] as const;
export type ScoreStrategyName = (typeof SCORE_STRATEGIES)[number];

/** The Redis key types the key browser filters and pages (TYPE's replies for the data types). */
export const KEY_TYPES = ['string', 'list', 'set', 'zset', 'hash', 'stream'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const GRAPH_STORE_KINDS = ['ladybug', 'neo4j'] as const;
export type GraphStoreKind = (typeof GRAPH_STORE_KINDS)[number];

/** The graph model's recall paths (engine/graphfeed/recall.ts). */
export const RECALL_PATHS = ['follow', 'interest', 'city', 'topic'] as const;
export type RecallPath = (typeof RECALL_PATHS)[number];

export const PLAYER_STATES = ['empty', 'loading', 'ready', 'playing', 'paused', 'finished', 'error'] as const;
export type PlayerState = (typeof PLAYER_STATES)[number];

export const FLAME_VIEWS = ['left-heavy', 'time-ordered'] as const;
export type FlameViewName = (typeof FLAME_VIEWS)[number];

export const FLAME_EXPORT_FORMATS = ['folded', 'speedscope'] as const;
export type FlameExportFormat = (typeof FLAME_EXPORT_FORMATS)[number];

export const CLAIM_VERDICTS = ['reproduced', 'refuted', 'not measurable here', 'not measured yet'] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];
