/**
 * The key browser's saved connections (issue 15): named connect arguments without their secrets,
 * each password encrypted by a Vault. The engine keeps them, so a password typed once never goes
 * back to a window: the form lists names and non-secret fields, and "connect to a saved one" is
 * decrypted and opened here.
 *
 * Two ways of keeping them, chosen by the front end (EngineOptions.savedConnections):
 * - encrypted-on-disk: a vault (Electron's safeStorage: the OS keychain) and a JSON file; the file
 *   holds the vault's ciphertext of each password (base64), never the text. Written atomically
 *   (a temp file in the same directory, then rename), mode 0600. A file that cannot be parsed is
 *   never overwritten: it is renamed to <file>.corrupt-<time> and the error says so.
 * - memory-only (browser mode, or no keychain): the engine's memory for its life; a page reload
 *   keeps them, a restart does not. The passwords are still held encrypted, by a key made at
 *   start that never leaves the process (a heap dump or a log of the entries shows no password).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FeedscopeError } from '../errors.js';
import { redactUrl } from '../redis/connect.js';
import { KeyBrowserConnectSchema, type KeyBrowserConnectArgs, type SavedConnectionsView, type SavedConnectionView } from './keyBrowserApi.js';

/** Encrypts and decrypts one secret; Electron's safeStorage (encryptString/decryptString) is one. */
export interface Vault {
  encrypt(text: string): Buffer;
  decrypt(buf: Buffer): string;
}

export interface SavedConnectionsOptions {
  /** Encrypts the passwords (the OS keychain); without it the connections stay in memory. */
  vault?: Vault;
  /** The JSON file (Electron: app.getPath('userData')/connections.json); without it, memory only. */
  file?: string;
  /** What the vault is, for the form ("the system keychain (Electron safeStorage)"). */
  vaultName?: string;
  /** Why there is no vault, for the form ("Browser mode has no system keychain."). */
  memoryReason?: string;
}

const FILE_FORMAT = 'feedscope-saved-connections';
const FILE_VERSION = 1;
/** The file's mode: the owner only (the ciphertext is useless elsewhere, but the hosts are private). */
const FILE_MODE = 0o600;
/** AES-256-GCM of the memory-only vault: 12-byte IV (NIST SP 800-38D), 16-byte tag. */
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

/** What is kept of the connect arguments: everything but the password (the URL's included). */
const StoredConnectSchema = KeyBrowserConnectSchema.omit({ password: true });
type StoredConnect = z.infer<typeof StoredConnectSchema>;

const StoredEntrySchema = z
  .object({
    name: z.string().min(1).max(200),
    savedAt: z.string(),
    connect: StoredConnectSchema,
    /** The vault's ciphertext of the password, base64. */
    password: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64').optional(),
  })
  .strict();
type StoredEntry = z.infer<typeof StoredEntrySchema>;

const StoredFileSchema = z.object({ format: z.literal(FILE_FORMAT), version: z.literal(FILE_VERSION), connections: z.array(StoredEntrySchema) }).strict();

/** A vault whose key is made here and never leaves the process: the memory-only store's. */
export function processVault(): Vault {
  const key = randomBytes(32);
  return {
    encrypt(text) {
      const iv = randomBytes(GCM_IV_BYTES);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, GCM_IV_BYTES));
      d.setAuthTag(buf.subarray(GCM_IV_BYTES, GCM_IV_BYTES + GCM_TAG_BYTES));
      return Buffer.concat([d.update(buf.subarray(GCM_IV_BYTES + GCM_TAG_BYTES)), d.final()]).toString('utf8');
    },
  };
}

/** The password of `a` (the URL's wins, as it does when connecting) and `a` without it. */
export function splitSecret(a: KeyBrowserConnectArgs): { connect: StoredConnect; password: string | undefined } {
  const { password: fieldPassword, ...rest } = a;
  let password = fieldPassword;
  const connect: StoredConnect = { ...rest };
  if (a.url) {
    let u: URL | null = null;
    try {
      u = new URL(a.url);
    } catch {
      // Not a URL: connecting says so; it is kept without anything that looks like a password.
      connect.url = redactUrl(a.url);
    }
    if (u?.password) {
      password = decodeURIComponent(u.password);
      u.password = '';
      connect.url = u.toString();
    }
  }
  return { connect, password: password || undefined };
}

function labelOf(c: StoredConnect): string {
  if (c.clusterSeeds) return `cluster ${c.clusterSeeds.join(',')}`;
  if (c.url) return c.url;
  const where = c.host.includes(':') ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
  return `${where}${c.db ? ` (db ${c.db})` : ''}${c.tls ? ' TLS' : ''}`;
}

export class SavedConnections {
  private readonly vault: Vault;
  private readonly file: string | null;
  private entries: Map<string, StoredEntry> | null = null;
  private problem: string | null = null;
  /** Every operation in turn: a save never races a load or another save. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: SavedConnectionsOptions = {}) {
    const onDisk = o.vault !== undefined && o.file !== undefined;
    this.vault = onDisk ? o.vault! : processVault();
    this.file = onDisk ? o.file! : null;
  }

  get persistence(): SavedConnectionsView['persistence'] {
    return this.file ? 'encrypted-on-disk' : 'memory-only';
  }

  list(): Promise<SavedConnectionsView> {
    return this.serial(async () => this.view(await this.load()));
  }

  /** Saves (or replaces) `name`: written to the file before it is listed. */
  save(name: string, a: KeyBrowserConnectArgs): Promise<SavedConnectionsView> {
    return this.serial(async () => {
      const entries = await this.load();
      const { connect, password } = splitSecret(a);
      let cipher: string | undefined;
      if (password !== undefined) {
        try {
          cipher = this.vault.encrypt(password).toString('base64');
        } catch (err) {
          throw new FeedscopeError('VAULT_FAILED', `The password of "${name}" could not be encrypted (${(err as Error).message}): nothing was saved. Unlock the system keychain and save again, or connect without saving.`, { cause: err });
        }
      }
      const next = new Map(entries);
      next.set(name, { name, savedAt: new Date().toISOString(), connect, ...(cipher !== undefined ? { password: cipher } : {}) });
      return this.replace(next);
    });
  }

  forget(name: string): Promise<SavedConnectionsView> {
    return this.serial(async () => {
      const entries = await this.load();
      if (!entries.has(name)) throw notSaved(name, entries);
      const next = new Map(entries);
      next.delete(name);
      return this.replace(next);
    });
  }

  /** Writes `next` (before anyone sees it) and makes it the list. */
  private async replace(next: Map<string, StoredEntry>): Promise<SavedConnectionsView> {
    await this.write(next);
    this.entries = next;
    return this.view(next);
  }

  /** The connect arguments of `name` with its password decrypted: for the engine's use only, never for a front end. */
  resolve(name: string): Promise<KeyBrowserConnectArgs> {
    return this.serial(async () => {
      const entries = await this.load();
      const e = entries.get(name);
      if (!e) throw notSaved(name, entries);
      if (e.password === undefined) return { ...e.connect };
      let password: string;
      try {
        password = this.vault.decrypt(Buffer.from(e.password, 'base64'));
      } catch (err) {
        throw new FeedscopeError(
          'SAVED_PASSWORD_UNREADABLE',
          `The password saved with "${name}" could not be decrypted (${(err as Error).message}): the keychain that encrypted it is locked, or is another one (another user or machine). Unlock it, or save "${name}" again with its password.`,
          { cause: err },
        );
      }
      return { ...e.connect, password };
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private view(entries: Map<string, StoredEntry>): SavedConnectionsView {
    const connections: SavedConnectionView[] = [...entries.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => {
        const { caPem, ...connect } = e.connect;
        return { name: e.name, label: labelOf(e.connect), connect, hasPassword: e.password !== undefined, hasCaPem: caPem !== undefined, savedAt: e.savedAt };
      });
    const note = this.file
      ? `Saved connections are kept in ${this.file}, each password encrypted by ${this.o.vaultName ?? 'the system keychain'}: never written in plain text, never sent back to this window.`
      : `Saved connections are kept in the engine's memory only: nothing is written to disk; they survive a page reload and are gone when Feedscope stops. ${this.o.memoryReason ?? 'No keychain was given to the engine to encrypt passwords on disk with.'}`;
    return { persistence: this.persistence, note, file: this.file, problem: this.problem, connections };
  }

  /** The entries, read from the file the first time (a file set aside as corrupt throws once, then the list is empty). */
  private async load(): Promise<Map<string, StoredEntry>> {
    if (this.entries) return this.entries;
    const file = this.file;
    if (!file) return (this.entries = new Map());
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.entries = new Map());
      throw new FeedscopeError('SAVED_CONNECTIONS_UNREADABLE', `The saved connections file ${file} could not be read (${(err as Error).message}): give Feedscope read and write access to it, or move it away to start with none. It was left as it is.`, { cause: err });
    }
    const parsed = parseFile(text);
    if (parsed.ok) return (this.entries = new Map(parsed.connections.map((e) => [e.name, e])));
    const reason = parsed.problem;
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, aside);
    } catch (err) {
      throw new FeedscopeError('SAVED_CONNECTIONS_CORRUPT', `The saved connections file ${file} is not one Feedscope can read (${reason}) and could not be moved aside (${(err as Error).message}): move it away yourself; Feedscope will not overwrite it.`, { cause: err });
    }
    this.problem = `The saved connections file ${file} was not one Feedscope can read (${reason}): it was kept as ${aside} and the list started empty. Save your connections again; the kept file still names their hosts (its passwords stay encrypted).`;
    this.entries = new Map();
    throw new FeedscopeError('SAVED_CONNECTIONS_CORRUPT', this.problem);
  }

  /** The whole file anew: a temp file beside it, flushed, then renamed over it (a crash leaves the old or the new, never half). */
  private async write(entries: Map<string, StoredEntry>): Promise<void> {
    const file = this.file;
    if (!file) return;
    const body = `${JSON.stringify({ format: FILE_FORMAT, version: FILE_VERSION, connections: [...entries.values()] }, null, 2)}\n`;
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const h = await open(tmp, 'wx', FILE_MODE);
      try {
        await h.writeFile(body, 'utf8');
        await h.sync();
      } finally {
        await h.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new FeedscopeError('SAVED_CONNECTIONS_UNWRITABLE', `The saved connections could not be written to ${file} (${(err as Error).message}): give Feedscope write access to its folder, or free some disk space. Nothing was changed.`, { cause: err });
    }
  }
}

/** The entries of a saved-connections file, or why `text` is not one. */
function parseFile(text: string): { ok: true; connections: StoredEntry[] } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `not JSON: ${(err as Error).message}` };
  }
  const r = StoredFileSchema.safeParse(json);
  if (r.success) return { ok: true, connections: r.data.connections };
  const i = r.error.issues[0];
  return { ok: false, problem: `${i.path.length ? i.path.map(String).join('.') : 'the file'}: ${i.message}` };
}

function notSaved(name: string, entries: Map<string, StoredEntry>): FeedscopeError {
  const names = [...entries.keys()];
  return new FeedscopeError('CONNECTION_NOT_SAVED', `No saved connection is named "${name}"${names.length ? ` (saved: ${names.join(', ')})` : ' (none is saved)'}: pick one from the list, or save it first.`);
}
