import pg from 'pg';

const RETRY_MS = 1_000;

export interface PgListener {
  /** Whether the LISTEN connection is up now (it is replaced within about a second when lost). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * LISTENs on `channel` over a connection of its own, and LISTENs again on a new one when that
 * connection is lost (server restart, network cut, terminated backend). Notifications sent in
 * between are lost: `onResumed` tells the caller, so that it can make its clients refetch.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onResumed: () => void,
): Promise<PgListener> {
  let stopped = false;
  let current: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    // A lost connection also ends the client ('end' below retries); without this listener its 'error' would kill the process.
    client.on('error', () => {});
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    current = client;
    client.once('end', () => {
      if (current === client) current = undefined;
      if (!stopped) retry();
    });
  };
  const retry = () => {
    retryTimer = setTimeout(() => {
      connect().then(
        () => !stopped && onResumed(),
        () => !stopped && retry(),
      );
    }, RETRY_MS);
  };

  await connect();
  return {
    connected: () => current !== undefined,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await current?.end().catch(() => {});
    },
  };
}
