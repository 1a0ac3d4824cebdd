import { describe, expect, it } from 'vitest';
import { generateGraph } from '../scenario/graph.js';
import { GeneratorGraphSchema } from '../scenario/schema.js';
import { generatorDegrees, graphDegrees, pulledPerRead, topAccounts, zaddsPerPost } from './degrees.js';

describe('degree models', () => {
  const spec = GeneratorGraphSchema.parse({ kind: 'generator', users: 20_000, avgFollows: 50, followerExponent: 2.2 });
  const g = generateGraph(spec, 11);

  it('the generator model gives the generated graph\'s follows and ZADDs per post (push)', () => {
    const model = generatorDegrees({ users: 20_000, meanFollows: 50, exponent: 2.2, mode: 'push', hybridFollowerThreshold: 1 });
    const real = graphDegrees(g, 'push', 1);
    expect(Math.abs(model.follows - real.follows) / real.follows).toBeLessThan(0.03);
    expect(Math.abs(zaddsPerPost(model) - zaddsPerPost(real)) / zaddsPerPost(real)).toBeLessThan(0.03);
    // The top account: same order of magnitude (the generator draws without replacement).
    expect(topAccounts(model).topFollowers / topAccounts(real).topFollowers).toBeGreaterThan(0.7);
    expect(topAccounts(model).topFollowers / topAccounts(real).topFollowers).toBeLessThan(1.3);
  });

  it('hybrid: pulled accounts leave the ZADDs and become LRANGEs per read', () => {
    const real = graphDegrees(g, 'hybrid', 1000);
    const push = graphDegrees(g, 'push', 1000);
    expect(real.pulledAccounts).toBeGreaterThan(0);
    expect(zaddsPerPost(real)).toBeLessThan(zaddsPerPost(push));
    expect(pulledPerRead(real)).toBeGreaterThan(0);
    expect(pulledPerRead(push)).toBe(0);
    const model = generatorDegrees({ users: 20_000, meanFollows: 50, exponent: 2.2, mode: 'hybrid', hybridFollowerThreshold: 1000 });
    expect(Math.abs(pulledPerRead(model) - pulledPerRead(real)) / pulledPerRead(real)).toBeLessThan(0.2);
  });

  it('scales to 1e8 users in bins', () => {
    const d = generatorDegrees({ users: 1e8, meanFollows: 200, exponent: 2.2, mode: 'push', hybridFollowerThreshold: 1 });
    expect(d.accounts.length).toBeLessThan(10_000);
    expect(d.follows / d.users).toBeGreaterThan(190);
    expect(d.follows / d.users).toBeLessThan(210);
  });
});
