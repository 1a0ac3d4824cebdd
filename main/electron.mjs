// Electron's entry: runs main/main.ts through tsx (the engine is TypeScript, no bundling step).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
