/**
 * LISTEN on a PostgreSQL channel with a connection of its own (a pooled connection cannot hold a LISTEN), reconnecting
 * after a lost connection. Callers also poll: a notification sent while reconnecting is not delivered again.
 */
import pg from 'pg';

export interface Listener {
  close(): Promise<void>;
}

export function listenForNotifications(
  url: string,
  channel: string,
  onNotify: () => void,
  onError: (error: unknown) => void = () => undefined,
  options: { schema?: string } = {},
): Listener {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({
      connectionString: url,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify();
    });
    c.on('error', (error) => {
      onError(error);
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      // Whatever happened while not listening is found by the caller's catch-up.
      onNotify();
    } catch (error) {
      onError(error);
      schedule();
    }
  };
  const schedule = () => {
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 2000);
    retry.unref();
  };
  void connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
