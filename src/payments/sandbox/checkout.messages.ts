import type { CardBehaviour } from './test-cards.ts';

export type Lang = 'fr' | 'en';

export const langOf = (query: unknown): Lang => ((query as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'fr');

export const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Every word of the sandbox's pages, French first; English has the same keys. */
const fr = {
  title: 'Paiement de test — Accord',
  testMode: 'Mode test : aucun paiement réel n’est effectué.',
  pay: (amount: string) => `Payer ${amount}`,
  attempt: (n: number) => `Tentative ${n}`,
  cardNumber: 'Numéro de carte',
  expiry: 'Date d’expiration (MM/AA)',
  cvc: 'Cryptogramme (CVC)',
  errorsTitle: 'Le formulaire contient des erreurs :',
  required: 'Champ obligatoire.',
  badCardNumber: 'Numéro de carte invalide.',
  unknownCard: 'Carte inconnue : utilisez une des cartes de test ci-dessous.',
  badExpiry: 'Format attendu : MM/AA.',
  badCvc: 'Trois ou quatre chiffres.',
  testCards: 'Cartes de test',
  behaviours: { succeeds: 'paiement accepté', declined: 'carte refusée', requires_confirmation: 'confirmation supplémentaire demandée' } satisfies Record<CardBehaviour, string>,
  anyExpiry: 'Avec n’importe quelle date future et n’importe quel CVC.',
  back: 'Annuler et revenir à Accord',
  otherLang: 'English',
  confirmTitle: 'Confirmez votre paiement',
  confirmText: (amount: string) => `Votre banque demande une confirmation pour ce paiement de ${amount}.`,
  confirm: 'Confirmer le paiement',
  refuse: 'Refuser',
  notFound: 'Ce paiement n’existe pas.',
  settled: {
    succeeded: 'Ce paiement a déjà été effectué.',
    failed: 'Ce paiement a échoué. Revenez à Accord pour réessayer.',
    canceled: 'Ce paiement a été annulé.',
    refunded: 'Ce paiement a été remboursé.',
  },
};

export type Messages = typeof fr;

const en: Messages = {
  title: 'Test payment — Accord',
  testMode: 'Test mode: no real payment is made.',
  pay: (amount: string) => `Pay ${amount}`,
  attempt: (n: number) => `Attempt ${n}`,
  cardNumber: 'Card number',
  expiry: 'Expiry date (MM/YY)',
  cvc: 'Security code (CVC)',
  errorsTitle: 'The form has errors:',
  required: 'Required.',
  badCardNumber: 'Invalid card number.',
  unknownCard: 'Unknown card: use one of the test cards below.',
  badExpiry: 'Expected format: MM/YY.',
  badCvc: 'Three or four digits.',
  testCards: 'Test cards',
  behaviours: { succeeds: 'payment accepted', declined: 'card declined', requires_confirmation: 'extra confirmation required' },
  anyExpiry: 'With any future date and any CVC.',
  back: 'Cancel and return to Accord',
  otherLang: 'Français',
  confirmTitle: 'Confirm your payment',
  confirmText: (amount: string) => `Your bank asks you to confirm this payment of ${amount}.`,
  confirm: 'Confirm payment',
  refuse: 'Decline',
  notFound: 'This payment does not exist.',
  settled: {
    succeeded: 'This payment was already made.',
    failed: 'This payment failed. Return to Accord to try again.',
    canceled: 'This payment was canceled.',
    refunded: 'This payment was refunded.',
  },
};

export const messages: Record<Lang, Messages> = { fr, en };
