CREATE TABLE `application_answers` (
	`application_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`value` text,
	PRIMARY KEY(`application_id`, `question_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `cycle_questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `application_areas` (
	`application_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	PRIMARY KEY(`application_id`, `area_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `application_areas_area_idx` ON `application_areas` (`area_id`);--> statement-breakpoint
CREATE TABLE `application_beneficiary_groups` (
	`application_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`people_count` integer,
	PRIMARY KEY(`application_id`, `group_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `beneficiary_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `application_partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`name` text NOT NULL,
	`organisation_id` integer,
	`contact_name` text,
	`contact_email` text NOT NULL,
	`role` text NOT NULL,
	`confirmation_token_hash` text,
	`confirmed_at` integer,
	`declined_at` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_partners_confirmation_token_hash_unique` ON `application_partners` (`confirmation_token_hash`);--> statement-breakpoint
CREATE INDEX `application_partners_application_idx` ON `application_partners` (`application_id`);--> statement-breakpoint
CREATE TABLE `application_principles` (
	`application_id` integer NOT NULL,
	`principle_id` integer NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`how` text,
	PRIMARY KEY(`application_id`, `principle_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`principle_id`) REFERENCES `principles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_principles_one_primary` ON `application_principles` (`application_id`) WHERE "application_principles"."is_primary" = 1;--> statement-breakpoint
CREATE INDEX `application_principles_principle_idx` ON `application_principles` (`principle_id`);--> statement-breakpoint
CREATE TABLE `application_priority_areas` (
	`application_id` integer NOT NULL,
	`priority_area_id` integer NOT NULL,
	PRIMARY KEY(`application_id`, `priority_area_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`priority_area_id`) REFERENCES `priority_areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`reference` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text,
	`summary` text,
	`description` text,
	`start_date` text,
	`end_date` text,
	`people_reached` integer,
	`amount_requested_pence` integer,
	`completed_sections` text NOT NULL,
	`declarations_accepted_at` integer,
	`declarations_accepted_by_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` integer,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declarations_accepted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "applications_amount_non_negative" CHECK("applications"."amount_requested_pence" is null or "applications"."amount_requested_pence" >= 0),
	CONSTRAINT "applications_people_non_negative" CHECK("applications"."people_reached" is null or "applications"."people_reached" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_reference_unique` ON `applications` (`reference`);--> statement-breakpoint
CREATE INDEX `applications_cycle_status_idx` ON `applications` (`cycle_id`,`status`);--> statement-breakpoint
CREATE INDEX `applications_organisation_idx` ON `applications` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`code` text,
	`parent_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `areas_kind_name_unique` ON `areas` (`kind`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `areas_code_unique` ON `areas` (`code`) WHERE "areas"."code" is not null;--> statement-breakpoint
CREATE INDEX `areas_parent_idx` ON `areas` (`parent_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`application_id` integer,
	`return_id` integer,
	`kind` text NOT NULL,
	`original_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by_id` integer,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attachments_one_owner" CHECK(("attachments"."application_id" is null) <> ("attachments"."return_id" is null))
);
--> statement-breakpoint
CREATE INDEX `attachments_application_idx` ON `attachments` (`application_id`);--> statement-breakpoint
CREATE INDEX `attachments_return_idx` ON `attachments` (`return_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`summary` text,
	`details` text,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_entity_idx` ON `audit_events` (`entity_type`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_user_id`,`at`);--> statement-breakpoint
CREATE TABLE `award_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`award_id` integer NOT NULL,
	`text` text NOT NULL,
	`met_at` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `award_conditions_award_idx` ON `award_conditions` (`award_id`);--> statement-breakpoint
CREATE TABLE `awards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	`status` text DEFAULT 'offered' NOT NULL,
	`award_date` text NOT NULL,
	`start_date` text,
	`end_date` text,
	`grant_terms_id` integer,
	`offered_at` integer NOT NULL,
	`responded_at` integer,
	`responded_by_id` integer,
	`accepted_terms_id` integer,
	`decline_reason` text,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	`case_study_approved_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grant_terms_id`) REFERENCES `grant_terms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_terms_id`) REFERENCES `grant_terms`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "awards_amount_positive" CHECK("awards"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `awards_application_id_unique` ON `awards` (`application_id`);--> statement-breakpoint
CREATE INDEX `awards_status_idx` ON `awards` (`status`);--> statement-breakpoint
CREATE TABLE `beneficiary_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `beneficiary_groups_name_unique` ON `beneficiary_groups` (`name`);--> statement-breakpoint
CREATE TABLE `budget_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`item` text NOT NULL,
	`cost_pence` integer NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "budget_lines_cost_non_negative" CHECK("budget_lines"."cost_pence" >= 0)
);
--> statement-breakpoint
CREATE INDEX `budget_lines_application_idx` ON `budget_lines` (`application_id`);--> statement-breakpoint
CREATE TABLE `conflict_declarations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`panel_member_id` integer NOT NULL,
	`has_conflict` integer NOT NULL,
	`nature` text,
	`declared_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`panel_member_id`) REFERENCES `panel_members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conflict_declarations_nature_given" CHECK("conflict_declarations"."has_conflict" = 0 or length(coalesce("conflict_declarations"."nature", '')) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflict_declarations_unique` ON `conflict_declarations` (`application_id`,`panel_member_id`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`title` text NOT NULL,
	`guidance` text,
	`weight` integer NOT NULL,
	`scale_min` integer DEFAULT 0 NOT NULL,
	`scale_max` integer DEFAULT 4 NOT NULL,
	`descriptors` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "criteria_weight_positive" CHECK("criteria"."weight" > 0),
	CONSTRAINT "criteria_scale_ordered" CHECK("criteria"."scale_max" > "criteria"."scale_min")
);
--> statement-breakpoint
CREATE INDEX `criteria_cycle_idx` ON `criteria` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `criterion_scores` (
	`scorecard_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`score` integer,
	`comment` text,
	PRIMARY KEY(`scorecard_id`, `criterion_id`),
	FOREIGN KEY (`scorecard_id`) REFERENCES `scorecards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cycle_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`section` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`hint` text,
	`word_limit` integer,
	`required` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cycle_questions_cycle_idx` ON `cycle_questions` (`cycle_id`,`section`);--> statement-breakpoint
CREATE TABLE `cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`name` text NOT NULL,
	`reference_year` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`summary` text,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`budget_pence` integer NOT NULL,
	`min_request_pence` integer DEFAULT 0 NOT NULL,
	`max_request_pence` integer NOT NULL,
	`eligibility` text NOT NULL,
	`sections` text NOT NULL,
	`scoring_opens_at` integer,
	`scoring_closes_at` integer,
	`anonymise_applicants` integer DEFAULT false NOT NULL,
	`everyone_scores_everything` integer DEFAULT true NOT NULL,
	`min_scorers_per_application` integer DEFAULT 3 NOT NULL,
	`disagreement_threshold` real DEFAULT 20 NOT NULL,
	`decisions_released_at` integer,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cycles_dates_ordered" CHECK("cycles"."closes_at" > "cycles"."opens_at"),
	CONSTRAINT "cycles_request_range" CHECK("cycles"."max_request_pence" >= "cycles"."min_request_pence" and "cycles"."min_request_pence" >= 0),
	CONSTRAINT "cycles_budget_non_negative" CHECK("cycles"."budget_pence" >= 0)
);
--> statement-breakpoint
CREATE INDEX `cycles_programme_idx` ON `cycles` (`programme_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`amount_pence` integer,
	`conditions` text,
	`feedback` text,
	`reasons` text NOT NULL,
	`decided_by_id` integer NOT NULL,
	`decided_at` integer NOT NULL,
	`released_at` integer,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decisions_award_has_amount" CHECK("decisions"."outcome" <> 'award' or ("decisions"."amount_pence" is not null and "decisions"."amount_pence" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_application_id_unique` ON `decisions` (`application_id`);--> statement-breakpoint
CREATE TABLE `eligibility_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`passed` integer NOT NULL,
	`reason` text NOT NULL,
	`reviewed_by_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `eligibility_reviews_application_idx` ON `eligibility_reviews` (`application_id`);--> statement-breakpoint
CREATE TABLE `evaluation_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`award_id` integer NOT NULL,
	`schedule_item_id` integer,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`people_reached` integer,
	`activities_delivered` text,
	`project_title` text,
	`authors` text,
	`about_project` text,
	`what_did_you_do` text,
	`what_achieved` text,
	`what_learnt` text,
	`acknowledgements` text,
	`whats_next` text,
	`consent_to_publish` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` integer,
	`submitted_by_id` integer,
	`accepted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_item_id`) REFERENCES `return_schedule_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluation_returns_award_idx` ON `evaluation_returns` (`award_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_returns_schedule_unique` ON `evaluation_returns` (`award_id`,`schedule_item_id`) WHERE "evaluation_returns"."schedule_item_id" is not null;--> statement-breakpoint
CREATE INDEX `evaluation_returns_due_idx` ON `evaluation_returns` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `grant_terms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_terms_version_unique` ON `grant_terms` (`programme_id`,`version`);--> statement-breakpoint
CREATE TABLE `indicator_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`file_name` text,
	`sha256` text,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`rows_stored` integer DEFAULT 0 NOT NULL,
	`rows_unchanged` integer DEFAULT 0 NOT NULL,
	`rows_skipped` integer DEFAULT 0 NOT NULL,
	`report` text,
	`imported_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`imported_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicator_principles` (
	`indicator_id` integer NOT NULL,
	`principle_id` integer NOT NULL,
	PRIMARY KEY(`indicator_id`, `principle_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`principle_id`) REFERENCES `principles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `indicator_principles_principle_idx` ON `indicator_principles` (`principle_id`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`sex` text DEFAULT 'Persons' NOT NULL,
	`age` text DEFAULT 'All ages' NOT NULL,
	`category_type` text DEFAULT '' NOT NULL,
	`category` text DEFAULT '' NOT NULL,
	`period` text NOT NULL,
	`period_sortable` integer,
	`value` real,
	`lower_ci_95` real,
	`upper_ci_95` real,
	`count` real,
	`denominator` real,
	`value_note` text,
	`source` text,
	`import_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `indicator_imports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_values_key` ON `indicator_values` (`indicator_id`,`area_id`,`sex`,`age`,`category_type`,`category`,`period`);--> statement-breakpoint
CREATE INDEX `indicator_values_area_idx` ON `indicator_values` (`area_id`,`indicator_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`fingertips_id` integer,
	`unit` text DEFAULT '' NOT NULL,
	`polarity` text DEFAULT 'no_judgement' NOT NULL,
	`definition` text,
	`source` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_name_unique` ON `indicators` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_fingertips_unique` ON `indicators` (`fingertips_id`) WHERE "indicators"."fingertips_id" is not null;--> statement-breakpoint
CREATE TABLE `logic_model_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`measure` text,
	`target` real,
	`indicator_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `logic_model_items_application_idx` ON `logic_model_items` (`application_id`,`kind`);--> statement-breakpoint
CREATE TABLE `moderations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`moderated_score` real NOT NULL,
	`rationale` text NOT NULL,
	`moderated_by_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moderated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moderations_application_id_unique` ON `moderations` (`application_id`);--> statement-breakpoint
CREATE TABLE `organisation_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by_id` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitations_token_hash_unique` ON `organisation_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `organisation_invitations_org_idx` ON `organisation_invitations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisation_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_members_unique` ON `organisation_members` (`organisation_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `organisation_members_user_idx` ON `organisation_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`charity_number` text,
	`company_number` text,
	`address_line_1` text,
	`address_line_2` text,
	`town` text,
	`postcode` text,
	`ward_id` integer,
	`contact_name` text,
	`contact_email` text,
	`contact_phone` text,
	`website` text,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`ward_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisations_name_idx` ON `organisations` (`name`);--> statement-breakpoint
CREATE TABLE `other_funding` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`source` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`status` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "other_funding_amount_non_negative" CHECK("other_funding"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE INDEX `other_funding_application_idx` ON `other_funding` (`application_id`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`provider_message_id` text,
	`sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_messages_dedupe_key_unique` ON `outbox_messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `panel_assignments` (
	`application_id` integer NOT NULL,
	`panel_member_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `panel_member_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`panel_member_id`) REFERENCES `panel_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `panel_assignments_member_idx` ON `panel_assignments` (`panel_member_id`);--> statement-breakpoint
CREATE TABLE `panel_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`user_id` integer,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`affiliation` text,
	`status` text DEFAULT 'invited' NOT NULL,
	`invitation_token_hash` text,
	`invited_at` integer NOT NULL,
	`accepted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panel_members_invitation_token_hash_unique` ON `panel_members` (`invitation_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `panel_members_cycle_email_unique` ON `panel_members` (`cycle_id`,`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `panel_members_cycle_user_unique` ON `panel_members` (`cycle_id`,`user_id`) WHERE "panel_members"."user_id" is not null;--> statement-breakpoint
CREATE INDEX `panel_members_user_idx` ON `panel_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`award_id` integer NOT NULL,
	`instalment` integer NOT NULL,
	`due_date` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`condition` text,
	`condition_return_id` integer,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`paid_on` text,
	`paid_amount_pence` integer,
	`remittance_reference` text,
	`recorded_by_id` integer,
	`recorded_at` integer,
	`request_key` text,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`condition_return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount_positive" CHECK("payments"."amount_pence" > 0),
	CONSTRAINT "payments_paid_recorded" CHECK("payments"."status" <> 'paid' or ("payments"."paid_on" is not null and "payments"."paid_amount_pence" is not null and "payments"."paid_amount_pence" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_request_key_unique` ON `payments` (`request_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_instalment_unique` ON `payments` (`award_id`,`instalment`);--> statement-breakpoint
CREATE TABLE `place` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`council_name` text NOT NULL,
	`area_code` text,
	`funder_org_id` text,
	`grant_id_prefix` text,
	`local_org_id_prefix` text NOT NULL,
	`contact_email` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `principles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `principles_number_unique` ON `principles` (`number`);--> statement-breakpoint
CREATE TABLE `priority_areas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `priority_areas_name_unique` ON `priority_areas` (`name`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`reference_prefix` text NOT NULL,
	`summary` text NOT NULL,
	`description` text,
	`run_by` text,
	`funder_name` text,
	`funder_org_id` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_slug_unique` ON `programmes` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_reference_prefix_unique` ON `programmes` (`reference_prefix`);--> statement-breakpoint
CREATE TABLE `return_reach_by_area` (
	`return_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`people` integer NOT NULL,
	PRIMARY KEY(`return_id`, `area_id`),
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_reach_by_area_non_negative" CHECK("return_reach_by_area"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE `return_reach_by_group` (
	`return_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`people` integer NOT NULL,
	PRIMARY KEY(`return_id`, `group_id`),
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `beneficiary_groups`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_reach_by_group_non_negative" CHECK("return_reach_by_group"."people" >= 0)
);
--> statement-breakpoint
CREATE TABLE `return_results` (
	`return_id` integer NOT NULL,
	`logic_model_item_id` integer NOT NULL,
	`actual` real,
	`note` text,
	PRIMARY KEY(`return_id`, `logic_model_item_id`),
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`logic_model_item_id`) REFERENCES `logic_model_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `return_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`comments` text,
	`reviewed_by_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `return_reviews_return_idx` ON `return_reviews` (`return_id`);--> statement-breakpoint
CREATE TABLE `return_schedule_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`due_months_after_start` integer NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `return_schedule_items_cycle_idx` ON `return_schedule_items` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `return_spend` (
	`return_id` integer NOT NULL,
	`budget_line_id` integer NOT NULL,
	`spent_pence` integer NOT NULL,
	PRIMARY KEY(`return_id`, `budget_line_id`),
	FOREIGN KEY (`return_id`) REFERENCES `evaluation_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`budget_line_id`) REFERENCES `budget_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scorecards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`panel_member_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`overall_comment` text,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` integer,
	`reopened_at` integer,
	`reopened_by_id` integer,
	`reopened_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`panel_member_id`) REFERENCES `panel_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scorecards_unique` ON `scorecards` (`application_id`,`panel_member_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`user_agent` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_email_idx` ON `sign_in_failures` (`email`,`created_at`);--> statement-breakpoint
CREATE TABLE `user_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_tokens_token_hash_unique` ON `user_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `user_tokens_user_idx` ON `user_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`email_confirmed_at` integer,
	`role` text DEFAULT 'user' NOT NULL,
	`staff_team` text,
	`disabled_at` integer,
	`last_signed_in_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);