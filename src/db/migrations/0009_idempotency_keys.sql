-- Idempotency-Key on creating POSTs (as Stripe): the first request with a key creates and stores
-- its answer in the same transaction; a retry with the same key and body gets that answer for
-- 24 hours, with another body a 422. The primary key makes concurrent retries wait for the first.
create table idempotency_keys (
  account_id uuid not null references users(id) on delete cascade,
  key text not null check (length(key) between 1 and 255),
  -- sha256 of the method, the path and the body: what "the same request" means.
  fingerprint text not null,
  -- Filled in the transaction that claimed the key, so never seen empty by another.
  status_code integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (account_id, key)
);
create index idempotency_keys_by_age on idempotency_keys (created_at);
