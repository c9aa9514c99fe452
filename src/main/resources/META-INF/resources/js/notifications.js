// Incoming `notification` frames become system notifications when the user allowed them, and
// in-page toasts otherwise. Permission is only ever requested from a click (a user gesture), never
// on page load: browsers penalise pages that ask unprompted, and people dislike it.

import { toast } from './toast.js';

export function supported() {
  return typeof window.Notification === 'function';
}

/** 'granted', 'denied', 'default' or 'unsupported'. */
export function permission() {
  return supported() ? Notification.permission : 'unsupported';
}

/** Must be called from a click handler. Resolves to the resulting permission. */
export async function requestPermission() {
  if (!supported() || Notification.permission !== 'default') return permission();
  try {
    return await Notification.requestPermission();
  } catch {
    return permission();
  }
}

/** Only http(s) icons on this origin or elsewhere; other schemes from the wire are ignored. */
function safeIcon(icon) {
  if (typeof icon !== 'string' || !icon) return undefined;
  try {
    const url = new URL(icon, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Shows one notification frame; returns 'system' or 'toast' (how it was shown). */
export function show(frame) {
  const title = String(frame.title ?? '');
  const body = frame.body == null ? '' : String(frame.body);
  if (permission() === 'granted') {
    try {
      const options = { body, data: frame.data ?? null };
      const icon = safeIcon(frame.icon);
      if (icon) options.icon = icon;
      if (typeof frame.tag === 'string' && frame.tag) options.tag = frame.tag;
      const n = new Notification(title, options);
      n.onclick = () => { window.focus(); n.close(); };
      return 'system';
    } catch {
      // Some browsers (Chrome on Android) only allow notifications from a service worker.
    }
  }
  toast(title, body, 'notification');
  return 'toast';
}
