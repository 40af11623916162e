CREATE TABLE `form_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`session_key` text NOT NULL,
	`user_id` integer,
	`path` text NOT NULL,
	`values` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_drafts_token_hash_unique` ON `form_drafts` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `form_drafts_session_key_unique` ON `form_drafts` (`session_key`);--> statement-breakpoint
CREATE INDEX `form_drafts_expires_idx` ON `form_drafts` (`expires_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_one_per_cycle` ON `applications` (`cycle_id`,`organisation_id`) WHERE "applications"."status" <> 'withdrawn';