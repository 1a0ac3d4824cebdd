import { describe, expect, it } from 'vitest';
import { clusterSignature, evenSlotRanges, expandRanges, parseClusterNodes, slotCount, toRanges, topologyOf } from './clusterTopology.js';

// A CLUSTER NODES reply of Redis 7.0 mid-reshard: slot 5461 moving from b to a, c a replica of a.
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const NODES = [
  `${A} 127.0.0.1:7000@17000,host-a myself,master - 0 0 1 connected 0-5460 5461 [5461-<-${B}]`,
  `${B} 127.0.0.1:7001@27001 master - 0 1700000000000 2 connected 5462-16383 [5461->-${A}]`,
  `${C} 127.0.0.1:7002@17002 slave ${A} 0 1700000000000 1 disconnected`,
  '',
].join('\n');

describe('CLUSTER NODES parsing', () => {
  it('reads ids, addresses, bus ports, roles, slots and open slots', () => {
    const [a, b, c] = parseClusterNodes(NODES);
    expect(a).toMatchObject({ id: A, host: '127.0.0.1', port: 7000, busPort: 17000, role: 'master', masterId: null, slots: [[0, 5461]], importing: [5461], migrating: [] });
    expect(a.flags).toContain('myself');
    expect(b).toMatchObject({ port: 7001, busPort: 27001, slots: [[5462, 16383]], migrating: [5461], linkConnected: true });
    expect(c).toMatchObject({ role: 'replica', masterId: A, slots: [], linkConnected: false });
  });

  it('splits masters and replicas, masters by first slot', () => {
    const topo = topologyOf(parseClusterNodes(NODES).reverse());
    expect(topo.masters.map((m) => m.port)).toEqual([7000, 7001]);
    expect(topo.replicas).toEqual([{ id: C, host: '127.0.0.1', port: 7002, masterId: A }]);
  });

  it('signs the slot map the same from every viewpoint', () => {
    const other = NODES.replace('myself,master', 'master').replace(`${B} 127.0.0.1:7001@27001 master`, `${B} 127.0.0.1:7001@27001 myself,master`);
    expect(clusterSignature(parseClusterNodes(other))).toBe(clusterSignature(parseClusterNodes(NODES)));
    expect(clusterSignature(parseClusterNodes(NODES.replace('5462-16383', '5463-16383')))).not.toBe(clusterSignature(parseClusterNodes(NODES)));
  });
});

describe('slot ranges', () => {
  it('splits 16384 slots as redis-cli --cluster create does', () => {
    expect(evenSlotRanges(3)).toEqual([[0, 5460], [5461, 10922], [10923, 16383]]);
    for (const n of [1, 2, 4, 5, 6]) {
      const r = evenSlotRanges(n);
      expect(slotCount(r)).toBe(16384);
      expect(r[0][0]).toBe(0);
      expect(r.at(-1)![1]).toBe(16383);
      r.slice(1).forEach(([start], i) => expect(start).toBe(r[i][1] + 1));
    }
  });

  it('merges slot numbers into ranges and back', () => {
    expect(toRanges([5, 3, 4, 9, 4, 0])).toEqual([[0, 0], [3, 5], [9, 9]]);
    expect(expandRanges([[0, 0], [3, 5]])).toEqual([0, 3, 4, 5]);
  });
});
