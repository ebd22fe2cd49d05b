import { Type, type TObject } from '@sinclair/typebox';
import { defineEvent } from '@emergency/events';

/**
 * An event of the incidents domain that carries nothing but the money block: what the audit needs to be followed by
 * every money event, whatever its name, in tests that do not depend on any producer's event. Registered only in
 * the tests that mock the contracts to add it (see movements.spec.ts); `moneyBlock` is passed in so that this file
 * does not import the contracts it is added to.
 */
export const testMoneyMoved = <B extends TObject>(moneyBlock: B) =>
  defineEvent({
    domain: 'incidents',
    name: 'TestMoneyMoved',
    version: 1,
    description: 'Test only: money moved, as the money block says.',
    schema: Type.Object({ money: moneyBlock }, { additionalProperties: false }),
  });
