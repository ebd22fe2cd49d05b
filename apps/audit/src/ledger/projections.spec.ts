import { ANNOUNCEMENT_FEATURE } from '../announcement/announcement.feature';
import { ANOMALY_FEATURE } from '../anomaly/anomaly.feature';
import { FINDING_FEATURE } from '../finding/finding.feature';
import { GOODS_FEATURE } from '../goods/goods.feature';
import { AUDIT_PROJECTIONS } from './projections';
import { LEDGER_FEATURE } from './ledger.feature';

describe('the audit projections a rebuild clears and replays', () => {
  it('name every projector of the audit service, once', () => {
    const features = [LEDGER_FEATURE, GOODS_FEATURE, ANOMALY_FEATURE, FINDING_FEATURE, ANNOUNCEMENT_FEATURE];
    const projectors = features.flatMap((f) => f.projectors).map((p) => p.name);
    expect(AUDIT_PROJECTIONS.map((p) => p.projector).sort()).toEqual(projectors.sort());
  });
});
