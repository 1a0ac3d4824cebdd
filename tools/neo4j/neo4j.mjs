#!/usr/bin/env node
/**
 * `npm run neo4j`: a private Neo4j (5.26 LTS, Community, the neo4j-harness of pom.xml beside this
 * file) on a free loopback port with a generated password, until Ctrl-C. engine/backends/
 * Neo4jServer.ts runs the same script with --json for the tests and the CLI.
 *
 * Why a Node script around Maven and java rather than Maven alone: this process is the guardian,
 * as engine/redis/guardian.cjs is for redis-server. Whoever starts it holds its stdin; when that
 * pipe closes (the parent exited, crashed or was SIGKILLed), when the parent changes (we were
 * orphaned), or on SIGINT/SIGTERM/SIGHUP, it stops Maven or Neo4j and removes their directories
 * before exiting. The Java launcher also stops on its own when its stdin (held here) closes.
 *
 * Caches: Maven keeps the Neo4j jars (~144 MB) in its local repository (~/.m2/repository unless
 * settings say otherwise). The compiled launcher and its classpath file live in
 * $FEEDSCOPE_CACHE_DIR/neo4j/<key>/ (default $XDG_CACHE_HOME/feedscope, else ~/.cache/feedscope),
 * the key being a hash of pom.xml and the launcher's source: a warm start runs no Maven at all.
 *
 * Flags: --json (one JSON line on stdout: {uri,user,password,version,dir,pid} or {error,code}; progress
 * on stderr), --port N, --no-auth, --quick-start (JIT C1 only: for tests, not benchmarks),
 * --build-only (resolve and build, then exit: CI warms its cache with it).
 * Plain JavaScript with node: imports only, so it runs without a build step under node or Electron.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, fstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(HERE, 'pom.xml');
const SOURCE = path.join(HERE, 'src/main/java/feedscope/neo4j/Neo4jLauncher.java');
const MAIN_CLASS = 'feedscope.neo4j.Neo4jLauncher';
/** A cold resolve downloads ~144 MB; beyond this something is wrong. */
const BUILD_TIMEOUT_MS = 15 * 60_000;
/** The harness starts in ~10 s on 2 cores; a loaded machine may need several times that. */
const START_TIMEOUT_MS = 180_000;
/** Time Neo4j gets to shut down cleanly after its stdin closes, before SIGKILL. */
const STOP_GRACE_MS = 20_000;
/** Enough for the tests' graphs (20k+ rows per batch); the harness's own default is far lower. */
const JAVA_HEAP = '-Xmx1g';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = flag('--json');

let mvn = null;
let java = null;
let buildDir = '';
let dataDir = '';
let stopping = false;

const log = (line) => process.stderr.write(`neo4j: ${line}\n`);

/** Stops whatever runs, removes its directories, exits. Idempotent. */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const waits = [];
  for (const [child, endGently] of [[mvn, false], [java, true]]) {
    if (!child || child.exitCode !== null || child.signalCode !== null) continue;
    waits.push(new Promise((resolve) => {
      child.once('exit', resolve);
      const timer = setTimeout(() => child.kill('SIGKILL'), endGently ? STOP_GRACE_MS : 3000);
      child.once('exit', () => clearTimeout(timer));
    }));
    if (endGently) child.stdin.end();
    else child.kill('SIGTERM');
  }
  await Promise.all(waits);
  removeDirs();
  process.exit(code);
}

function removeDirs() {
  for (const d of [buildDir, dataDir]) {
    if (!d) continue;
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort: the launcher deletes its own directory too
    }
  }
  buildDir = '';
  dataDir = '';
}

function fail(code, message) {
  if (json) writeLine({ error: message, code });
  else log(message);
  void shutdown(1);
}

function writeLine(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function guard() {
  // A reader gone (EPIPE) is not an error to report: the stdin watch below notices the parent left.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.on(sig, () => void shutdown(code));
  process.on('uncaughtException', (err) => fail('NEO4J_START_FAILED', `internal error: ${err.stack ?? err}`));
  // A pipe on stdin is our parent's: its end means the parent is gone. A terminal or /dev/null is not.
  const st = fstatSync(0);
  if (st.isFIFO() || st.isSocket()) {
    process.stdin.on('end', () => void shutdown(0));
    process.stdin.on('close', () => void shutdown(0));
    process.stdin.on('error', () => void shutdown(0));
    process.stdin.resume();
  }
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 1000).unref();
}

function cacheRoot() {
  const base = process.env.FEEDSCOPE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'feedscope');
  return path.join(base, 'neo4j');
}

/** The cached build for this pom.xml and launcher source, or null when absent or stale. */
function cachedBuild(dir) {
  const file = path.join(dir, 'classpath.txt');
  if (!existsSync(file) || !existsSync(path.join(dir, 'classes'))) return null;
  const jars = readFileSync(file, 'utf8').trim().split(path.delimiter).filter(Boolean);
  // A cleaned ~/.m2 makes the cache stale: rebuild rather than fail with a missing class.
  if (jars.length === 0 || !jars.every((j) => existsSync(j))) return null;
  return [path.join(dir, 'classes'), ...jars].join(path.delimiter);
}

/** Runs `cmd args`, collecting the tail of its output; resolves with the exit code (or rejects with spawn errors). */
function run(cmd, argv, env, timeoutMs, onChild) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    onChild(child);
    let out = '';
    const keep = (d) => {
      out = (out + d).slice(-6000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      keep(`\n(timed out after ${timeoutMs / 1000} s)`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), out: out.trim() });
    });
  });
}

/** The launcher's classpath: from the cache, else built with Maven (the jars land in ~/.m2). */
async function classpath() {
  const key = createHash('sha256').update(readFileSync(POM)).update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const root = cacheRoot();
  const dir = path.join(root, key);
  const cached = cachedBuild(dir);
  if (cached) return cached;
  const version = /<neo4j\.version>([^<]+)</.exec(readFileSync(POM, 'utf8'))?.[1] ?? '?';
  log(`resolving Neo4j ${version} (org.neo4j.test:neo4j-harness) with Maven into its local repository (~/.m2) and building the launcher into ${dir}; the first time downloads ~144 MB`);
  mkdirSync(root, { recursive: true });
  buildDir = mkdtempSync(path.join(root, `${key}.building-`));
  const started = Date.now();
  const argv = [
    '-B', '-q', '-Dstyle.color=never', '-f', POM, `-Dfeedscope.out=${buildDir}`,
    'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${path.join(buildDir, 'classpath.txt')}`,
  ];
  // No hsperfdata file in /tmp that a killed build would leave behind.
  const env = { ...process.env, MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -XX:-UsePerfData`.trim() };
  let res;
  try {
    res = await run('mvn', argv, env, BUILD_TIMEOUT_MS, (c) => (mvn = c));
  } catch (err) {
    if (err.code === 'ENOENT') throw Object.assign(new Error('Maven (mvn) is not on PATH; it is needed once, to resolve Neo4j from Maven Central. Install it (Debian/Ubuntu: sudo apt-get install maven) or set NEO4J_URI to use a running Neo4j.'), { code: 'NEO4J_NO_MAVEN' });
    throw err;
  } finally {
    mvn = null;
  }
  if (stopping) return new Promise(() => undefined);
  if (res.code !== 0) {
    throw Object.assign(new Error(`Maven could not resolve Neo4j ${version} or build the launcher (exit ${res.code}); check that Maven Central is reachable (and ~/.m2/settings.xml). Maven said:\n${res.out}`), { code: 'NEO4J_BUILD_FAILED' });
  }
  try {
    renameSync(buildDir, dir);
  } catch (err) {
    // Another run built the same key meanwhile: keep theirs.
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    rmSync(buildDir, { recursive: true, force: true });
  }
  buildDir = '';
  pruneOtherBuilds(root, key);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s (cached in ${dir})`);
  const built = cachedBuild(dir);
  if (!built) throw Object.assign(new Error(`Maven reported success but ${dir} holds no usable classpath`), { code: 'NEO4J_BUILD_FAILED' });
  return built;
}

/**
 * Builds of an older pom.xml or launcher are never used again; a half build older than the build
 * timeout belongs to a run that was killed together with its guardian. Builds in progress stay.
 */
function pruneOtherBuilds(root, key) {
  for (const name of readdirSync(root)) {
    const dir = path.join(root, name);
    const stale = /^[0-9a-f]{16}$/.test(name) ? name !== key : name.includes('.building-') && Date.now() - statSync(dir).mtimeMs > BUILD_TIMEOUT_MS;
    if (stale) rmSync(dir, { recursive: true, force: true });
  }
}

function javaCommand() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Starts the launcher; resolves with its ready line. */
function startJava(cp) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'feedscope-neo4j-'));
  const tmp = path.join(dataDir, 'tmp');
  mkdirSync(tmp);
  const argv = [
    // No hsperfdata file in /tmp, and every temp file Neo4j or Netty makes inside our directory.
    '-XX:-UsePerfData', `-Djava.io.tmpdir=${tmp}`, JAVA_HEAP,
    // C1 only: starts in about half the time on 2 busy cores; its code is slower, which a short
    // test run does not notice and a benchmark would.
    ...(flag('--quick-start') ? ['-XX:TieredStopAtLevel=1'] : []),
    MAIN_CLASS, '--dir', dataDir,
    ...(option('--port') ? ['--port', option('--port')] : []),
    ...(flag('--no-auth') ? ['--no-auth'] : []),
  ];
  // The classpath (~240 jars) goes through the environment, keeping `ps` readable.
  java = spawn(javaCommand(), argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CLASSPATH: cp } });
  return new Promise((resolve, reject) => {
    let stderr = '';
    let buf = '';
    let ready = false;
    java.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-6000);
    });
    java.stdout.on('data', (d) => {
      if (ready) return;
      buf += d;
      let nl;
      while (!ready && (nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{"bolt"')) continue;
        ready = true;
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    const timer = setTimeout(() => reject(Object.assign(new Error(`Neo4j did not answer within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim() || 'no output'}`), { code: 'NEO4J_START_FAILED' })), START_TIMEOUT_MS);
    java.on('error', (err) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT'
        ? Object.assign(new Error(`Java was not found (looked for "${javaCommand()}"). Neo4j 5.26 needs Java 17 or 21: install it (Debian/Ubuntu: sudo apt-get install default-jdk-headless) or set JAVA_HOME, or set NEO4J_URI to use a running Neo4j.`), { code: 'NEO4J_NO_JAVA' })
        : err);
    });
    java.on('exit', (code, signal) => {
      clearTimeout(timer);
      removeDirs();
      if (!ready) {
        const hint = /UnsupportedClassVersionError|class file version/.test(stderr) ? ' Neo4j 5.26 needs Java 17 or 21: set JAVA_HOME to one.' : '';
        reject(Object.assign(new Error(`Neo4j exited while starting (${signal ?? `code ${code}`}).${hint} ${stderr.trim() || 'no output'}`), { code: 'NEO4J_START_FAILED' }));
      } else if (!stopping) {
        log(`Neo4j exited (${signal ?? `code ${code}`}) ${stderr.trim()}`);
        void shutdown(1);
      }
    });
  });
}

async function main() {
  guard();
  const started = Date.now();
  const cp = await classpath();
  if (flag('--build-only')) {
    log(`launcher ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await shutdown(0);
    return;
  }
  const info = await startJava(cp);
  const uri = info.bolt;
  if (json) {
    writeLine({ uri, user: info.user, password: info.password, version: info.version, dir: info.dir, pid: info.pid });
    return;
  }
  log(`Neo4j ${info.version} answers at ${uri} after ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${info.dir}, deleted at stop). Ctrl-C stops it. For Feedscope:`);
  process.stdout.write(`export NEO4J_URI=${uri} NEO4J_USER=${info.user} NEO4J_PASSWORD=${info.password}\n`);
}

main().catch((err) => fail(err.code && String(err.code).startsWith('NEO4J_') ? err.code : 'NEO4J_START_FAILED', err.message ?? String(err)));
