// Error categories the user can act on. The CLI maps each to an exit code (DESIGN.md section 6).

export type ErrorCategory = 'runtime' | 'input' | 'not-found' | 'database' | 'cancelled';

export class CrmError extends Error {
  readonly category: ErrorCategory;
  constructor(category: ErrorCategory, message: string) {
    super(message);
    this.category = category;
    this.name = new.target.name;
  }
}

/** Bad usage or bad input: exit 2. */
export class InputError extends CrmError {
  constructor(message: string) {
    super('input', message);
  }
}

/** Unknown or ambiguous client, bid, invoice...: exit 3. */
export class NotFoundError extends CrmError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** The book cannot be used: locked past the timeout, newer schema, not a crm file: exit 4. */
export class DatabaseError extends CrmError {
  constructor(message: string) {
    super('database', message);
  }
}

/** The person stopped an interactive flow (Ctrl+C, Ctrl+D); nothing was written: exit 130, as shells do for SIGINT. */
export class CancelledError extends CrmError {
  constructor(message: string) {
    super('cancelled', message);
  }
}

export const EXIT_CODES: Record<ErrorCategory, number> = {
  runtime: 1,
  input: 2,
  'not-found': 3,
  database: 4,
  cancelled: 130,
};
