// The engine running the widget suite, and the skip list: what a driver cannot do for a test in
// one engine. Each entry names the missing feature and the engine version it is missing in; the
// skipped test's title carries that reason into the run's output.

export type Engine = 'chromium' | 'firefox' | 'webkit';

const agent = navigator.userAgent;
export const engine: Engine = /Firefox\//.test(agent)
  ? 'firefox'
  : /Chrom(e|ium)\//.test(agent)
    ? 'chromium'
    : 'webkit';

const missing = {
  'emulate-media': {
    firefox:
      'Firefox 153 ESR: its WebDriver BiDi answers "unknown command" to emulation.setMediaFeaturesOverride, and puppeteer emulates media over CDP only',
    webkit:
      'WebKitGTK 2.50 (MiniBrowser): W3C WebDriver has no media emulation and WebKitWebDriver no extension for it',
  },
  'set-viewport': {
    webkit:
      'WebKitGTK 2.50 (MiniBrowser): W3C WebDriver sets the window, not the viewport, and MiniBrowser keeps its window at least 447 px wide, so no 320 CSS px viewport',
  },
} satisfies Record<string, Partial<Record<Engine, string>>>;

export type DriverFeature = keyof typeof missing;

/** Whether this engine's driver offers `feature` to the tests. */
export function driverCan(feature: DriverFeature): boolean {
  return !(missing[feature] as Partial<Record<Engine, string>>)[engine];
}

/** `it`, or `it.skip` with the reason in its title where this engine's driver lacks `feature`. */
export function itNeeds(feature: DriverFeature) {
  const reason = (missing[feature] as Partial<Record<Engine, string>>)[engine];
  if (!reason) return it;
  return (title: string, test: Mocha.Func | Mocha.AsyncFunc) =>
    it.skip(`${title} [skipped: ${reason}]`, test);
}
