import parsePrometheusTextFormat, { type MetricFamily, type Sample } from 'parse-prometheus-text-format';
import type { Histogram } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../metrics/metrics.ts';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { TestSocket } from '../../test/support/realtime.ts';
import { waitUntil } from '../../test/support/wait.ts';

const METRICS_TOKEN = 'metrics-token-for-the-tests';
const POOL_SIZE = 3;

/**
 * One scrape, read as Prometheus would: the parser throws on any line outside the text format.
 * Counters and gauges are read from it. Its histograms are not: it folds every labelled series of
 * a histogram into one (it only handles unlabelled ones), so their counts come from the registry
 * the scrape rendered (`histogramCount`).
 */
async function scrape(t: TestApp): Promise<Map<string, MetricFamily>> {
  const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(response.body).map((family) => [family.name, family]));
}

function valueOf(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const sample = families.get(name)?.metrics.find((s: Sample) => Object.entries(labels).every(([key, value]) => s.labels?.[key] === value));
  return Number(sample?.value ?? 0);
}

async function histogramCount(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await (registry.getSingleMetric(name) as Histogram).get();
  const matches = (sampleLabels: Record<string, unknown>) => Object.entries(labels).every(([key, value]) => String(sampleLabels[key]) === value);
  return metric.values.filter((v) => v.metricName === `${name}_count` && matches(v.labels)).reduce((total, v) => total + v.value, 0);
}

const route = '/api/offres/:id/accept';

/** What an acceptance moves: requests by route and status, acceptances by outcome, lock waits. */
async function readings(families: Map<string, MetricFamily>) {
  return {
    accepted200: await histogramCount('accord_http_request_duration_seconds', { method: 'POST', route, status: '200' }),
    refused403: await histogramCount('accord_http_request_duration_seconds', { route, status: '403' }),
    // URLs are not labels: one series per route pattern, whatever the ids.
    byUrl: (await registry.getSingleMetricAsString('accord_http_request_duration_seconds')).split('\n').filter((line) => /\/api\/offres\/[0-9a-f-]{36}/.test(line)).length,
    accepted: valueOf(families, 'accord_acceptances_total', { outcome: 'accepted' }),
    alreadyAccepted: valueOf(families, 'accord_acceptances_total', { outcome: 'already_accepted' }),
    forbidden: valueOf(families, 'accord_acceptances_total', { outcome: 'FORBIDDEN' }),
    lockWaits: await histogramCount('accord_acceptance_lock_wait_seconds'),
  };
}

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  it('does not exist, for anyone', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer anything-at-all' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe.each(DATABASE_KINDS)('/metrics (%s)', (kind) => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { poolSize: POOL_SIZE, config: { METRICS_TOKEN } });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the bearer token, or with another', async () => {
    for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, METRICS_TOKEN]) {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
      expect(response.body).not.toContain('accord_');
    }
  });

  it('shows requests by route pattern and status, acceptances and their lock wait, open sockets, bus lag and the pool', async () => {
    const [demandeur, prestataire] = [await signUp(t.app, 'Camille'), await signUp(t.app, 'Hugo')];
    const { offreIds } = await demandeWithOffres(demandeur, [prestataire]);
    const heardBefore = await histogramCount('accord_bus_lag_seconds', { channel: 'accord_events' });
    const before = await readings(await scrape(t));
    const socket = await TestSocket.open(baseUrl, demandeur.cookie);
    try {
      expect((await demandeur.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(200);
      expect((await demandeur.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(200);
      expect((await prestataire.post(`/api/offres/${offreIds[0]}/accept`)).statusCode).toBe(403);
      // The acceptance's events, heard back through LISTEN.
      await waitUntil('the acceptance events heard on the bus', async () =>
        (await histogramCount('accord_bus_lag_seconds', { channel: 'accord_events' })) > heardBefore ? true : undefined,
      );
      const families = await scrape(t);
      const typeOf = (name: string) => families.get(name)?.type;
      expect(
        ['accord_http_request_duration_seconds', 'accord_acceptance_lock_wait_seconds', 'accord_bus_lag_seconds'].map(typeOf),
      ).toEqual(['HISTOGRAM', 'HISTOGRAM', 'HISTOGRAM']);
      expect(['accord_acceptances_total', 'accord_open_sockets', 'accord_db_pool_connections'].map(typeOf)).toEqual(['COUNTER', 'GAUGE', 'GAUGE']);

      // The registry is the process's: what this test did is the difference (the other database's ran before).
      const after = await readings(families);
      expect(Object.fromEntries(Object.entries(after).map(([name, value]) => [name, value - before[name as keyof typeof before]]))).toEqual({
        accepted200: 2,
        refused403: 1,
        byUrl: 0,
        accepted: 1,
        alreadyAccepted: 1,
        forbidden: 1,
        // Timed once the locks were taken: the two acceptances that got past them (the prestataire is refused there).
        lockWaits: 2,
      });
      expect(valueOf(families, 'accord_open_sockets')).toBe(1);
      expect(valueOf(families, 'accord_db_pool_connections', { state: 'max' })).toBe(kind === 'postgres' ? POOL_SIZE : 0);
      // The runtime's own health, from prom-client's default metrics.
      expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
    } finally {
      socket.close();
    }
    await waitUntil('the socket counted closed', async () => (valueOf(await scrape(t), 'accord_open_sockets') === 0 ? true : undefined));
  });
});
