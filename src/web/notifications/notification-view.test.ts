import { describe, expect, test } from 'vitest';
import { notificationKinds, type NotificationDto } from '../../shared/notifications.ts';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { translate, type Messages } from '../i18n/messages.ts';
import { notificationSentence, notificationTarget } from './notification-view.ts';
import { unreadKey } from './unread-count.ts';

const i18n = (messages: Messages, locale: string) => ({
  messages,
  t: (key: string, params?: Record<string, string | number>) => translate(messages, key, params),
  formatPrice: (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100),
});

const notification = (kind: string, data: Record<string, unknown> = {}): NotificationDto => ({
  id: 'n1',
  kind,
  data,
  demandeId: 'd1',
  offreId: 'o1',
  meetSessionId: kind.startsWith('offre.') ? null : 's1',
  readAt: null,
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('notification sentences and links', () => {
  test('each kind reads as its own sentence in French and in English', () => {
    for (const [messages, locale] of [[fr, 'fr-FR'], [en, 'en-GB']] as const) {
      const sentences = notificationKinds.map((kind) => notificationSentence(notification(kind, { demandeTitle: 'T' }), i18n(messages, locale)));
      expect(new Set(sentences).size).toBe(notificationKinds.length);
      expect(sentences).not.toContain(messages.notifications.kinds.other);
    }
  });

  test('the received offre names the prestataire, the price and the demande', () => {
    const received = notification('offre.received', { demandeTitle: 'Guitare', prestataireName: 'Hugo', priceCents: 3500 });
    expect(notificationSentence(received, i18n(fr, 'fr-FR'))).toBe('Hugo propose 35,00\u00a0€ pour « Guitare »');
    expect(notificationSentence(received, i18n(en, 'en-GB'))).toBe('Hugo offers €35.00 for “Guitare”');
  });

  test('a rejection says why; an unknown kind still reads as a sentence', () => {
    const why = (reason: string) => notificationSentence(notification('offre.rejected', { demandeTitle: 'T', reason }), i18n(fr, 'fr-FR'));
    expect(why('other_offre_accepted')).toBe('Une autre offre a été retenue pour « T »');
    expect(why('demande_cancelled')).toBe('La demande « T » a été annulée');
    expect(notificationSentence(notification('something.new'), i18n(en, 'en-GB'))).toBe(en.notifications.kinds.other);
    expect(notificationSentence(notification('call.joined', { name: 'Hugo' }), i18n(fr, 'fr-FR'))).toBe('Hugo a rejoint l’appel : il vous attend');
  });

  test('each leads to its screen', () => {
    expect(notificationTarget(notification('offre.received'))).toBe('/demandes/d1');
    expect(notificationTarget(notification('offre.rejected'))).toBe('/demandes/d1');
    expect(notificationTarget(notification('payment.succeeded'))).toBe('/meet/s1');
    expect(notificationTarget(notification('call.joined'))).toBe('/meet/s1');
    expect(notificationTarget(notification('meet_session.cancelled'))).toBe('/sessions/s1');
  });

  test('the unread count has its plural', () => {
    expect([0, 1, 2].map((count) => translate(fr, unreadKey(count), { count }))).toEqual(['aucune non lue', '1 non lue', '2 non lues']);
  });
});
