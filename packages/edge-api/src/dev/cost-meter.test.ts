import { describe, expect, it } from 'vitest';
import { call, postJson, productionEnv, validRequestBody } from '../../test/worker.js';

interface Tally {
  roundTrips: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
}

const meterOn = { COST_METER: 'on' };
const tally = async () => (await call('/dev/cost', {}, meterOn)).json<Tally>();

describe('/dev/cost, the bench cost meter', () => {
  it("counts a consent request's D1 statements and rows, its waitUntil work included", async () => {
    const before = await tally();
    const body = await validRequestBody('metered@example.org');
    expect((await postJson('/v1/consent-requests', body, {}, meterOn)).status).toBe(202);
    const after = await tally();
    expect(after.roundTrips).toBeGreaterThan(before.roundTrips);
    expect(after.statements).toBeGreaterThanOrEqual(after.roundTrips);
    expect(after.rowsRead).toBeGreaterThan(before.rowsRead);
    expect(after.rowsWritten).toBeGreaterThan(before.rowsWritten);
  });

  it('does not exist without COST_METER=on, nor outside development', async () => {
    expect((await call('/dev/cost')).status).toBe(404);
    expect((await call('/dev/cost', {}, { ...productionEnv, ...meterOn })).status).toBe(404);
  });
});
