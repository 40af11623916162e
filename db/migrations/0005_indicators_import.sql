ALTER TABLE `indicator_imports` ADD `status` text DEFAULT 'imported' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicator_imports` ADD `file_text` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `is_population` integer DEFAULT false NOT NULL;