import { inTransaction } from '../../src/db/transaction.ts';
import { proposeOffre } from '../../src/offres/offres.service.ts';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type Client, type TestApp } from '../support/app.ts';
import type { DatabaseKind } from '../support/databases.ts';
import { postSandboxWebhook, sandboxEvent } from '../support/payments.ts';

/** Ceiling for a suite's setup: signing up accounts (argon2) and building a database takes a while on a busy machine. */
export const SETUP_TIMEOUT_MS = 180_000;

export interface Population {
  people: { camille: Client; hugo: Client; lea: Client; zoe: Client };
  acceptedDemandeId: string;
  acceptedOffreId: string;
  /** Lea's offre on the accepted demande, rejected by the acceptance. */
  rejectedOffreId: string;
  meetSessionId: string;
  openDemandeId: string;
  pendingOffreId: string;
  withdrawnOffreId: string;
  expiredOffreId: string;
  cancelledDemandeId: string;
  /** The accepted demande's session has a payment attempt started, not paid. */
  openPaymentId: string;
  /** A session paid through the sandbox webhook: `ready`, its payment `succeeded`. */
  paidMeetSessionId: string;
  succeededPaymentId: string;
  /** A session paid, then cancelled by the demandeur: its payment `refunded`. */
  cancelledMeetSessionId: string;
  refundedPaymentId: string;
  /** Hugo's notification that his offre was accepted. */
  notificationId: string;
}

const ok = async (response: Promise<{ statusCode: number; body: string; json(): any }>, status: number) => {
  const answer = await response;
  if (answer.statusCode !== status) throw new Error(`expected ${status}, got ${answer.statusCode}: ${answer.body}`);
  return answer.json();
};

/**
 * A database in every state the core can reach, built through the API (and the service, for an
 * offre that expired in the past): accepted, open, cancelled demandes; pending, accepted,
 * rejected, withdrawn, expired offres; one meet session.
 */
export async function populate(t: TestApp): Promise<Population> {
  const [camille, hugo, lea, zoe] = await Promise.all(['Camille', 'Hugo', 'Lea', 'Zoe'].map((name) => signUp(t.app, name)));
  const people = { camille: camille!, hugo: hugo!, lea: lea!, zoe: zoe! };

  const accepted = await demandeWithOffres(people.camille, [people.hugo, people.lea]);
  const [acceptedOffreId, rejectedOffreId] = accepted.offreIds as [string, string];
  const { meetSessionId } = await ok(people.camille.post(`/api/offres/${acceptedOffreId}/accept`), 200);

  const open = await demandeWithOffres(people.camille, [people.hugo, people.lea]);
  const [pendingOffreId, withdrawnOffreId] = open.offreIds as [string, string];
  await ok(people.lea.post(`/api/offres/${withdrawnOffreId}/withdraw`), 200);

  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
  const lapsed = await inTransaction(t.database.db, (tx) =>
    proposeOffre(tx, people.zoe.user, open.demandeId, { priceCents: 900, message: 'Expirée', validForDays: 1 }, tenDaysAgo),
  );
  // Proposing again marks the lapsed offre expired (with its event) and frees the slot.
  const fresh = await ok(people.zoe.post(`/api/demandes/${open.demandeId}/offres`, { priceCents: 950, message: 'Nouvelle' }), 201);
  await ok(people.camille.post(`/api/offres/${fresh.offre.id}/reject`), 200);

  const cancelled = await demandeWithOffres(people.camille, [people.hugo]);
  await ok(people.camille.post(`/api/demandes/${cancelled.demandeId}/cancel`), 200);

  const { paymentId: openPaymentId } = await ok(people.camille.post(`/api/meet-sessions/${meetSessionId}/payment`), 200);
  const paid = await paidSession(t, people.camille, people.hugo);
  const refunded = await paidSession(t, people.camille, people.lea);
  await ok(people.camille.post(`/api/meet-sessions/${refunded.meetSessionId}/cancel`), 200);

  const { notifications } = await ok(people.hugo.get('/api/notifications'), 200);
  const notificationId: string = notifications.find((n: { kind: string }) => n.kind === 'offre.accepted').id;

  return {
    people,
    openPaymentId,
    paidMeetSessionId: paid.meetSessionId,
    succeededPaymentId: paid.paymentId,
    cancelledMeetSessionId: refunded.meetSessionId,
    refundedPaymentId: refunded.paymentId,
    notificationId,
    acceptedDemandeId: accepted.demandeId,
    acceptedOffreId,
    rejectedOffreId,
    meetSessionId,
    openDemandeId: open.demandeId,
    pendingOffreId,
    withdrawnOffreId,
    expiredOffreId: lapsed.offre.id,
    cancelledDemandeId: cancelled.demandeId,
  };
}

/** A demande of `demandeur` with the offre of `prestataire` accepted and paid through the sandbox's signed webhook. */
export async function paidSession(t: TestApp, demandeur: Client, prestataire: Client): Promise<{ meetSessionId: string; paymentId: string }> {
  const { offreIds } = await demandeWithOffres(demandeur, [prestataire]);
  const { meetSessionId } = await ok(demandeur.post(`/api/offres/${offreIds[0]}/accept`), 200);
  const { paymentId } = await ok(demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`), 200);
  const secret = t.config.SANDBOX_WEBHOOK_SECRET;
  await ok(postSandboxWebhook(t.app, sandboxEvent('payment.processing', paymentId), { secret }), 200);
  await ok(postSandboxWebhook(t.app, sandboxEvent('payment.succeeded', paymentId), { secret }), 200);
  const session = await ok(demandeur.get(`/api/meet-sessions/${meetSessionId}`), 200);
  if (session.status !== 'ready') throw new Error(`paid session not ready: ${JSON.stringify(session)}`);
  return { meetSessionId, paymentId };
}

/**
 * For the enclosing suite: a test app of `kind` on a `populate`d database, made before its tests
 * (then handed to `use`, which may prepare more) and closed after them.
 */
export function usePopulatedApp(kind: DatabaseKind, use: (t: TestApp, p: Population) => void | Promise<void>): void {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await use(t, await populate(t));
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t?.close());
}
