/**
 * The application menu: File, Edit, View. Reload and developer tools only in an unpackaged build.
 * With `--lang ar` (the default) Chromium runs with the Arabic locale, so native menus and dialogs
 * lay out right to left on Windows and Linux.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { MENU_LABELS } from './menu-labels.ts';

/**
 * @param lang the menu language.
 * @param developer true for an unpackaged build (adds reload and developer tools).
 */
export function buildMenu(lang: 'ar' | 'en', developer: boolean): Menu {
  const l = MENU_LABELS[lang];
  const view: MenuItemConstructorOptions[] = [
    { role: 'zoomIn', label: l.zoomIn },
    { role: 'zoomOut', label: l.zoomOut },
    { role: 'resetZoom', label: l.resetZoom },
    { type: 'separator' },
    { role: 'togglefullscreen', label: l.fullScreen },
  ];
  if (developer) {
    view.push({ type: 'separator' }, { role: 'reload', label: l.reload }, { role: 'toggleDevTools', label: l.devTools });
  }
  return Menu.buildFromTemplate([
    { label: l.file, submenu: [{ role: 'quit', label: l.quit }] },
    {
      label: l.edit,
      submenu: [
        { role: 'undo', label: l.undo },
        { role: 'redo', label: l.redo },
        { type: 'separator' },
        { role: 'cut', label: l.cut },
        { role: 'copy', label: l.copy },
        { role: 'paste', label: l.paste },
        { role: 'selectAll', label: l.selectAll },
      ],
    },
    { label: l.view, submenu: view },
  ]);
}
