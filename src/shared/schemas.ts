/**
 * Zod schemas of the HTTP contract, shared by the server (to parse requests) and the web app
 * (to type responses and validate forms before sending).
 */
import { z } from 'zod';
import { paymentSummaryDto } from './payments.ts';
import { demandeStatuses, meetSessionStatuses, offreStatuses } from './statuses.ts';

/** PostgreSQL's text refuses NUL: a string that reaches a query must not hold one. */
const withoutNul = (value: string) => !value.includes('\u0000');

/** Text a person typed: trimmed, bounded, and free of NUL. */
export const humanText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, { message: min === 1 ? 'Required.' : `At least ${min} characters.` })
    .max(max, { message: `At most ${max} characters.` })
    .refine(withoutNul, { message: 'Contains a forbidden character.' });

const cents = z
  .number({ message: 'Expected an amount in cents.' })
  .int({ message: 'Expected a whole number of cents.' })
  .min(1, { message: 'Must be positive.' })
  .max(100_000_000, { message: 'At most 1,000,000 €.' });

export const idSchema = z.uuid();

export const registerInput = z.object({
  email: z.email({ message: 'Not a valid email address.' }).max(254).toLowerCase(),
  password: z.string().min(10, { message: 'At least 10 characters.' }).max(200, { message: 'At most 200 characters.' }),
  displayName: humanText(1, 80),
});

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: 'Required.' }).max(254).refine(withoutNul, { message: 'Contains a forbidden character.' }),
  password: z.string().min(1, { message: 'Required.' }).max(200),
});

export const createDemandeInput = z.object({
  title: humanText(3, 200),
  description: humanText(1, 5000),
  budgetCents: cents.nullish(),
});

export const listDemandesQuery = z.object({
  /** `mine` lists the caller's own demandes whatever their status; otherwise open ones. */
  scope: z.enum(['open', 'mine']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `GET /api/me/offres`. */
export const listMyOffresQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

export const proposeOffreInput = z.object({
  priceCents: cents,
  message: humanText(1, 2000),
  /** Days the offre stays valid (default 7). */
  validForDays: z.number().int().min(1).max(90).default(7),
});

export const userDto = z.object({ id: z.string(), email: z.string(), displayName: z.string() });
const personDto = z.object({ id: z.string(), displayName: z.string() });

export const demandeDto = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  budgetCents: z.number().nullable(),
  status: z.enum(demandeStatuses),
  creator: personDto,
  createdAt: z.string(),
});

export const offreDto = z.object({
  id: z.string(),
  demandeId: z.string(),
  prestataire: personDto,
  priceCents: z.number(),
  message: z.string(),
  status: z.enum(offreStatuses),
  expiresAt: z.string(),
  createdAt: z.string(),
  meetSessionId: z.string().nullable(),
});

/**
 * An offre in its author's list (`GET /api/me/offres`): with what the list shows of its demande,
 * read in the same query, whatever the demande became (cancelled, or another offre accepted).
 */
export const myOffreDto = offreDto.extend({ demande: demandeDto.pick({ id: true, title: true, status: true }) });

export const acceptResult = z.object({ success: z.literal(true), meetSessionId: z.string(), callId: z.string() });

export const meetSessionDto = z.object({
  id: z.string(),
  callId: z.string(),
  offreId: z.string(),
  demandeId: z.string(),
  status: z.enum(meetSessionStatuses),
  /** The latest payment attempt; null until the demandeur starts paying. */
  payment: paymentSummaryDto.nullable(),
  participants: z.object({ demandeur: personDto, prestataire: personDto }),
  createdAt: z.string(),
});

export const eventDto = z.object({
  id: z.number(),
  kind: z.string(),
  actorId: z.string().nullable(),
  demandeId: z.string().nullable(),
  offreId: z.string().nullable(),
  meetSessionId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    /** The request's id (`X-Request-Id`), which finds its log lines: worth quoting in a report. */
    requestId: z.string(),
  }),
});

export type UserDto = z.infer<typeof userDto>;
export type PersonDto = z.infer<typeof personDto>;
export type DemandeDto = z.infer<typeof demandeDto>;
export type OffreDto = z.infer<typeof offreDto>;
export type MyOffreDto = z.infer<typeof myOffreDto>;
export type MeetSessionDto = z.infer<typeof meetSessionDto>;
export type EventDto = z.infer<typeof eventDto>;
