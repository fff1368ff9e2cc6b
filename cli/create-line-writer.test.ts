import { describe, expect, it } from "vitest";
import { createLineWriter } from "./create-line-writer";
import { memoryStream } from "./test-fixtures";

describe("createLineWriter", () => {
  it("waits for drain on a slow stream and keeps every line in order", async () => {
    const sink = memoryStream({ highWaterMark: 64, delayMs: 1 });
    const writer = createLineWriter(sink.stream, 100);
    let maxBuffered = 0;
    for (let i = 0; i < 500; i++) {
      await writer.write(`line ${i}\n`);
      maxBuffered = Math.max(maxBuffered, sink.stream.writableLength);
    }
    await writer.flush();
    expect(sink.text()).toBe(Array.from({ length: 500 }, (_, i) => `line ${i}\n`).join(""));
    expect(sink.chunks.length).toBeGreaterThan(10);
    // Never more than one chunk (about chunkSize characters) waiting in the stream.
    expect(maxBuffered).toBeLessThan(200);
  });

  it("rejects instead of hanging when the stream is closed", async () => {
    const sink = memoryStream({ highWaterMark: 1, delayMs: 5 });
    const writer = createLineWriter(sink.stream, 1);
    sink.stream.destroy();
    await expect(writer.write("x\n")).rejects.toThrow(/closed/);
  });
});
