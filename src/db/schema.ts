/**
 * Every table, for Drizzle's typed queries: one file per part of the domain under `tables/`,
 * mirroring the SQL of `migrations/` (which is what the database runs).
 */
export * from './tables/accounts.ts';
export * from './tables/deals.ts';
export * from './tables/events.ts';
export * from './tables/payments.ts';
export * from './tables/reviews.ts';
export * from './tables/notifications.ts';
export * from './tables/bus.ts';
export * from './tables/idempotency.ts';
