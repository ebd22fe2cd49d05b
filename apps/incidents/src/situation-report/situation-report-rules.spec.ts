import { reportVersion } from './situation-report-rules';

describe('reportVersion', () => {
  it('is Initial while only initial reports exist, Update after a follow-up, Final once final or closed', () => {
    expect(reportVersion([], false)).toBe('Initial');
    expect(reportVersion(['INITIAL', 'INITIAL'], false)).toBe('Initial');
    expect(reportVersion(['INITIAL', 'FOLLOW_UP'], false)).toBe('Update');
    expect(reportVersion(['INITIAL', 'VERIFIED'], false)).toBe('Update');
    expect(reportVersion(['INITIAL', 'FINAL'], false)).toBe('Final');
    expect(reportVersion(['INITIAL'], true)).toBe('Final');
  });
});
