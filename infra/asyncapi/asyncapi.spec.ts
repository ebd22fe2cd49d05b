import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { ALL_CONTRACTS } from '@emergency/contracts';
import { ASYNCAPI_FILE, asyncApiYaml } from './generate';

describe('AsyncAPI document', () => {
  it('is up to date with the event contracts (run `npm run asyncapi` after changing one)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(asyncApiYaml());
  });

  it('is a valid AsyncAPI 3 document with no errors', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
  });

  it('documents every event type on its domain topic', async () => {
    const { document } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const documented = document!
      .channels()
      .all()
      .flatMap((channel) =>
        channel
          .messages()
          .all()
          .map((m) => `${channel.address()}:${m.name()}`),
      );
    for (const contract of ALL_CONTRACTS) {
      expect(documented).toContain(`${contract.domain}.events.v1:${contract.name}`);
    }
  });
});
