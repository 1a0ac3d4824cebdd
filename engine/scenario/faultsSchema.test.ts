import { describe, expect, it } from 'vitest';
import { FeedscopeError } from '../errors.js';
import { FaultSchedule, faultLabel } from '../faults/FaultSchedule.js';
import { phaseOf } from '../faults/EventAccount.js';
import { faultSchedule } from './faultsSchema.js';
import { parseScenarioText } from './load.js';

const base = {
  name: 'f',
  seed: 1,
  models: ['timeline', 'graph'],
  graph: { kind: 'generator', users: 10, avgFollows: 2 },
  workload: { durationSec: 30, postsPerSec: 1, readsPerSec: 1 },
};

function errorOf(faults: unknown, extra: object = {}): string {
  try {
    parseScenarioText(JSON.stringify({ ...base, ...extra, faults }, null, 2), 'chaos.json');
  } catch (err) {
    expect(err).toBeInstanceOf(FeedscopeError);
    return (err as FeedscopeError).message;
  }
  throw new Error('expected a rejection');
}

describe('faults schedule in the scenario schema', () => {
  it('accepts every kind and fills the windows', () => {
    const s = parseScenarioText(JSON.stringify({ ...base, faults: [
      { atSec: 1, durationSec: 2, kind: 'redisDelay', spikeMs: 100, spikeProbability: 0.1 },
      { atSec: 4, kind: 'redisKill' },
      { atSec: 8, kind: 'redisPause', durationSec: 1 },
      { atSec: 10, kind: 'connectionDrop' },
      { atSec: 12, kind: 'graphStoreStop' },
      { atSec: 15, kind: 'clusterNodeKill', node: 1 },
      { atSec: 15, kind: 'partition', node: 2 },
    ] }), 'x.json');
    const schedule = faultSchedule(s.faults, s.workload.durationSec);
    expect(schedule.map((f) => f.kind)).toEqual(['redisDelay', 'redisKill', 'redisPause', 'connectionDrop', 'graphStoreStop', 'clusterNodeKill', 'partition']);
    expect(schedule[1]).toEqual({ kind: 'redisKill', atSec: 4, durationSec: 2 });
    expect(schedule[3].durationSec).toBeUndefined();
  });

  it('keeps the static redisDelay of before valid, as a delay over the whole run', () => {
    const s = parseScenarioText(JSON.stringify({ ...base, faults: { redisDelay: { spikeMs: 150, spikeProbability: 0.005 } } }), 'x.json');
    expect(faultSchedule(s.faults, 30)).toEqual([{ kind: 'redisDelay', atSec: 0, durationSec: 30, baseMs: 0, spikeMs: 150, spikeProbability: 0.005 }]);
  });

  it('names the JSON path of what is wrong inside the schedule', () => {
    expect(errorOf([{ atSec: 1, kind: 'redisKill' }, { atSec: -1, kind: 'redisPause' }])).toMatch(/chaos\.json:\d+:\d+ at \$\.faults\[1\]\.atSec: .*>=0/);
    expect(errorOf([{ atSec: 1, kind: 'redisKil' }])).toMatch(/at \$\.faults\[0\]\.kind: Invalid discriminator value/);
    expect(errorOf([{ atSec: 1, kind: 'redisKill', restartAfter: 3 }])).toMatch(/at \$\.faults\[0\]\.restartAfter: unknown key "restartAfter"/);
    expect(errorOf({ redisDelay: { baseMs: -5 } })).toMatch(/at \$\.faults\.redisDelay\.baseMs/);
  });

  it('checks the schedule against the run: windows inside it, one fault on one thing, the graph model for graphStoreStop', () => {
    expect(errorOf([{ atSec: 31, kind: 'redisKill' }])).toMatch(/at \$\.faults\[0\]\.atSec: the fault starts at 31 s, after the run ends/);
    expect(errorOf([{ atSec: 29, durationSec: 5, kind: 'redisPause' }])).toMatch(/at \$\.faults\[0\]\.durationSec: the fault lasts until 34 s/);
    expect(errorOf([{ atSec: 5, durationSec: 5, kind: 'redisKill' }, { atSec: 8, kind: 'redisPause' }])).toMatch(/at \$\.faults\[1\]\.atSec: this redisPause overlaps faults\[0\]/);
    expect(errorOf([{ atSec: 5, kind: 'graphStoreStop' }], { models: ['timeline'] })).toMatch(/at \$\.faults\[0\]\.kind: graphStoreStop stops the graph model's store/);
    expect(errorOf([{ atSec: 5, kind: 'redisKill' }], { redis: { cluster: { nodes: 3 } } })).toMatch(/at \$\.faults\[0\]\.kind: redisKill goes through the fault proxy/);
  });
});

describe('FaultSchedule on the player clock', () => {
  const specs = faultSchedule([
    { kind: 'redisKill', atSec: 1, durationSec: 2 },
    { kind: 'connectionDrop', atSec: 1.5 },
  ], 10);

  it('starts a fault at the first tick at or after its start and ends it at the first tick at or after its end', () => {
    const s = new FaultSchedule(specs);
    expect(s.advance(900)).toEqual({ starting: [], ending: [] });
    const at1 = s.advance(1000);
    expect(at1.starting.map((f) => f.spec.kind)).toEqual(['redisKill']);
    expect(s.active().map((f) => f.label)).toEqual(['redisKill until 3 s']);
    // An instant fault starts and ends in one call.
    const at16 = s.advance(1600);
    expect(at16.starting.map((f) => f.spec.kind)).toEqual(['connectionDrop']);
    expect(at16.ending.map((f) => f.spec.kind)).toEqual(['connectionDrop']);
    expect(s.advance(2900).ending).toEqual([]);
    expect(s.advance(3000).ending.map((f) => [f.spec.kind, f.appliedAtMs, f.endedAtMs])).toEqual([['redisKill', 1000, 3000]]);
    expect(s.active()).toEqual([]);
  });

  it('endAll undoes what is active', () => {
    const s = new FaultSchedule(specs);
    s.advance(1000);
    expect(s.endAll(1200).map((f) => f.spec.kind)).toEqual(['redisKill']);
    expect(s.all.every((f) => f.phase === 'over')).toBe(true);
  });

  it('labels and phases', () => {
    expect(faultLabel({ spec: { kind: 'redisDelay', atSec: 4, durationSec: 4, baseMs: 2, spikeMs: 150, spikeProbability: 0.05 }, startMs: 4000, endMs: 8000 })).toBe('redisDelay 2+150 ms until 8 s');
    const w = { startMs: 10_000, endMs: 13_000 };
    expect([6999, 7000, 9999, 10_000, 12_999, 13_000, 15_999, 16_000].map((t) => phaseOf(w, t))).toEqual([null, 'before', 'before', 'during', 'during', 'after', 'after', null]);
  });
});
