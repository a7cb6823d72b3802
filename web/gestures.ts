/**
 * Mouse, touch and keyboard on the view canvas, turned into view changes: drag pans, wheel and
 * pinch zoom about the pointer, Shift + drag zooms into a box, double-click zooms in (Shift: out),
 * and the keyboard shortcuts listed in the page's help. Coordinates are canvas pixels.
 */
import { type View, boxView, panView, zoomView } from './view.js';

export interface GestureTarget {
  canvas: HTMLCanvasElement;
  box: HTMLElement;
  view(): View;
  setView(view: View): void;
}

/** Zoom per wheel pixel: a notch (about 100 px) zooms by e^-0.2, 18%. */
const WHEEL_RATE = 0.002;

function canvasPoint(canvas: HTMLCanvasElement, event: { clientX: number; clientY: number }): [number, number] {
  const rect = canvas.getBoundingClientRect();
  return [((event.clientX - rect.left) * canvas.width) / rect.width, ((event.clientY - rect.top) * canvas.height) / rect.height];
}

export function attachGestures(target: GestureTarget): void {
  const { canvas, box } = target;
  const pointers = new Map<number, [number, number]>();
  let boxStart: [number, number] | undefined;
  let boxEnd: [number, number] | undefined;
  const size = () => [canvas.width, canvas.height] as const;

  const showBox = () => {
    if (!boxStart || !boxEnd) return;
    const rect = canvas.getBoundingClientRect();
    const sx = rect.width / canvas.width;
    const sy = rect.height / canvas.height;
    box.hidden = false;
    box.style.left = `${Math.min(boxStart[0], boxEnd[0]) * sx}px`;
    box.style.top = `${Math.min(boxStart[1], boxEnd[1]) * sy}px`;
    box.style.width = `${Math.abs(boxEnd[0] - boxStart[0]) * sx}px`;
    box.style.height = `${Math.abs(boxEnd[1] - boxStart[1]) * sy}px`;
  };

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    try {
      canvas.setPointerCapture(event.pointerId); // keeps the drag when the pointer leaves the canvas
    } catch {
      // a pointer the browser no longer tracks (synthetic, or already lifted): drag without capture
    }
    const point = canvasPoint(canvas, event);
    pointers.set(event.pointerId, point);
    if (pointers.size === 1 && event.shiftKey) {
      boxStart = point;
      boxEnd = point;
    }
    canvas.classList.add('dragging');
  });

  canvas.addEventListener('pointermove', (event) => {
    const before = pointers.get(event.pointerId);
    if (!before) return;
    const point = canvasPoint(canvas, event);
    const [width, height] = size();
    if (boxStart) {
      boxEnd = point;
      showBox();
    } else if (pointers.size === 2) {
      // Pinch: the distance between the fingers scales the view about their midpoint, which also pans.
      const other = [...pointers.entries()].find(([id]) => id !== event.pointerId)![1];
      const oldDistance = Math.hypot(before[0] - other[0], before[1] - other[1]);
      const newDistance = Math.hypot(point[0] - other[0], point[1] - other[1]);
      const mid = [(point[0] + other[0]) / 2, (point[1] + other[1]) / 2];
      const panned = panView(target.view(), width, height, (point[0] - before[0]) / 2, (point[1] - before[1]) / 2);
      if (oldDistance > 0 && newDistance > 0) target.setView(zoomView(panned, width, height, oldDistance / newDistance, mid[0], mid[1]));
    } else if (pointers.size === 1) {
      target.setView(panView(target.view(), width, height, point[0] - before[0], point[1] - before[1]));
    }
    pointers.set(event.pointerId, point);
  });

  const release = (event: PointerEvent) => {
    if (!pointers.delete(event.pointerId)) return;
    if (boxStart && boxEnd && pointers.size === 0) {
      const [width, height] = size();
      // A box of a few pixels is a click, not a zoom.
      if (Math.abs(boxEnd[0] - boxStart[0]) > 4 && Math.abs(boxEnd[1] - boxStart[1]) > 4) {
        target.setView(boxView(target.view(), width, height, boxStart[0], boxStart[1], boxEnd[0], boxEnd[1]));
      }
    }
    if (pointers.size === 0) {
      boxStart = boxEnd = undefined;
      box.hidden = true;
      canvas.classList.remove('dragging');
    }
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);

  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    // deltaMode 1 is lines, 2 pages (Firefox with some mice); scale them to pixels.
    const pixels = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
    const factor = Math.exp(Math.max(-500, Math.min(500, pixels)) * WHEEL_RATE);
    const [u, v] = canvasPoint(canvas, event);
    target.setView(zoomView(target.view(), canvas.width, canvas.height, factor, u, v));
  }, { passive: false });

  canvas.addEventListener('dblclick', (event) => {
    const [u, v] = canvasPoint(canvas, event);
    target.setView(zoomView(target.view(), canvas.width, canvas.height, event.shiftKey ? 2 : 0.5, u, v));
  });
}

/** The view change of a navigation key on the canvas, or undefined when the key is not one. */
export function keyMove(view: View, width: number, height: number, key: string, shift: boolean): View | undefined {
  const step = shift ? 0.5 : 0.1;
  switch (key) {
    case 'ArrowLeft': return panView(view, width, height, step * width, 0);
    case 'ArrowRight': return panView(view, width, height, -step * width, 0);
    case 'ArrowUp': return panView(view, width, height, 0, step * height);
    case 'ArrowDown': return panView(view, width, height, 0, -step * height);
    case '+': case '=': return zoomView(view, width, height, 0.5, (width - 1) / 2, (height - 1) / 2);
    case '-': case '_': return zoomView(view, width, height, 2, (width - 1) / 2, (height - 1) / 2);
    default: return undefined;
  }
}
