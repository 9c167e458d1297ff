// A page (type-checked only): the <segmenta-report> custom element and its typed events.
import 'segmenta/report-element';
import type { SegmentaReport } from 'segmenta/report-element';

export function show(file: File, where: HTMLElement): SegmentaReport {
  const element = document.createElement('segmenta-report');
  element.options = { lang: 'en', segments: 'rfm11' };
  element.currency = 'EUR';
  element.data = file;
  element.addEventListener('segment-select', (e) => {
    console.log(`${e.detail.name}: ${e.detail.count} clients`);
  });
  element.addEventListener('segmenta-error', (e) => console.error(e.detail.error.message));
  where.append(element);
  return element;
}
