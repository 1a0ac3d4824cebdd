/** The engine's public entry: what main/, the CLI, benchmarks and tests use. */
export { Engine, type EngineOptions } from './Engine.js';
export { feedscopeCacheDir, graphCacheDir } from './cacheDir.js';
export { defaultCalibrationFile } from './planner/calibrate.js';
export { machineInfo } from './planner/measure.js';
export { FeedscopeError, errorInfo } from './errors.js';
export * from './api.js';
export { COMMANDS, dispatch, runCommand, isCommandName, payloadError, type CommandHandlers, type DispatchResult } from './commands.js';
export { openRedis, deletePrefix, DEFAULT_PREFIX, type RedisHandle } from './redis/connect.js';
export { RedisServer } from './redis/RedisServer.js';
export { configureNodeRuntime, nodeRuntime } from './redis/nodeRuntime.js';
export * from './scenario/index.js';
export { Tracer } from './trace/Tracer.js';
export type { Report } from './report/report.js';
// Building blocks the benchmarks (bench/) drive directly, as a user of the engine would.
export { FollowGraph } from './social/FollowGraph.js';
export { TimelineModel, type FeedItem } from './timeline/TimelineModel.js';
export { resolveTimelineConfig, TIMELINE_PRESETS, type TimelineConfig } from './timeline/presets.js';
export { RespWriter, respCommand, respArg } from './redis/RespWriter.js';
export { KeySpace } from './redis/keys.js';
export { openTransport } from './redis/transport/open.js';
export { IoredisTransport } from './redis/transport/IoredisTransport.js';
export { RespTransport } from './redis/transport/RespTransport.js';
export type { RedisTransport, RedisCommand, FanoutWrite, BatchResult } from './redis/transport/RedisTransport.js';
export { ClusterTransport, type ClusterRouteStats } from './redis/transport/ClusterTransport.js';
export { RedisCluster } from './redis/RedisCluster.js';
export { ClusterConnection, type ClusterAuth, type ClusterTarget } from './redis/clusterConnect.js';
export { SavedConnections, type SavedConnectionsOptions, type Vault } from './inspect/savedConnections.js';
export { reshard, type ReshardResult } from './redis/clusterReshard.js';
export { clusterNodeStats, type ClusterNodeStats } from './redis/clusterStats.js';
export { fillMixedFeeds, mixedKeys, readMixed, type MixedFeedLayout, type MixedVariant } from './cluster/mixedFeed.js';
export { ShardedWriter, SyncTimelineWriter, FLUSH_BATCH, FLUSH_INTERVAL_MS, MAX_BODY_BYTES, type TimelineWrite, type WriteOutcome } from './timeline/ShardedWriter.js';
export { DelayProxy, NO_DELAY, type DelayProfile } from './faults/DelayProxy.js';
export { SetAdjacency, RoaringAdjacency, EdgeBloom, BloomRoaringAdjacency, bloomSizing, bloomExpectedFpr, type Adjacency } from './structures/adjacency.js';
export { GraphFeed, asGraphFeed } from './graphfeed/GraphFeed.js';
export { OnnxRanker } from './graphfeed/ranker/onnxModel.js';
export { FEATURE_COUNT } from './graphfeed/features.js';
// bench/ and claims:
// A private Neo4j (tools/neo4j) for bench/graph.ts's LadybugDB-vs-Neo4j comparison.
export { Neo4jServer, NEO4J_UNAVAILABLE_CODES } from './backends/Neo4jServer.js';
// The schemas of bench/results/<name>.json: bench/ checks its figures with them before writing,
// the claims ledger parses the files with them.
export * from './claims/benchResults.js';
