/** What a front end tells the engine: where Redis and the graph store are, and the paths it knows. */
import type { GraphStoreOptions } from './backends/GraphStore.js';
import type { FeedModelFactory } from './model.js';
import type { SavedConnectionsOptions } from './inspect/savedConnections.js';
import type { ClusterTarget } from './redis/clusterConnect.js';

export interface EngineOptions {
  /** An existing Redis; without it the engine starts a private redis-server. */
  redisUrl?: string;
  /** Run every scenario on this cluster: a private one of N masters, or an existing one by seeds. */
  cluster?: ClusterTarget;
  redisBin?: string;
  prefix?: string;
  /** Where listScenarios looks, and where text scenarios resolve relative paths. */
  sampleGraphsDir?: string;
  /**
   * The graph model's ranker when a scenario names none: models/ranker.onnx of the checkout or
   * the packaged app. The entry point knows where that is; without it a graph scenario must name
   * `graphModel.rankerFile`.
   */
  rankerFile?: string;
  /** report.json names files relative to this directory (the entry point's working directory). */
  reportBaseDir?: string;
  /** Wait for a Redis reply before a connection is declared stuck (ms); default 15,000. */
  commandTimeoutMs?: number;
  /** Model factories by name; the timeline model is built in. */
  models?: Partial<Record<'timeline' | 'graph', FeedModelFactory>>;
  /** Reads in flight at once within a tick. */
  readConcurrency?: number;
  /** Where the benchmarks wrote their results (bench/results), for the claims ledger; none: claims read "not measured yet". */
  benchResultsDir?: string;
  /** The capacity planner's calibration (models/capacity-calibration.json, or `feedscope plan --calibrate`'s); none: `plan` says so. */
  capacityCalibrationFile?: string;
  /** The graph model's store: embedded LadybugDB in a temp directory (default) or a Neo4j server. */
  graphStore?: GraphStoreOptions;
  /** Where generated follow graphs are kept between runs (engine/scenario/graphCache.ts); absent: always drawn. */
  graphCacheDir?: string;
  /**
   * The key browser's saved connections: a vault (Electron's safeStorage) and a file keep them
   * encrypted on disk; without both, the engine's memory only, and `memoryReason` says why.
   */
  savedConnections?: SavedConnectionsOptions;
  /** Leave the prefix's keys on a server Feedscope did not start (REDIS_URL) when it closes; default: delete them. */
  keepKeys?: boolean;
}
