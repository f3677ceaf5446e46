import type { Config } from '../config/config.ts';
import type { Database } from '../db/client.ts';

/** What every route module gets: the configuration and the database. */
export interface AppContext {
  config: Config;
  database: Database;
}
