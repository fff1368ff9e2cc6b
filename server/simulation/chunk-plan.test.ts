import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { chunkEnds, chunkSize, firstChunkSize } from "./simulation-steps";

describe("how a simulation is split into chunks", () => {
  const saved = { size: process.env.SIMULATION_CHUNK_SIZE, first: process.env.SIMULATION_FIRST_CHUNK_SIZE };
  afterEach(() => {
    for (const [k, v] of [["SIMULATION_CHUNK_SIZE", saved.size], ["SIMULATION_FIRST_CHUNK_SIZE", saved.first]] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it("starts with a tenth of a chunk by default, so progress moves after the first 500 orders, not 5,000", () => {
    delete process.env.SIMULATION_CHUNK_SIZE;
    delete process.env.SIMULATION_FIRST_CHUNK_SIZE;
    expect([chunkSize(), firstChunkSize()]).toEqual([5_000, 500]);
    expect(chunkEnds(50_000, 5_000, 500)).toEqual([500, 5_500, 10_500, 15_500, 20_500, 25_500, 30_500, 35_500, 40_500, 45_500, 50_000]);
  });

  it("keeps chunks uniform when only the chunk size is set, and takes an explicit first size", () => {
    process.env.SIMULATION_CHUNK_SIZE = "10";
    delete process.env.SIMULATION_FIRST_CHUNK_SIZE;
    expect(firstChunkSize()).toBe(10);
    process.env.SIMULATION_FIRST_CHUNK_SIZE = "25";
    expect(firstChunkSize()).toBe(10);
    process.env.SIMULATION_FIRST_CHUNK_SIZE = "nonsense";
    expect(firstChunkSize()).toBe(10);
  });

  it("has no chunk for no orders and one chunk for fewer orders than the first chunk", () => {
    expect(chunkEnds(0, 5_000, 500)).toEqual([]);
    expect(chunkEnds(120, 5_000, 500)).toEqual([120]);
    expect(chunkEnds(500, 5_000, 500)).toEqual([500]);
  });

  it("covers every order exactly once, in order, each chunk no larger than a chunk", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 7_000 }), fc.integer({ min: 1, max: 7_000 }), (total, size, firstWanted) => {
        const first = Math.min(firstWanted, size);
        const ends = chunkEnds(total, size, first);
        const sizes = ends.map((e, i) => e - (i === 0 ? 0 : ends[i - 1]!));
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
        expect(sizes.every((n) => n > 0 && n <= size)).toBe(true);
        if (total > 0) expect(sizes[0]).toBe(Math.min(first, total));
      }),
    );
  });
});
