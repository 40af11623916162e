CREATE INDEX `conflict_declarations_member_idx` ON `conflict_declarations` (`panel_member_id`);--> statement-breakpoint
CREATE INDEX `scorecards_member_idx` ON `scorecards` (`panel_member_id`);