// Bootstrap of every isolated child process (see run-isolated.ts). Plain JavaScript on purpose: it registers tsx
// itself, so the TypeScript module it runs loads the same way under `npm start`, the CLI, vitest and bench scripts.
// It imports the job's module once, then runs one function per message and answers with the result serialized (so
// its size is capped before it travels; a result a job marked with `inParts` goes in parts first, in-parts.ts) or with
// the error's code and message.
import { register } from 'tsx/esm/api';

register();
const { serializeResult } = await import('./in-parts.ts');

/** Sends one message and waits until it has left, so the parts of a large result are not all buffered at once. */
const sendNow = (message) =>
  new Promise((resolve, reject) => process.send(message, (error) => (error ? reject(error) : resolve())));

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
    const result = serializeResult(value);
    if (result.bytes > job.maxOutputBytes) process.send({ id: job.id, ok: false, tooLarge: result.bytes });
    else {
      for (const part of result.parts) await sendNow({ id: job.id, part });
      process.send({ id: job.id, ok: true, value: result.head, path: result.path, partCount: result.parts.length });
    }
  } catch (error) {
    process.send({ id: job.id, ok: false, ...describeError(error) });
  }
});
// The parent going away (killed, crashed) must not leave this process behind.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
