import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../errors/app-error.ts';
import type { AppContext } from '../http/context.ts';
import { createOnce, idempotencyKeyOf, sendAnswer } from '../http/idempotency.ts';
import { parseId, parseInput } from '../http/validation.ts';
import { acceptances } from '../metrics/metrics.ts';
import { listMyOffresQuery, proposeOffreInput } from '../shared/schemas.ts';
import { toDemandeDto } from '../demandes/demandes.presenter.ts';
import { cancelDemande } from './demande-cancellation.ts';
import { toMyOffreDto, toOffreDto } from './offres.presenter.ts';
import { acceptOffre, listMyOffres, listOffres, proposeOffre, rejectOffre, withdrawOffre } from './offres.service.ts';

export function offresRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post<{ Params: { id: string } }>('/api/demandes/:id/offres', async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const demandeId = parseId(request.params.id, 'demande');
    const input = parseInput(proposeOffreInput, request.body);
    const answer = await createOnce(db, idempotencyKeyOf(request, actor.id), async (tx) => ({
      status: 201,
      body: { offre: toOffreDto(await proposeOffre(tx, actor, demandeId, input)) },
    }));
    return sendAnswer(reply, answer);
  });

  app.get<{ Params: { id: string } }>('/api/demandes/:id/offres', async (request) => {
    const actor = await requireActor(ctx, request);
    const demandeId = parseId(request.params.id, 'demande');
    return { offres: (await listOffres(db, actor, demandeId)).map((offre) => toOffreDto(offre)) };
  });

  app.get('/api/me/offres', async (request) => {
    const actor = await requireActor(ctx, request);
    const { limit } = parseInput(listMyOffresQuery, request.query);
    return { offres: (await listMyOffres(db, actor, limit)).map((offre) => toMyOffreDto(offre)) };
  });

  app.post<{ Params: { id: string } }>('/api/offres/:id/accept', async (request) => {
    const actor = await requireActor(ctx, request);
    const offreId = parseId(request.params.id, 'offre');
    // A racing acceptance that lost on a unique key retries and then reads the winner's session.
    const { session, created } = await counted(inTransaction(db, (tx) => acceptOffre(tx, actor, offreId), { retryOnUniqueViolation: true }));
    const { demandeId, id: meetSessionId, callId } = session;
    request.log.info({ demandeId, offreId, meetSessionId, callId, created }, created ? 'offre accepted' : 'offre already accepted');
    return { success: true, meetSessionId, callId };
  });

  app.post<{ Params: { id: string } }>('/api/offres/:id/reject', async (request) => {
    const actor = await requireActor(ctx, request);
    const offreId = parseId(request.params.id, 'offre');
    return { offre: toOffreDto(await inTransaction(db, (tx) => rejectOffre(tx, actor, offreId))) };
  });

  app.post<{ Params: { id: string } }>('/api/offres/:id/withdraw', async (request) => {
    const actor = await requireActor(ctx, request);
    const offreId = parseId(request.params.id, 'offre');
    return { offre: toOffreDto(await inTransaction(db, (tx) => withdrawOffre(tx, actor, offreId))) };
  });

  // Routed here, beside the decisions it shares its lock with: cancelling rejects the pending offres.
  app.post<{ Params: { id: string } }>('/api/demandes/:id/cancel', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'demande');
    return { demande: toDemandeDto(await inTransaction(db, (tx) => cancelDemande(tx, actor, id))) };
  });
}

/** Counts an acceptance once it is answered (once per request, whatever the retries inside), by outcome. */
async function counted<T extends { created: boolean }>(acceptance: Promise<T>): Promise<T> {
  try {
    const result = await acceptance;
    acceptances.inc({ outcome: result.created ? 'accepted' : 'already_accepted' });
    return result;
  } catch (error) {
    acceptances.inc({ outcome: error instanceof AppError ? error.code : 'error' });
    throw error;
  }
}
