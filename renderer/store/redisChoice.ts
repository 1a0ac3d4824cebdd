/**
 * The toolbar's Redis choice: where a scenario picked from the list runs. Sent as loadScenario's
 * `cluster` (absent: as the scenario says; null: one server; a shape: a private Redis Cluster).
 */
import type { CommandInput } from '../../engine/api.js';

export const REDIS_CHOICES = ['scenario', 'single', 'cluster3', 'cluster6'] as const;
export type RedisChoice = (typeof REDIS_CHOICES)[number];

export const REDIS_CHOICE_LABELS: Record<RedisChoice, string> = {
  scenario: 'as the scenario says',
  single: 'one server',
  cluster3: 'cluster of 3',
  cluster6: 'cluster of 6',
};

type LoadArgs = CommandInput<'loadScenario'>;

/** loadScenario's arguments for `file` on the chosen Redis ('scenario' sends no `cluster` at all). */
export function loadArgs(file: string, choice: RedisChoice): LoadArgs {
  switch (choice) {
    case 'scenario':
      return { file };
    case 'single':
      return { file, cluster: null };
    case 'cluster3':
      return { file, cluster: { nodes: 3, replicas: 0 } };
    case 'cluster6':
      return { file, cluster: { nodes: 6, replicas: 0 } };
  }
}

export const isRedisChoice = (v: string): v is RedisChoice => (REDIS_CHOICES as readonly string[]).includes(v);
