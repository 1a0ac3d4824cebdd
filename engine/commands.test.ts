/**
 * The command table's contract is checked by the compiler: `tsc -b` (part of `npm test`) fails
 * when a `@ts-expect-error` below stops being an error, i.e. if CommandHandlers ever accepted a
 * table with a command missing or a handler returning the wrong type.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './api.js';
import { COMMANDS, type CommandHandlers } from './commands.js';

describe('the command table', () => {
  it('rejects, at compile time, a missing handler and a mistyped one', () => {
    const { getStatus: _dropped, ...withoutGetStatus } = COMMANDS;
    // @ts-expect-error getStatus has no handler
    const missing: CommandHandlers = withoutGetStatus;
    // @ts-expect-error getStatus must resolve to a Status, not a number
    const mistyped: CommandHandlers = { ...COMMANDS, getStatus: async () => 42 };
    // @ts-expect-error a handler for a command the API does not declare
    const extra: CommandHandlers = { ...COMMANDS, dropAllKeys: async () => null };
    expect([missing, mistyped, extra].every((t) => typeof t === 'object')).toBe(true);
  });

  it('has exactly the API commands', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...COMMAND_NAMES].sort());
  });
});
