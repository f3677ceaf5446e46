/** The payment part of the HTTP contract, shared by the server and the web app. */
import { z } from 'zod';
import { paymentStatuses } from './statuses.ts';

/** A meet session's latest payment attempt, as `GET /api/meet-sessions/:id` shows it. */
export const paymentSummaryDto = z.object({
  id: z.string(),
  status: z.enum(paymentStatuses),
  amountCents: z.number(),
  currency: z.string(),
  /** Where the demandeur pays; null once the payment is settled, and always for the prestataire. */
  checkoutUrl: z.string().nullable(),
  /** 1 for the first attempt; a failed or canceled attempt is followed by a new one. */
  attempt: z.number(),
});

/** `POST /api/meet-sessions/:id/payment`: the same answer on every repeat while the attempt is live. */
export const startPaymentResult = z.object({
  paymentId: z.string(),
  status: z.enum(paymentStatuses),
  checkoutUrl: z.string().nullable(),
  attempt: z.number(),
  amountCents: z.number(),
  currency: z.string(),
});

export type PaymentSummaryDto = z.infer<typeof paymentSummaryDto>;
export type StartPaymentResult = z.infer<typeof startPaymentResult>;
