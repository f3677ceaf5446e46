import type { CardErrors, CardForm } from './checkout.page.ts';
import type { Messages } from './checkout.messages.ts';
import { cardBehaviour, cardDigits } from './test-cards.ts';

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : '');

export const readCardForm = (body: unknown): CardForm => {
  const fields = (body ?? {}) as Record<string, unknown>;
  return { cardNumber: text(fields.cardNumber), expiry: text(fields.expiry), cvc: text(fields.cvc) };
};

/** The checkout form's problems, one per field, in the payer's language; none when it can be charged. */
export function cardFormErrors(form: CardForm, t: Messages): CardErrors {
  const errors: CardErrors = {};
  const digits = cardDigits(form.cardNumber);
  if (!digits) errors.cardNumber = t.required;
  else if (!/^\d{12,19}$/.test(digits)) errors.cardNumber = t.badCardNumber;
  else if (!cardBehaviour(digits)) errors.cardNumber = t.unknownCard;

  const expiry = form.expiry.trim();
  if (!expiry) errors.expiry = t.required;
  else if (!/^(0[1-9]|1[0-2])\s*\/\s*\d{2}$/.test(expiry)) errors.expiry = t.badExpiry;

  const cvc = form.cvc.trim();
  if (!cvc) errors.cvc = t.required;
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = t.badCvc;
  return errors;
}
