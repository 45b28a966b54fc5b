export function placeNewSiteStatement(
  siteId: string,
  options: { shards: number; shardZeroSites: number; at?: Date },
): string;
export function shardOfSiteStatement(siteId: string): string;
export const shardZeroSitesStatement: string;
