/**
 * A TCP proxy to a database whose behaviour a test switches, to play the database's bad days:
 * `forward` (normal), `refuse` (new connections closed at once), `hang` (connections accepted, never
 * answered — the black hole). `set(mode)` cuts the open connections so the pool reconnects into the new
 * behaviour; `set(mode, { cut: false })` keeps them open, so a connection stalls in the middle.
 */
import net from "node:net";

export type ProxyMode = "forward" | "refuse" | "hang";

export interface TcpProxy {
  port: number;
  set(mode: ProxyMode, options?: { cut?: boolean }): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, mode: ProxyMode = "forward"): Promise<TcpProxy> {
  let current = mode;
  const live = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    live.add(s);
    s.on("close", () => live.delete(s));
    s.on("error", () => undefined);
  };
  const server = net.createServer((client) => {
    track(client);
    if (current === "refuse") return void client.destroy();
    if (current === "hang") return; // accept, never answer
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (d) => void (current === "forward" ? upstream.write(d) : undefined));
    upstream.on("data", (d) => void (current === "forward" ? client.write(d) : undefined));
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    set(next, options = {}) {
      current = next;
      if (next !== "forward" && options.cut !== false) for (const s of live) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of live) s.destroy();
        server.close(() => r());
      }),
  };
}
