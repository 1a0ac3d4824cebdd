#!/usr/bin/env node
// The `feedscope` command: runs the TypeScript CLI through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
await main(process.argv);
