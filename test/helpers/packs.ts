// A workspace guidance pack shared by the test suites: valid as it is; a test
// changes the one thing it is about (`{ ...LOCAL_PACK, id: 'X' }`).

import type { GuidancePack } from '../../server/src/core/guidance/pack';

/** A local trust's cryotherapy pack: triggered by "frost…" and "liver", open approach only, C78.7. */
export const LOCAL_PACK: GuidancePack = {
  id: 'LOCAL7',
  title: 'Local cryotherapy audit',
  procedure: 'cryotherapy',
  source: { title: 'Trust coding policy 7 (test)', url: 'https://example.invalid/policy7' },
  trigger: { allOf: [['frost*'], ['liver']] },
  approaches: { open: { mainCode: 'J03.2', methodCode: 'Y13.2' } },
  methodCode: { check: 'method-code', name: 'cryotherapy' },
  diagnosis: { code: 'C78.7' },
};
