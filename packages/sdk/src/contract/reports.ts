import * as v from 'valibot';
import { HonourSummarySchema } from './acknowledgements.js';
import { LocaleSchema, PurposeIdSchema } from './common.js';

const day = v.pipe(v.string(), v.isoDate('must be a date like 2026-11-01'));

/**
 * `GET /v1/admin/reports?from=&to=&interval=&purpose=&format=` (A1): what happened to consent,
 * per purpose and period, counted from the signed records. `to` is inclusive; at most 3 years.
 */
export const ReportQuerySchema = v.pipe(
  v.strictObject({
    from: day,
    to: day,
    interval: v.optional(v.picklist(['day', 'week', 'month']), 'month'),
    purpose: v.optional(PurposeIdSchema),
    /** The language of the purposes' labels (the site's default when it lacks this one). */
    locale: v.optional(LocaleSchema),
    format: v.optional(v.picklist(['json', 'csv']), 'json'),
  }),
  v.check((query) => query.from <= query.to, 'from must not be after to'),
  v.check(
    (query) => Date.parse(query.to) - Date.parse(query.from) <= 3 * 366 * 86_400_000,
    'a report covers at most three years',
  ),
);
export type ReportQuery = v.InferInput<typeof ReportQuerySchema>;

export const ReportFiguresSchema = v.object({
  /** Double opt-ins started (`requested` records). */
  requests: v.number(),
  /** The people who started them: one person asking three times is one. */
  people: v.number(),
  /** Confirmations (`confirmed` records), whenever their request was made. */
  confirmations: v.number(),
  /** Of the people asked in the period, those who confirmed one of its requests so far. */
  peopleConfirmed: v.number(),
  /** `peopleConfirmed / people` (0 to 1); null when nobody was asked. */
  conversion: v.nullable(v.number()),
  /** Median seconds from request to confirmation, for the period's requests that were confirmed. */
  medianSecondsToConfirm: v.nullable(v.number()),
  withdrawals: v.number(),
  expiries: v.number(),
  erasures: v.number(),
  /** Bounces, when the mail transport reports them; null: this deployment's transport does not. */
  bounces: v.nullable(v.number()),
});
export type ReportFigures = v.InferOutput<typeof ReportFiguresSchema>;

export const ReportSchema = v.object({
  site: v.string(),
  from: v.string(),
  to: v.string(),
  interval: v.picklist(['day', 'week', 'month']),
  generatedAt: v.string(),
  purposes: v.array(
    v.object({
      purpose: v.string(),
      /** The label of its current wording; null for a purpose that has none any more. */
      label: v.nullable(v.string()),
      totals: ReportFiguresSchema,
      periods: v.array(v.object({ start: v.string(), ...ReportFiguresSchema.entries })),
    }),
  ),
  /**
   * A5, per system the site lists: acknowledgements made in the period and their delay from the
   * withdrawal or erasure; `waiting` and `overdue` as they stand now.
   */
  honoured: v.array(HonourSummarySchema),
  /** The site's `honourWithinHours`: what counts as `overdue`. */
  honourWithinHours: v.number(),
});
export type Report = v.InferOutput<typeof ReportSchema>;
