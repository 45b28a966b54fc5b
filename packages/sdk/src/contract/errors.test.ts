import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ErrorResponseSchema, errorCodes, readErrorResponse } from './errors.js';

// Values near the schema's edge: right and wrong codes, messages and fields, extra keys.
const nearError = fc.record(
  {
    code: fc.oneof(fc.constantFrom(...errorCodes), fc.string(), fc.constant(null)),
    message: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
    field: fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined), fc.integer()),
    requestId: fc.oneof(fc.string(), fc.constant(undefined), fc.integer(), fc.constant(null)),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.anything(),
  fc.record({ error: fc.oneof(nearError, fc.anything()) }, { requiredKeys: [] }),
);

describe('readErrorResponse', () => {
  it('decides exactly as ErrorResponseSchema and returns the same error', () => {
    fc.assert(
      fc.property(body, (value) => {
        const parsed = v.safeParse(ErrorResponseSchema, value);
        expect(readErrorResponse(value)).toEqual(parsed.success ? parsed.output.error : null);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a real error answer', () => {
    const answer = { error: { code: 'invalid_input', message: 'is not valid', field: 'email' } };
    expect(readErrorResponse(answer)).toEqual(answer.error);
  });

  it('reads the request id of an error answer, and an answer without one still', () => {
    const error = { code: 'not_found', message: 'No route', field: null, requestId: 'req_1' };
    expect(readErrorResponse({ error })).toEqual(error);
    expect(v.safeParse(ErrorResponseSchema, { error }).output).toEqual({ error });
    const { requestId: _, ...old } = error;
    expect(readErrorResponse({ error: old })).toEqual(old);
  });
});
