import { inTransaction } from '../../src/db/transaction.ts';
import { proposeOffre } from '../../src/offres/offres.service.ts';
import { demandeWithOffres, signUp, type Client, type TestApp } from '../support/app.ts';

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

  return {
    people,
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
