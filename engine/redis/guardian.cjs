// Guardian of a private redis-server: started by Feedscope with a pipe on stdin. It starts
// redis-server with the arguments it was given, prints the child's pid, and kills the child when
// the pipe closes, which happens however the parent ends (exit, SIGKILL, crash). Plain CommonJS
// with no imports beyond node:, so it runs under `node` and Electron's ELECTRON_RUN_AS_NODE alike.
'use strict';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');

// The server's temp dir, removed once the server is gone (also when our parent was killed).
const tempDir = process.env.FEEDSCOPE_REDIS_DIR;
const removeTempDir = () => {
  if (!tempDir) return;
  try {
    rmSync(tempDir, { recursive: true, force: true });
  } catch {
    // best effort
  }
};

const [bin, ...args] = process.argv.slice(2);
const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => {
  stderr += d;
  if (stderr.length > 4000) stderr = stderr.slice(-4000);
});
child.on('error', (err) => {
  process.stdout.write(JSON.stringify({ error: err.code || String(err) }) + '\n');
  process.exit(3);
});
child.on('spawn', () => process.stdout.write(JSON.stringify({ pid: child.pid }) + '\n'));
child.on('exit', (code, signal) => {
  removeTempDir();
  if (stderr) process.stderr.write(stderr);
  process.exit(code ?? (signal ? 1 : 0));
});
const stop = () => {
  try {
    child.kill('SIGTERM');
  } catch {
    // already gone
  }
  setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
    process.exit(0);
  }, 2000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
