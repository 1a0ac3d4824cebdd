/**
 * The command table: one handler per command of the API (api/commands.ts), typed by CommandName,
 * so the compiler rejects a command without a handler or a handler that returns the wrong type.
 * Every front end goes through it: Electron's IPC and the browser-mode WebSocket by `dispatch`
 * (an untrusted name and payload: validated here with the command's zod schema), the CLI and
 * tests by `runCommand` (typed arguments, defaults applied by the same schema).
 */
import { CommandSchemas, type ApiError, type CommandArgs, type CommandInput, type CommandName, type CommandResults } from './api.js';
import type { Engine } from './Engine.js';
import { errorInfo, FeedscopeError } from './errors.js';
import { exportReport } from './report/exportReport.js';
import { compareView, parseReportText } from './report/compare/compareView.js';

export type CommandHandlers = { [K in CommandName]: (engine: Engine, args: CommandArgs<K>) => Promise<CommandResults[K]> };

export const COMMANDS: CommandHandlers = {
  listScenarios: (e) => e.listScenarios(),
  loadScenario: (e, a) => e.loadScenario(a),
  loadScenarioText: (e, a) => e.loadScenarioText(a),
  play: (e) => e.play(),
  pause: (e) => e.pause(),
  step: (e) => e.step(),
  setSpeed: (e, a) => e.setSpeed(a.speed),
  reset: (e) => e.reset(),
  getStatus: async (e) => e.status(),
  getGraph: async (e, a) => e.views.getGraph(a),
  getFeeds: (e, a) => e.views.getFeeds(a),
  getReport: (e) => e.report(),
  exportReport: async (e, a) => exportReport(await e.report(), a.format),
  compareReports: async (e, a) => compareView(a.a === null ? await e.report() : parseReportText(a.a, a.labels[0]), a.b === null ? await e.report() : parseReportText(a.b, a.labels[1]), a.labels),
  scanKeys: (e, a) => e.inspectors.scanKeys(a),
  getKey: (e, a) => e.inspectors.getKey(a),
  getServerSummary: (e, a) => e.inspectors.getServerSummary(a),
  inspectZset: (e, a) => e.inspectors.inspectZset(a),
  measureOffsetCost: (e, a) => e.inspectors.measureOffsetCost(a),
  getDrift: async (e) => e.views.getDrift(),
  getClaims: (e) => e.views.getClaims(),
  setClocks: async (e, a) => e.views.setClocks(a),
  getFlame: async (e, a) => e.inspectors.getFlame(a),
  exportFlame: async (e, a) => e.inspectors.exportFlame(a),
  unlockWrites: (e, a) => e.inspectors.unlockWrites(a),
  deleteKey: (e, a) => e.inspectors.deleteKey(a),
  getCluster: (e) => e.views.getCluster(),
  reshard: (e, a) => e.views.reshard(a),
  getCausality: async (e, a) => e.correctness.getCausality(a),
  exportShiviz: async (e) => e.correctness.exportShiviz(),
  getMigration: async (e) => e.correctness.getMigration(),
  connectKeyBrowser: (e, a) => e.inspectors.connectKeyBrowser(a),
  disconnectKeyBrowser: (e) => e.inspectors.disconnectKeyBrowser(),
  getKeyBrowserServer: (e) => e.inspectors.getKeyBrowserServer(),
  listSavedConnections: (e) => e.inspectors.listSavedConnections(),
  saveConnection: (e, a) => e.inspectors.saveConnection(a),
  forgetSavedConnection: (e, a) => e.inspectors.forgetSavedConnection(a),
  connectSavedConnection: (e, a) => e.inspectors.connectSavedConnection(a),
  startKeyScan: (e, a) => e.inspectors.startKeyScan(a),
  controlKeyScan: (e, a) => e.inspectors.controlKeyScan(a),
  getKeyScan: (e) => e.inspectors.getKeyScan(),
  listScannedKeys: (e, a) => e.inspectors.listScannedKeys(a),
  getKeyspaceAnalysis: (e, a) => e.inspectors.getKeyspaceAnalysis(a),
  exportKeyspaceAnalysis: (e, a) => e.inspectors.exportKeyspaceAnalysis(a),
  getStringRange: (e, a) => e.inspectors.getStringRange(a),
  setKeyTtl: (e, a) => e.inspectors.setKeyTtl(a),
  renameKey: (e, a) => e.inspectors.renameKey(a),
  dumpKey: (e, a) => e.inspectors.dumpKey(a),
  streamAction: (e, a) => e.inspectors.streamAction(a),
  getStreamPending: (e, a) => e.inspectors.getStreamPending(a),
  profileServer: (e, a) => e.inspectors.profileServer(a),
  getClientList: (e) => e.inspectors.getClientList(),
  plan: (e, a) => e.plan(a),
};

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiError };

const MAX_ISSUES_SHOWN = 5;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CommandSchemas, name);
}

/** Runs a command with typed arguments (the CLI, tests): the schema fills in defaults and checks ranges. */
export async function runCommand<K extends CommandName>(engine: Engine, name: K, input: CommandInput<K>): Promise<CommandResults[K]> {
  const parsed = CommandSchemas[name].safeParse(input);
  if (!parsed.success) throw new FeedscopeError('BAD_PAYLOAD', payloadError(name, parsed.error.issues).message);
  return COMMANDS[name](engine, parsed.data as CommandArgs<K>);
}

/**
 * An untrusted call (IPC, WebSocket): `{ok, result}` or `{ok: false, error}`, never a throw. A
 * malformed payload is answered with an error naming each bad field, never forwarded.
 */
export async function dispatch(engine: Engine, name: unknown, payload: unknown): Promise<DispatchResult> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command named ${JSON.stringify(name)}: use one of ${Object.keys(CommandSchemas).join(', ')}.` } };
  }
  // A call without arguments (`api.play()`) means "no arguments", not a malformed payload.
  const parsed = CommandSchemas[name].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) return { ok: false, error: payloadError(name, parsed.error.issues) };
  try {
    return { ok: true, result: await callHandler(engine, name, parsed.data) };
  } catch (err) {
    return { ok: false, error: errorInfo(err) };
  }
}

/** The one place a command name chosen at run time meets its handler (the payload was parsed by its schema). */
function callHandler<K extends CommandName>(engine: Engine, name: K, args: unknown): Promise<CommandResults[K]> {
  return COMMANDS[name](engine, args as CommandArgs<K>);
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
