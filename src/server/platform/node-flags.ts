/**
 * V8 flags the server's process is started with: by `bin/fangzhi` (its `#!` line), `npm start`, and the benchmarks'
 * spawns of the server and of the in-process ingest that stands for it.
 *
 * `--max-semi-space-size=2` (MB): the main thread's young generation is collected by copying what survives, and an
 * ingest keeps a whole book alive on the main thread (its sections arrive as strings, are written to the database and
 * sent to the index). With V8's default 16 MB semi-space a scavenge copied up to 16 MB of live text and held the event
 * loop 40–99 ms (`--trace-gc`, 104 M characters through `ingestBook`); with 2 MB the longest main-thread pause was
 * 18 ms, for 2 s more GC time over the whole run. The flag is process-wide: it holds for the search workers too (a
 * worker's `resourceLimits.maxYoungGenerationSizeMb` does not override it).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** The server flags this process was not started with (neither on the command line nor in NODE_OPTIONS). */
export function missingServerFlags(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((a) => a.replace(/_/g, '-'));
  return SERVER_NODE_FLAGS.filter((flag) => {
    const name = flag.split('=')[0] as string;
    return !given.some((a) => a === flag || a.startsWith(`${name}=`) || a === name);
  });
}
