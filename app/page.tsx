import Link from "next/link";
import { SiteHeader } from "@/components/site-header";
import { STAGES, STAGE_LABELS } from "@/rules-schema";

const features = [
  { title: "Design on a canvas", body: "Conditions, groups, line-item checks and actions as a node graph, compiled to json-rules-engine rules you can read." },
  { title: "See every problem at once", body: "Loops, dead ends, unknown facts, wrong value types, contradictory actions — each pinned to the node it concerns." },
  { title: "Explain every decision", body: "A trace for every order: which rule matched, each condition's actual value against the expected one." },
  { title: "Replay before you publish", body: "Run weeks of order history against a draft and see what changes in warehouses, channels, holds, cost and deadline risk." },
];

export default function HomePage() {
  return (
    <main className="shell">
      <SiteHeader />
      <section className="hero">
        <h1>Order-routing rules you can test, explain and roll back.</h1>
        <p>
          Switchyard replaces the hand-configured rule lists of cross-border ERPs with rule graphs that compile to json-rules-engine, are checked as you
          build them, and decide the same way in the editor, the simulator and the live router.
        </p>
        <p className="hero-actions">
          <Link href="/sign-in" className="btn primary">
            Sign in
          </Link>
          <Link href="/sign-up" className="btn">
            Create your organization
          </Link>
        </p>
        <ol className="flow" aria-label="Order flow stages">
          {STAGES.map((s) => (
            <li key={s}>{STAGE_LABELS[s]}</li>
          ))}
        </ol>
      </section>
      <section className="grid">
        {features.map((f) => (
          <article className="card" key={f.title}>
            <h2>{f.title}</h2>
            <p>{f.body}</p>
          </article>
        ))}
      </section>
      <h2 className="section">Available today</h2>
      <div className="grid">
        <article className="card">
          <h2>Rules core &amp; CLI</h2>
          <p>
            Validate, compile, decompile and evaluate rule graphs from the command line: <code>npx switchyard --help</code>.
          </p>
        </article>
        <article className="card">
          <h2>Facts &amp; operators</h2>
          <p>
            Everything a condition can test, with types and units: <Link href="/reference">browse the reference</Link>.
          </p>
        </article>
      </div>
      <footer>Switchyard · rule designer for cross-border order flows</footer>
    </main>
  );
}
