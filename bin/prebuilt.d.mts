/** Whether the prebuilt CLI in `distDir` was built from the sources under `root` as they are now. */
export function prebuiltIsCurrent(distDir: string, root: string): boolean;
