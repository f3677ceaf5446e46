import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/server/app.ts';
import { testConfig, type Config } from '../../src/config/config.ts';
import type { RealtimeLimits } from '../../src/realtime/limits.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  config: Config;
}

export interface TestAppOptions {
  poolSize?: number;
  config?: Partial<Config>;
  realtimeLimits?: Partial<RealtimeLimits>;
  logStream?: BuildAppOptions['logStream'];
  httpTimeouts?: BuildAppOptions['httpTimeouts'];
}

export async function createTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase(kind, options);
  const config = testConfig(options.config);
  const app = await buildApp({ config, database: testDatabase.database, realtimeLimits: options.realtimeLimits ?? {}, logStream: options.logStream, httpTimeouts: options.httpTimeouts });
  return {
    ...testDatabase,
    app,
    config,
    async close() {
      await app.close();
      await testDatabase.close();
    },
  };
}

let counter = 0;

/** A person using the API: their own account and session cookie. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly cookie: string | undefined,
    readonly user: { id: string; email: string; displayName: string },
  ) {}

  request(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, payload?: unknown) => this.request('POST', url, payload);
}

export const anonymous = (app: FastifyInstance) => new Client(app, undefined, { id: '', email: '', displayName: 'anonymous' });

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'accord_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `accord_session=${cookie.value}`;
}

/** Registers a new account with a unique email and returns a client signed in as it. */
export async function signUp(app: FastifyInstance, displayName = 'Person'): Promise<Client> {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${process.pid}-${++counter}@test.accord`;
  const response = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'correct horse battery', displayName } });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return new Client(app, sessionCookieOf(response), response.json().user);
}

/** A demande by `demandeur` with one offre from each prestataire; returns their ids. */
export async function demandeWithOffres(
  demandeur: Client,
  prestataires: Client[],
  title = 'Réparer une fuite',
): Promise<{ demandeId: string; offreIds: string[] }> {
  const created = await demandeur.post('/api/demandes', { title, description: 'Sous l’évier de la cuisine.', budgetCents: 8000 });
  if (created.statusCode !== 201) throw new Error(`create demande failed: ${created.body}`);
  const demandeId: string = created.json().demande.id;
  const offreIds: string[] = [];
  for (const [i, prestataire] of prestataires.entries()) {
    const offre = await prestataire.post(`/api/demandes/${demandeId}/offres`, { priceCents: 5000 + i * 100, message: `Offre ${i}` });
    if (offre.statusCode !== 201) throw new Error(`propose failed: ${offre.body}`);
    offreIds.push(offre.json().offre.id);
  }
  return { demandeId, offreIds };
}
