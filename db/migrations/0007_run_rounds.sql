CREATE TABLE `cycle_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`name` text NOT NULL,
	`hint` text,
	`required` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cycle_documents_cycle_idx` ON `cycle_documents` (`cycle_id`);--> statement-breakpoint
ALTER TABLE `applications` ADD `deadline_override` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `deadline_reason` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `eligibility_passed_at` integer;--> statement-breakpoint
ALTER TABLE `attachments` ADD `requested_document_id` integer REFERENCES cycle_documents(id);--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `min_value` real;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `max_value` real;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `options` text;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `condition_question_id` integer REFERENCES cycle_questions(id);--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `condition_value` text;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `audience` text DEFAULT 'panel' NOT NULL;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycle_questions` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `guidance` text;--> statement-breakpoint
ALTER TABLE `cycles` ADD `decisions_expected_on` text;--> statement-breakpoint
ALTER TABLE `cycles` ADD `contact_name` text;--> statement-breakpoint
ALTER TABLE `cycles` ADD `contact_email` text;--> statement-breakpoint
ALTER TABLE `cycles` ADD `panel_after_eligibility` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cycles` ADD `published_at` integer;--> statement-breakpoint
ALTER TABLE `cycles` ADD `closed_out_at` integer;--> statement-breakpoint
ALTER TABLE `cycles` ADD `copied_from_id` integer REFERENCES cycles(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `programmes` ADD `return_schedule` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `archived_at` integer;--> statement-breakpoint
-- Applications already checked: the panel's stage gate reads the latest check.
UPDATE `applications` SET `eligibility_passed_at` = (
	SELECT r.`created_at` FROM `eligibility_reviews` r WHERE r.`application_id` = `applications`.`id` ORDER BY r.`created_at` DESC, r.`id` DESC LIMIT 1
) WHERE `status` <> 'ineligible' AND (
	SELECT r.`passed` FROM `eligibility_reviews` r WHERE r.`application_id` = `applications`.`id` ORDER BY r.`created_at` DESC, r.`id` DESC LIMIT 1
) = 1;--> statement-breakpoint
-- Rounds published before this have been published since they opened.
UPDATE `cycles` SET `published_at` = `opens_at` WHERE `status` = 'published';
