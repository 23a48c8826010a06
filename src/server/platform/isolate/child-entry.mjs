// Bootstrap of every isolated child process (see run-isolated.ts). Plain JavaScript on purpose: it registers tsx
// itself, so the TypeScript module it runs loads the same way under `npm start`, the CLI, vitest and bench scripts.
// It imports the job's module once, then runs one function per message and answers with the result serialized (so
// its size is capped before it travels) or with the error's code and message.
import { serialize } from 'node:v8';
import { register } from 'tsx/esm/api';

register();

const modules = new Map();

function describeError(error) {
  if (error && typeof error === 'object' && error.name === 'AppError' && typeof error.code === 'string') {
    return {
      appError: {
        code: error.code,
        message: String(error.message),
        details: Array.isArray(error.details) ? error.details : [],
      },
    };
  }
  return { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

process.on('message', async (job) => {
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
    if (bytes.byteLength > job.maxOutputBytes) process.send({ id: job.id, ok: false, tooLarge: bytes.byteLength });
    else process.send({ id: job.id, ok: true, value: bytes });
  } catch (error) {
    process.send({ id: job.id, ok: false, ...describeError(error) });
  }
});
// The parent going away (killed, crashed) must not leave this process behind.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
