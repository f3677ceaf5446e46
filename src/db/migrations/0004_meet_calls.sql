-- One review per participant of a meet session, written after the call.
CREATE TABLE "meet_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meet_session_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meet_reviews_one_per_author" UNIQUE("meet_session_id","author_id"),
	CONSTRAINT "meet_reviews_rating_range" CHECK ("meet_reviews"."rating" between 1 and 5)
);

ALTER TABLE "meet_reviews" ADD CONSTRAINT "meet_reviews_meet_session_id_meet_sessions_id_fk" FOREIGN KEY ("meet_session_id") REFERENCES "public"."meet_sessions"("id") ON DELETE no action ON UPDATE no action;
ALTER TABLE "meet_reviews" ADD CONSTRAINT "meet_reviews_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
