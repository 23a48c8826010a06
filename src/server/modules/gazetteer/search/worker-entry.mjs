// Bootstrap of every search worker thread (see worker-pool.ts). Plain JavaScript on purpose: it registers tsx itself,
// so the TypeScript engine loads the same way under `npm start`, the CLI, vitest and bench scripts.
import { register } from 'tsx/esm/api';

register();
await import('./search-worker.ts');
