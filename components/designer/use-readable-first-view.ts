"use client";
import { type Node, useNodesInitialized, useReactFlow, useStore } from "@xyflow/react";
import { useEffect, useRef, useState } from "react";
import { readableViewport } from "./readable-fit";

/**
 * Sets a graph's first view once React Flow has measured its nodes and pane (see readable-fit.ts):
 * fitted when that is readable, else at a readable zoom with Start on screen. Returns whether it has
 * been set (the canvas exposes it as `data-first-view`, which browser tests wait on).
 */
const MEASURED_IN_STORE = { includeHiddenNodes: true } as const;

export function useReadableFirstView(options: { padding: number; maxZoom: number }, enabled = true): boolean {
  const flow = useReactFlow();
  // Measured in React Flow's own store: the read-only views pass fixed nodes (no onNodesChange), so
  // their node objects never carry `measured` and the default check would wait forever.
  const measured = useNodesInitialized(MEASURED_IN_STORE);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const done = useRef(false);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!enabled || done.current || !measured || !width || !height) return;
    const nodes = flow.getNodes() as Node<{ kind?: string }>[];
    if (nodes.length === 0) return;
    const startNode = nodes.find((n) => n.data.kind === "start");
    const viewport = readableViewport(flow.getNodesBounds(nodes), { width, height }, nodes.length, startNode ? flow.getNodesBounds([startNode]) : null, options);
    done.current = true;
    void flow.setViewport(viewport).then(() => setReady(true));
  }, [flow, measured, width, height, options, enabled]);
  return ready;
}
