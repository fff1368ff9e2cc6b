import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const eslint = new ESLint({ cwd: root });

async function lintCore(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, "rules-schema/order/example.ts") });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("rules-schema stays framework-free", () => {
  it.each([
    ['import { useState } from "react";'],
    ['import Link from "next/link";'],
    ['import { PrismaClient } from "@prisma/client";'],
    ['import { initTRPC } from "@trpc/server";'],
    ['import { db } from "@/server/db";'],
    ['import { db } from "../../server/db";'],
    ['import "server-only";'],
  ])("lint refuses %s", async (line) => {
    expect(await lintCore(`${line}\nexport const x = 1;\n`)).toContain("no-restricted-imports");
  });

  it("lint accepts zod and json-rules-engine", async () => {
    expect(await lintCore('import { z } from "zod";\nimport { Engine } from "json-rules-engine";\nexport const x = [z, Engine];\n')).toEqual([]);
  });

  it("lint refuses new Function outside the fast evaluator", async () => {
    expect(await lintCore('export const f = new Function("return 1");\n')).toContain("no-new-func");
  });

  it("no file in rules-schema imports a framework today", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(join(root, "rules-schema"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toMatch(/from ["'](react|next|@prisma|@trpc)/);
  });
});
