import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventContract } from './contract';

export class EventValidationError extends Error {
  override name = 'EventValidationError';
}

/** Compiled validators for a set of contracts, looked up by CloudEvents type. */
export class ContractRegistry {
  private readonly validators = new Map<
    string,
    { contract: EventContract<unknown>; validate: ValidateFunction }
  >();

  constructor(contracts: readonly EventContract<unknown>[]) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const contract of contracts) {
      if (this.validators.has(contract.type)) throw new Error(`Duplicate event contract ${contract.type}`);
      this.validators.set(contract.type, {
        contract,
        validate: ajv.compile(contract.schema as unknown as AnySchema),
      });
    }
  }

  has(type: string): boolean {
    return this.validators.has(type);
  }

  contracts(): EventContract<unknown>[] {
    return [...this.validators.values()].map((entry) => entry.contract);
  }

  /** Throws {@link EventValidationError} listing every violation when `data` does not satisfy the type's schema. */
  validate(type: string, data: unknown): void {
    const entry = this.validators.get(type);
    if (!entry) throw new EventValidationError(`unknown event type ${type}`);
    if (!entry.validate(data)) {
      const problems = (entry.validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? ''}`,
      );
      throw new EventValidationError(`${type} data is invalid: ${problems.join('; ')}`);
    }
  }
}
