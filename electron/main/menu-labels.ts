/**
 * The application menu's labels, Arabic first. Pure data; menu.ts builds the Electron menu.
 * Standard edit commands use Electron roles (their behaviour is native); labels are ours so the
 * Arabic menu is complete on Windows and Linux.
 */

export interface MenuLabels {
  windowTitle: string;
  file: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  reload: string;
  devTools: string;
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
  fullScreen: string;
}

/** The window title in both languages (the app's name as clerks know it). */
export const WINDOW_TITLE = 'مكتب السجل العام — Registry Desk';

export const MENU_LABELS: Readonly<Record<'ar' | 'en', MenuLabels>> = {
  ar: {
    windowTitle: WINDOW_TITLE,
    file: 'ملف',
    quit: 'خروج',
    edit: 'تحرير',
    undo: 'تراجع',
    redo: 'إعادة',
    cut: 'قص',
    copy: 'نسخ',
    paste: 'لصق',
    selectAll: 'تحديد الكل',
    view: 'عرض',
    reload: 'إعادة التحميل',
    devTools: 'أدوات المطور',
    zoomIn: 'تكبير',
    zoomOut: 'تصغير',
    resetZoom: 'الحجم الأصلي',
    fullScreen: 'ملء الشاشة',
  },
  en: {
    windowTitle: WINDOW_TITLE,
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer Tools',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    resetZoom: 'Actual Size',
    fullScreen: 'Full Screen',
  },
};
