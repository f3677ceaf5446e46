-- Listing a demande's offres (newest first) read the whole offres table: none of the existing
-- indexes leads with demande_id for every status.
create index offres_demande_created_idx on offres (demande_id, created_at desc);
