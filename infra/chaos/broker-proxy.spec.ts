import { createKafka } from '@emergency/events';
import { testKafkaBrokers, uniqueName } from '@emergency/testing';
import { startBrokerProxy, type BrokerProxy } from './broker-proxy';

/** The proxy the crash suite puts between the services and the broker, against the run's real broker. */
describe('startBrokerProxy', () => {
  let sut: BrokerProxy;

  beforeAll(async () => {
    sut = await startBrokerProxy(testKafkaBrokers());
  });

  afterAll(async () => {
    await sut?.close();
  });

  const kafkaThroughProxy = () =>
    createKafka({ brokers: sut.brokers, clientId: uniqueName('proxy-test'), idempotentProducer: false });

  it('advertises its own ports in metadata, so clients never learn the real broker address', async () => {
    const admin = kafkaThroughProxy().admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      expect(brokers.map(({ host, port }) => `${host}:${port}`)).toEqual(sut.brokers);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses every connection while refused, and relays produce requests again once restored', async () => {
    const topic = uniqueName('proxy');
    const producer = kafkaThroughProxy().producer({ allowAutoTopicCreation: true, retry: { retries: 0 } });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ value: 'before' }] });
      await sut.refuse();
      await expect(producer.send({ topic, acks: -1, messages: [{ value: 'during' }] })).rejects.toThrow();
      await sut.restore();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value: 'after' }] });
    } finally {
      await sut.restore();
      await producer.disconnect();
    }
    const admin = createKafka({
      brokers: testKafkaBrokers(),
      clientId: 'proxy-test',
      idempotentProducer: false,
    }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((sum, { high }) => sum + Number(high), 0)).toBe(2);
    } finally {
      await admin.disconnect();
    }
  });
});
