CREATE TABLE "auth_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);

CREATE TABLE "demandes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"budget_cents" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demandes_status_check" CHECK ("demandes"."status" in ('open', 'accepted', 'cancelled')),
	CONSTRAINT "demandes_budget_positive" CHECK ("demandes"."budget_cents" is null or "demandes"."budget_cents" > 0)
);

CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"demande_id" uuid,
	"offre_id" uuid,
	"meet_session_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_key" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "meet_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demande_id" uuid NOT NULL,
	"offre_id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"demandeur_id" uuid NOT NULL,
	"prestataire_id" uuid NOT NULL,
	"status" text DEFAULT 'awaiting_payment' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meet_sessions_offre_unique" UNIQUE("offre_id"),
	CONSTRAINT "meet_sessions_demande_unique" UNIQUE("demande_id"),
	CONSTRAINT "meet_sessions_call_unique" UNIQUE("call_id"),
	CONSTRAINT "meet_sessions_call_id_derived" CHECK ("meet_sessions"."call_id" = 'call_' || replace("meet_sessions"."offre_id"::text, '-', '')),
	CONSTRAINT "meet_sessions_two_people" CHECK ("meet_sessions"."demandeur_id" <> "meet_sessions"."prestataire_id"),
	CONSTRAINT "meet_sessions_status_check" CHECK ("meet_sessions"."status" in ('awaiting_payment', 'ready', 'cancelled'))
);

CREATE TABLE "offres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"demande_id" uuid NOT NULL,
	"prestataire_id" uuid NOT NULL,
	"price_cents" integer NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "offres_id_demande_unique" UNIQUE("id","demande_id"),
	CONSTRAINT "offres_status_check" CHECK ("offres"."status" in ('pending', 'accepted', 'rejected', 'withdrawn', 'expired')),
	CONSTRAINT "offres_price_positive" CHECK ("offres"."price_cents" > 0)
);

CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
ALTER TABLE "demandes" ADD CONSTRAINT "demandes_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "meet_sessions" ADD CONSTRAINT "meet_sessions_demandeur_id_users_id_fk" FOREIGN KEY ("demandeur_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "meet_sessions" ADD CONSTRAINT "meet_sessions_prestataire_id_users_id_fk" FOREIGN KEY ("prestataire_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "meet_sessions" ADD CONSTRAINT "meet_sessions_offre_of_demande_fk" FOREIGN KEY ("offre_id","demande_id") REFERENCES "public"."offres"("id","demande_id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "offres" ADD CONSTRAINT "offres_demande_id_demandes_id_fk" FOREIGN KEY ("demande_id") REFERENCES "public"."demandes"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "offres" ADD CONSTRAINT "offres_prestataire_id_users_id_fk" FOREIGN KEY ("prestataire_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");
CREATE INDEX "demandes_open_idx" ON "demandes" USING btree ("created_at") WHERE "demandes"."status" = 'open';
CREATE INDEX "demandes_creator_idx" ON "demandes" USING btree ("creator_id");
CREATE INDEX "events_demande_idx" ON "events" USING btree ("demande_id");
CREATE INDEX "events_offre_idx" ON "events" USING btree ("offre_id");
CREATE INDEX "events_meet_session_idx" ON "events" USING btree ("meet_session_id");
CREATE INDEX "login_failures_account_idx" ON "login_failures" USING btree ("account_key","at");
CREATE INDEX "login_failures_ip_idx" ON "login_failures" USING btree ("ip","at");
CREATE UNIQUE INDEX "offres_one_accepted_per_demande" ON "offres" USING btree ("demande_id") WHERE "offres"."status" = 'accepted';
CREATE UNIQUE INDEX "offres_one_live_per_prestataire" ON "offres" USING btree ("demande_id","prestataire_id") WHERE "offres"."status" in ('pending', 'accepted');
CREATE INDEX "offres_prestataire_idx" ON "offres" USING btree ("prestataire_id");
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));