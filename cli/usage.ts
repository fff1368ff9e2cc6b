export const USAGE = `Usage: switchyard <command> [options]

Commands:
  validate <graph.json> [--context ctx.json] [--json]
      Print the graph's problems (severity, code, node ids, field, message), one per line,
      or as a JSON array with --json.
  compile <graph.json> [--context ctx.json]
      Print the compiled ruleset JSON on stdout; warnings go to stderr.
  decompile <rules.json> [--stage STAGE] [--hit-policy first|all]
      Turn json-rules-engine rules (a rule, an array, {"rules": [...]}) or a compiled
      Switchyard ruleset into a rule graph JSON on stdout.
  evaluate <compiled.json> <orders.ndjson|orders.json> [--context ctx.json]
           [--engine fast|reference] [--trace]
      Print one NDJSON line per order, in input order: {"orderId", "decision"[, "trace"]}.
      .ndjson/.jsonl: one order per line; .json: one order or an array of orders.
  test <compiled.json|graph.json> <suite.json> [--context ctx.json] [--junit out.xml]
      Run a test suite ({"format": "switchyard.suite/v1", "cases": [{id, name, order,
      inventory?, expect: {warehouseId?, channelId?, holds?, tags?, …}}]}) against the rules
      (a graph is compiled first). One line per case, the fields that differ under a failed
      one, then a summary with the rules no case fired; --junit also writes JUnit XML.
  import <file> --org <slug|id> --store <name|id> --format <format>
         [--time-zone TZ] [--currency USD] [--json]
      Import an order export into a store, as the organization's system actor. Progress goes
      to stderr; the report (counts and the first errors as row, field, message) to stdout,
      or as JSON with --json. Importing the same file again changes nothing.
      Formats: native, shopify-csv, tiktok-csv, shopify-json, tiktok-json, amazon-json.
      Database: DATABASE_URL, else the embedded PGlite in PGLITE_DIR (default .data/pglite).
      PGlite allows one process at a time: stop the app (npm run dev/start) first, or the
      data directory lock will refuse to open it.
  help
      Print this text.

Stages: orderReview, skuPairing, warehouseMatching, logisticsMatching, autoProcessing

Exit codes:
  0  success (validate: no errors, warnings allowed)
  1  validate: the graph has errors; decompile: some rules could not be converted;
     test: a case failed;
     import: the import failed (unreadable or truncated file, database unavailable)
  2  bad input or usage: missing or unreadable file, invalid JSON or data, unknown command;
     import: unknown organization, store or format
  70 internal error
`;
