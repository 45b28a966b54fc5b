import {
  AcknowledgementInputSchema,
  AcknowledgementSchema,
  AcknowledgementStatusSchema,
} from '@signet/sdk';
import type { Operation } from '../operation.js';

/** A5: the owner's systems acknowledge that a withdrawal or erasure reached them. */
export const acknowledgementOperations: Operation[] = [
  {
    method: 'post',
    path: '/v1/admin/acknowledgements',
    operationId: 'acknowledge',
    tag: 'Site owner',
    summary: 'Acknowledge a withdrawal or erasure',
    description:
      'Say that one of the site’s systems (its ESP, its CRM) applied a withdrawal or an erasure: `record` is the id of the signed `withdrawn` or `erased` record (`data.record.record.id` of the `consent.withdrawn` or `subject.erased` webhook; it links after an erasure too), `system` one of the site’s `honourSystems`. Signet writes a signed `honoured` record naming both (201). The same system acknowledging the same record again writes nothing and answers the first record (200, `created: false`); any `erased` record of an erasure stands for the erasure.',
    security: 'siteKey',
    body: {
      schema: AcknowledgementInputSchema,
      example: { record: '0b9d7a4e-8c1f-4d2a-9f55-3e1c2b7a6d10', system: 'brevo' },
    },
    responses: {
      200: { description: 'Acknowledged before', json: AcknowledgementSchema },
      201: { description: 'The `honoured` record', json: AcknowledgementSchema },
    },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/admin/acknowledgements',
    operationId: 'acknowledgementStatus',
    tag: 'Site owner',
    summary: 'What the site’s systems acknowledged, and what waits',
    description:
      'Per system in `honourSystems`: how many acknowledgements, the median and longest time from withdrawal to `honoured`, how many withdrawals and erasures since the system was listed still wait and how many of them longer than `honourWithinHours`; then the oldest 100 waiting.',
    security: 'siteKey',
    responses: { 200: { description: 'The status', json: AcknowledgementStatusSchema } },
  },
];
