// The portal's one schema: every concept of the product brief, from place data to the outbox.
// Later work adds columns and tables; it should not need to redesign these.
//
// Conventions:
// - Money is integer pence (`*_pence`). Never floats for money.
// - Instants are `timestamp_ms` integers (UTC); calendar dates (a project's start, a due date)
//   are ISO `YYYY-MM-DD` text, because a due date is a day, not an instant.
// - Enumerations are `text({ enum })`; the lists live beside the table that uses them.
// - Place data (areas, principles, indicators, programmes) is data, loaded from a place file,
//   so another Marmot Place can run the portal with its own.
// - Records someone may have to account for (scores, declarations, decisions, awards,
//   payments, returns) are never deleted by a cascade: deleting their parent is refused.
//   Applications are withdrawn and panel members removed, not deleted.
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const id = () => integer("id").primaryKey({ autoIncrement: true });
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());
const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
const bool = (name: string) => integer(name, { mode: "boolean" });

// ---------------------------------------------------------------------------------------------
// Place: the Marmot Place this portal serves, its areas, principles, priorities and indicators
// ---------------------------------------------------------------------------------------------

/** One row: the place this installation serves (Luton by default). */
export const place = sqliteTable("place", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  /** Shown in the header, e.g. "Luton Health Equity Town". */
  title: text("title").notNull(),
  /** The local authority, e.g. "Luton Borough Council". */
  councilName: text("council_name").notNull(),
  /** ONS code of the local authority area, e.g. E06000032. */
  areaCode: text("area_code"),
  /** org-id.guide identifier of the council, for 360Giving `fundingOrganization`. Unset until staff know it. */
  funderOrgId: text("funder_org_id"),
  /** The 360Giving publisher prefix (`360G-<prefix>-…`). Issued by 360Giving; unset until then. */
  grantIdPrefix: text("grant_id_prefix"),
  /** Prefix for organisations with no charity or company number (`<prefix>-<id>`). */
  localOrgIdPrefix: text("local_org_id_prefix").notNull(),
  contactEmail: text("contact_email"),
  updatedAt: updatedAt(),
});

export const AREA_KINDS = [
  "country",
  "region",
  "local_authority",
  "comparator_group",
  "neighbourhood",
  "ward",
] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/**
 * Every geography the portal knows: the place's wards and neighbourhoods (what applications
 * serve and returns report on) and the comparators its indicators are read against (England,
 * the region, the place itself, its statistical neighbours).
 */
export const areas = sqliteTable(
  "areas",
  {
    id: id(),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    name: text("name").notNull(),
    /** ONS code where known. Never invented: left empty until staff or an import supply it. */
    code: text("code"),
    /** A ward's neighbourhood, when staff have said which it is. */
    parentId: integer("parent_id").references((): AnySQLiteColumn => areas.id, { onDelete: "set null" }),
    /**
     * A ward's boundary, for the ward map: a GeoJSON Polygon or MultiPolygon geometry in
     * longitude/latitude (WGS84), as staff load it from ONS boundary files. Empty until then.
     */
    boundary: text("boundary", { mode: "json" }).$type<{ type: "Polygon" | "MultiPolygon"; coordinates: unknown }>(),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("areas_kind_name_unique").on(t.kind, t.name),
    uniqueIndex("areas_code_unique").on(t.code).where(sql`${t.code} is not null`),
    index("areas_parent_idx").on(t.parentId),
  ],
);

/** The eight Marmot principles, numbered as in the Population Wellbeing Strategy. */
export const principles = sqliteTable("principles", {
  id: id(),
  number: integer("number").notNull().unique(),
  title: text("title").notNull(),
  description: text("description"),
});

/** Health Equity Town priority areas (Business, Employment, Skills and Health; …). */
export const priorityAreas = sqliteTable("priority_areas", {
  id: id(),
  name: text("name").notNull().unique(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const INDICATOR_KINDS = ["overarching", "principle", "context"] as const;
export const POLARITIES = ["higher_is_better", "lower_is_better", "no_judgement"] as const;

/**
 * A measure the place watches: the overarching and per-principle Marmot Town indicators, and
 * context measures of need (Social Progress Index, disposable income, population).
 */
export const indicators = sqliteTable(
  "indicators",
  {
    id: id(),
    kind: text("kind", { enum: INDICATOR_KINDS }).notNull(),
    name: text("name").notNull(),
    /** OHID Fingertips indicator ID, when the indicator is published there. */
    fingertipsId: integer("fingertips_id"),
    /** Short unit for display: "%", "years", "score", "per 1,000", "£". */
    unit: text("unit").notNull().default(""),
    polarity: text("polarity", { enum: POLARITIES }).notNull().default("no_judgement"),
    definition: text("definition"),
    source: text("source"),
    sortOrder: integer("sort_order").notNull().default(0),
    /** The ward's resident population: funding per resident divides by its latest value. */
    isPopulation: bool("is_population").notNull().default(false),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("indicators_name_unique").on(t.name),
    uniqueIndex("indicators_fingertips_unique")
      .on(t.fingertipsId)
      .where(sql`${t.fingertipsId} is not null`),
  ],
);

/** Which principle(s) an indicator evidences. Table 4 of APHR 2024 groups some under two. */
export const indicatorPrinciples = sqliteTable(
  "indicator_principles",
  {
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    principleId: integer("principle_id")
      .notNull()
      .references(() => principles.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorId, t.principleId] }),
    index("indicator_principles_principle_idx").on(t.principleId),
  ],
);

export const IMPORT_STATUSES = ["previewed", "imported", "discarded"] as const;

/**
 * A file of indicator values brought in (a Fingertips export, or the seed). An upload is first
 * "previewed": its text is kept so that "Import" (a second request, JavaScript or not) writes
 * exactly what the preview showed; it is cleared once imported or discarded.
 */
export const indicatorImports = sqliteTable("indicator_imports", {
  id: id(),
  source: text("source").notNull(),
  status: text("status", { enum: IMPORT_STATUSES }).notNull().default("imported"),
  fileText: text("file_text"),
  fileName: text("file_name"),
  sha256: text("sha256"),
  rowsRead: integer("rows_read").notNull().default(0),
  rowsStored: integer("rows_stored").notNull().default(0),
  rowsUnchanged: integer("rows_unchanged").notNull().default(0),
  rowsSkipped: integer("rows_skipped").notNull().default(0),
  /**
   * What was stored, skipped and why, so nothing is dropped silently: a Fingertips import's
   * report (`ImportReport` in app/models/fingertips.server.ts, read back through `readReport`).
   */
  report: text("report", { mode: "json" }).$type<unknown>(),
  importedById: integer("imported_by_id").references(() => users.id),
  createdAt: createdAt(),
});

/**
 * One value of one indicator for one area, period and breakdown. A missing value is NULL with
 * its note, never zero. The unique key makes re-importing the same file change nothing.
 */
export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    id: id(),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    areaId: integer("area_id")
      .notNull()
      .references(() => areas.id, { onDelete: "cascade" }),
    sex: text("sex").notNull().default("Persons"),
    age: text("age").notNull().default("All ages"),
    categoryType: text("category_type").notNull().default(""),
    category: text("category").notNull().default(""),
    /** As published, e.g. "2018 - 20" or "2022/23": a label, not a date. */
    period: text("period").notNull(),
    /** For ordering periods (Fingertips "Time period Sortable"). */
    periodSortable: integer("period_sortable"),
    value: real("value"),
    lowerCi95: real("lower_ci_95"),
    upperCi95: real("upper_ci_95"),
    count: real("count"),
    denominator: real("denominator"),
    valueNote: text("value_note"),
    /** Where this number comes from, in words a reader can check. */
    source: text("source"),
    importId: integer("import_id").references(() => indicatorImports.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("indicator_values_key").on(
      t.indicatorId,
      t.areaId,
      t.sex,
      t.age,
      t.categoryType,
      t.category,
      t.period,
    ),
    index("indicator_values_area_idx").on(t.areaId, t.indicatorId),
  ],
);

// ---------------------------------------------------------------------------------------------
// People: accounts, sessions, tokens, organisations and memberships
// ---------------------------------------------------------------------------------------------

/** Global roles. Applicant and panel member are not global: they come from memberships. */
export const USER_ROLES = ["user", "staff", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const STAFF_TEAMS = ["public_health", "blcf"] as const;

export const users = sqliteTable(
  "users",
  {
    id: id(),
    /** Stored lower-case and trimmed; unique. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    emailConfirmedAt: instant("email_confirmed_at"),
    role: text("role", { enum: USER_ROLES }).notNull().default("user"),
    /** For staff: which team they work for. */
    staffTeam: text("staff_team", { enum: STAFF_TEAMS }),
    disabledAt: instant("disabled_at"),
    lastSignedInAt: instant("last_signed_in_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so a
 * copy of the database cannot be used to sign in. Deleting the row revokes the session.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const TOKEN_PURPOSES = ["confirm_email", "reset_password", "set_password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Single-use links sent by email. Only the token's hash is stored. */
export const userTokens = sqliteTable(
  "user_tokens",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("user_tokens_user_idx").on(t.userId, t.purpose)],
);

/** Failed sign-ins, to slow down password guessing (per email address). */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: id(),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_failures_email_idx").on(t.email, t.createdAt)],
);

export const ORGANISATION_TYPES = [
  "registered_charity",
  "cio",
  "cic",
  "company_limited_by_guarantee",
  "community_or_faith_group",
  "social_enterprise",
  "business",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** An applying organisation (a VCSFE group or, for the Prize, a business). */
export const organisations = sqliteTable(
  "organisations",
  {
    id: id(),
    name: text("name").notNull(),
    type: text("type", { enum: ORGANISATION_TYPES }).notNull(),
    charityNumber: text("charity_number"),
    companyNumber: text("company_number"),
    addressLine1: text("address_line_1"),
    addressLine2: text("address_line_2"),
    town: text("town"),
    postcode: text("postcode"),
    /** The ward the organisation is based in (an area of kind "ward"), if in the place. */
    wardId: integer("ward_id").references(() => areas.id),
    contactName: text("contact_name"),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    website: text("website"),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("organisations_name_idx").on(t.name)],
);

export const MEMBERSHIP_ROLES = ["owner", "member"] as const;

/** Being an applicant: membership of an organisation. Any member can work on its applications. */
export const organisationMembers = sqliteTable(
  "organisation_members",
  {
    id: id(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organisation_members_unique").on(t.organisationId, t.userId),
    index("organisation_members_user_idx").on(t.userId),
  ],
);

/** A colleague invited by email to join an organisation. */
export const organisationInvitations = sqliteTable(
  "organisation_invitations",
  {
    id: id(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedById: integer("invited_by_id").references(() => users.id),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    acceptedById: integer("accepted_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("organisation_invitations_org_idx").on(t.organisationId)],
);

// ---------------------------------------------------------------------------------------------
// Programmes and cycles
// ---------------------------------------------------------------------------------------------

/** A funding programme: the Collaboration Fund, the DPH Health Equity Town Prize. */
export const programmes = sqliteTable("programmes", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** Short reference prefix for applications, e.g. "CF" gives CF-2026-0007. */
  referencePrefix: text("reference_prefix").notNull().unique(),
  summary: text("summary").notNull(),
  description: text("description"),
  /** Who runs it, in words, e.g. "Luton public health with BLCF". */
  runBy: text("run_by"),
  /** The funder named in 360Giving data; falls back to the place's council. */
  funderName: text("funder_name"),
  funderOrgId: text("funder_org_id"),
  /**
   * The evaluation returns its rounds usually ask for, as staff set them. NULL until staff
   * change it: then the place file's schedule for the programme applies.
   */
  returnSchedule: text("return_schedule", { mode: "json" }).$type<UsualReturn[]>(),
  /** Retired: no new rounds, and not shown to applicants. Its rounds and records are kept. */
  archivedAt: instant("archived_at"),
  sortOrder: integer("sort_order").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One evaluation return a programme's rounds usually ask for. */
export type UsualReturn = { kind: (typeof RETURN_KINDS)[number]; title: string; dueMonthsAfterStart: number };

export const CYCLE_STATUSES = ["draft", "published", "archived"] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The application sections a cycle may ask for; its `sections` column says which it does. */
export const APPLICATION_SECTIONS = [
  "about",
  "principles",
  "who_and_where",
  "partners",
  "budget",
  "logic_model",
  "documents",
  "declarations",
] as const;
export type ApplicationSection = (typeof APPLICATION_SECTIONS)[number];

export type EligibilityRules = {
  organisationTypes: OrganisationType[];
  /** The organisation must work with residents of the place. */
  mustServePlace: boolean;
  /** Collaboration Fund: at least one partner organisation. */
  requiresPartner: boolean;
};

/**
 * One round of a programme. It is open for applications when published and the time is
 * between `opensAt` and `closesAt` (enforced to the second); its other phases have their own dates.
 */
export const cycles = sqliteTable(
  "cycles",
  {
    id: id(),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    name: text("name").notNull(),
    /** The year in application references, e.g. 2026 in CF-2026-0007. */
    referenceYear: integer("reference_year").notNull(),
    status: text("status", { enum: CYCLE_STATUSES }).notNull().default("draft"),
    summary: text("summary"),
    /** Guidance for applicants, shown on the round's start page (plain text, paragraphs). */
    guidance: text("guidance"),
    opensAt: instant("opens_at").notNull(),
    closesAt: instant("closes_at").notNull(),
    budgetPence: integer("budget_pence").notNull(),
    minRequestPence: integer("min_request_pence").notNull().default(0),
    maxRequestPence: integer("max_request_pence").notNull(),
    eligibility: text("eligibility", { mode: "json" }).$type<EligibilityRules>().notNull(),
    sections: text("sections", { mode: "json" }).$type<ApplicationSection[]>().notNull(),
    /** Panel settings. */
    scoringOpensAt: instant("scoring_opens_at"),
    scoringClosesAt: instant("scoring_closes_at"),
    anonymiseApplicants: bool("anonymise_applicants").notNull().default(false),
    everyoneScoresEverything: bool("everyone_scores_everything").notNull().default(true),
    minScorersPerApplication: integer("min_scorers_per_application").notNull().default(3),
    /** Weighted-total spread (0–100 scale) above which scorers are said to disagree. */
    disagreementThreshold: real("disagreement_threshold").notNull().default(20),
    decisionsReleasedAt: instant("decisions_released_at"),
    /** The day applicants are told to expect a decision by (YYYY-MM-DD): "what happens next". */
    decisionsExpectedOn: text("decisions_expected_on"),
    /** The round's own contact for applicants; unset: the place's contact email. */
    contactName: text("contact_name"),
    contactEmail: text("contact_email"),
    /**
     * Stage gate: the panel sees an application only once staff have passed its eligibility
     * check. Rounds made through the pages start with it on; rounds from before it existed
     * keep the old behaviour (the panel sees an application once it is submitted).
     */
    panelAfterEligibility: bool("panel_after_eligibility").notNull().default(false),
    publishedAt: instant("published_at"),
    /** The round's work is done: every award finished. Nothing more happens in it. */
    closedOutAt: instant("closed_out_at"),
    /** The round this one was copied from. */
    copiedFromId: integer("copied_from_id").references((): AnySQLiteColumn => cycles.id, { onDelete: "set null" }),
    /** Demo cycles are labelled as such on every page. */
    isDemo: bool("is_demo").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("cycles_programme_idx").on(t.programmeId),
    check("cycles_dates_ordered", sql`${t.closesAt} > ${t.opensAt}`),
    check("cycles_request_range", sql`${t.maxRequestPence} >= ${t.minRequestPence} and ${t.minRequestPence} >= 0`),
    check("cycles_budget_non_negative", sql`${t.budgetPence} >= 0`),
  ],
);

/** A scoring criterion of a cycle, with its weight and a descriptor for each point of its scale. */
export const criteria = sqliteTable(
  "criteria",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    guidance: text("guidance"),
    weight: integer("weight").notNull(),
    scaleMin: integer("scale_min").notNull().default(0),
    scaleMax: integer("scale_max").notNull().default(4),
    /** Descriptor per score, e.g. { "0": "No evidence", …, "4": "Strong evidence" }. */
    descriptors: text("descriptors", { mode: "json" }).$type<Record<string, string>>().notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("criteria_cycle_idx").on(t.cycleId),
    check("criteria_weight_positive", sql`${t.weight} > 0`),
    check("criteria_scale_ordered", sql`${t.scaleMax} > ${t.scaleMin}`),
  ],
);

export const RETURN_KINDS = ["interim", "final", "showcase"] as const;

/** The evaluation returns a cycle asks of each award (interim at 6 months, final at 12, …). */
export const returnScheduleItems = sqliteTable(
  "return_schedule_items",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: RETURN_KINDS }).notNull(),
    title: text("title").notNull(),
    /** Due this many months after the award's start date. */
    dueMonthsAfterStart: integer("due_months_after_start").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("return_schedule_items_cycle_idx").on(t.cycleId)],
);

export const QUESTION_KINDS = ["text", "textarea", "number", "money", "yes_no", "one_of", "several_of", "date"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** Where a round's own question is asked: one of the standard sections, or its own "Other questions" task. */
export const QUESTION_SECTIONS = [...APPLICATION_SECTIONS, "other"] as const;
export type QuestionSection = (typeof QUESTION_SECTIONS)[number];
/** Who may read the answer besides the applicant: the panel and staff, or staff only. */
export const QUESTION_AUDIENCES = ["panel", "staff"] as const;

/**
 * A question a round asks beyond the standard sections (the round's own questions), asked on a
 * page of its own in the section it names. Answers are in `application_answers`. Once any
 * application has started in the round, a question is only ever clarified (its words), never
 * removed or changed in kind, so that no answer is lost.
 */
export const cycleQuestions = sqliteTable(
  "cycle_questions",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    section: text("section", { enum: QUESTION_SECTIONS }).notNull(),
    kind: text("kind", { enum: QUESTION_KINDS }).notNull(),
    label: text("label").notNull(),
    hint: text("hint"),
    /** Long text only. */
    wordLimit: integer("word_limit"),
    /** Number: the range allowed; money: in pence. */
    minValue: real("min_value"),
    maxValue: real("max_value"),
    /** One or several of a list: the choices, in order. */
    options: text("options", { mode: "json" }).$type<string[]>(),
    required: bool("required").notNull().default(true),
    /** Asked only when an earlier question of the round has this answer. */
    conditionQuestionId: integer("condition_question_id").references((): AnySQLiteColumn => cycleQuestions.id),
    conditionValue: text("condition_value"),
    audience: text("audience", { enum: QUESTION_AUDIENCES }).notNull().default("panel"),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("cycle_questions_cycle_idx").on(t.cycleId, t.section)],
);

/** A document a round asks applicants for, by name (latest accounts, safeguarding policy…). */
export const cycleDocuments = sqliteTable(
  "cycle_documents",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    hint: text("hint"),
    required: bool("required").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("cycle_documents_cycle_idx").on(t.cycleId)],
);

/** Versions of a programme's grant terms, so an acceptance records exactly what was agreed. */
export const grantTerms = sqliteTable(
  "grant_terms",
  {
    id: id(),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("grant_terms_version_unique").on(t.programmeId, t.version)],
);

// ---------------------------------------------------------------------------------------------
// Applications
// ---------------------------------------------------------------------------------------------

export const APPLICATION_STATUSES = [
  "draft",
  "submitted",
  "returned", // returned by staff for changes: editable again
  "withdrawn",
  "ineligible",
  "in_review",
  "awarded",
  "declined",
  "reserve",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** A beneficiary group an application reaches (children and young people, carers, …). */
export const beneficiaryGroups = sqliteTable("beneficiary_groups", {
  id: id(),
  name: text("name").notNull().unique(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const applications = sqliteTable(
  "applications",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Given on first submission, e.g. CF-2026-0007. */
    reference: text("reference").unique(),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull().default("draft"),
    title: text("title"),
    summary: text("summary"),
    description: text("description"),
    startDate: text("start_date"),
    endDate: text("end_date"),
    peopleReached: integer("people_reached"),
    amountRequestedPence: integer("amount_requested_pence"),
    /** Sections the applicant has marked as completed. */
    completedSections: text("completed_sections", { mode: "json" })
      .$type<ApplicationSection[]>()
      .notNull()
      .$defaultFn(() => []),
    declarationsAcceptedAt: instant("declarations_accepted_at"),
    declarationsAcceptedById: integer("declarations_accepted_by_id").references(() => users.id),
    /** Optimistic concurrency: a save names the version it edited; a stale save is refused. */
    version: integer("version").notNull().default(1),
    submittedAt: instant("submitted_at"),
    withdrawnAt: instant("withdrawn_at"),
    withdrawnReason: text("withdrawn_reason"),
    /** A later deadline staff gave this application alone (a bereavement, say), with the reason. */
    deadlineOverride: instant("deadline_override"),
    deadlineReason: text("deadline_reason"),
    /** Staff passed its eligibility check (cleared if a later check fails): the panel's stage gate. */
    eligibilityPassedAt: instant("eligibility_passed_at"),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("applications_cycle_status_idx").on(t.cycleId, t.status),
    index("applications_organisation_idx").on(t.organisationId),
    // One live application per organisation per round: a double click cannot start two.
    uniqueIndex("applications_one_per_cycle")
      .on(t.cycleId, t.organisationId)
      .where(sql`${t.status} <> 'withdrawn'`),
    check("applications_amount_non_negative", sql`${t.amountRequestedPence} is null or ${t.amountRequestedPence} >= 0`),
    check("applications_people_non_negative", sql`${t.peopleReached} is null or ${t.peopleReached} >= 0`),
  ],
);

/** An application's answer to one of its cycle's own questions. */
export const applicationAnswers = sqliteTable(
  "application_answers",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => cycleQuestions.id),
    value: text("value"),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.questionId] })],
);

/** Partner organisations of a (Collaboration Fund) application; each confirms by an emailed link. */
export const applicationPartners = sqliteTable(
  "application_partners",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    organisationId: integer("organisation_id").references(() => organisations.id),
    contactName: text("contact_name"),
    contactEmail: text("contact_email").notNull(),
    role: text("role").notNull(),
    confirmationTokenHash: text("confirmation_token_hash").unique(),
    confirmedAt: instant("confirmed_at"),
    declinedAt: instant("declined_at"),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("application_partners_application_idx").on(t.applicationId)],
);

/** Principle tags of an application: exactly one primary (enforced by a partial unique index). */
export const applicationPrinciples = sqliteTable(
  "application_principles",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    principleId: integer("principle_id")
      .notNull()
      .references(() => principles.id),
    isPrimary: bool("is_primary").notNull().default(false),
    /** "How will your project do this?" */
    how: text("how"),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.principleId] }),
    uniqueIndex("application_principles_one_primary")
      .on(t.applicationId)
      .where(sql`${t.isPrimary} = 1`),
    index("application_principles_principle_idx").on(t.principleId),
  ],
);

/** Wards and neighbourhoods an application serves. */
export const applicationAreas = sqliteTable(
  "application_areas",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    areaId: integer("area_id")
      .notNull()
      .references(() => areas.id),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.areaId] }),
    index("application_areas_area_idx").on(t.areaId),
  ],
);

export const applicationBeneficiaryGroups = sqliteTable(
  "application_beneficiary_groups",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    groupId: integer("group_id")
      .notNull()
      .references(() => beneficiaryGroups.id),
    /** How many people of this group it expects to reach (optional). */
    peopleCount: integer("people_count"),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.groupId] })],
);

export const applicationPriorityAreas = sqliteTable(
  "application_priority_areas",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    priorityAreaId: integer("priority_area_id")
      .notNull()
      .references(() => priorityAreas.id),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.priorityAreaId] })],
);

export const budgetLines = sqliteTable(
  "budget_lines",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    item: text("item").notNull(),
    costPence: integer("cost_pence").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("budget_lines_application_idx").on(t.applicationId),
    check("budget_lines_cost_non_negative", sql`${t.costPence} >= 0`),
  ],
);

export const FUNDING_STATUSES = ["secured", "applied_for"] as const;

/** Other funding for the project, secured or applied for. */
export const otherFunding = sqliteTable(
  "other_funding",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    amountPence: integer("amount_pence").notNull(),
    status: text("status", { enum: FUNDING_STATUSES }).notNull(),
  },
  (t) => [
    index("other_funding_application_idx").on(t.applicationId),
    check("other_funding_amount_non_negative", sql`${t.amountPence} >= 0`),
  ],
);

export const LOGIC_MODEL_KINDS = ["activity", "output", "outcome"] as const;

/**
 * The application's simple logic model: activities, outputs and outcomes. Outputs and outcomes
 * carry a measure and a target; an outcome may point at one of the principle's indicators.
 * Returns report actual values against these rows.
 */
export const logicModelItems = sqliteTable(
  "logic_model_items",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: LOGIC_MODEL_KINDS }).notNull(),
    description: text("description").notNull(),
    measure: text("measure"),
    target: real("target"),
    indicatorId: integer("indicator_id").references(() => indicators.id),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("logic_model_items_application_idx").on(t.applicationId, t.kind)],
);

export const ATTACHMENT_KINDS = [
  "constitution",
  "safeguarding_policy",
  "accounts",
  "photo",
  "other",
] as const;

/**
 * A file uploaded to an application or a return. The bytes live outside the database, under
 * a key derived from their SHA-256; the type is what the content says, not the file name.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: id(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    applicationId: integer("application_id").references(() => applications.id, {
      onDelete: "cascade",
    }),
    returnId: integer("return_id").references((): AnySQLiteColumn => evaluationReturns.id, {
      onDelete: "cascade",
    }),
    kind: text("kind", { enum: ATTACHMENT_KINDS }).notNull(),
    /** The round's requested document this file answers, when the round lists them. */
    requestedDocumentId: integer("requested_document_id").references(() => cycleDocuments.id),
    originalName: text("original_name").notNull(),
    /** What a return's photo shows: its alt text when published. */
    description: text("description"),
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedById: integer("uploaded_by_id").references(() => users.id),
    deletedAt: instant("deleted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_application_idx").on(t.applicationId),
    index("attachments_return_idx").on(t.returnId),
    check("attachments_one_owner", sql`(${t.applicationId} is null) <> (${t.returnId} is null)`),
  ],
);

/** Staff's eligibility check of a submitted application, with the reason. */
export const eligibilityReviews = sqliteTable(
  "eligibility_reviews",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    passed: bool("passed").notNull(),
    reason: text("reason").notNull(),
    reviewedById: integer("reviewed_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("eligibility_reviews_application_idx").on(t.applicationId)],
);

// ---------------------------------------------------------------------------------------------
// Review: panels, conflicts of interest, scores, moderation and decisions
// ---------------------------------------------------------------------------------------------

export const PANEL_MEMBER_STATUSES = ["invited", "active", "removed"] as const;

/** Being a panel member: membership of one cycle's panel. */
export const panelMembers = sqliteTable(
  "panel_members",
  {
    id: id(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    /** Set when the invitation is accepted (or at once for an existing account). */
    userId: integer("user_id").references(() => users.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Public health, BLCF, the Fairness Taskforce, a community partner… */
    affiliation: text("affiliation"),
    status: text("status", { enum: PANEL_MEMBER_STATUSES }).notNull().default("invited"),
    invitationTokenHash: text("invitation_token_hash").unique(),
    invitedAt: instant("invited_at").notNull(),
    acceptedAt: instant("accepted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("panel_members_cycle_email_unique").on(t.cycleId, t.email),
    // One seat per person per panel, so nobody scores a bid twice.
    uniqueIndex("panel_members_cycle_user_unique").on(t.cycleId, t.userId).where(sql`${t.userId} is not null`),
    index("panel_members_user_idx").on(t.userId),
  ],
);

/** Who scores what, when staff assign subsets rather than everyone scoring everything. */
export const panelAssignments = sqliteTable(
  "panel_assignments",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    panelMemberId: integer("panel_member_id")
      .notNull()
      .references(() => panelMembers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.panelMemberId] }),
    index("panel_assignments_member_idx").on(t.panelMemberId),
  ],
);

/** A panel member's declaration on one application, made before its content is shown. */
export const conflictDeclarations = sqliteTable(
  "conflict_declarations",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    panelMemberId: integer("panel_member_id")
      .notNull()
      .references(() => panelMembers.id),
    hasConflict: bool("has_conflict").notNull(),
    nature: text("nature"),
    declaredAt: instant("declared_at").notNull(),
  },
  (t) => [
    uniqueIndex("conflict_declarations_unique").on(t.applicationId, t.panelMemberId),
    index("conflict_declarations_member_idx").on(t.panelMemberId),
    check(
      "conflict_declarations_nature_given",
      sql`${t.hasConflict} = 0 or length(coalesce(${t.nature}, '')) > 0`,
    ),
  ],
);

export const SCORECARD_STATUSES = ["draft", "submitted"] as const;

/** One panel member's scoring of one application. */
export const scorecards = sqliteTable(
  "scorecards",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    panelMemberId: integer("panel_member_id")
      .notNull()
      .references(() => panelMembers.id),
    status: text("status", { enum: SCORECARD_STATUSES }).notNull().default("draft"),
    overallComment: text("overall_comment"),
    version: integer("version").notNull().default(1),
    submittedAt: instant("submitted_at"),
    reopenedAt: instant("reopened_at"),
    reopenedById: integer("reopened_by_id").references(() => users.id),
    reopenedReason: text("reopened_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("scorecards_unique").on(t.applicationId, t.panelMemberId),
    index("scorecards_member_idx").on(t.panelMemberId),
  ],
);

export const criterionScores = sqliteTable(
  "criterion_scores",
  {
    scorecardId: integer("scorecard_id")
      .notNull()
      .references(() => scorecards.id, { onDelete: "cascade" }),
    criterionId: integer("criterion_id")
      .notNull()
      .references(() => criteria.id),
    score: integer("score"),
    comment: text("comment"),
  },
  (t) => [primaryKey({ columns: [t.scorecardId, t.criterionId] })],
);

/** A moderated score agreed by the panel, with its rationale. */
export const moderations = sqliteTable("moderations", {
  id: id(),
  applicationId: integer("application_id")
    .notNull()
    .unique()
    .references(() => applications.id),
  moderatedScore: real("moderated_score").notNull(),
  rationale: text("rationale").notNull(),
  moderatedById: integer("moderated_by_id")
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const DECISION_OUTCOMES = ["award", "decline", "reserve"] as const;

/** The recorded decision on an application; released to the applicant with the cycle's letters. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .unique()
      .references(() => applications.id),
    outcome: text("outcome", { enum: DECISION_OUTCOMES }).notNull(),
    amountPence: integer("amount_pence"),
    conditions: text("conditions"),
    /** Feedback for the applicant (declines). */
    feedback: text("feedback"),
    /** Why, for the record and the Board. */
    reasons: text("reasons").notNull(),
    decidedById: integer("decided_by_id")
      .notNull()
      .references(() => users.id),
    decidedAt: instant("decided_at").notNull(),
    releasedAt: instant("released_at"),
  },
  (t) => [
    check(
      "decisions_award_has_amount",
      sql`${t.outcome} <> 'award' or (${t.amountPence} is not null and ${t.amountPence} > 0)`,
    ),
  ],
);

// ---------------------------------------------------------------------------------------------
// Awards, payments and evaluation returns
// ---------------------------------------------------------------------------------------------

export const AWARD_STATUSES = ["offered", "accepted", "declined", "withdrawn", "completed"] as const;

export const awards = sqliteTable(
  "awards",
  {
    id: id(),
    applicationId: integer("application_id")
      .notNull()
      .unique()
      .references(() => applications.id),
    amountPence: integer("amount_pence").notNull(),
    status: text("status", { enum: AWARD_STATUSES }).notNull().default("offered"),
    /** The day the award was made (360Giving `awardDate`). */
    awardDate: text("award_date").notNull(),
    startDate: text("start_date"),
    endDate: text("end_date"),
    grantTermsId: integer("grant_terms_id").references(() => grantTerms.id),
    offeredAt: instant("offered_at").notNull(),
    respondedAt: instant("responded_at"),
    respondedById: integer("responded_by_id").references(() => users.id),
    /** The terms version the grantee accepted (may differ from the one first offered). */
    acceptedTermsId: integer("accepted_terms_id").references(() => grantTerms.id),
    declineReason: text("decline_reason"),
    withdrawnAt: instant("withdrawn_at"),
    withdrawnReason: text("withdrawn_reason"),
    /** Staff approval to show the grantee's consented case study on the public page. */
    caseStudyApprovedAt: instant("case_study_approved_at"),
    /** The return whose case study staff approved: a later return's story needs approving again. */
    caseStudyReturnId: integer("case_study_return_id").references((): AnySQLiteColumn => evaluationReturns.id),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("awards_status_idx").on(t.status),
    check("awards_amount_positive", sql`${t.amountPence} > 0`),
  ],
);

export const awardConditions = sqliteTable(
  "award_conditions",
  {
    id: id(),
    awardId: integer("award_id")
      .notNull()
      .references(() => awards.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    metAt: instant("met_at"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("award_conditions_award_idx").on(t.awardId)],
);

export const PAYMENT_STATUSES = ["scheduled", "paid", "cancelled"] as const;

/**
 * An instalment of an award. No bank details are stored: staff record that a payment was made
 * and its remittance reference. `requestKey` makes recording a payment idempotent.
 */
export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    awardId: integer("award_id")
      .notNull()
      .references(() => awards.id),
    instalment: integer("instalment").notNull(),
    dueDate: text("due_date").notNull(),
    amountPence: integer("amount_pence").notNull(),
    /** e.g. "after the interim return is accepted". */
    condition: text("condition"),
    conditionReturnId: integer("condition_return_id").references((): AnySQLiteColumn => evaluationReturns.id),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("scheduled"),
    paidOn: text("paid_on"),
    paidAmountPence: integer("paid_amount_pence"),
    remittanceReference: text("remittance_reference"),
    recordedById: integer("recorded_by_id").references(() => users.id),
    recordedAt: instant("recorded_at"),
    requestKey: text("request_key").unique(),
  },
  (t) => [
    uniqueIndex("payments_instalment_unique").on(t.awardId, t.instalment),
    check("payments_amount_positive", sql`${t.amountPence} > 0`),
    check(
      "payments_paid_recorded",
      sql`${t.status} <> 'paid' or (${t.paidOn} is not null and ${t.paidAmountPence} is not null and ${t.paidAmountPence} > 0)`,
    ),
  ],
);

export const RETURN_STATUSES = [
  "not_started",
  "draft",
  "submitted",
  "changes_requested",
  "accepted",
] as const;

/**
 * An evaluation return owed by an award: numbers, and the story in the case-study form the
 * Annual Public Health Report uses.
 */
export const evaluationReturns = sqliteTable(
  "evaluation_returns",
  {
    id: id(),
    awardId: integer("award_id")
      .notNull()
      .references(() => awards.id),
    scheduleItemId: integer("schedule_item_id").references(() => returnScheduleItems.id),
    kind: text("kind", { enum: RETURN_KINDS }).notNull(),
    title: text("title").notNull(),
    dueDate: text("due_date").notNull(),
    status: text("status", { enum: RETURN_STATUSES }).notNull().default("not_started"),
    peopleReached: integer("people_reached"),
    activitiesDelivered: text("activities_delivered"),
    // The case study (APHR 2024 form).
    projectTitle: text("project_title"),
    authors: text("authors"),
    aboutProject: text("about_project"),
    whatDidYouDo: text("what_did_you_do"),
    whatAchieved: text("what_achieved"),
    whatLearnt: text("what_learnt"),
    acknowledgements: text("acknowledgements"),
    whatsNext: text("whats_next"),
    consentToPublish: bool("consent_to_publish"),
    /** Sections the grantee has marked as completed, as on an application. */
    completedSections: text("completed_sections", { mode: "json" }).$type<string[]>().notNull().default([]),
    version: integer("version").notNull().default(1),
    submittedAt: instant("submitted_at"),
    submittedById: integer("submitted_by_id").references(() => users.id),
    acceptedAt: instant("accepted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("evaluation_returns_award_idx").on(t.awardId),
    // One return per award and scheduled item, however often the scheduler runs.
    uniqueIndex("evaluation_returns_schedule_unique")
      .on(t.awardId, t.scheduleItemId)
      .where(sql`${t.scheduleItemId} is not null`),
    index("evaluation_returns_due_idx").on(t.status, t.dueDate),
  ],
);

/** People reached, by ward. */
export const returnReachByArea = sqliteTable(
  "return_reach_by_area",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => evaluationReturns.id, { onDelete: "cascade" }),
    areaId: integer("area_id")
      .notNull()
      .references(() => areas.id),
    people: integer("people").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.areaId] }),
    check("return_reach_by_area_non_negative", sql`${t.people} >= 0`),
  ],
);

/** People reached, by beneficiary group. */
export const returnReachByGroup = sqliteTable(
  "return_reach_by_group",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => evaluationReturns.id, { onDelete: "cascade" }),
    groupId: integer("group_id")
      .notNull()
      .references(() => beneficiaryGroups.id),
    people: integer("people").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.groupId] }),
    check("return_reach_by_group_non_negative", sql`${t.people} >= 0`),
  ],
);

/** Spend to date by budget line. */
export const returnSpend = sqliteTable(
  "return_spend",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => evaluationReturns.id, { onDelete: "cascade" }),
    budgetLineId: integer("budget_line_id")
      .notNull()
      .references(() => budgetLines.id),
    spentPence: integer("spent_pence").notNull(),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.budgetLineId] })],
);

/** Actual value for each planned output or outcome. */
export const returnResults = sqliteTable(
  "return_results",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => evaluationReturns.id, { onDelete: "cascade" }),
    logicModelItemId: integer("logic_model_item_id")
      .notNull()
      .references(() => logicModelItems.id),
    actual: real("actual"),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.logicModelItemId] })],
);

export const RETURN_REVIEW_OUTCOMES = ["accepted", "changes_requested"] as const;

/** Staff review of a return; every round is kept. */
export const returnReviews = sqliteTable(
  "return_reviews",
  {
    id: id(),
    returnId: integer("return_id")
      .notNull()
      .references(() => evaluationReturns.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: RETURN_REVIEW_OUTCOMES }).notNull(),
    comments: text("comments"),
    reviewedById: integer("reviewed_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("return_reviews_return_idx").on(t.returnId)],
);

// ---------------------------------------------------------------------------------------------
// Accountability and email
// ---------------------------------------------------------------------------------------------

/**
 * The audit trail: who did what, to what, when and why. Append-only. An application's status
 * timeline is read from here (actions on the application the applicant may see).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: id(),
    at: instant("at")
      .notNull()
      .$defaultFn(() => new Date()),
    actorUserId: integer("actor_user_id").references(() => users.id),
    /** Dotted verb, e.g. "user.signed_in", "application.submitted", "decision.recorded". */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    /** A sentence a person can read, e.g. the reason given. */
    summary: text("summary"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_events_actor_idx").on(t.actorUserId, t.at),
  ],
);

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every email the portal sends. Written in the same transaction as the change that causes it;
 * delivered afterwards by the sender with retries. `dedupeKey` makes a message unique where a
 * job may run twice (reminders).
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: id(),
    template: text("template").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    dedupeKey: text("dedupe_key").unique(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at")
      .notNull()
      .$defaultFn(() => new Date()),
    /** While `sending`, the claim expires here; a crashed sender's claim is then retried. */
    lockedUntil: instant("locked_until"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    sentAt: instant("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_created_idx").on(t.createdAt),
  ],
);

/**
 * What someone typed into a form when their session had ended. Kept for an hour so that,
 * after signing in again, the page comes back with their words in it. Only a hash of the
 * token (held in a cookie) is stored; password fields are never kept.
 */
export const formDrafts = sqliteTable(
  "form_drafts",
  {
    id: id(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Hash of the ended session's token: one kept form per session, so a script cannot pile them up. */
    sessionKey: text("session_key").notNull().unique(),
    /** Whose session it was, while its record still exists: then only they get the words back. */
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    values: text("values", { mode: "json" }).$type<Record<string, string | string[]>>().notNull(),
    expiresAt: instant("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("form_drafts_expires_idx").on(t.expiresAt)],
);
