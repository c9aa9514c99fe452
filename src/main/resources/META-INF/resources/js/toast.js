// In-page toasts: short messages in a corner, built with textContent only (server text is data).

import { t } from './i18n.js';

const SHOW_MS = 6000;

function container() {
  let box = document.getElementById('toasts');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toasts';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    document.body.append(box);
  }
  return box;
}

/** Shows a toast with a title and optional body; kind is 'info', 'notification' or 'error'. */
export function toast(title, body = '', kind = 'info') {
  const el = document.createElement('div');
  el.className = `toast toast-${kind}`;
  const text = document.createElement('div');
  text.className = 'toast-text';
  const strong = document.createElement('strong');
  strong.textContent = title;
  text.append(strong);
  if (body) {
    const p = document.createElement('p');
    p.textContent = body;
    text.append(p);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.textContent = '×';
  close.title = t('toast.close');
  close.setAttribute('aria-label', t('toast.close'));
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  el.append(text, close);
  container().prepend(el);
  setTimeout(remove, SHOW_MS);
  return el;
}
