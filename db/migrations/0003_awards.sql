ALTER TABLE `awards` ADD `case_study_return_id` integer REFERENCES evaluation_returns(id);--> statement-breakpoint
ALTER TABLE `evaluation_returns` ADD `completed_sections` text DEFAULT '[]' NOT NULL;