/**
 * OCR service: a pool of tesseract.js workers (Arabic + English, offline language data), the page
 * reader that chooses orientation, languages and page segmentation, and the character error rate.
 */
export { createOcrPool, defaultPoolSize, RECYCLE_AFTER_JOBS } from './pool.ts';
export type { OcrPool, OcrPoolOptions, OcrText, OrientationGuess, RecogniseOptions, Segmentation, Thresholding } from './pool.ts';
export { readPageImage, chooseLanguages, initialSegmentation, MAX_OCR_PIXELS, type GreyPage, type PageReadOptions } from './page.ts';
export { estimateSkew, deskewGrey, type SkewEstimate } from './deskew.ts';
export { characterErrorRate, cerKey } from './cer.ts';
export { cleanOcrWord, assembleText, LOW_CONFIDENCE } from './text.ts';
export { prepareLanguageData } from './tessdata.ts';
