/**
 * Undo/redo over snapshots. `record` takes the state after each change; changes that arrive within
 * `coalesceMs` of the previous one under the same `group` (typing in one field) become one step.
 */
export class UndoStack<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastAt = -Infinity;
  private lastGroup: string | null = null;

  constructor(
    private present: T,
    private readonly limit = 100,
    private readonly coalesceMs = 800,
  ) {}

  get current(): T {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  record(next: T, now: number, group: string | null = null): void {
    const coalesce = group !== null && group === this.lastGroup && now - this.lastAt < this.coalesceMs;
    if (!coalesce) {
      this.past.push(this.present);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.present = next;
    this.future = [];
    this.lastAt = now;
    this.lastGroup = group;
  }

  undo(): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(this.present);
    this.present = prev;
    this.lastGroup = null;
    return prev;
  }

  redo(): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(this.present);
    this.present = next;
    this.lastGroup = null;
    return next;
  }

  /** Starts over from `state` (after loading another version). */
  reset(state: T): void {
    this.past = [];
    this.future = [];
    this.present = state;
    this.lastGroup = null;
  }
}
