// Loads a place file (db/places/*.json) into the database: the place, its areas, principles,
// priority areas, beneficiary groups, indicators with their values, and its programmes.
// It only adds what is missing, so running it again never overwrites what staff have changed.
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AREA_KINDS, INDICATOR_KINDS, POLARITIES, RETURN_KINDS } from "~db/schema";
import { schema, transaction, type Tx } from "~/utils/db.server";

const value = z.object({
  area: z.string(),
  /** Only needed when two areas share a name (a ward and a neighbourhood, say). */
  areaKind: z.enum(AREA_KINDS).optional(),
  period: z.string().min(1),
  value: z.number().nullable(),
  source: z.string().min(1),
  sex: z.string().default("Persons"),
  age: z.string().default("All ages"),
  categoryType: z.string().default(""),
  category: z.string().default(""),
  valueNote: z.string().optional(),
});

export const placeFileSchema = z.object({
  place: z.object({
    name: z.string().min(1),
    title: z.string().min(1),
    councilName: z.string().min(1),
    areaCode: z.string().nullable(),
    localOrgIdPrefix: z.string().min(1),
    contactEmail: z.email().nullable(),
  }),
  comparators: z.array(z.object({ kind: z.enum(AREA_KINDS), name: z.string(), code: z.string().nullable() })),
  neighbourhoods: z.array(z.string().min(1)),
  wards: z.array(z.object({ name: z.string().min(1), code: z.string().nullable(), neighbourhood: z.string().nullable() })),
  principles: z.array(z.object({ number: z.number().int().min(1), title: z.string().min(1) })),
  priorityAreas: z.array(z.string().min(1)),
  beneficiaryGroups: z.array(z.string().min(1)),
  indicators: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.enum(INDICATOR_KINDS),
      principles: z.array(z.number().int()),
      unit: z.string(),
      polarity: z.enum(POLARITIES),
      source: z.string(),
      definition: z.string().optional(),
      isPopulation: z.boolean().optional(),
      values: z.array(value),
    }),
  ),
  programmes: z.array(
    z.object({
      slug: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      referencePrefix: z.string().regex(/^[A-Z]{2,6}$/),
      summary: z.string().min(1),
      description: z.string().optional(),
      runBy: z.string().optional(),
      /** Version 1 of the programme's grant terms; staff publish later versions in the portal. */
      grantTerms: z.object({ title: z.string().min(1), body: z.string().min(1) }),
      /** The evaluation returns a new round of the programme asks for, by default. */
      returnSchedule: z.array(
        z.object({ kind: z.enum(RETURN_KINDS), title: z.string().min(1), dueMonthsAfterStart: z.number().int().min(1).max(60) }),
      ),
    }),
  ),
});

export type PlaceFile = z.infer<typeof placeFileSchema>;

export function readPlaceFile(file: string): PlaceFile {
  const raw = JSON.parse(fs.readFileSync(file, "utf8"));
  const parsed = placeFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file} is not a valid place file:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/**
 * Fingertips' sortable form of a period label: "2022-2023" → 20220000, "January 2025" →
 * 20250100. A label that does not start with its period ("Not stated (APHR 2024)") has none:
 * an undated value must not pass for a recent one.
 */
export function sortablePeriod(label: string): number | null {
  const text = label.trim();
  const month = text.match(/^([A-Za-z]+) ((?:19|20)\d{2})$/);
  if (month) {
    const index = MONTHS.indexOf(month[1]!.toLowerCase());
    return index === -1 ? null : Number(month[2]) * 10000 + (index + 1) * 100;
  }
  const year = text.match(/^((?:19|20)\d{2})\b/);
  return year ? Number(year[1]) * 10000 : null;
}

export function loadPlace(file: string): { added: Record<string, number> } {
  const data = readPlaceFile(file);
  const added: Record<string, number> = {};
  const count = (key: string, changes: number) => (added[key] = (added[key] ?? 0) + changes);

  transaction((tx) => {
    count("place", tx.insert(schema.place).values({ id: 1, ...data.place }).onConflictDoNothing().run().changes);

    let order = 0;
    for (const c of data.comparators) {
      count("areas", insertArea(tx, { kind: c.kind, name: c.name, code: c.code, sortOrder: order++ }));
    }
    data.neighbourhoods.forEach((name, i) => count("areas", insertArea(tx, { kind: "neighbourhood", name, code: null, sortOrder: i })));
    for (const ward of data.wards) {
      const parentId = ward.neighbourhood ? areaId(tx, ward.neighbourhood, "neighbourhood") : null;
      count("areas", insertArea(tx, { kind: "ward", name: ward.name, code: ward.code, parentId }));
    }

    for (const p of data.principles) {
      count("principles", tx.insert(schema.principles).values(p).onConflictDoNothing().run().changes);
    }
    data.priorityAreas.forEach((name, i) =>
      count("priorityAreas", tx.insert(schema.priorityAreas).values({ name, sortOrder: i }).onConflictDoNothing().run().changes),
    );
    data.beneficiaryGroups.forEach((name, i) =>
      count("beneficiaryGroups", tx.insert(schema.beneficiaryGroups).values({ name, sortOrder: i }).onConflictDoNothing().run().changes),
    );

    const importRow = tx
      .insert(schema.indicatorImports)
      .values({ source: "place file", fileName: path.basename(file) })
      .returning()
      .get();
    let stored = 0;
    let unchanged = 0;
    data.indicators.forEach((indicator, i) => {
      const { values, principles: numbers, ...fields } = indicator;
      count("indicators", tx.insert(schema.indicators).values({ ...fields, sortOrder: i }).onConflictDoNothing().run().changes);
      const indicatorId = tx
        .select({ id: schema.indicators.id })
        .from(schema.indicators)
        .where(eq(schema.indicators.name, indicator.name))
        .get()!.id;
      for (const number of numbers) {
        const principle = tx.select().from(schema.principles).where(eq(schema.principles.number, number)).get();
        if (!principle) throw new Error(`Indicator "${indicator.name}" names principle ${number}, which the file does not define`);
        tx.insert(schema.indicatorPrinciples).values({ indicatorId, principleId: principle.id }).onConflictDoNothing().run();
      }
      for (const v of values) {
        const changes = tx
          .insert(schema.indicatorValues)
          .values({
            indicatorId,
            areaId: areaId(tx, v.area, v.areaKind),
            sex: v.sex,
            age: v.age,
            categoryType: v.categoryType,
            category: v.category,
            period: v.period,
            periodSortable: sortablePeriod(v.period),
            value: v.value,
            valueNote: v.valueNote ?? null,
            source: v.source,
            importId: importRow.id,
          })
          .onConflictDoNothing()
          .run().changes;
        if (changes) stored++;
        else unchanged++;
      }
    });
    if (stored) {
      tx.update(schema.indicatorImports)
        .set({ rowsRead: stored + unchanged, rowsStored: stored, rowsUnchanged: unchanged })
        .where(eq(schema.indicatorImports.id, importRow.id))
        .run();
    } else {
      // Nothing new: leave no empty import behind.
      tx.delete(schema.indicatorImports).where(eq(schema.indicatorImports.id, importRow.id)).run();
    }
    count("indicatorValues", stored);

    data.programmes.forEach(({ grantTerms, returnSchedule: _defaults, ...p }, i) => {
      count("programmes", tx.insert(schema.programmes).values({ ...p, sortOrder: i }).onConflictDoNothing().run().changes);
      const programmeId = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.slug, p.slug)).get()!.id;
      count("grantTerms", tx.insert(schema.grantTerms).values({ programmeId, version: 1, ...grantTerms }).onConflictDoNothing().run().changes);
    });
  });
  return { added };
}

function insertArea(
  tx: Tx,
  area: { kind: (typeof AREA_KINDS)[number]; name: string; code: string | null; parentId?: number | null; sortOrder?: number },
): number {
  return tx.insert(schema.areas).values(area).onConflictDoNothing().run().changes;
}

/** Looks an area up by its name (and kind, where two areas share a name). */
function areaId(tx: Tx, name: string, kind?: (typeof AREA_KINDS)[number]): number {
  const rows = tx
    .select({ id: schema.areas.id })
    .from(schema.areas)
    .where(kind ? and(eq(schema.areas.name, name), eq(schema.areas.kind, kind)) : eq(schema.areas.name, name))
    .all();
  if (rows.length !== 1) {
    throw new Error(
      rows.length ? `More than one area is called "${name}": say which with "areaKind"` : `No area is called "${name}"`,
    );
  }
  return rows[0]!.id;
}

