/** Errors services throw; the tRPC layer turns them into typed responses. */
export class NotFoundError extends Error {
  constructor(public readonly entity: string, public readonly id: string) {
    super(`${entity} ${id} was not found`);
  }
}

/** Someone else saved first: `current` is what is stored now, so the caller can show both. */
export class ConflictError extends Error {
  constructor(
    message: string,
    public readonly current: unknown,
  ) {
    super(message);
  }
}

/** A value is valid on its own but not here (a duplicate code, a reference to a missing warehouse). */
export class FieldError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {}
