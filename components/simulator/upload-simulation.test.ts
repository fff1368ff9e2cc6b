import { describe, expect, it } from "vitest";
import { reviveSummary, uploadFailureOf } from "./upload-simulation";

describe("uploadFailureOf", () => {
  it("puts a message about one field under that field, without the field's name in front", () => {
    const f = uploadFailureOf(400, { error: "storeId: Unknown store", field: "storeId" });
    expect(f.fieldErrors).toEqual({ storeId: ["Unknown store"] });
    expect(f.message).toBe("Some fields need attention.");
  });

  it("lists each invalid setting of the form under its field", () => {
    const f = uploadFailureOf(400, {
      error: "format: Invalid option",
      field: "format",
      issues: [
        { field: "format", message: "Invalid option" },
        { field: "candidate.number", message: "Too small" },
      ],
    });
    expect(f.fieldErrors).toEqual({ format: ["Invalid option"], "candidate.number": ["Too small"] });
  });

  it("keeps the file's unreadable rows for the form to list", () => {
    const f = uploadFailureOf(400, { error: "2 rows of the file could not be read; fix them and upload again", field: "file", rows: [{ row: 3, field: "lines.0.quantity", message: "Too small" }, { row: 9, field: "currency", message: "required" }] });
    expect(f.fieldErrors.file).toEqual(["2 rows of the file could not be read; fix them and upload again"]);
    expect(f.rows).toEqual([
      { row: 3, field: "lines.0.quantity", message: "Too small" },
      { row: 9, field: "currency", message: "required" },
    ]);
  });

  it("reads the { message, fieldErrors } shape too", () => {
    expect(uploadFailureOf(400, { message: "Invalid", fieldErrors: { "meta.name": ["Too long"] } }).fieldErrors).toEqual({ name: ["Too long"] });
  });

  it.each([
    [401, { error: "Sign in first" }, "Your session has ended: sign in again, then upload the file again."],
    [403, { error: "Your role (viewer) may not simulate" }, "Your role (viewer) may not simulate"],
    [413, { error: "The file is larger than 50 MB", field: "file" }, "Some fields need attention."],
    [413, null, "The file is larger than the server accepts."],
    [502, null, "The upload failed (HTTP 502)."],
    [500, { error: "POST /api/simulations/upload failed unexpectedly" }, "POST /api/simulations/upload failed unexpectedly"],
  ])("HTTP %s says what happened", (status, body, message) => {
    expect(uploadFailureOf(status, body).message).toBe(message);
  });
});

describe("reviveSummary", () => {
  it("turns the JSON dates back into dates, so times show as in the rest of the app", () => {
    const s = reviveSummary({ id: "s1", createdAt: "2026-11-20T08:00:00.000Z", startedAt: null, finishedAt: "2026-11-20T08:01:00.000Z" });
    expect(s.createdAt).toBeInstanceOf(Date);
    expect(s.createdAt.toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(s.startedAt).toBeNull();
    expect(s.finishedAt?.getTime()).toBe(Date.parse("2026-11-20T08:01:00Z"));
  });
});
