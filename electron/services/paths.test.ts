import { describe, expect, it } from 'vitest';
import { dataLayout, defaultDataDir } from './paths.ts';

describe('defaultDataDir (the folder Electron calls userData for "Registry Desk")', () => {
  it.each([
    ['linux', { HOME: '/home/clerk' }, '/home/clerk/.config/Registry Desk'],
    ['linux', { HOME: '/home/clerk', XDG_CONFIG_HOME: '/cfg' }, '/cfg/Registry Desk'],
    ['linux', { HOME: '/home/clerk', XDG_CONFIG_HOME: 'relative' }, '/home/clerk/.config/Registry Desk'],
    ['win32', { USERPROFILE: 'C:\\Users\\clerk', APPDATA: 'C:\\Users\\clerk\\AppData\\Roaming' }, 'C:\\Users\\clerk\\AppData\\Roaming\\Registry Desk'],
    ['darwin', { HOME: '/Users/clerk' }, '/Users/clerk/Library/Application Support/Registry Desk'],
    ['linux', { HOME: '/home/clerk', REGISTRY_DESK_DATA_DIR: '/srv/desk' }, '/srv/desk'],
  ] as const)('%s %j → %s', (platform, env, expected) => {
    expect(defaultDataDir(env as NodeJS.ProcessEnv, platform)).toBe(expected);
  });

  it('lays out the data folder', () => {
    expect(dataLayout('/srv/desk')).toEqual({ dataDir: '/srv/desk', database: '/srv/desk/registry.sqlite', blobs: '/srv/desk/blobs' });
  });
});
