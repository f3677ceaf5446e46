import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDemandeOfOffre } from '../demandes/demandes.repo.ts';
import { lockOffre } from '../offres/offres.repo.ts';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { DATABASE_KINDS } from '../../test/support/databases.ts';
import { demandes, offres } from './schema.ts';
import { inTransaction } from './transaction.ts';

describe.each(DATABASE_KINDS)('rows of `sql` templates, mapped by rowMapper, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('equal the query builder’s rows, field for field and type for type (timestamps, nulls)', async () => {
    const [demandeur, prestataire] = [await signUp(t.app, 'Camille'), await signUp(t.app, 'Hugo')];
    const { demandeId, offreIds } = await demandeWithOffres(demandeur, [prestataire]);
    const offreId = offreIds[0]!;
    const { db } = t.database;

    const [built] = await db.select().from(offres).where(eq(offres.id, offreId));
    const [builtDemande] = await db.select().from(demandes).where(eq(demandes.id, demandeId));
    const fromTemplates = await inTransaction(db, async (tx) => ({ offre: await lockOffre(tx, offreId), demande: await lockDemandeOfOffre(tx, offreId) }));

    expect(fromTemplates.offre).toEqual(built);
    expect(fromTemplates.demande).toEqual(builtDemande);
    expect(fromTemplates.offre.expiresAt).toBeInstanceOf(Date);
    expect(fromTemplates.offre.decidedAt).toBeNull();
    expect(await inTransaction(db, (tx) => lockDemandeOfOffre(tx, crypto.randomUUID()))).toBeUndefined();
  });
});
