// One small page interface over the two engines Playwright cannot drive here: Firefox (Debian's
// firefox-esr) through puppeteer-core over WebDriver BiDi, and WebKit (WebKitGTK's MiniBrowser)
// through WebKitWebDriver's W3C WebDriver. Clicks and keys are the engine's own input events;
// finding things runs in the page (in-page.mjs).
// puppeteer-core as web-test-runner's Chrome launcher brings it, the version the widget suite uses.
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { startWebkitDriver, webkitCapabilities } from '../../test/engines/webkit-driver.mjs';
import { find, focused, pageText } from './in-page.mjs';

const call = (fn, ...args) => `(${fn})(...${JSON.stringify(args)})`;

/** What the paths ask of a page, on top of each engine's few primitives. */
class EnginePage {
  async element(kind, text) {
    const element = await this.waitForHandle(call(find, kind, text));
    if (!element) throw new Error(`${this.engine}: no ${kind} "${text}" on ${await this.url()}`);
    return element;
  }
  async click(kind, text) {
    await this.clickHandle(await this.element(kind, text));
  }
  async fill(label, value) {
    await this.click('label', label);
    await this.type(value);
  }
  /** Whether the box labelled `label` is ticked. */
  async checked(label) {
    return this.run(`${call(find, 'label', label)}?.checked ?? null`);
  }
  focused() {
    return this.run(call(focused));
  }
  /** Waits until the page (shadow roots included) shows `text`. */
  async waitForText(text, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    let seen = '';
    while (Date.now() < deadline) {
      seen = await this.run(call(pageText)).catch(() => '');
      if (seen.includes(text)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${this.engine}: "${text}" never showed on ${await this.url()}; saw: ${seen.slice(0, 600)}`,
    );
  }
  async waitForHandle(expression, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const handle = await this.handle(expression).catch(() => null);
      if (handle) return handle;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  }
  /** Runs `fn(...args)` in the page and returns its (awaited, JSON) result. */
  evaluate(fn, ...args) {
    return this.run(call(fn, ...args));
  }
}

class FirefoxPage extends EnginePage {
  engine = 'firefox';
  static async open() {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
    });
    const self = new FirefoxPage();
    self.browser = browser;
    self.page = await browser.newPage();
    self.version = await browser.version();
    return self;
  }
  goto(url) {
    return this.page.goto(url);
  }
  url() {
    return this.page.url();
  }
  run(expression) {
    return this.page.evaluate(expression);
  }
  async handle(expression) {
    const handle = await this.page.evaluateHandle(expression);
    const element = handle.asElement();
    if (!element) await handle.dispose();
    return element;
  }
  clickHandle(element) {
    return element.click();
  }
  press(key) {
    return this.page.keyboard.press(key);
  }
  type(text) {
    return this.page.keyboard.type(text);
  }
  close() {
    return this.browser.close();
  }
}

const webElement = 'element-6066-11e4-a52e-4f735466cecf';
const keyCodes = { Tab: '\uE004', Enter: '\uE007', Space: ' ' };

class WebkitPage extends EnginePage {
  engine = 'webkit';
  static async open(driverPort) {
    const self = new WebkitPage();
    self.driver = await startWebkitDriver(driverPort);
    self.base = `http://127.0.0.1:${driverPort}`;
    const created = await self.command('POST', '/session', {
      capabilities: { alwaysMatch: webkitCapabilities },
    });
    self.session = `/session/${created.sessionId}`;
    self.version = `${created.capabilities.browserName} ${created.capabilities.browserVersion}`;
    return self;
  }
  async command(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await response.json();
    if (!response.ok)
      throw new Error(`WebKitWebDriver ${method} ${path}: ${value.error}: ${value.message}`);
    return value;
  }
  goto(url) {
    return this.command('POST', `${this.session}/url`, { url });
  }
  url() {
    return this.command('GET', `${this.session}/url`);
  }
  run(expression) {
    return this.command('POST', `${this.session}/execute/sync`, {
      script: `return ${expression};`,
      args: [],
    });
  }
  async handle(expression) {
    const value = await this.run(expression);
    return value?.[webElement] ? value : null;
  }
  // A pointer press at the element's centre: WebKitWebDriver's element click looks the centre up
  // with elementFromPoint, which answers the shadow host, and so calls a control inside a shadow
  // root "intercepted".
  async clickHandle(element) {
    await this.command('POST', `${this.session}/execute/sync`, {
      script: "arguments[0].scrollIntoView({ block: 'center' });",
      args: [element],
    });
    await this.command('POST', `${this.session}/actions`, {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', origin: element, x: 0, y: 0 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
  }
  keys(values) {
    return this.command('POST', `${this.session}/actions`, {
      actions: [
        {
          type: 'key',
          id: 'keyboard',
          actions: values.flatMap((value) => [
            { type: 'keyDown', value },
            { type: 'keyUp', value },
          ]),
        },
      ],
    });
  }
  press(key) {
    return this.keys([keyCodes[key] ?? key]);
  }
  type(text) {
    return this.keys([...text]);
  }
  async close() {
    await this.command('DELETE', this.session).catch(() => {});
    this.driver.stop();
  }
}

export const engines = {
  firefox: () => FirefoxPage.open(),
  webkit: () => WebkitPage.open(Number(process.env.SIGNET_WEBKIT_DRIVER_PORT ?? 8991)),
};
