// Documents people upload. What a file is comes from its content (file-type reads the bytes),
// never from its name or what the browser says. The bytes live outside the database, in
// UPLOAD_DIR, one file per content named by its SHA-256; the row keeps the checksum, and
// reading a document back checks it, so a damaged or changed file is never sent out.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { MAX_UPLOAD_BYTES, UPLOAD_MESSAGES } from "~/schemas/application";
import { ATTACHMENT_KINDS } from "~db/schema";
import { db, schema } from "~/utils/db.server";
import { getSettings } from "~/utils/settings.server";
import { recordAudit } from "./audit.server";
import { applicationFor, savePage, whyNotEditable, type ApplicationFile, type Refusal, type SaveOutcome } from "./applications.server";
import { panelMayDownload } from "./scoring.server";

/** What may be uploaded, by the type its content shows, with the file name endings it may have. */
export const ALLOWED_TYPES: Record<string, { extensions: readonly string[] }> = {
  "application/pdf": { extensions: ["pdf"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extensions: ["docx"] },
  "application/vnd.oasis.opendocument.text": { extensions: ["odt"] },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { extensions: ["xlsx"] },
  "application/vnd.oasis.opendocument.spreadsheet": { extensions: ["ods"] },
  "image/jpeg": { extensions: ["jpg", "jpeg"] },
  "image/png": { extensions: ["png"] },
};

/** Enough for any application; stops one filling the disk. */
export const MAX_DOCUMENTS = 20;
export const NAME_MAX_CHARS = 200;

export type Upload = { name: string; bytes: Uint8Array };
export type StoredUpload = { originalName: string; mediaType: string; sizeBytes: number; sha256: string; storageKey: string };
type Checked<T> = ({ ok: true } & T) | { ok: false; message: string };

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A file as the routes receive it (a web File) or as tests make it. */
async function bytesOf(file: Upload | File): Promise<Upload> {
  if (!(file instanceof Blob)) return file;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Is this an allowed document, judged by its bytes? */
export async function checkUpload(bytes: Uint8Array): Promise<Checked<{ mediaType: string }>> {
  if (bytes.byteLength === 0) return { ok: false, message: UPLOAD_MESSAGES.empty };
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return { ok: false, message: UPLOAD_MESSAGES.tooLarge };
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !(detected.mime in ALLOWED_TYPES)) return { ok: false, message: UPLOAD_MESSAGES.type };
  return { ok: true, mediaType: detected.mime };
}

/**
 * The name to keep and offer on download: no folders, no control or direction-changing
 * characters (which can disguise "fdp.exe" as "exe.pdf"), at most 200 characters, and ending
 * as its content is: "report.exe" holding a PDF becomes "report.exe.pdf".
 */
export function sanitiseName(name: string, mediaType: string): string {
  const extensions = ALLOWED_TYPES[mediaType]?.extensions ?? [];
  let base = (name.split(/[/\\]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if (!base) base = "document";
  const dot = base.lastIndexOf(".");
  const ending = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  let stem = base;
  let extension = extensions[0] ?? "";
  if (extensions.includes(ending)) {
    stem = base.slice(0, dot);
    extension = base.slice(dot + 1);
  }
  const room = NAME_MAX_CHARS - (extension ? extension.length + 1 : 0);
  const chars = Array.from(stem);
  const shortened = (chars.length > room ? chars.slice(0, room).join("").trimEnd() : stem) || "document";
  return extension ? `${shortened}.${extension}` : shortened;
}

export const storagePath = (storageKey: string) => path.join(getSettings().uploadDir, storageKey);

/**
 * Checks a file and keeps its bytes: under <sha[0:2]>/<sha>, written to a temporary file and
 * renamed, so a crash never leaves half a document under a real name. The same content is
 * kept once. Nothing is written to the database here.
 */
export async function storeUpload(file: Upload | File): Promise<Checked<{ stored: StoredUpload }>> {
  const { name, bytes } = await bytesOf(file);
  const checked = await checkUpload(bytes);
  if (!checked.ok) return checked;
  const sha = sha256(bytes);
  const storageKey = `${sha.slice(0, 2)}/${sha}`;
  const target = storagePath(storageKey);
  const folder = path.dirname(target);
  await fs.mkdir(folder, { recursive: true });
  const present = await fs.readFile(target).then(
    (existing) => sha256(existing) === sha,
    () => false,
  );
  if (!present) {
    const temp = path.join(folder, `.tmp-${randomBytes(8).toString("hex")}`);
    try {
      const handle = await fs.open(temp, "wx", 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    await syncFolder(folder);
  }
  return {
    ok: true,
    stored: { originalName: sanitiseName(name, checked.mediaType), mediaType: checked.mediaType, sizeBytes: bytes.byteLength, sha256: sha, storageKey },
  };
}

/** So the rename itself survives a power cut. */
async function syncFolder(folder: string) {
  const handle = await fs.open(folder, "r").catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** "document-12": the choice, on the documents page, of the round's requested document 12. */
export const requestedChoice = (documentId: number) => `document-${documentId}`;

/**
 * The choices of "What is this document?": where the round names the documents it asks for,
 * each of those, a photo or another document; otherwise the usual kinds.
 */
export function documentChoices(file: Pick<ApplicationFile, "requestedDocuments">): string[] {
  return file.requestedDocuments.length
    ? [...file.requestedDocuments.map((d) => requestedChoice(d.id)), "photo", "other"]
    : [...ATTACHMENT_KINDS];
}

/** A choice as stored: its kind and, for one of the round's documents, which (stored as "other"). */
function resolveChoice(file: Pick<ApplicationFile, "requestedDocuments">, choice: string) {
  if (!documentChoices(file).includes(choice)) return null;
  const requested = /^document-(\d+)$/.exec(choice);
  return requested
    ? { kind: "other" as const, requestedDocumentId: Number(requested[1]) }
    : { kind: choice as (typeof ATTACHMENT_KINDS)[number], requestedDocumentId: null };
}

export type AttachmentOutcome =
  | (Extract<SaveOutcome, { ok: true }> & { attachmentId: number })
  | Exclude<SaveOutcome, { ok: true }>
  | { ok: false; kind: "invalid"; errors: Record<string, string> };

/**
 * Adds a document to an application. Who may, and when, is checked before the file is kept
 * and again in the one transaction that writes its row (savePage): non-members, submitted
 * applications and closed rounds are refused. `intent` "continue" also checks the section.
 */
export async function addApplicationAttachment(
  user: { id: number; organisationIds: number[] },
  applicationId: number,
  kind: string,
  file: Upload | File,
  options: { intent?: "continue" | "later"; now?: Date } = {},
): Promise<AttachmentOutcome> {
  // Nothing that could be a choice: refused before anything is read.
  if (!(ATTACHMENT_KINDS as readonly string[]).includes(kind) && !/^document-\d{1,9}$/.test(kind)) {
    return { ok: false, kind: "invalid", errors: { kind: "Select what the document is" } };
  }
  const found = applicationFor(user, applicationId);
  if ("message" in found) return { ok: false, kind: "refused", message: found.message };
  const why = whyNotEditable(found, options.now);
  if (why) return { ok: false, kind: "refused", message: why };
  if (!resolveChoice(found, kind)) return { ok: false, kind: "invalid", errors: { kind: "Select what the document is" } };
  if (found.attachments.length >= MAX_DOCUMENTS) {
    return { ok: false, kind: "invalid", errors: { file: `You can upload up to ${MAX_DOCUMENTS} documents. Remove one to upload another` } };
  }
  const stored = await storeUpload(file);
  if (!stored.ok) return { ok: false, kind: "invalid", errors: { file: stored.message } };
  let attachmentId = 0;
  const outcome = savePage({
    user,
    applicationId,
    page: "documents",
    intent: options.intent ?? "later",
    seen: null,
    now: options.now,
    // Staff may have changed the round's documents meanwhile: checked again here, in the transaction.
    refuse: (app) => (resolveChoice(app, kind) ? null : "The documents this round asks for have changed. Go back to the documents page and choose again."),
    write: (tx, app) => {
      const choice = resolveChoice(app, kind)!;
      attachmentId = tx
        .insert(schema.attachments)
        .values({ ...stored.stored, applicationId, organisationId: app.application.organisationId, ...choice, uploadedById: user.id })
        .returning({ id: schema.attachments.id })
        .get().id;
      recordAudit(tx, {
        actorUserId: user.id,
        action: "attachment.uploaded",
        entityType: "application",
        entityId: applicationId,
        summary: stored.stored.originalName,
        details: { attachmentId, ...choice, sha256: stored.stored.sha256, sizeBytes: stored.stored.sizeBytes },
      });
    },
  });
  // A refused save leaves the file unreferenced; it is kept, as the same content may be in use.
  return outcome.ok ? { ...outcome, attachmentId } : outcome;
}

/** Removes a document from an application: the row is marked deleted, the bytes stay. */
export function removeAttachment(user: { id: number; organisationIds: number[] }, applicationId: number, attachmentId: number, now = new Date()): SaveOutcome {
  return savePage({
    user,
    applicationId,
    page: "documents",
    intent: "later",
    seen: null,
    now,
    write: (tx) => {
      const removed = tx
        .update(schema.attachments)
        .set({ deletedAt: now })
        .where(and(eq(schema.attachments.id, attachmentId), eq(schema.attachments.applicationId, applicationId), sql`${schema.attachments.deletedAt} is null`))
        .returning({ name: schema.attachments.originalName })
        .get();
      // Already removed (a second click) or not this application's: nothing to do.
      if (removed) {
        recordAudit(tx, { actorUserId: user.id, action: "attachment.removed", entityType: "application", entityId: applicationId, summary: removed.name, details: { attachmentId } });
      }
    },
  });
}

export class DamagedAttachmentError extends Error {}

/** A document's row and bytes, or null if there is none (or it was removed). Throws if the bytes no longer match. */
export async function readAttachment(id: number) {
  const attachment = db
    .select()
    .from(schema.attachments)
    .where(and(eq(schema.attachments.id, id), sql`${schema.attachments.deletedAt} is null`))
    .get();
  if (!attachment) return null;
  const bytes = await fs.readFile(storagePath(attachment.storageKey)).catch((error: NodeJS.ErrnoException) => {
    throw new DamagedAttachmentError(`Attachment ${id}: its file cannot be read (${error.code ?? error.message})`);
  });
  if (bytes.byteLength !== attachment.sizeBytes || sha256(bytes) !== attachment.sha256) {
    throw new DamagedAttachmentError(`Attachment ${id}: its file does not match the checksum recorded when it was uploaded`);
  }
  return { attachment, bytes };
}

/**
 * A document of an application, for someone allowed to download it: members of the
 * organisation, staff, and panel members of its round who may read the bid (declared no
 * conflict, not a member of the applicant; see panelMayDownload). 404 for an application or
 * document that does not exist, was removed, or belongs to another application.
 *
 * `downloadName` is the name to offer: the uploaded one, except to a panel member of a round
 * that hides applicants' names, who gets a neutral one ("constitution-12.pdf"), since a file's
 * name often names its organisation.
 */
export async function attachmentForDownload(user: { id?: number; isStaff: boolean; organisationIds: number[] }, applicationId: number, attachmentId: number) {
  const application = db
    .select({
      organisationId: schema.applications.organisationId,
      cycleId: schema.applications.cycleId,
      submittedAt: schema.applications.submittedAt,
      hideNames: schema.cycles.anonymiseApplicants,
    })
    .from(schema.applications)
    .innerJoin(schema.cycles, eq(schema.cycles.id, schema.applications.cycleId))
    .where(eq(schema.applications.id, applicationId))
    .get();
  if (!application) return { status: 404, message: "Page not found." } satisfies Refusal;
  const member = user.organisationIds.includes(application.organisationId);
  // Staff never see a draft: only what was submitted.
  if (!member && user.isStaff && !application.submittedAt) return { status: 404, message: "Page not found." } satisfies Refusal;
  const panel = !member && !user.isStaff && user.id !== undefined && panelMayDownload({ id: user.id }, application.cycleId, applicationId);
  if (!member && !user.isStaff && !panel) {
    return {
      status: 403,
      message: "Only members of the organisation that made this application, staff, and panel members who have declared no conflict of interest can download its documents.",
    } satisfies Refusal;
  }
  const found = await readAttachment(attachmentId);
  if (!found || found.attachment.applicationId !== applicationId) return { status: 404, message: "Page not found." } satisfies Refusal;
  const downloadName = panel && application.hideNames ? neutralName(found.attachment) : found.attachment.originalName;
  return { ...found, downloadName };
}

/** "<kind>-<id>.<ending>": nothing of the uploaded name, the ending from the type the content showed. */
export function neutralName(attachment: { id: number; kind: string; mediaType: string; originalName: string }) {
  const original = attachment.originalName.includes(".") ? attachment.originalName.split(".").pop()!.toLowerCase() : "";
  const extension = ALLOWED_TYPES[attachment.mediaType]?.extensions[0] ?? (/^[a-z0-9]{1,8}$/.test(original) ? original : "");
  const kind = attachment.kind.replace(/[^a-z0-9]+/gi, "-").toLowerCase() || "document";
  return extension ? `${kind}-${attachment.id}.${extension}` : `${kind}-${attachment.id}`;
}

/** Content-Disposition for a download: an ASCII fallback, and the real name encoded as RFC 5987 says. */
export function contentDisposition(name: string) {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
