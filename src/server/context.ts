import type { Database } from '../db/client.ts';
import type { Realtime } from '../realtime/gateway.ts';
import type { Config } from './config.ts';

/** What every route module gets: the configuration, the database and the live-update gateway. */
export interface AppContext {
  config: Config;
  database: Database;
  realtime: Realtime;
}
