// A1: report figures against a seeded log with known counts.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSite, admin } from '../../test/worker.js';
import { periodStart } from '../services/reports.js';

const site = 'report-shop';
const key = 'sk_report_shop_key';

async function record(
  id: string,
  purpose: string,
  event: string,
  at: string,
  request: string | null,
  subject = `subject-${request ?? id}`,
) {
  await env.DB.prepare(
    `INSERT INTO records (id, site_id, subject_id, purpose_id, event, wording_version, request_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(id, site, subject, purpose, event, 'a'.repeat(64), request, at)
    .run();
}

beforeAll(async () => {
  await addSite(site, key);
  await record('x0', 'newsletter', 'requested', '2026-02-28T23:59:59.000Z', 'r0'); // before the period
  await record('a1', 'newsletter', 'requested', '2026-03-02T10:00:00.000Z', 'r1');
  await record('b1', 'newsletter', 'confirmed', '2026-03-02T10:10:00.000Z', 'r1'); // 600 s
  await record('a2', 'newsletter', 'requested', '2026-03-03T09:00:00.000Z', 'r2');
  await record('b2', 'newsletter', 'confirmed', '2026-03-03T10:00:00.000Z', 'r2'); // 3,600 s
  await record('a3', 'newsletter', 'requested', '2026-03-04T08:00:00.000Z', 'r3'); // never confirmed
  await record('a4', 'newsletter', 'requested', '2026-03-20T12:00:00.000Z', 'r4');
  await record('b4', 'newsletter', 'confirmed', '2026-04-01T12:00:00.000Z', 'r4'); // 12 days
  await record('c1', 'newsletter', 'withdrawn', '2026-04-05T12:00:00.000Z', null);
  await record('c2', 'newsletter', 'expired', '2026-04-06T12:00:00.000Z', null);
  await record('c3', 'newsletter', 'erased', '2026-04-07T12:00:00.000Z', null);
  await record('a5', 'sms', 'requested', '2026-03-10T10:00:00.000Z', 'r5');
  await record('b5', 'sms', 'confirmed', '2026-03-10T10:00:30.000Z', 'r5'); // 30 s
  await record('x9', 'newsletter', 'requested', '2026-05-01T00:00:00.000Z', 'r9'); // after it
  // Five people make eight requests for the prize draw; three of them confirm.
  const draw = (n: number, person: number, confirmed: boolean) => [
    record(`d${n}`, 'draw', 'requested', `2026-06-0${n}T10:00:00.000Z`, `rd${n}`, `p${person}`),
    ...(confirmed
      ? [
          record(
            `e${n}`,
            'draw',
            'confirmed',
            `2026-06-0${n}T10:05:00.000Z`,
            `rd${n}`,
            `p${person}`,
          ),
        ]
      : []),
  ];
  await Promise.all(
    [
      [1, 1, false],
      [9, 1, false],
      [3, 1, true],
      [4, 2, true],
      [5, 3, false],
      [6, 3, true],
      [7, 4, false],
      [8, 5, false],
    ].flatMap(([n, person, confirmed]) => draw(n as number, person as number, !!confirmed)),
  );
});

type Report = {
  purposes: {
    purpose: string;
    label?: string | null;
    totals: Record<string, number | null>;
    periods: ({ start: string } & Record<string, number | null>)[];
  }[];
};

async function report(query: string, apiKey = key) {
  return admin(`/v1/admin/reports?${query}`, 'GET', undefined, apiKey);
}

describe('GET /v1/admin/reports', () => {
  it('counts each event per purpose and month, with conversion and median time to confirm', async () => {
    const response = await report('from=2026-03-01&to=2026-04-30&interval=month');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Report;
    const newsletter = body.purposes.find((p) => p.purpose === 'newsletter');
    expect(newsletter?.periods).toEqual([
      {
        start: '2026-03-01',
        requests: 4,
        people: 4,
        confirmations: 2,
        peopleConfirmed: 3,
        conversion: 0.75,
        medianSecondsToConfirm: 3600,
        withdrawals: 0,
        expiries: 0,
        erasures: 0,
        bounces: null,
      },
      {
        start: '2026-04-01',
        requests: 0,
        people: 0,
        confirmations: 1,
        peopleConfirmed: 0,
        conversion: null,
        medianSecondsToConfirm: null,
        withdrawals: 1,
        expiries: 1,
        erasures: 1,
        bounces: null,
      },
    ]);
    expect(newsletter?.totals).toMatchObject({
      requests: 4,
      confirmations: 3,
      conversion: 0.75,
      medianSecondsToConfirm: 3600,
    });
    const sms = body.purposes.find((p) => p.purpose === 'sms');
    expect(sms?.totals).toMatchObject({
      requests: 1,
      confirmations: 1,
      conversion: 1,
      medianSecondsToConfirm: 30,
    });
  });

  it('A1: counts people, not requests: eight requests by five people, three of whom confirmed, convert at 60 %', async () => {
    const body = (await (
      await report('from=2026-06-01&to=2026-06-30&interval=week&purpose=draw')
    ).json()) as Report;
    expect(body.purposes[0]?.totals).toMatchObject({
      requests: 8,
      people: 5,
      confirmations: 3,
      peopleConfirmed: 3,
      conversion: 0.6,
    });
    // A person who asked in two weeks counts once in the total, once in each week.
    const weeks = body.purposes[0]?.periods.filter((period) => (period.requests ?? 0) > 0);
    expect(weeks?.map((week) => [week.start, week.requests, week.people])).toEqual([
      ['2026-06-01', 6, 4],
      ['2026-06-08', 2, 2],
    ]);
  });

  it("names each purpose by its current wording's label, in the asked language where the site has it", async () => {
    const demoKey = 'sk_demo_local_development_only';
    const label = async (locale: string) => {
      const body = (await (
        await report(`from=2026-03-01&to=2026-03-02&locale=${locale}`, demoKey)
      ).json()) as { purposes: { purpose: string; label: string | null }[] };
      return body.purposes.find((p) => p.purpose === 'newsletter')?.label;
    };
    expect(await label('en')).toBe('Yes, I want to receive the Demo Shop newsletter by email.');
    expect(await label('de')).toBe(
      'Ja, ich möchte den Newsletter von Demo Shop per E-Mail erhalten.',
    );
    const ours = (await (await report('from=2026-06-01&to=2026-06-30')).json()) as {
      purposes: { purpose: string; label: string | null }[];
    };
    expect(ours.purposes.find((p) => p.purpose === 'draw')?.label).toBeNull();
  });

  it('buckets by ISO week (Monday) and by day, listing empty periods too', async () => {
    const weekly = (await (
      await report('from=2026-03-01&to=2026-03-08&interval=week&purpose=newsletter')
    ).json()) as Report;
    expect(weekly.purposes).toHaveLength(1);
    expect(weekly.purposes[0]?.periods.map((p) => [p.start, p.requests])).toEqual([
      ['2026-02-23', 0],
      ['2026-03-02', 3],
    ]);
    const daily = (await (
      await report('from=2026-03-02&to=2026-03-05&interval=day&purpose=newsletter')
    ).json()) as Report;
    expect(daily.purposes[0]?.periods.map((p) => p.requests)).toEqual([1, 1, 1, 0]);
    expect(periodStart('2026-03-08', 'week')).toBe('2026-03-02');
  });

  it('gives the same figures as CSV, one row per purpose and period and a total', async () => {
    const response = await report('from=2026-03-01&to=2026-04-30&format=csv&purpose=newsletter');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines).toEqual([
      'purpose,period,requests,people,confirmations,peopleConfirmed,conversion,medianSecondsToConfirm,withdrawals,expiries,erasures,bounces',
      'newsletter,2026-03-01,4,4,2,3,0.75,3600,0,0,0,',
      'newsletter,2026-04-01,0,0,1,0,,,1,1,1,',
      'newsletter,total,4,4,3,3,0.75,3600,1,1,1,',
    ]);
  });

  it('answers bad periods with 422 and other keys with nothing of this site', async () => {
    for (const query of [
      'from=2026-04-01&to=2026-03-01',
      'from=2026-03-01&to=2026-04-01&interval=year',
      'from=yesterday&to=2026-04-01',
      'from=2020-01-01&to=2026-01-01',
    ]) {
      expect((await report(query)).status, query).toBe(422);
    }
    expect((await report('from=2026-03-01&to=2026-04-30', 'sk_wrong')).status).toBe(401);
    const demo = (await (
      await report('from=2026-03-01&to=2026-04-30', 'sk_demo_local_development_only')
    ).json()) as Report;
    expect(demo.purposes.every((p) => p.totals.requests === 0)).toBe(true);
  });
});
