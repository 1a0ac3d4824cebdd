/** Builds a scenario's migration run, or says why it cannot run. */
import { FeedscopeError } from '../errors.js';
import type { DriftLab } from '../drift/DriftLab.js';
import type { RedisTransport } from '../redis/transport/RedisTransport.js';
import type { PostEvent } from '../scenario/events.js';
import type { Scenario } from '../scenario/schema.js';
import type { FollowGraph } from '../social/FollowGraph.js';
import { MigrationRun } from './MigrationRun.js';

export function openMigration(scenario: Scenario, o: { transport: RedisTransport; prefix: string; posts: ReadonlyMap<number, PostEvent>; graph: FollowGraph; drift: () => DriftLab | null }): MigrationRun | null {
  const m = scenario.migration;
  if (!m) return null;
  if (!scenario.models.includes('timeline') || !scenario.models.includes('graph')) {
    throw new FeedscopeError('MIGRATION_NEEDS_BOTH_MODELS', `The scenario's "migration" moves users from the Timeline to the Graph model, but "models" is ${JSON.stringify(scenario.models)}: set "models": ["timeline", "graph"] or remove "migration".`);
  }
  return new MigrationRun({ options: m, transport: o.transport, key: `${o.prefix}science:feed-migration:mismatch`, posts: o.posts, graph: o.graph, users: o.graph.users, epochMs: scenario.workload.startEpochMs, drift: o.drift });
}
