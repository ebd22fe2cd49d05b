import { createKafka, createProducer } from '../src';
import { testKafkaBrokers, uniqueName } from '@emergency/testing';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prototype: queue } = require('kafkajs/src/network/requestQueue') as {
  prototype: { checkPendingRequests(): void };
};

describe('kafka clients at rest (real broker)', () => {
  it('do not wake their process while no request waits', async () => {
    const kafka = createKafka({
      brokers: testKafkaBrokers(),
      clientId: 'idle-test',
      idempotentProducer: false,
    });
    const producer = createProducer(kafka, { idempotentProducer: false });
    await producer.connect();
    const check = queue.checkPendingRequests;
    let checks = 0;
    queue.checkPendingRequests = function (this: unknown) {
      checks++;
      check.call(this);
    };
    try {
      await producer.send({ topic: uniqueName('idle'), messages: [{ value: 'x' }] });
      checks = 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Unchecked, each connection the send used re-checks its empty queue every millisecond.
      expect(checks).toBeLessThan(5);
    } finally {
      queue.checkPendingRequests = check;
      await producer.disconnect();
    }
  });
});
