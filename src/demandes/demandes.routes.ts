import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth/actor.ts';
import type { AppContext } from '../http/context.ts';
import { createOnce, idempotencyKeyOf, sendAnswer } from '../http/idempotency.ts';
import { parseId, parseInput } from '../http/validation.ts';
import { createDemandeInput, listDemandesQuery } from '../shared/schemas.ts';
import { toDemandeDto } from './demandes.presenter.ts';
import { createDemande, getDemande, listDemandes } from './demandes.service.ts';

export function demandesRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post('/api/demandes', async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const input = parseInput(createDemandeInput, request.body);
    const answer = await createOnce(db, idempotencyKeyOf(request, actor.id), async (tx) => ({
      status: 201,
      body: { demande: toDemandeDto(await createDemande(tx, actor, input)) },
    }));
    return sendAnswer(reply, answer);
  });

  app.get('/api/demandes', async (request) => {
    const actor = await requireActor(ctx, request);
    const query = parseInput(listDemandesQuery, request.query);
    return { demandes: (await listDemandes(db, actor, query)).map(toDemandeDto) };
  });

  app.get<{ Params: { id: string } }>('/api/demandes/:id', async (request) => {
    const actor = await requireActor(ctx, request);
    const id = parseId(request.params.id, 'demande');
    return { demande: toDemandeDto(await getDemande(db, actor, id)) };
  });
}
