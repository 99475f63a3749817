import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (npm cannot download browsers here). Found on the PATH
 * as `chromium`; null when there is none.
 */
export function findChromium(): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: LAUNCH_ARGS, headless: true });
}

/** The page's modules, as `npm run build` compiles them. */
export function buildPlaygroundPage(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.page.json'], { stdio: 'inherit' });
}
