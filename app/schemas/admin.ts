import { z } from "zod";
import { STAFF_TEAMS, USER_ROLES } from "~db/schema";

export const accessSchema = z
  .object({
    role: z.enum(USER_ROLES, { error: "Select what this person can do" }),
    staffTeam: z.enum(STAFF_TEAMS, { error: "Select which team they work for" }).nullish(),
    disabled: z.enum(["yes", "no"], { error: "Select whether the account is open or closed" }),
  })
  .refine((v) => v.role === "user" || v.staffTeam, {
    path: ["staffTeam"],
    message: "Select which team they work for",
  });
