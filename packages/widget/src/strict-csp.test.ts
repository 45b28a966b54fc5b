import { expect, waitUntil } from '@open-wc/testing';

interface ProbedWindow extends Window {
  cspViolations: string[];
}

/** Opens a page in a same-origin frame, so the test can look inside it. */
async function openFrame(src: string) {
  const frame = document.createElement('iframe');
  frame.src = src;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as ProbedWindow & typeof globalThis;
}

const shadow = (win: Window) => win.document.querySelector('signet-form')?.shadowRoot;

describe('S3: the built signet.js under a strict CSP with Trusted Types', () => {
  before(async () => {
    const built = await fetch('/packages/widget/dist/signet.js', { method: 'HEAD' });
    if (!built.ok) throw new Error('packages/widget/dist/signet.js is missing: run npm run build');
  });

  it('loads, submits and shows pending with no violation, no cookie, no storage, and only API calls', async () => {
    const win = await openFrame('/strict-csp/page.html');
    await waitUntil(() => shadow(win)?.querySelector('form'), 'the form did not render', {
      timeout: 5000,
    });
    const root = shadow(win) as ShadowRoot;
    // Open and close a purpose's details, then fill in and send.
    root.querySelector<HTMLElement>('summary')?.click();
    root.querySelector<HTMLElement>('summary')?.click();
    root.querySelector<HTMLInputElement>('input[type=checkbox]')?.click();
    const email = root.querySelector<HTMLInputElement>('input[type=email]') as HTMLInputElement;
    email.value = 'csp@example.org';
    email.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    await waitUntil(() => shadow(win)?.querySelector('.status [role=heading]'), 'no pending state');
    // Violation events are queued as tasks: let any pending one arrive before looking.
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(win.cspViolations).to.deep.equal([]);
    expect(win.document.cookie).to.equal('');
    expect([win.localStorage.length, win.sessionStorage.length]).to.deep.equal([0, 0]);
    expect((await win.indexedDB.databases()).length).to.equal(0);
    const fetched = win.performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .map((url) => `${url.origin === location.origin ? '' : url.origin}${url.pathname}`);
    expect(fetched).to.include.members([
      '/packages/widget/dist/signet.js',
      '/csp-api/v1/sites/demo/form',
      '/csp-api/v1/consent-requests',
    ]);
    const allowed = /^\/(packages\/widget\/(dist|src\/test\/strict-csp)\/|csp-api\/)/;
    expect(fetched.filter((path) => !allowed.test(path))).to.deep.equal([]);
  });

  it('fetches the French texts from their own built chunk, under the same policy', async () => {
    const win = await openFrame('/strict-csp/page.html?lang=fr');
    await waitUntil(() => shadow(win)?.querySelector('form'), 'the form did not render', {
      timeout: 5000,
    });
    expect(shadow(win)?.querySelector('legend')?.textContent).to.equal('Vos consentements');
    const chunks = win.performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/packages/widget/dist/'));
    // signet.js, the French texts, and the sending code the form fetches once it is shown (if
    // that fetch has ended yet).
    expect(chunks[0]).to.equal('/packages/widget/dist/signet.js');
    expect(chunks[1]).to.match(/^\/packages\/widget\/dist\/signet-locale-fr-[\w-]+\.js$/);
    expect(chunks.slice(2)).to.satisfy((rest: string[]) =>
      rest.every((path) => /^\/packages\/widget\/dist\/signet-form-send-[\w-]+\.js$/.test(path)),
    );
    expect(win.cspViolations).to.deep.equal([]);
  });

  it('would report a violation: the probe sees an inline style the policy forbids', async () => {
    const win = await openFrame('/strict-csp/page.html');
    const style = win.document.createElement('style');
    style.textContent = 'body { color: red }';
    win.document.head.append(style);
    await waitUntil(() => win.cspViolations.length > 0, 'no violation reported');
    expect(win.cspViolations[0]).to.match(/^style-src/);
  });

  it('would report a request to anything but the API', async () => {
    const win = await openFrame('/strict-csp/page.html');
    await win.fetch('/v1/sites/demo/form').catch(() => undefined);
    await waitUntil(() => win.cspViolations.length > 0, 'no violation reported');
    expect(win.cspViolations[0]).to.match(/^connect-src/);
  });
});
