// A funding round whose panel has decided, ready for staff to send the decision letters: the
// start of every awards test. Written straight into the browser tests' SQLite file, as
// panel-fixtures.ts does (the panel's pages are tested there); the release itself, which makes
// the offers, goes through the staff page (`releaseDecisions`), so the awards are the portal's own.
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Page } from "@playwright/test";
import * as schema from "../../db/schema";
import { hashPassword } from "../../app/utils/crypto.server";
import { DEMO, DEMO_PASSWORD, expect, signInAs } from "./fixtures";
import { panelRound, type PanelRound } from "./panel-fixtures";

const DATABASE_PATH = "test-results/e2e-db/portal.sqlite";

export type Outcome = "award" | "decline" | "reserve";

export type AwardRound = PanelRound & {
  /** Every applicant's member signs in with the demo password. */
  password: string;
  outcomes: Outcome[];
};

/**
 * A closed Collaboration Fund round (see `panelRound`) whose scoring has closed and whose every
 * application has a decision (award by default, for the amount requested, with one condition),
 * not yet released. Each applicant's member can sign in with the demo password.
 */
export async function decidedRound(label: string, outcomes: Outcome[] = ["award"], options: { budgetPence?: number } = {}): Promise<AwardRound> {
  const round = panelRound(label, outcomes.length, options);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const sqlite = new Database(DATABASE_PATH);
  sqlite.pragma("busy_timeout = 5000");
  try {
    const db = drizzle(sqlite, { schema });
    db.transaction(
      (tx) => {
        const now = Date.now();
        const day = 24 * 3600 * 1000;
        const staff = tx.select().from(schema.users).where(eq(schema.users.email, DEMO.staff)).get()!;
        tx.update(schema.cycles)
          .set({ scoringOpensAt: new Date(now - 10 * day), scoringClosesAt: new Date(now - day) })
          .where(eq(schema.cycles.id, round.cycleId))
          .run();
        round.applications.forEach((a, i) => {
          const outcome = outcomes[i]!;
          tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.email, a.memberEmail)).run();
          tx.update(schema.applications).set({ status: "in_review" }).where(eq(schema.applications.id, a.id)).run();
          tx.insert(schema.decisions)
            .values({
              applicationId: a.id,
              outcome,
              amountPence: outcome === "award" ? a.amountPence : null,
              conditions: outcome === "award" ? "Share your safeguarding policy before the first payment." : null,
              feedback: outcome === "decline" ? "The panel wanted more on who the project reaches." : null,
              reasons: `The panel's reasons for ${a.reference}.`,
              decidedById: staff.id,
              decidedAt: new Date(now - 60_000 + i),
            })
            .run();
        });
      },
      { behavior: "immediate" },
    );
  } finally {
    sqlite.close();
  }
  return { ...round, password: DEMO_PASSWORD, outcomes };
}

/** Staff send the round's decision letters through the decisions page, which makes the offers. */
export async function releaseRound(page: Page, round: Pick<PanelRound, "cycleId">) {
  await signInAs(page.request, DEMO.staff);
  await page.goto(`/staff/cycles/${round.cycleId}/decisions`);
  await page.getByLabel("I confirm these decisions are final and the letters can be sent").check();
  await page.getByRole("button", { name: "Send decision letters" }).click();
  await expect(page.getByText("The decision letters have been sent.", { exact: false })).toBeVisible();
}

/** The award made on an application, read from the database (for addresses only: tests act through pages). */
export function awardIdOf(applicationId: number): number {
  const sqlite = new Database(DATABASE_PATH, { readonly: true });
  try {
    const row = sqlite.prepare("select id from awards where application_id = ?").get(applicationId) as { id: number } | undefined;
    if (!row) throw new Error(`No award on application ${applicationId}: release the round first`);
    return row.id;
  } finally {
    sqlite.close();
  }
}

/** The ids of an award's returns, in due order. */
export function returnIdsOf(awardId: number): { id: number; kind: string; title: string }[] {
  const sqlite = new Database(DATABASE_PATH, { readonly: true });
  try {
    return sqlite.prepare("select id, kind, title from evaluation_returns where award_id = ? order by due_date, id").all(awardId) as {
      id: number;
      kind: string;
      title: string;
    }[];
  } finally {
    sqlite.close();
  }
}
