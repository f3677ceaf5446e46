-- Sign-up attempts per address, for the sign-up rate limit (security hardening).
CREATE TABLE "sign_ups" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "ip" text NOT NULL,
  "at" timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX "sign_ups_ip_idx" ON "sign_ups" USING btree ("ip","at");
