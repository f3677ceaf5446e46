import type { Database } from '../db/client.ts';
import type { Config } from './config.ts';

/** What every route module gets: the configuration and the database. */
export interface AppContext {
  config: Config;
  database: Database;
}
