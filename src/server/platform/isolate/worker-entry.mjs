// Bootstrap of every isolated worker (see run-isolated.ts). Plain JavaScript on purpose: it registers tsx itself, so
// the TypeScript module it runs loads the same way under `npm start`, the CLI, vitest and bench scripts, whatever hooks
// the parent thread had. It imports the job's module once, then runs one function per message and answers with the
// result serialized (so the parent can cap its size before deserializing) or with the error's code and message.
import { parentPort } from 'node:worker_threads';
import { serialize } from 'node:v8';
import { register } from 'tsx/esm/api';

register();

const modules = new Map();

function describeError(error) {
  if (error && typeof error === 'object' && error.name === 'AppError' && typeof error.code === 'string') {
    return { appError: { code: error.code, message: String(error.message), details: Array.isArray(error.details) ? error.details : [] } };
  }
  return { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

parentPort.on('message', async (job) => {
  try {
    let loaded = modules.get(job.moduleUrl);
    if (!loaded) {
      loaded = import(job.moduleUrl);
      modules.set(job.moduleUrl, loaded);
    }
    const fn = (await loaded)[job.exportName];
    if (typeof fn !== 'function') throw new Error(`${job.moduleUrl} has no export ${job.exportName}`);
    const value = await fn(...job.args);
    const bytes = serialize(value);
    if (bytes.byteLength > job.maxOutputBytes) {
      parentPort.postMessage({ id: job.id, ok: false, tooLarge: bytes.byteLength });
      return;
    }
    // Transfer the bytes when they own their buffer; a slice of a shared pool must be copied first.
    const out = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
    parentPort.postMessage({ id: job.id, ok: true, value: out }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, ...describeError(error) });
  }
});
