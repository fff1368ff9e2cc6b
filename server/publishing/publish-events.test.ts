import { afterEach, describe, expect, it, vi } from "vitest";
import { type TPublishedEvent, emitPublished, onPublished, publishPayload } from "./publish-events";

const event: TPublishedEvent = { organizationId: "org1", rulesetId: "rs1", versionNumber: 3 };

describe("publish events", () => {
  const offs: (() => void)[] = [];
  afterEach(() => offs.splice(0).forEach((off) => off()));

  it("delivers exactly { organizationId, rulesetId, versionNumber } to every listener, even when one throws", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const seen: TPublishedEvent[] = [];
    offs.push(onPublished(() => { throw new Error("listener broke"); }));
    offs.push(onPublished((e) => seen.push(e)));
    emitPublished({ ...event, extra: "dropped" } as TPublishedEvent);
    expect(seen).toEqual([event]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it("stops delivering after unsubscribing", () => {
    const seen: TPublishedEvent[] = [];
    const off = onPublished((e) => seen.push(e));
    emitPublished(event);
    off();
    emitPublished({ ...event, versionNumber: 4 });
    expect(seen.map((e) => e.versionNumber)).toEqual([3]);
  });

  it("serializes the NOTIFY payload with only the three fields", () => {
    expect(JSON.parse(publishPayload({ ...event, extra: 1 } as TPublishedEvent))).toEqual(event);
  });
});
