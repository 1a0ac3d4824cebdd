// Guardian of private redis-servers and of temp dirs: started by Feedscope with a pipe on stdin.
// It kills its children when the pipe closes, which happens however the parent ends (exit,
// SIGKILL, crash, the OOM killer), then removes their temp dir. Plain CommonJS with no imports
// beyond node:, so it runs under any `node` and Electron's ELECTRON_RUN_AS_NODE alike
// (nodeRuntime.ts says which).
//
// Three modes:
//   guardian.cjs <bin> <args...>   one server (RedisServer.ts): prints {"pid"} and exits with it.
//   guardian.cjs --many            a cluster (ClusterGuardian.ts): reads JSON lines on stdin,
//                                  {"start": id, "bin", "args"}, and prints {"id", "pid"},
//                                  {"id", "error"} or {"id", "exit", "signal", "output"}; one
//                                  guardian for every node, so a cluster costs one extra process.
//   guardian.cjs --dir <dir>       no child: removes <dir> when the pipe closes (TempDirGuardian.ts,
//                                  for LadybugDB's database directory).
'use strict';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');

const KILL_AFTER_MS = 2000;

// The servers' temp dir, removed once they are gone (also when our parent was killed).
const tempDir = process.env.FEEDSCOPE_REDIS_DIR;
const removeTempDir = () => {
  if (!tempDir) return;
  try {
    rmSync(tempDir, { recursive: true, force: true });
  } catch {
    // best effort
  }
};
const send = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');
// Once the parent is gone a write fails with EPIPE; that must not end us before our children.
process.stdout.on('error', () => undefined);
const kill = (child, signal) => {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
};
const onPipeClosed = (stop) => {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

function guardOne([bin, ...args]) {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 4000) stderr = stderr.slice(-4000);
  });
  child.on('error', (err) => {
    send({ error: err.code || String(err) });
    process.exit(3);
  });
  child.on('spawn', () => send({ pid: child.pid }));
  child.on('exit', (code, signal) => {
    removeTempDir();
    if (stderr) process.stderr.write(stderr);
    process.exit(code ?? (signal ? 1 : 0));
  });
  onPipeClosed(() => {
    kill(child, 'SIGTERM');
    setTimeout(() => {
      kill(child, 'SIGKILL');
      removeTempDir();
      process.exit(0);
    }, KILL_AFTER_MS).unref();
  });
  process.stdin.resume();
}

function guardMany() {
  const children = new Map();
  let stopping = false;
  const finishIfDone = () => {
    if (!stopping || children.size > 0) return;
    removeTempDir();
    process.exit(0);
  };
  const start = (id, bin, args) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(id, child);
    // redis-server logs its fatal errors (a port in use) to stdout: keep the tail of both streams.
    let output = '';
    const keep = (d) => {
      output += d;
      if (output.length > 4000) output = output.slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let failed = false;
    child.on('error', (err) => {
      failed = true;
      children.delete(id);
      send({ id, error: err.code || String(err) });
      finishIfDone();
    });
    child.on('spawn', () => send({ id, pid: child.pid }));
    // 'close', not 'exit': only then has the last of the output (the fatal error) been read.
    child.on('close', (code, signal) => {
      if (failed) return;
      children.delete(id);
      send({ id, exit: code ?? (signal ? 1 : 0), signal, output });
      finishIfDone();
    });
  };
  let buf = '';
  process.stdin.on('data', (d) => {
    buf += d;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.start !== undefined && !stopping) start(msg.start, msg.bin, msg.args);
    }
  });
  onPipeClosed(() => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) kill(child, 'SIGTERM');
    finishIfDone();
    setTimeout(() => {
      for (const child of children.values()) kill(child, 'SIGKILL');
      // SIGKILL cannot be refused; give the exits a moment to be reaped, then go regardless.
      setTimeout(() => {
        removeTempDir();
        process.exit(0);
      }, 500).unref();
    }, KILL_AFTER_MS).unref();
  });
  process.stdin.resume();
}

function guardDir(dir) {
  const stop = () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.on('SIGTERM', stop);
  // Ctrl+C reaches the whole process group: the parent decides, and its end closes the pipe.
  process.on('SIGINT', () => undefined);
  process.stdin.resume();
}

const argv = process.argv.slice(2);
if (argv[0] === '--many') guardMany();
else if (argv[0] === '--dir') guardDir(argv[1]);
else guardOne(argv);
