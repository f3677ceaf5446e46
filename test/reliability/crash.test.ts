import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { runDoctor } from '../../src/doctor/doctor.ts';
import type { SandboxEvent } from '../../src/payments/sandbox/sandbox-event.ts';
import { newSandboxEvent } from '../../src/payments/sandbox/webhook-sender.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { HttpClient, Unreachable, type HttpAnswer } from '../support/http.ts';
import { deliverSandboxWebhook } from '../support/payments.ts';
import { testServerProcess, type ServerProcess } from '../support/server-process.ts';
import { signUpOrLogIn, untilReachable } from './retries.ts';
import { SETUP_TIMEOUT_MS } from './populate.ts';

/** Accept flows run while the server is killed: CRASH_FLOWS=100 in `npm run test:stress`. */
const FLOWS = Number(process.env.CRASH_FLOWS ?? 8);
const CONCURRENT_FLOWS = Math.min(FLOWS, 8);
const PRESTATAIRES = 6;
/** How long the server lives at least between two kills, in ms (it also takes seconds to start). */
const UPTIME = { min: 200, max: 1_500 };
/** Once the uptime is over, the kill waits (this long at most) for an acceptance in flight, to land inside it. */
const AIM_AT_ACCEPT_MS = 3_000;
/** The server's sandbox webhook secret: the test signs the provider's events with it. */
const WEBHOOK_SECRET = 'whsec_crash_test_sandbox_secret';

interface FlowResult {
  demandeur: HttpClient;
  offres: { id: string; author: HttpClient }[];
  meetSessionId: string;
  callId: string;
  acceptedOffreId: string;
  paymentId: string;
  /** The last event the sandbox sent; replaying it after the crashes must change nothing. */
  succeeded: SandboxEvent;
}

const counters: { unreachable: number; acceptsInFlight: number; killsDuringAccept: number; paymentsInFlight: number; killsDuringPayment: number; gaveUp?: Error } = {
  unreachable: 0,
  acceptsInFlight: 0,
  killsDuringAccept: 0,
  paymentsInFlight: 0,
  killsDuringPayment: 0,
};

/** Counts a payment request (start or webhook) in flight, so the report says how many kills landed inside one. */
async function paymentStep<T>(step: () => Promise<T>): Promise<T> {
  counters.paymentsInFlight++;
  try {
    return await step();
  } finally {
    counters.paymentsInFlight--;
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One demandeur's whole path under crashes: sign up, post a demande, two offres, then accept one
 * three times at once while the other is accepted too (double click, second screen, a race),
 * again and again until an answer arrives. Every successful answer must name the same session.
 */
async function acceptFlow(baseUrl: string, index: number, prestataires: HttpClient[]): Promise<FlowResult> {
  const demandeur = new HttpClient(baseUrl);
  const email = `demandeur-${index}-${randomBytes(3).toString('hex')}@crash.accord`;
  await untilReachable(() => signUpOrLogIn(demandeur, email), counters);
  const demande = await untilReachable(() => demandeur.request('POST', '/api/demandes', { title: `Demande ${index}`, description: 'Sous charge.' }), counters);
  expect(demande.status).toBe(201);
  const demandeId: string = demande.body.demande.id;

  const authors = [prestataires[index % PRESTATAIRES]!, prestataires[(index + 1) % PRESTATAIRES]!];
  const offres = await Promise.all(authors.map(async (author) => ({ id: await proposeOnce(author, demandeId), author })));

  const sessions = new Set<string>();
  let won: { offreId: string; answer: HttpAnswer } | undefined;
  while (!won) {
    const attempts = [offres[0]!, offres[0]!, offres[0]!, offres[1]!].map(async ({ id }) => {
      counters.acceptsInFlight++;
      const answer = await demandeur
        .request('POST', `/api/offres/${id}/accept`)
        .catch((error: unknown) => {
          if (error instanceof Unreachable) return undefined;
          throw error;
        })
        .finally(() => counters.acceptsInFlight--);
      return answer && { offreId: id, answer };
    });
    for (const attempt of await Promise.all(attempts)) {
      if (!attempt) continue;
      if (attempt.answer.status === 200) {
        sessions.add(`${attempt.offreId} ${attempt.answer.body.meetSessionId} ${attempt.answer.body.callId}`);
        won = attempt;
      } else {
        expect(attempt.answer.body.error.code).toBe('DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE');
      }
    }
    if (!won) {
      if (counters.gaveUp) throw counters.gaveUp;
      counters.unreachable++;
      await sleep(100);
    }
  }
  // I2: whatever raced, whatever was retried after a crash, one session.
  expect([...sessions]).toHaveLength(1);
  const meetSessionId: string = won.answer.body.meetSessionId;
  const { paymentId, succeeded } = await payFlow(baseUrl, demandeur, meetSessionId);
  return { demandeur, offres, meetSessionId, callId: won.answer.body.callId, acceptedOffreId: won.offreId, paymentId, succeeded };
}

/**
 * Pays the session through the sandbox: start the payment (repeated until answered: a lost answer
 * must find the same attempt), then the provider's signed events, each redelivered with its own id
 * until answered, as a provider retries.
 */
async function payFlow(baseUrl: string, demandeur: HttpClient, meetSessionId: string): Promise<{ paymentId: string; succeeded: SandboxEvent }> {
  const started = await untilReachable(() => paymentStep(() => demandeur.request('POST', `/api/meet-sessions/${meetSessionId}/payment`)), counters);
  expect(started.status).toBe(200);
  const paymentId: string = started.body.paymentId;
  const succeeded = newSandboxEvent('payment.succeeded', paymentId);
  for (const event of [newSandboxEvent('payment.processing', paymentId), succeeded]) {
    expect((await untilReachable(() => paymentStep(() => postSandboxEvent(baseUrl, event)), counters)).status).toBe(200);
  }
  return { paymentId, succeeded };
}

/** What the sandbox's webhook sender does: the event, signed, to the webhook endpoint. */
const postSandboxEvent = (baseUrl: string, event: SandboxEvent) => deliverSandboxWebhook(new HttpClient(baseUrl), event, { secret: WEBHOOK_SECRET });

/** Proposes an offre; when a lost answer hides a committed offre, finds it in the author's list. */
async function proposeOnce(author: HttpClient, demandeId: string): Promise<string> {
  return untilReachable(async () => {
    const proposed = await author.request('POST', `/api/demandes/${demandeId}/offres`, { priceCents: 4200, message: 'Disponible.' });
    if (proposed.status === 201) return proposed.body.offre.id as string;
    expect(proposed.body.error.code).toBe('OFFRE_ALREADY_PROPOSED');
    const mine = await author.request('GET', '/api/me/offres?limit=100');
    return (mine.body.offres as { id: string; demandeId: string }[]).find((offre) => offre.demandeId === demandeId)!.id;
  }, counters);
}

async function inPool<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

describe('crash test: the server is SIGKILLed again and again during accept-and-pay flows (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    server = await testServerProcess({ DATABASE_URL: database.url, PAYMENT_PROVIDER: 'sandbox', SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await server.start();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it(`completes ${FLOWS} accept-and-pay flows with one session and one payment each, and the doctor finds nothing wrong`, { timeout: 120_000 + FLOWS * 30_000 }, async () => {
    let flowsDone = false;
    let kills = 0;
    const killer = (async () => {
      // The first kill waits for the first accept in flight and strikes at once: on a quiet machine
      // all the flows can finish within one uptime, and a crash test without a crash proves nothing.
      for (let first = true; !flowsDone; first = false) {
        if (!first) await sleep(UPTIME.min + Math.random() * (UPTIME.max - UPTIME.min));
        const aimUntil = first ? Number.POSITIVE_INFINITY : Date.now() + AIM_AT_ACCEPT_MS;
        while (counters.acceptsInFlight === 0 && Date.now() < aimUntil && !flowsDone) await sleep(1);
        if (flowsDone) break;
        if (!first) await sleep(Math.random() * 30);
        if (counters.acceptsInFlight > 0) counters.killsDuringAccept++;
        if (counters.paymentsInFlight > 0) counters.killsDuringPayment++;
        await server.kill();
        kills++;
        await server.start();
      }
    })();
    // A server that fails to restart ends the flows at once instead of leaving them waiting.
    killer.catch((error: Error) => (counters.gaveUp = error));

    let results: FlowResult[];
    try {
      const prestataires = Array.from({ length: PRESTATAIRES }, () => new HttpClient(server.url));
      const emails = prestataires.map((_, i) => `prestataire-${i}-${randomBytes(3).toString('hex')}@crash.accord`);
      await Promise.all(prestataires.map((person, i) => untilReachable(() => signUpOrLogIn(person, emails[i]!), counters)));
      results = await inPool(FLOWS, CONCURRENT_FLOWS, (index) => acceptFlow(server.url, index, prestataires));
    } finally {
      flowsDone = true;
      await killer;
    }
    // The kills landed while requests were in flight, not only between flows.
    expect(kills).toBeGreaterThan(0);
    expect(counters.killsDuringAccept).toBeGreaterThan(0);
    expect(counters.unreachable).toBeGreaterThan(0);

    // After the last restart: accepting again returns the same session; the other offre is refused;
    // both participants open the same session and call.
    for (const flow of results) {
      const again = await flow.demandeur.request('POST', `/api/offres/${flow.acceptedOffreId}/accept`);
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { success: true, meetSessionId: flow.meetSessionId, callId: flow.callId } });
      const other = flow.offres.find((offre) => offre.id !== flow.acceptedOffreId)!;
      expect((await flow.demandeur.request('POST', `/api/offres/${other.id}/accept`)).status).toBe(409);
      const winner = flow.offres.find((offre) => offre.id === flow.acceptedOffreId)!.author;
      for (const participant of [flow.demandeur, winner]) {
        const session = await participant.request('GET', `/api/meet-sessions/${flow.meetSessionId}`);
        expect(session.status).toBe(200);
        expect(session.body).toMatchObject({ id: flow.meetSessionId, callId: flow.callId, offreId: flow.acceptedOffreId, status: 'ready' });
      }
      // Paying again finds the one succeeded attempt; the provider's replayed event changes nothing.
      const paidAgain = await flow.demandeur.request('POST', `/api/meet-sessions/${flow.meetSessionId}/payment`);
      expect(paidAgain).toMatchObject({ status: 200, body: { paymentId: flow.paymentId, status: 'succeeded', attempt: 1 } });
      const replayed = await postSandboxEvent(server.url, flow.succeeded);
      expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    }

    const inspected = await openDatabase({ databaseUrl: database.url, dataDir: 'unused', poolSize: 2 });
    try {
      const report = await runDoctor(inspected.db, 'postgres');
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      const [sessions] = await queryRows<{ n: number }>(inspected.db, sql`select count(*)::int as n from meet_sessions`);
      expect(sessions!.n).toBe(FLOWS);
      const [payments] = await queryRows<{ n: number }>(inspected.db, sql`select count(*)::int as n from payments where status = 'succeeded'`);
      expect(payments!.n).toBe(FLOWS);
    } finally {
      await inspected.close();
    }
    console.info(`crash test: ${FLOWS} flows, ${kills} SIGKILLs (${counters.killsDuringAccept} with an acceptance in flight, ${counters.killsDuringPayment} with a payment request in flight), ${counters.unreachable} requests lost and retried`);
  });
});
