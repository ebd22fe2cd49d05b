import { Type } from '@sinclair/typebox';
import {
  ContractRegistry,
  defineEvent,
  fromKafkaMessage,
  MalformedEventError,
  newEvent,
  toKafkaMessage,
} from './index';

const Thing = defineEvent({
  domain: 'things',
  name: 'ThingHappened',
  version: 2,
  description: 'test',
  schema: Type.Object(
    { id: Type.String(), amountFen: Type.String({ pattern: '^[0-9]+$' }) },
    { additionalProperties: false },
  ),
});

describe('CloudEvents Kafka binding', () => {
  const context = { correlationId: 'c-1', actorId: 'user-1' };

  it('puts attributes in ce_ headers, the subject in the key, and reads them back', () => {
    const event = newEvent(
      Thing,
      '/emergency/things',
      'thing-1',
      { id: 'thing-1', amountFen: '100' },
      context,
    );
    const message = toKafkaMessage(event);
    expect(message.key).toBe('thing-1');
    expect(message.headers).toMatchObject({
      ce_type: 'things.ThingHappened.v2',
      ce_specversion: '1.0',
      ce_actorid: 'user-1',
    });
    const back = fromKafkaMessage({
      headers: Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]),
      ),
      value: Buffer.from(message.value as string),
    });
    expect(back).toEqual(event);
  });

  it('calls a message without CloudEvents headers or with non-JSON data malformed', () => {
    expect(() => fromKafkaMessage({ headers: {}, value: Buffer.from('{}') })).toThrow(MalformedEventError);
    const headers = toKafkaMessage(newEvent(Thing, '/s', 'k', { id: 'k', amountFen: '1' }, context)).headers;
    expect(() => fromKafkaMessage({ headers, value: Buffer.from('{oops') })).toThrow(/not valid JSON/);
  });
});

describe('ContractRegistry', () => {
  const sut = new ContractRegistry([Thing]);

  it('accepts valid data and lists every violation of invalid data', () => {
    expect(() => sut.validate(Thing.type, { id: 'x', amountFen: '5' })).not.toThrow();
    expect(() => sut.validate(Thing.type, { amountFen: 5, extra: true })).toThrow(
      /must have required property 'id'.*must be string|must be string.*required property 'id'/,
    );
  });

  it('refuses unknown types and duplicate contracts', () => {
    expect(() => sut.validate('things.Unknown.v1', {})).toThrow(/unknown event type/);
    expect(() => new ContractRegistry([Thing, Thing])).toThrow(/Duplicate/);
  });
});
