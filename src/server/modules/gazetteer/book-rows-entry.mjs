// Bootstrap of the book-rows writer thread (see book-rows-writer.ts). Plain JavaScript on purpose, as the search
// workers' worker-entry.mjs: it registers tsx itself, so the TypeScript loads the same way under `npm start`, vitest
// and bench scripts.
import { register } from 'tsx/esm/api';

register();
await import('./book-rows-worker.ts');
