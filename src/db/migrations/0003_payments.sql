CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meet_session_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"provider" text NOT NULL,
	"status" text DEFAULT 'requires_payment' NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'eur' NOT NULL,
	"checkout_url" text,
	"provider_checkout_id" text,
	"provider_payment_id" text,
	"failure_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_session_attempt_unique" UNIQUE("meet_session_id","attempt"),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('requires_payment', 'processing', 'succeeded', 'failed', 'canceled', 'refunded')),
	CONSTRAINT "payments_provider_check" CHECK ("payments"."provider" in ('sandbox', 'stripe')),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_cents" > 0),
	CONSTRAINT "payments_attempt_positive" CHECK ("payments"."attempt" > 0)
);

CREATE TABLE "payment_webhook_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payment_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_webhook_events_pk" PRIMARY KEY("provider","event_id")
);

ALTER TABLE "payments" ADD CONSTRAINT "payments_meet_session_id_meet_sessions_id_fk" FOREIGN KEY ("meet_session_id") REFERENCES "public"."meet_sessions"("id") ON DELETE no action ON UPDATE no action;
CREATE UNIQUE INDEX "payments_one_live_per_session" ON "payments" USING btree ("meet_session_id") WHERE "payments"."status" not in ('failed', 'canceled');
CREATE UNIQUE INDEX "payments_provider_checkout_unique" ON "payments" USING btree ("provider","provider_checkout_id") WHERE "payments"."provider_checkout_id" is not null;
CREATE INDEX "payments_provider_payment_idx" ON "payments" USING btree ("provider","provider_payment_id");
