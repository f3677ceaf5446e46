import { count } from 'drizzle-orm';
import { createAccount, hashPassword } from '../auth/auth.service.ts';
import type { Db } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { createDemande } from '../demandes/demandes.service.ts';
import { proposeOffre } from '../offres/offres.service.ts';

export const DEMO_PASSWORD = 'accord-demo-2026';

export const DEMO_ACCOUNTS = [
  { email: 'camille@demo.accord', displayName: 'Camille Martin', role: 'demandeur' },
  { email: 'hugo@demo.accord', displayName: 'Hugo Lefèvre', role: 'prestataire' },
  { email: 'lea@demo.accord', displayName: 'Léa Dubois', role: 'prestataire' },
] as const;

/**
 * Fills an empty database with a demandeur, two prestataires, one demande and two offres, so a
 * first `npm start` has something to click. Does nothing once any account exists.
 */
export async function seedDemoData(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return inTransaction(db, async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return false;

    const [camille, hugo, lea] = await Promise.all(
      DEMO_ACCOUNTS.map(async ({ email, displayName }) =>
        (await createAccount(tx, { email, displayName }, passwordHash)).user,
      ),
    );
    const { demande } = await createDemande(tx, camille!, {
      title: 'Cours de guitare pour débutant',
      description: 'Je cherche un professeur pour une heure de cours en visio, niveau débutant, cette semaine.',
      budgetCents: 4000,
    });
    await proposeOffre(tx, hugo!, demande.id, { priceCents: 3500, message: 'Guitariste depuis 15 ans, disponible jeudi soir.', validForDays: 7 });
    await proposeOffre(tx, lea!, demande.id, { priceCents: 4000, message: 'Professeure diplômée, premier cours adapté à votre rythme.', validForDays: 7 });
    return true;
  });
}
