/**
 * This package's version, sent as `User-Agent: signet-sdk/<version>` and printed by
 * `signet --version`. A test holds it to package.json's `version`: a release bumps both.
 */
export const sdkVersion = '0.1.0';
