/**
 * The seed's Test 2 and Test 3, in real browsers against the real server: a demandeur and
 * prestataires, each in a browser context of their own.
 */
import { and, count, eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { meetSessions, offres } from '../../src/db/schema.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { newPerson, signUpInUi } from './support/browser.ts';
import {
  acceptOnDemandePage,
  demandeWithOffreInUi,
  markPage,
  proposeOffreInUi,
  sessionIdInUrl,
  stillSamePage,
  tabWithoutLiveUpdates,
  texts,
} from './support/flows.ts';
import { useServerAndBrowser } from './support/harness.ts';
import { allowConsoleError } from './support/page-problems.ts';

const { m, t } = texts('fr');
const acceptButton = (screen: Page | Locator, name: string, amount: string) =>
  screen.getByRole('button', { name: t('receivedOffres.acceptLabel', { name, amount }) });

describe.each(DATABASE_KINDS)('acceptance in two browsers (%s)', (kind) => {
  const suite = useServerAndBrowser(kind);

  const sessionsOf = async (demandeId: string) =>
    (await suite.server.database.db.select({ n: count() }).from(meetSessions).where(eq(meetSessions.demandeId, demandeId)))[0]!.n;

  test('Test 2: accepting from the offres page, the modal and a second tab at once makes one session, the same for both people', { timeout: 240_000 }, async () => {
    const title = 'Cours de guitare pour débutant';
    const { demandeur, prestataire, demandeId } = await demandeWithOffreInUi(suite.browser, suite.server.url, {
      demandeur: 'Camille Martin',
      prestataire: 'Hugo Lefèvre',
      demande: { title, description: 'Une heure en visio.' },
      offre: { price: '35', message: 'Disponible jeudi soir.' },
    });
    const amount = '35,00\u00a0€';

    // Three screens of the demandeur, all showing the pending offre before anything is accepted. The
    // modal's and the second tab's live links are down, so they still offer to accept afterwards.
    const offresPage = demandeur.page;
    await offresPage.goto(`/demandes/${demandeId}`);
    await acceptButton(offresPage, 'Hugo Lefèvre', amount).waitFor();

    const modalTab = await tabWithoutLiveUpdates(demandeur.context);
    await modalTab.goto('/my/demandes');
    await modalTab.getByRole('button', { name: t('myDemandes.seeReceivedFor', { title }) }).click();
    const modal = modalTab.getByRole('dialog', { name: t('receivedOffres.modalTitle', { title }) });
    await acceptButton(modal, 'Hugo Lefèvre', amount).waitFor();

    const secondTab = await tabWithoutLiveUpdates(demandeur.context);
    await secondTab.goto(`/demandes/${demandeId}`);
    await acceptButton(secondTab, 'Hugo Lefèvre', amount).waitFor();

    // 1. From the offres page: the payment step opens on the new session.
    await acceptButton(offresPage, 'Hugo Lefèvre', amount).click();
    const meetSessionId = await sessionIdInUrl(offresPage);
    await offresPage.getByRole('dialog', { name: m.payment.modalTitle }).getByText(m.payment.status.none).waitFor();

    // 2 and 3. Again from the stale modal, and from the second tab, at the same instant.
    await Promise.all([
      acceptButton(modal, 'Hugo Lefèvre', amount).click(),
      acceptButton(secondTab, 'Hugo Lefèvre', amount).click(),
    ]);
    expect(await sessionIdInUrl(modalTab)).toBe(meetSessionId);
    expect(await sessionIdInUrl(secondTab)).toBe(meetSessionId);
    await modalTab.getByRole('dialog', { name: m.payment.modalTitle }).waitFor();

    // The prestataire reaches the very same session.
    await prestataire.page.goto('/my/offres');
    await prestataire.page.getByText(m.acceptedOffre.awaitingPayment).waitFor();
    await prestataire.page.getByRole('link', { name: m.acceptedOffre.viewSession }).click();
    await prestataire.page.waitForURL(`**/sessions/${meetSessionId}`);
    await prestataire.page.getByRole('heading', { name: t('session.title', { name: 'Camille Martin' }) }).waitFor();

    // The database holds one session, for one accepted offre.
    expect(await sessionsOf(demandeId)).toBe(1);
    const [accepted] = await suite.server.database.db
      .select({ n: count() })
      .from(offres)
      .where(and(eq(offres.demandeId, demandeId), eq(offres.status, 'accepted')));
    expect(accepted!.n).toBe(1);

    await Promise.all([demandeur.context.close(), prestataire.context.close()]);
  });

  test('Test 3: once one of two offres is accepted, the other shows as refused to both sides without a reload, and cannot be accepted', { timeout: 240_000 }, async () => {
    const { demandeur, prestataire: hugo, demandeId } = await demandeWithOffreInUi(suite.browser, suite.server.url, {
      demandeur: 'Camille Martin',
      prestataire: 'Hugo Lefèvre',
      demande: { title: 'Réparer une fuite', description: 'Sous l’évier de la cuisine.' },
      offre: { price: '80', message: 'Plombier, je passe demain.' },
    });
    const lea = await newPerson(suite.browser, suite.server.url);
    await signUpInUi(lea.page, 'Léa Dubois');
    await proposeOffreInUi(lea.page, demandeId, { price: '75,50', message: 'Intervention sous 48 h.' });

    // Léa watches her offre on the demande's page and on her offres, live; nothing will reload them.
    const leaOffres = await lea.context.newPage();
    await leaOffres.goto('/my/offres');
    await leaOffres.getByRole('article').getByText(m.offre.status.pending, { exact: true }).waitFor();
    await Promise.all([markPage(lea.page), markPage(leaOffres)]);

    const staleTab = await tabWithoutLiveUpdates(demandeur.context);
    await staleTab.goto(`/demandes/${demandeId}`);
    await acceptButton(staleTab, 'Léa Dubois', '75,50\u00a0€').waitFor();

    await acceptOnDemandePage(demandeur.page, demandeId, { prestataire: 'Hugo Lefèvre', amount: '80,00\u00a0€' });

    // The demandeur's screen: Léa's offre refused, no way to accept it.
    const leaCard = (page: Page) => page.getByRole('article').filter({ hasText: t('offre.from', { name: 'Léa Dubois' }) });
    await leaCard(demandeur.page).getByText(m.offre.status.rejected, { exact: true }).waitFor();
    expect(await demandeur.page.getByRole('button', { name: /Accepter/ }).count()).toBe(0);

    // A screen still showing the old state: the server refuses, the screen says why and catches up.
    allowConsoleError(
      /^Failed to load resource: the server responded with a status of 409 \(Conflict\) \(at http:\/\/127\.0\.0\.1:\d+\/api\/offres\/[0-9a-f-]{36}\/accept\)$/,
      'the stale screen accepts a refused offre: the server answers 409, which Chromium logs as a failed resource load',
    );
    await acceptButton(staleTab, 'Léa Dubois', '75,50\u00a0€').click();
    await staleTab.getByRole('alert').getByText(m.errors.DEMANDE_ALREADY_HAS_ACCEPTED_OFFRE).waitFor();
    await leaCard(staleTab).getByText(m.offre.status.rejected, { exact: true }).waitFor();
    expect(await staleTab.getByRole('button', { name: /Accepter/ }).count()).toBe(0);

    // Léa's screens, live: her offre refused, the demande taking no more offres, no reload.
    await lea.page.getByRole('article').getByText(m.offre.status.rejected, { exact: true }).waitFor();
    await lea.page.getByText(m.demandePage.closed).waitFor();
    await leaOffres.getByRole('article').getByText(m.offre.status.rejected, { exact: true }).waitFor();
    expect(await stillSamePage(lea.page)).toBe(true);
    expect(await stillSamePage(leaOffres)).toBe(true);
    expect(await sessionsOf(demandeId)).toBe(1);

    await Promise.all([demandeur.context.close(), hugo.context.close(), lea.context.close()]);
  });
});
