/**
 * The one door into the engine for both transports (Electron IPC and the browser-mode WebSocket):
 * a command name and an untrusted payload go in, `{ok, result}` or `{ok: false, error}` comes out.
 * Every payload is validated with the same zod schema the API declares (engine/api.ts), so a
 * malformed call is answered with an error naming the field, never forwarded, never a crash.
 *
 * The dispatcher is generic over CommandSchemas: a command named `foo` calls `foo(args)` on the
 * first of `engine.commandTargets` (the engine, its views, its inspectors) that has such a method. Only
 * the few commands whose engine method has another name or shape are listed in ENGINE_CALLS, so
 * commands added to the API (inspectors...) flow through without changes here.
 */
import { CommandSchemas, errorInfo, FeedscopeError, type ApiError, type CommandArgs, type CommandName, type Engine } from '../engine/index.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiError };
export type Dispatch = (name: unknown, payload: unknown) => Promise<DispatchResult>;

/** Commands not served as `target[name](args)` by one of the engine's command targets. */
const ENGINE_CALLS: { [K in CommandName]?: (engine: Engine, args: CommandArgs<K>) => unknown } = {
  getStatus: (engine) => engine.status(),
  getReport: (engine) => engine.report(),
  setSpeed: (engine, args) => engine.setSpeed(args.speed),
};

const MAX_ISSUES_SHOWN = 5;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CommandSchemas, name);
}

/** `{code, message}` for a payload that failed its schema, naming each bad field. */
export function payloadError(name: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  const lines = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => {
    const where = i.path.length > 0 ? `args.${i.path.map(String).join('.')}` : 'args';
    return `${where}: ${i.message}`;
  });
  if (issues.length > MAX_ISSUES_SHOWN) lines.push(`...and ${issues.length - MAX_ISSUES_SHOWN} more`);
  return {
    code: 'BAD_PAYLOAD',
    message: `The "${name}" command was sent a malformed payload (${lines.join('; ')}). This is a bug in the caller: send the arguments engine/api.ts declares for "${name}".`,
  };
}

export function createDispatcher(engine: Engine): Dispatch {
  return async (name, payload) => {
    if (!isCommandName(name)) {
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}: use one of ${Object.keys(CommandSchemas).join(', ')}.` } };
    }
    // A call without arguments (`api.play()`) means "no arguments", not a malformed payload.
    const parsed = CommandSchemas[name].safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) return { ok: false, error: payloadError(name, parsed.error.issues) };
    try {
      return { ok: true, result: await call(engine, name, parsed.data) };
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  };
}

/**
 * Whether a command reaches the engine: an ENGINE_CALLS entry, or a method of the same name on
 * one of the engine's command targets.
 */
export function hasRoute(engine: Engine, name: CommandName): boolean {
  return name in ENGINE_CALLS || findMethod(engine, name) !== null;
}

/** The method `name` of the first command target that has one, with the target it belongs to. */
function findMethod(engine: Engine, name: CommandName): { target: object; method: (a: unknown) => unknown } | null {
  for (const target of engine.commandTargets) {
    const method = (target as Record<string, unknown>)[name];
    if (typeof method === 'function') return { target, method: method as (a: unknown) => unknown };
  }
  return null;
}

async function call(engine: Engine, name: CommandName, args: unknown): Promise<unknown> {
  const special = ENGINE_CALLS[name] as ((e: Engine, a: unknown) => unknown) | undefined;
  if (special) return special(engine, args);
  const found = findMethod(engine, name);
  if (!found) {
    throw new FeedscopeError('NOT_IMPLEMENTED', `The "${name}" command is declared in the API but this engine has no ${name}() method yet.`);
  }
  return found.method.call(found.target, args);
}
