/**
 * I9: the one access policy. Every "may this actor…" question about a demande, an offre, a meet
 * session, a `/ws` topic or a call is answered here, from the facts `access.repo.ts` reads (or the
 * rows a caller already holds under lock). What an actor may not know of answers 404; what they
 * know of but may not do answers 403.
 */
import { forbidden, notFound, type AppError } from '../errors/app-error.ts';
import type { CallRole } from '../shared/meet.ts';
import type { DemandeStatus, MeetSessionStatus } from '../shared/statuses.ts';

/** The demande's creator; a prestataire who offered on it (whatever became of the offre); anyone else. */
export type DemandeRole = 'creator' | 'offerer' | 'visitor';
export interface DemandeFacts {
  status: DemandeStatus;
  creatorId: string;
  /** Whether the actor ever made an offre on it. */
  offeredByActor: boolean;
}

/**
 * An open demande is public to every signed-in account; once accepted or cancelled, it is known
 * to its creator and its prestataires only.
 */
export function demandeRole(actorId: string, facts: DemandeFacts): DemandeRole | undefined {
  if (facts.creatorId === actorId) return 'creator';
  if (facts.offeredByActor) return 'offerer';
  return facts.status === 'open' ? 'visitor' : undefined;
}

/** The offre's author, or the creator of its demande: nobody else knows of an offre. */
export type OffreRole = 'author' | 'demandeur';
export function offreRole(actorId: string, offre: { prestataireId: string }, demande: { creatorId: string }): OffreRole | undefined {
  if (offre.prestataireId === actorId) return 'author';
  return demande.creatorId === actorId ? 'demandeur' : undefined;
}

/** I3: a session's two participants, and nobody else. */
export function sessionRole(actorId: string, session: { demandeurId: string; prestataireId: string }): CallRole | undefined {
  if (session.demandeurId === actorId) return 'demandeur';
  return session.prestataireId === actorId ? 'prestataire' : undefined;
}

/** A call is open once the session is paid, until it is cancelled. */
export const isCallOpen = (status: MeetSessionStatus): boolean => status === 'ready' || status === 'in_call';

const rules = {
  demande: {
    read: { allowed: ['creator', 'offerer', 'visitor'], refusal: '' },
    cancel: { allowed: ['creator'], refusal: 'Only the creator of a demande can cancel it.' },
    propose: { allowed: ['offerer', 'visitor'], refusal: 'You cannot make an offre on your own demande.' },
    listAllOffres: { allowed: ['creator'], refusal: '' },
  },
  offre: {
    read: { allowed: ['author', 'demandeur'], refusal: '' },
    withdraw: { allowed: ['author'], refusal: 'Only the author of an offre can withdraw it.' },
    reject: { allowed: ['demandeur'], refusal: 'Only the creator of the demande can reject its offres.' },
    accept: { allowed: ['demandeur'], refusal: 'Only the creator of the demande can accept its offres.' },
  },
  meetSession: {
    read: { allowed: ['demandeur', 'prestataire'], refusal: '' },
    pay: { allowed: ['demandeur'], refusal: 'Only the demandeur can pay for this meet session.' },
    cancel: { allowed: ['demandeur'], refusal: 'Only the demandeur can cancel this meet session.' },
    joinCall: { allowed: ['demandeur', 'prestataire'], refusal: '' },
  },
} satisfies Record<string, Record<string, { allowed: readonly string[]; refusal: string }>>;

type Rules = typeof rules;
export type DemandeAction = keyof Rules['demande'];
export type OffreAction = keyof Rules['offre'];
export type MeetSessionAction = keyof Rules['meetSession'];

const unknownTo = { demande: 'demande', offre: 'offre', meetSession: 'meet_session' } as const;

/** Whether `role` may do `action`: the question the three `require…` below answer. */
export function may<R extends keyof Rules>(resource: R, action: keyof Rules[R], role: string | undefined): boolean {
  const rule = rules[resource][action] as { allowed: readonly string[] };
  return role !== undefined && rule.allowed.includes(role);
}

function refusal<R extends keyof Rules>(resource: R, action: keyof Rules[R], role: string | undefined): AppError | undefined {
  if (may(resource, action, role)) return undefined;
  const rule = rules[resource][action] as { allowed: readonly string[]; refusal: string };
  // Not theirs to know of at all, or a reading right only: the thing stays unknown.
  return role === undefined || !rule.refusal ? notFound(unknownTo[resource]) : forbidden(rule.refusal);
}

/** Throws the refusal (404 or 403) unless `role` may do `action`; answers the role. */
export function requireRole<R extends keyof Rules, Role extends string>(resource: R, action: keyof Rules[R], role: Role | undefined): Role {
  const refused = refusal(resource, action, role);
  if (refused) throw refused;
  return role!;
}
