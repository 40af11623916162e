// For the benchmarks: released rounds of generated awards, made by the portal's own release
// (offers, instalments, returns), so that what is timed reads the rows the portal writes.
// Import it only after DATABASE_PATH is set: the database module opens its file on import.
import { cycleDecisions, releaseDecisions } from "~/models/decisions.server";
import { db, schema, transaction, type Tx } from "~/utils/db.server";

type Application = typeof schema.applications.$inferSelect;

/** A repeatable random number in [0, 1), so every run generates the same data. */
export function seededRandom(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/**
 * ROUNDS released rounds of AWARDS awards each, every application decided "award" for what it
 * asked. `eachApplication` adds what a benchmark needs (members, principles, wards, outcomes).
 * Returns the rounds' ids and the staff member who released them.
 */
export function releasedRounds(options: {
  rounds: number;
  awards: number;
  random: () => number;
  organisation?: (r: number, i: number) => Partial<typeof schema.organisations.$inferInsert>;
  application?: Partial<typeof schema.applications.$inferInsert>;
  eachApplication: (tx: Tx, application: Application, r: number, i: number) => void;
}) {
  const { rounds, awards, random } = options;
  const programme = db.select().from(schema.programmes).get()!;
  const staff = db.insert(schema.users).values({ email: "bench-staff@example.test", name: "Staff", passwordHash: "!", role: "staff", emailConfirmedAt: new Date() }).returning().get();
  const now = Date.now();
  const cycleIds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const cycleId = transaction((tx) => {
      const cycle = tx
        .insert(schema.cycles)
        .values({
          programmeId: programme.id,
          name: `Benchmark round ${r}`,
          referenceYear: 2900 + r,
          status: "published",
          opensAt: new Date(now - 400 * 86400_000),
          closesAt: new Date(now - 300 * 86400_000),
          scoringOpensAt: new Date(now - 290 * 86400_000),
          scoringClosesAt: new Date(now - 280 * 86400_000),
          budgetPence: awards * 6_000_00,
          minRequestPence: 1_000_00,
          maxRequestPence: 10_000_00,
          eligibility: { organisationTypes: ["registered_charity"], mustServePlace: true, requiresPartner: false },
          sections: [...schema.APPLICATION_SECTIONS],
        })
        .returning()
        .get();
      for (let i = 0; i < awards; i++) {
        const organisation = tx
          .insert(schema.organisations)
          .values({ name: `Benchmark group ${r}-${i}`, type: "registered_charity", ...options.organisation?.(r, i) })
          .returning()
          .get();
        const application = tx
          .insert(schema.applications)
          .values({
            cycleId: cycle.id,
            organisationId: organisation.id,
            reference: `BENCH-${2900 + r}-${String(i + 1).padStart(4, "0")}`,
            status: "in_review",
            title: `Benchmark project ${r}-${i}`,
            amountRequestedPence: 1_000_00 + Math.floor(random() * 9_000) * 100,
            startDate: new Date(now - (200 + Math.floor(random() * 100)) * 86400_000).toISOString().slice(0, 10),
            submittedAt: new Date(now - 320 * 86400_000),
            ...options.application,
          })
          .returning()
          .get();
        options.eachApplication(tx, application, r, i);
        tx.insert(schema.decisions)
          .values({ applicationId: application.id, outcome: "award", amountPence: application.amountRequestedPence!, reasons: "Bench", decidedById: staff.id, decidedAt: new Date(now - 279 * 86400_000) })
          .run();
      }
      return cycle.id;
    });
    const at = new Date(now - 278 * 86400_000);
    const released = releaseDecisions({ id: staff.id, isStaff: true }, cycleId, cycleDecisions(cycleId, db, at)!.fingerprint, at);
    if (!released.ok) throw new Error(released.message);
    cycleIds.push(cycleId);
  }
  return { cycleIds, staff };
}
