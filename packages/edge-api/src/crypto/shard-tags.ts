/**
 * Tokens and keys name the shard that holds what they open (decision 0009): nothing in front for
 * shard 0, so every token and key made before shards stays valid, `<n>.` for shard n. Only the
 * routing reads the tag; stored hashes are of the token without it (tokens.ts).
 */
const tagged = /^([1-9][0-9]{0,3})\.(.+)$/s;

/** What a token of this shard starts with. */
export const shardTag = (shard: number) => (shard === 0 ? '' : `${shard}.`);

/** The shard a token or key names, and the token itself without the tag. */
export function splitShardTag(token: string): { shard: number; token: string } {
  const match = tagged.exec(token);
  return match ? { shard: Number(match[1]), token: match[2] as string } : { shard: 0, token };
}

/** A link token as the routes take it: 43 characters of base64url, with a shard's tag or not. */
export const taggedTokenSource = '(?:[1-9][0-9]{0,3}\\.)?[A-Za-z0-9_-]{43}';
