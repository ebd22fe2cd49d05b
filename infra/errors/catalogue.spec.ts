import { readFileSync } from 'node:fs';
import { repoRoot } from '../supergraph/compose';
import { scanErrorCodes, sourceFiles, type SourceFile } from './catalogue';
import { ERRORS_DOC, errorsDoc } from './generate';

const catalogue = `
import { defineErrorCodes } from '@emergency/graphql';
export const CommonErrorCode = defineErrorCodes('@emergency/graphql', {
  NotFound: { code: 'NOT_FOUND', meaning: 'nothing there', extensions: { id: 'the id' }, raisedBy: 'every subgraph' },
});
`;
const scan = (...files: SourceFile[]) =>
  scanErrorCodes([{ path: 'libs/graphql/src/errors.ts', text: catalogue }, ...files]);
const feature = (text: string): SourceFile => ({ path: 'apps/plans/src/plan/plan.service.ts', text });

describe('the error catalogue', () => {
  const repository = scanErrorCodes(sourceFiles(repoRoot()));

  it('defines every code once and catalogues every code the source raises or tests for', () => {
    expect(repository.problems).toEqual([]);
  });

  it('holds the shared codes once, for every service that raises them', () => {
    const codes = repository.entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const shared = ['OUTSIDE_JURISDICTION', 'INVALID_REGION_CODE', 'INVALID_AMOUNT', 'REGION_NOT_FOUND'];
    for (const code of shared) {
      expect(repository.entries.find((e) => e.code === code)).toMatchObject({
        file: 'libs/graphql/src/errors.ts',
      });
    }
    // Services raise OUTSIDE_JURISDICTION through the one definition (most through requireJurisdiction).
    const raising = new Set(
      repository.uses.filter((u) => u.code === 'OUTSIDE_JURISDICTION').map((u) => u.file.split('/')[1]),
    );
    expect(raising).toContain('graphql');
  });

  it('fails on a code defined twice', () => {
    const twice = feature(`
      export const PlansErrorCode = defineErrorCodes('plans', {
        Missing: { code: 'NOT_FOUND', meaning: 'again' },
      });`);
    expect(scan(twice).problems).toEqual([
      expect.stringMatching(/^NOT_FOUND is defined twice: libs\/graphql\/src\/errors.ts:4 and apps\/plans/),
    ]);
  });

  it('fails on a code defined in an enum or exported as a constant', () => {
    const outside = feature(`
      export enum PlansErrorCode { Late = 'PLAN_LATE' }
      export const NOT_FOUND = 'NOT_FOUND';`);
    expect(scan(outside).problems).toEqual([
      expect.stringContaining('PLAN_LATE is defined in the enum PlansErrorCode'),
      expect.stringContaining('NOT_FOUND is exported as a constant'),
    ]);
  });

  it('fails on a code raised or compared that no catalogue defines', () => {
    const raised = feature(`
      throw new DomainError('PLAN_LATE', 'late', { field: 'dueOn' });
      throw new PlansException('PLAN_EARLY', 'early');
      throw new GraphQLError('x', { extensions: { code: 'PLAN_GONE' } });
      let code = 'PLAN_LOST';
      if (error.extensions.code === 'PLAN_HIDDEN') return;`);
    expect(scan(raised).problems).toEqual(
      ['PLAN_LATE', 'PLAN_EARLY', 'PLAN_GONE', 'PLAN_LOST', 'PLAN_HIDDEN'].map((code) =>
        expect.stringContaining(`${code} is raised or tested but no catalogue defines it`),
      ),
    );
  });

  it('fails on a DomainError whose code it cannot see', () => {
    const hidden = feature(`
      const late = 'PLAN_LATE';
      throw new DomainError(late, 'late');`);
    expect(scan(hidden).problems).toEqual([
      expect.stringContaining('plan.service.ts:3: new DomainError takes its code from a catalogue'),
    ]);
  });

  it('fails on an extension the definition does not declare, and on a catalogued code written out', () => {
    const raised = feature(`
      throw new DomainError(CommonErrorCode.NotFound, 'gone', { id, field: 'planId' });
      throw new DomainError('NOT_FOUND', 'gone', { id });
      const hidden = ['NOT_FOUND'];`);
    expect(scan(raised).problems).toEqual([
      expect.stringMatching(
        /plan.service.ts:4: the error code NOT_FOUND is written out; use CommonErrorCode.NotFound/,
      ),
      expect.stringMatching(/plan.service.ts:2: NOT_FOUND carries the extension field, which its definition/),
    ]);
  });

  it('matches the published docs/errors.md (run `npm run errors:doc` after changing a code)', () => {
    expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(errorsDoc());
  });
});
