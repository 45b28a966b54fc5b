// The widget suite in WebKit (WebKitGTK's MiniBrowser) through WebKitWebDriver on a virtual display.
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { startWebkitDriver, webkitCapabilities } from '../../test/engines/webkit-driver.mjs';
import base from './web-test-runner.config.mjs';

const port = Number(process.env.SIGNET_WEBKIT_DRIVER_PORT ?? 8990);

// Starts the driver with the run and stops it after, so `npm test` needs no service of its own.
class WebkitLauncher extends WebdriverLauncher {
  async initialize(config) {
    this.driverProcess = await startWebkitDriver(port);
    await super.initialize(config);
    this.name = 'WebKit';
  }
  async stop() {
    await super.stop();
    this.driverProcess?.stop();
  }
}

export default {
  ...base,
  // One page at a time, each test file in the top-level window rather than an iframe, as a site's page is.
  concurrency: 1,
  browsers: [
    new WebkitLauncher({
      hostname: '127.0.0.1',
      port,
      // WebKitWebDriver speaks W3C WebDriver classic only; webdriverio would ask for BiDi.
      capabilities: { ...webkitCapabilities, 'wdio:enforceWebDriverClassic': true },
    }),
  ],
};
