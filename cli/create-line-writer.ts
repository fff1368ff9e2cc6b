import type { Writable } from "node:stream";

export interface LineWriter {
  /** Queues text; resolves once it may be followed by more (after a drain when the stream is full). */
  write(text: string): Promise<void>;
  /** Writes what is queued; resolves once the stream has taken it. */
  flush(): Promise<void>;
}

/** Resolves on `drain`; rejects on `error`, or when the stream is (or gets) closed. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new Error("the output stream was closed"));
      return;
    }
    const done = (err?: Error) => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      stream.off("error", done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error("the output stream was closed"));
    stream.on("drain", onDrain);
    stream.on("close", onClose);
    stream.on("error", done);
  });
}

/**
 * A writer for large outputs: joins small writes into chunks of about `chunkSize` characters and
 * waits for `drain` whenever the stream's buffer is full, so memory stays bounded.
 */
export function createLineWriter(stream: Writable, chunkSize = 64 * 1024): LineWriter {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const chunk = parts.join("");
    parts = [];
    size = 0;
    if (!stream.write(chunk)) await drained(stream);
  };
  return {
    async write(text) {
      parts.push(text);
      size += text.length;
      if (size >= chunkSize) await flush();
    },
    flush,
  };
}
