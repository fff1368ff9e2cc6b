import tseslint from "typescript-eslint";

const forbiddenInCore = [
  { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "rules-schema/ is framework-free: no React." },
  { group: ["next", "next/*"], message: "rules-schema/ is framework-free: no Next.js." },
  { group: ["@prisma/*", "prisma", "*/generated/prisma/*"], message: "rules-schema/ is framework-free: no Prisma." },
  { group: ["@trpc/*"], message: "rules-schema/ is framework-free: no tRPC." },
  { group: ["@/server", "@/server/*", "**/server", "**/server/*", "server-only"], message: "rules-schema/ must not import server code." },
  { group: ["@/components/*", "@/app/*", "**/components/*", "**/app/*"], message: "rules-schema/ must not import UI code." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "out/**", "coverage/**", "next-env.d.ts", ".data/**", "dist/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-eval": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["rules-schema/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: forbiddenInCore }],
      // The fast evaluator builds functions from validated structures only; nothing else may.
      "no-new-func": "error",
    },
  },
  {
    files: ["rules-schema/evaluate/build-fast-evaluator.ts"],
    rules: { "no-new-func": "off" },
  },
  {
    files: ["**/*.mjs", "bin/**"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
