/**
 * Early events and the hydration signal. Until hydration has committed, the discrete events React would otherwise
 * handle by hydrating the whole document synchronously stop at the window: RemixBrowser suspends at the root until
 * single fetch has decoded the loader data, and a synchronous render that suspends with no Suspense boundary above
 * it throws "Root did not complete" (React error #345). The browser's default action still runs, so a click or
 * Enter before hydration submits the form exactly as the page does without JavaScript. Once hydrated, events flow
 * normally and `<html data-hydrated>` says so (the browser tests wait for it instead of guessing).
 */
const DISCRETE_EVENTS = [
  "mousedown",
  "mouseup",
  "touchcancel",
  "touchend",
  "touchstart",
  "auxclick",
  "dblclick",
  "pointercancel",
  "pointerdown",
  "pointerup",
  "dragend",
  "dragstart",
  "drop",
  "compositionend",
  "compositionstart",
  "keydown",
  "keypress",
  "keyup",
  "input",
  "textInput",
  "copy",
  "cut",
  "paste",
  "click",
  "change",
  "contextmenu",
  "reset",
  "submit",
] as const;

const stopAtWindow = (e: Event) => e.stopPropagation();

/** Called by entry.client before hydrating. */
export function holdEventsUntilHydrated() {
  for (const type of DISCRETE_EVENTS) window.addEventListener(type, stopAtWindow, true);
}

/** Called once hydration has committed (the root layout's effect). */
export function markHydrated() {
  for (const type of DISCRETE_EVENTS) window.removeEventListener(type, stopAtWindow, true);
  document.documentElement.dataset.hydrated = "true";
}
