/** The `--prefix` option of `run` and `inspect`: a key prefix that ends in a separator (redis/keys.ts). */
import { InvalidArgumentError } from 'commander';
import { prefixProblem } from '../redis/keys.js';

/** Commander's parser for --prefix: a reset deletes every key that starts with it, so `fs` is refused and `fs:` is not. */
export function parsePrefix(v: string): string {
  const problem = prefixProblem(v);
  if (problem) throw new InvalidArgumentError(`the key prefix ${JSON.stringify(v)} ${problem}. Give a prefix that ends in ":" or another character that is not a letter or digit, e.g. --prefix ${v || 'fs'}:`);
  return v;
}
