import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario/index.js';

const base = { name: 'g', seed: 1, models: ['graph'], graph: { kind: 'generator', users: 10, avgFollows: 2 }, workload: { durationSec: 1, postsPerSec: 1, readsPerSec: 1 } };

describe('graphModel settings in a scenario', () => {
  it('get defaults for everything left out', () => {
    const s = parseScenarioText(JSON.stringify({ ...base, graphModel: { recall: { city: 5 } } }), 'g.json');
    expect(s.graphModel.recall).toEqual({ follow: 200, interest: 100, city: 5, topic: 50 });
    expect(s.graphModel).toMatchObject({ devicesPerUser: 2, strengthDecayPerDay: 0.95, rankerFile: null, streamMaxLen: 200 });
  });

  it('reject a misspelt key, naming it and where it is', () => {
    const text = JSON.stringify({ ...base, graphModel: { recall: { folow: 5 } } }, null, 2);
    expect(() => parseScenarioText(text, 'g.json')).toThrow(/folow/);
    expect(() => parseScenarioText(text, 'g.json')).toThrow(/graphModel\.recall/);
  });

  it('reject out-of-range values', () => {
    expect(() => parseScenarioText(JSON.stringify({ ...base, graphModel: { readerCrashShare: 2 } }), 'g.json')).toThrow(/graphModel\.readerCrashShare/);
  });
});
