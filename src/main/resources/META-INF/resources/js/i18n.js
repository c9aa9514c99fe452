// English and Japanese UI text. Static text is marked up with data-i18n (textContent),
// data-i18n-placeholder and data-i18n-title; dynamic text goes through t(key, params).

const MESSAGES = {
  en: {
    'app.tagline': 'real-time hub',
    'nav.admin': 'Admin',
    'nav.main': 'Main page',
    'lang.toggle': '日本語',
    'state.disconnected': 'Disconnected',
    'state.connecting': 'Connecting…',
    'state.connected': 'Connected',
    'state.reconnecting': 'Reconnecting in {s} s (attempt {n})',
    'stat.users': 'online',
    'stat.latency': 'latency',
    'stat.tick': 'tick',
    'stat.latency.title': 'Average ping/pong round trip over the last 30 samples',
    'conn.title': 'Connection',
    'conn.name': 'Your name',
    'conn.name.placeholder': 'e.g. Aiko',
    'conn.name.hint': 'Leave empty for a guest name. Editable while disconnected.',
    'conn.token': 'Access token',
    'conn.token.placeholder': 'only if the server requires sign-in',
    'conn.tokenExpired': 'Your access token has expired',
    'conn.tokenExpired.body': 'Paste a new token and connect again.',
    'conn.connect': 'Connect',
    'conn.disconnect': 'Disconnect',
    'conn.serverClose': 'Ask server to close',
    'conn.serverClose.title': 'Sends "disconnect": the server closes the connection and the page reconnects',
    'conn.id': 'Connection id',
    'conn.node': 'Node',
    'conn.version': 'Version',
    'conn.badName': 'A name is 1-32 printable characters.',
    'msg.title': 'Messages',
    'msg.echo': 'Echo',
    'msg.echo.placeholder': 'Sent back to you only',
    'msg.echo.send': 'Echo',
    'msg.broadcast': 'Broadcast',
    'msg.broadcast.placeholder': 'Text for everyone',
    'msg.broadcast.send': 'Broadcast',
    'msg.notToMe': 'not to me',
    'rooms.title': 'Rooms',
    'rooms.name.placeholder': 'Room name, e.g. lobby',
    'rooms.join': 'Join',
    'rooms.none': 'You are not in any room yet.',
    'rooms.members': '{n} members',
    'rooms.leave': 'Leave',
    'rooms.close': 'Close',
    'rooms.close.title': 'Close the room for every member',
    'rooms.publish.placeholder': 'Message to the room',
    'rooms.publish': 'Publish',
    'rooms.publishTo': 'Room',
    'text.title': 'Shared text',
    'text.doc': 'Document',
    'text.rev': 'rev {rev}',
    'text.synced': 'in sync',
    'text.sending': 'sending…',
    'text.composing': 'composing…',
    'text.offline': 'offline',
    'text.loading': 'loading…',
    'text.placeholder': 'Type here together. Everyone connected sees the same text.',
    'text.resync': 'Shared text resynchronised from the server.',
    'notify.title': 'Notifications',
    'notify.titleField.placeholder': 'Title',
    'notify.body.placeholder': 'Body (optional)',
    'notify.send': 'Notify everyone',
    'notify.enable': 'Enable system notifications',
    'notify.perm.granted': 'System notifications are on.',
    'notify.perm.denied': 'System notifications are blocked; notifications appear in the page.',
    'notify.perm.default': 'Notifications appear in the page until you enable system notifications.',
    'notify.perm.unsupported': 'This browser has no system notifications; they appear in the page.',
    'log.title': 'Received',
    'log.clear': 'Clear',
    'log.frequent': 'show pong, tick, text edits',
    'log.empty': 'Nothing received yet.',
    'log.system': 'shown as a system notification',
    'log.toast': 'shown in the page',
    'error.prefix': 'Error',
    'toast.close': 'Dismiss',
    'admin.title': 'Hibiki admin',
    'admin.connections': 'Connections',
    'admin.rooms': 'Rooms',
    'admin.inRate': 'Messages in / s',
    'admin.outRate': 'Messages out / s',
    'admin.uptime': 'Uptime',
    'admin.node': 'Node',
    'admin.version': 'Version',
    'admin.totals': 'Totals: {in} in, {out} out',
    'admin.chart': 'Last {m} minutes',
    'admin.roomList': 'Rooms and members',
    'admin.room': 'Room',
    'admin.members': 'Members',
    'admin.noRooms': 'No rooms open.',
    'admin.live': 'live',
    'admin.stale': 'server unreachable',
    'admin.updated': 'updated {time}',
  },
  ja: {
    'app.tagline': 'リアルタイム・ハブ',
    'nav.admin': '管理',
    'nav.main': 'メインページ',
    'lang.toggle': 'English',
    'state.disconnected': '未接続',
    'state.connecting': '接続中…',
    'state.connected': '接続済み',
    'state.reconnecting': '{s} 秒後に再接続 (試行 {n} 回目)',
    'stat.users': '人が接続中',
    'stat.latency': '遅延',
    'stat.tick': 'ティック',
    'stat.latency.title': '直近 30 回の ping/pong 往復時間の平均',
    'conn.title': '接続',
    'conn.name': 'あなたの名前',
    'conn.name.placeholder': '例: あいこ',
    'conn.name.hint': '空欄ならゲスト名になります。未接続のときに変更できます。',
    'conn.token': 'アクセストークン',
    'conn.token.placeholder': 'サーバーがサインインを求める場合のみ',
    'conn.tokenExpired': 'アクセストークンの有効期限が切れました',
    'conn.tokenExpired.body': '新しいトークンを貼り付けて、もう一度接続してください。',
    'conn.connect': '接続',
    'conn.disconnect': '切断',
    'conn.serverClose': 'サーバーから切断',
    'conn.serverClose.title': '"disconnect" を送ります。サーバーが接続を閉じ、ページは再接続します',
    'conn.id': '接続 ID',
    'conn.node': 'ノード',
    'conn.version': 'バージョン',
    'conn.badName': '名前は 1〜32 文字の表示可能な文字です。',
    'msg.title': 'メッセージ',
    'msg.echo': 'エコー',
    'msg.echo.placeholder': 'サーバーがそのまま返すテキスト',
    'msg.echo.send': 'エコー',
    'msg.broadcast': 'ブロードキャスト',
    'msg.broadcast.placeholder': '全員へのテキスト',
    'msg.broadcast.send': '全員に送信',
    'msg.notToMe': '自分には送らない',
    'rooms.title': 'ルーム',
    'rooms.name.placeholder': 'ルーム名 (例: ロビー)',
    'rooms.join': '参加',
    'rooms.none': 'まだどのルームにも参加していません。',
    'rooms.members': 'メンバー {n} 人',
    'rooms.leave': '退出',
    'rooms.close': '閉じる',
    'rooms.close.title': '全メンバーに対してルームを閉じます',
    'rooms.publish.placeholder': 'ルームへのメッセージ',
    'rooms.publish': '投稿',
    'rooms.publishTo': 'ルーム',
    'text.title': '共有テキスト',
    'text.doc': 'ドキュメント',
    'text.rev': 'リビジョン {rev}',
    'text.synced': '同期済み',
    'text.sending': '送信中…',
    'text.composing': '変換中…',
    'text.offline': 'オフライン',
    'text.loading': '読み込み中…',
    'text.placeholder': 'みんなで一緒に入力できます。接続中の全員に同じテキストが見えます。',
    'text.resync': '共有テキストをサーバーから再同期しました。',
    'notify.title': '通知',
    'notify.titleField.placeholder': 'タイトル',
    'notify.body.placeholder': '本文 (任意)',
    'notify.send': '全員に通知',
    'notify.enable': 'システム通知を有効にする',
    'notify.perm.granted': 'システム通知は有効です。',
    'notify.perm.denied': 'システム通知はブロックされています。通知はページ内に表示されます。',
    'notify.perm.default': 'システム通知を有効にするまで、通知はページ内に表示されます。',
    'notify.perm.unsupported': 'このブラウザはシステム通知に対応していません。通知はページ内に表示されます。',
    'log.title': '受信ログ',
    'log.clear': 'クリア',
    'log.frequent': 'pong・tick・テキスト編集も表示',
    'log.empty': 'まだ何も受信していません。',
    'log.system': 'システム通知で表示',
    'log.toast': 'ページ内に表示',
    'error.prefix': 'エラー',
    'toast.close': '閉じる',
    'admin.title': 'Hibiki 管理',
    'admin.connections': '接続数',
    'admin.rooms': 'ルーム数',
    'admin.inRate': '受信メッセージ / 秒',
    'admin.outRate': '送信メッセージ / 秒',
    'admin.uptime': '稼働時間',
    'admin.node': 'ノード',
    'admin.version': 'バージョン',
    'admin.totals': '累計: 受信 {in} / 送信 {out}',
    'admin.chart': '直近 {m} 分',
    'admin.roomList': 'ルームとメンバー数',
    'admin.room': 'ルーム',
    'admin.members': 'メンバー',
    'admin.noRooms': '開いているルームはありません。',
    'admin.live': 'ライブ',
    'admin.stale': 'サーバーに接続できません',
    'admin.updated': '{time} 更新',
  },
};

const STORAGE_KEY = 'hibiki.lang';
const listeners = new Set();
let current = initialLanguage();

function initialLanguage() {
  const saved = safeStorage(() => localStorage.getItem(STORAGE_KEY));
  if (saved && MESSAGES[saved]) return saved;
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (MESSAGES[base]) return base;
  }
  return 'en';
}

function safeStorage(fn) {
  try { return fn(); } catch { return null; } // storage can be disabled (private mode, file://)
}

export function language() { return current; }

export function t(key, params = {}) {
  const text = MESSAGES[current][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Re-renders every marked element; call after building DOM that carries data-i18n attributes. */
export function translate(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

export function setLanguage(lang) {
  if (!MESSAGES[lang]) return;
  current = lang;
  safeStorage(() => localStorage.setItem(STORAGE_KEY, lang));
  translate();
  for (const fn of listeners) fn(lang);
}

export function toggleLanguage() {
  setLanguage(current === 'ja' ? 'en' : 'ja');
}

/** Called after every language change, for text rendered from state. */
export function onLanguageChange(fn) { listeners.add(fn); }

/** Formats a time of day in the UI language. */
export function time(date) {
  return new Date(date).toLocaleTimeString(current === 'ja' ? 'ja-JP' : 'en-GB');
}
