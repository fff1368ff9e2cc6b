"use client";
import { useEffect } from "react";

/** After a failed save, brings the first field error of the open dialog (or its banner) into view. */
export function useScrollToFirstError(error: unknown) {
  useEffect(() => {
    if (!error) return;
    const frame = requestAnimationFrame(() => {
      const target = document.querySelector(".dialog .field .error, .dialog .cell-error") ?? document.querySelector(".dialog .banner");
      target?.scrollIntoView({ block: "center", behavior: "instant" });
    });
    return () => cancelAnimationFrame(frame);
  }, [error]);
}
