// Documents: what a file is comes from its bytes; they are kept outside the database under
// their SHA-256; who may add, remove and download them; and a changed file is never sent out.
import fs from "node:fs";
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "~db/seed/index";
import { loadApplication, sectionProblems, startApplication, submitApplication } from "~/models/applications.server";
import {
  addApplicationAttachment,
  attachmentForDownload,
  checkUpload,
  contentDisposition,
  DamagedAttachmentError,
  readAttachment,
  removeAttachment,
  sanitiseName,
  storagePath,
  storeUpload,
} from "~/models/attachments.server";
import { MAX_UPLOAD_BYTES, UPLOAD_MESSAGES } from "~/schemas/application";
import { db, schema } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";

// ---------------------------------------------------------------------------------------------
// Real files, made here
// ---------------------------------------------------------------------------------------------

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"),
);

/** A zip with its entries stored (not compressed): enough for a real DOCX or ODT. */
function zip(entries: [string, string][]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const DOCX = zip([
  [
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ["word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'],
]);
const ODT = zip([
  ["mimetype", "application/vnd.oasis.opendocument.text"],
  ["content.xml", "<office:document-content/>"],
]);
const XLSX = zip([
  [
    "[Content_Types].xml",
    '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
  ],
  ["xl/workbook.xml", "<workbook/>"],
]);
const ODS = zip([["mimetype", "application/vnd.oasis.opendocument.spreadsheet"]]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
/** A macro-enabled Word file: a zip Word makes, but not one of the types allowed. */
const DOCM = zip([
  ["[Content_Types].xml", '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'],
  ["word/document.xml", "<w:document/>"],
]);
/** Legacy .doc and .xls are OLE compound files, which cannot be told apart by content: refused. */
const CFB = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
const PLAIN_ZIP = zip([["notes.txt", "hello"]]);
const EXE = Uint8Array.from([...Buffer.from("MZ"), ...new Uint8Array(62).fill(0), ...Buffer.from("This program cannot be run in DOS mode")]);
const HTML = new TextEncoder().encode("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
const TEXT = new TextEncoder().encode("Just some words.\n");

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// ---------------------------------------------------------------------------------------------
// People and an application
// ---------------------------------------------------------------------------------------------

let n = 0;

beforeAll(async () => {
  await seedDatabase({ demo: true });
});

/** A demo round open to this type of organisation (the Collaboration Fund is not open to businesses). */
const cycleFor = (type: string) => db.select().from(schema.cycles).all().find((c) => c.eligibility.organisationTypes.includes(type as never))!.id;

/** A person with an organisation of their own and a draft application. */
function applicant(type: "registered_charity" | "business" = "registered_charity") {
  n += 1;
  const user = db
    .insert(schema.users)
    .values({ email: `person${n}@example.test`, name: `Person ${n}`, passwordHash: "not-a-hash", emailConfirmedAt: new Date() })
    .returning()
    .get();
  const organisation = db.insert(schema.organisations).values({ name: `Group ${n}`, type }).returning().get();
  db.insert(schema.organisationMembers).values({ organisationId: organisation.id, userId: user.id }).run();
  const person = { id: user.id, organisationIds: [organisation.id], isStaff: false };
  const started = startApplication(person, cycleFor(type), organisation.id);
  if (!started.ok) throw new Error(started.message);
  return { person, organisationId: organisation.id, applicationId: started.applicationId };
}

// ---------------------------------------------------------------------------------------------

describe("what a file is", () => {
  it("knows PDF, PNG, DOCX and ODT by their content", async () => {
    expect(await checkUpload(PDF)).toEqual({ ok: true, mediaType: "application/pdf" });
    expect(await checkUpload(PNG)).toEqual({ ok: true, mediaType: "image/png" });
    expect(await checkUpload(DOCX)).toEqual({ ok: true, mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(await checkUpload(ODT)).toEqual({ ok: true, mediaType: "application/vnd.oasis.opendocument.text" });
    expect(await checkUpload(XLSX)).toEqual({ ok: true, mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(await checkUpload(ODS)).toEqual({ ok: true, mediaType: "application/vnd.oasis.opendocument.spreadsheet" });
    expect(await checkUpload(JPEG)).toEqual({ ok: true, mediaType: "image/jpeg" });
  });

  it("refuses a program, a web page, plain text, a plain zip, a macro-enabled or a legacy Office file, whatever it is called", async () => {
    for (const bytes of [EXE, HTML, TEXT, PLAIN_ZIP, DOCM, CFB]) {
      expect(await checkUpload(bytes)).toEqual({ ok: false, message: UPLOAD_MESSAGES.type });
      expect(await storeUpload({ name: "constitution.pdf", bytes })).toEqual({ ok: false, message: UPLOAD_MESSAGES.type });
    }
  });

  it("refuses an empty file and one of more than 10MB", async () => {
    expect(await storeUpload({ name: "empty.pdf", bytes: new Uint8Array() })).toEqual({ ok: false, message: UPLOAD_MESSAGES.empty });
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(PDF);
    expect(await storeUpload({ name: "big.pdf", bytes: big })).toEqual({ ok: false, message: UPLOAD_MESSAGES.tooLarge });
    const justRight = new Uint8Array(MAX_UPLOAD_BYTES);
    justRight.set(PDF);
    expect((await storeUpload({ name: "ten.pdf", bytes: justRight })).ok).toBe(true);
  });
});

describe("names", () => {
  it("keeps no folders or hidden characters, ends as the content is, and keeps to 200 characters", () => {
    expect(sanitiseName("C:\\Users\\amira\\Constitution 2024.PDF", "application/pdf")).toBe("Constitution 2024.PDF");
    expect(sanitiseName("../../etc/passwd", "application/pdf")).toBe("passwd.pdf");
    expect(sanitiseName("report.exe", "application/pdf")).toBe("report.exe.pdf");
    expect(sanitiseName("photo.jpeg", "image/jpeg")).toBe("photo.jpeg");
    expect(sanitiseName("invoice\u202Efdp.exe", "application/pdf")).toBe("invoicefdp.exe.pdf");
    expect(sanitiseName("\u0000\n", "image/png")).toBe("document.png");
    const long = sanitiseName(`${"a".repeat(300)}.docx`, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(long).toHaveLength(200);
    expect(long.endsWith("a.docx")).toBe(true);
  });

  it("offers the name on download in both the plain and the RFC 5987 forms", () => {
    expect(contentDisposition("Café plan.pdf")).toBe(`attachment; filename="Caf_ plan.pdf"; filename*=UTF-8''Caf%C3%A9%20plan.pdf`);
    expect(contentDisposition('a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`);
  });
});

describe("keeping the bytes", () => {
  it("writes the file under its SHA-256, beside the database unless UPLOAD_DIR says otherwise", async () => {
    const stored = await storeUpload({ name: "policy.pdf", bytes: PDF });
    if (!stored.ok) throw new Error(stored.message);
    const hash = sha(PDF);
    expect(stored.stored).toEqual({ originalName: "policy.pdf", mediaType: "application/pdf", sizeBytes: PDF.byteLength, sha256: hash, storageKey: `${hash.slice(0, 2)}/${hash}` });
    expect(getSettings().uploadDir).toBe(`${getSettings().dataDir}/uploads`);
    expect(new Uint8Array(fs.readFileSync(storagePath(stored.stored.storageKey)))).toEqual(PDF);
    // No temporary files are left behind.
    expect(fs.readdirSync(`${getSettings().uploadDir}/${hash.slice(0, 2)}`).filter((f) => f.startsWith(".tmp"))).toEqual([]);
  });

  it("keeps the same content once, and mends a damaged copy when it is uploaded again", async () => {
    const first = await storeUpload({ name: "a.png", bytes: PNG });
    if (!first.ok) throw new Error(first.message);
    fs.writeFileSync(storagePath(first.stored.storageKey), "damaged");
    const second = await storeUpload({ name: "b.png", bytes: PNG });
    if (!second.ok) throw new Error(second.message);
    expect(second.stored.storageKey).toBe(first.stored.storageKey);
    expect(new Uint8Array(fs.readFileSync(storagePath(second.stored.storageKey)))).toEqual(PNG);
  });
});

describe("documents of an application", () => {
  it("adds a document in the same transaction as its row, with the checksum, size and type", async () => {
    const { person, applicationId, organisationId } = applicant();
    const file = new File([PDF], "Our constitution.pdf", { type: "text/plain" }); // what the browser says does not count
    const outcome = await addApplicationAttachment(person, applicationId, "constitution", file);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const row = db.select().from(schema.attachments).where(eq(schema.attachments.id, outcome.attachmentId)).get()!;
    expect(row).toMatchObject({
      applicationId,
      organisationId,
      returnId: null,
      kind: "constitution",
      originalName: "Our constitution.pdf",
      mediaType: "application/pdf",
      sizeBytes: PDF.byteLength,
      sha256: sha(PDF),
      uploadedById: person.id,
      deletedAt: null,
    });
    expect(fs.existsSync(storagePath(row.storageKey))).toBe(true);
    const read = await readAttachment(row.id);
    expect(new Uint8Array(read!.bytes)).toEqual(PDF);
  });

  it("counts the required documents: a constitution and a safeguarding policy; a business only the policy", async () => {
    const charity = applicant();
    expect(sectionProblems(loadApplication(charity.applicationId)!, "documents").map((p) => p.text)).toEqual([
      "Upload your constitution or governing document",
      "Upload your safeguarding policy",
    ]);
    await addApplicationAttachment(charity.person, charity.applicationId, "safeguarding_policy", { name: "policy.docx", bytes: DOCX });
    const outcome = await addApplicationAttachment(charity.person, charity.applicationId, "constitution", { name: "c.pdf", bytes: PDF }, { intent: "continue" });
    expect(outcome.ok).toBe(true);
    expect(loadApplication(charity.applicationId)!.application.completedSections).toContain("documents");
  });

  it("refuses a wrong file or kind without keeping anything", async () => {
    const { person, applicationId } = applicant();
    expect(await addApplicationAttachment(person, applicationId, "constitution", { name: "c.pdf", bytes: EXE })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { file: UPLOAD_MESSAGES.type },
    });
    expect(await addApplicationAttachment(person, applicationId, "nonsense", { name: "c.pdf", bytes: PDF })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { kind: "Select what the document is" },
    });
    expect(loadApplication(applicationId)!.attachments).toEqual([]);
  });

  it("refuses someone who is not a member, and an application that has been submitted", async () => {
    const owner = applicant();
    const stranger = applicant();
    const refused = await addApplicationAttachment(stranger.person, owner.applicationId, "constitution", { name: "c.pdf", bytes: PDF });
    expect(refused).toMatchObject({ ok: false, kind: "refused" });
    const { attachmentId } = (await addApplicationAttachment(owner.person, owner.applicationId, "photo", { name: "p.png", bytes: PNG })) as { attachmentId: number };
    expect(removeAttachment(stranger.person, owner.applicationId, attachmentId)).toMatchObject({ ok: false, kind: "refused" });

    db.update(schema.applications).set({ status: "submitted" }).where(eq(schema.applications.id, owner.applicationId)).run();
    expect(await addApplicationAttachment(owner.person, owner.applicationId, "constitution", { name: "c.pdf", bytes: PDF })).toMatchObject({
      ok: false,
      kind: "refused",
      message: expect.stringMatching(/has been submitted/),
    });
    expect(removeAttachment(owner.person, owner.applicationId, attachmentId)).toMatchObject({ ok: false, kind: "refused" });
    expect(loadApplication(owner.applicationId)!.attachments).toHaveLength(1);
  });

  it("removes a document by marking it deleted; it can no longer be downloaded", async () => {
    const { person, applicationId } = applicant();
    const { attachmentId } = (await addApplicationAttachment(person, applicationId, "photo", { name: "p.png", bytes: PNG })) as { attachmentId: number };
    expect(removeAttachment(person, applicationId, attachmentId)).toMatchObject({ ok: true });
    // A second click changes nothing.
    expect(removeAttachment(person, applicationId, attachmentId)).toMatchObject({ ok: true });
    const row = db.select().from(schema.attachments).where(eq(schema.attachments.id, attachmentId)).get()!;
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(loadApplication(applicationId)!.attachments).toEqual([]);
    expect(await readAttachment(attachmentId)).toBeNull();
    expect(await attachmentForDownload({ isStaff: false, organisationIds: person.organisationIds }, applicationId, attachmentId)).toMatchObject({ status: 404 });
  });

  it("lets members and staff download, not others; and not through another application", async () => {
    const owner = applicant();
    const other = applicant();
    const { attachmentId } = (await addApplicationAttachment(owner.person, owner.applicationId, "photo", { name: "p.png", bytes: PNG })) as { attachmentId: number };
    const member = await attachmentForDownload({ isStaff: false, organisationIds: owner.person.organisationIds }, owner.applicationId, attachmentId);
    expect("bytes" in member && new Uint8Array(member.bytes)).toEqual(PNG);
    // Staff never see a draft; once it is submitted, they can download.
    expect(await attachmentForDownload({ isStaff: true, organisationIds: [] }, owner.applicationId, attachmentId)).toMatchObject({ status: 404 });
    db.update(schema.applications).set({ submittedAt: new Date(), status: "submitted" }).where(eq(schema.applications.id, owner.applicationId)).run();
    const staff = await attachmentForDownload({ isStaff: true, organisationIds: [] }, owner.applicationId, attachmentId);
    expect("bytes" in staff).toBe(true);
    expect(await attachmentForDownload({ isStaff: false, organisationIds: other.person.organisationIds }, owner.applicationId, attachmentId)).toMatchObject({ status: 403 });
    // Someone's own application, with another application's document id.
    expect(await attachmentForDownload({ isStaff: false, organisationIds: other.person.organisationIds }, other.applicationId, attachmentId)).toMatchObject({ status: 404 });
    expect(await attachmentForDownload({ isStaff: true, organisationIds: [] }, 999_999, attachmentId)).toMatchObject({ status: 404 });
  });

  it("notices bytes that changed or went missing after upload, and does not send them", async () => {
    const { person, applicationId } = applicant();
    const bytes = new Uint8Array([...PDF, ...new TextEncoder().encode(`% tamper test ${Date.now()}\n`)]);
    const { attachmentId } = (await addApplicationAttachment(person, applicationId, "accounts", { name: "accounts.pdf", bytes })) as { attachmentId: number };
    const row = db.select().from(schema.attachments).where(eq(schema.attachments.id, attachmentId)).get()!;
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 2] ^= 0xff;
    fs.writeFileSync(storagePath(row.storageKey), tampered);
    await expect(readAttachment(attachmentId)).rejects.toThrow(DamagedAttachmentError);
    fs.rmSync(storagePath(row.storageKey));
    await expect(readAttachment(attachmentId)).rejects.toThrow(/cannot be read/);
  });

  it("shows on the submitted application as documents, and a submission needs them", async () => {
    const { person, applicationId } = applicant("business");
    expect(sectionProblems(loadApplication(applicationId)!, "documents").map((p) => p.text)).toEqual(["Upload your safeguarding policy"]);
    await addApplicationAttachment(person, applicationId, "safeguarding_policy", { name: "policy.png", bytes: PNG });
    expect(sectionProblems(loadApplication(applicationId)!, "documents")).toEqual([]);
    const submitted = submitApplication(person, applicationId);
    // Other sections are empty, so it is not submitted; documents are not among the problems.
    expect(submitted.ok).toBe(false);
    if (!submitted.ok && submitted.kind === "incomplete") expect(submitted.problems.filter((p) => p.page === "documents" && p.field === "file")).toEqual([]);
  });
});
