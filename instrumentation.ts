/**
 * Runs once when the Next.js server starts: starts the simulation runner so that simulations an earlier
 * process left queued or running resume without waiting for someone to open the simulator.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getSimulationRunner } = await import("./server/simulation/get-simulation-runner");
  getSimulationRunner().catch((error: unknown) => console.error("The simulation runner did not start:", error));
}
