import * as v from 'valibot';
import { type Result, signetError } from './contract/errors.js';
import { callApi, type SignetClientOptions } from './transport.js';

/** One API call whose answer is checked against its schema from the contract. */
export async function callSignet<S extends v.GenericSchema>(
  options: SignetClientOptions,
  schema: S,
  path: string,
  init?: RequestInit,
): Promise<Result<v.InferOutput<S>>> {
  const result = await callApi(options, path, init);
  if (!result.ok) return result;
  const parsed = v.safeParse(schema, result.value);
  if (!parsed.success) {
    const message = 'Signet answered in an unexpected shape';
    return { ok: false, error: signetError('invalid_response', message) };
  }
  return { ok: true, value: parsed.output };
}
