// WebKitGTK's WebDriver (Debian's webkit2gtk-driver) on a virtual display (xvfb), shared by the
// widget suite and the e2e paths: MiniBrowser is the only WebKit that runs here without a
// downloaded build.
import { spawn } from 'node:child_process';

export const miniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const webkitCapabilities = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
};

/** Starts WebKitWebDriver on `port` under xvfb-run; resolves once it answers /status. */
export async function startWebkitDriver(port) {
  // detached: xvfb-run starts Xvfb and the driver as its children, stopped together as a group.
  const child = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
    // WebKitGTK asks pages for the locale's languages; the paths read English pages.
    env: { ...process.env, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US:en' },
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return { stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error(`WebKitWebDriver did not answer on port ${port}`);
}
