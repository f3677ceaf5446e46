/** The sandbox's test cards, Stripe's own numbers for the same behaviours. */
export const TEST_CARDS = {
  '4242424242424242': 'succeeds',
  '4000000000000002': 'declined',
  '4000002500003155': 'requires_confirmation',
} as const;

export type CardBehaviour = (typeof TEST_CARDS)[keyof typeof TEST_CARDS];

export const cardDigits = (input: string) => input.replace(/[\s-]/g, '');

export const cardBehaviour = (input: string): CardBehaviour | undefined => TEST_CARDS[cardDigits(input) as keyof typeof TEST_CARDS];

export const groupedCardNumber = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');
