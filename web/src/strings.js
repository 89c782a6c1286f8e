// Every string the element shows of its own (not the server's words), in one table per language.
// `locale` (ChatKitOptions) picks the table: an exact tag, else its language ('fr-CA' → 'fr'), else
// English. A missing key falls back to English too, so a partial translation never shows a key.

/** @typedef {keyof typeof EN} StringKey */
/** @typedef {(key: StringKey, vars?: Record<string, string>) => string} Translate */

const EN = {
  newChat: 'New chat',
  chats: 'Chats',
  showHistory: 'Show chats',
  hideHistory: 'Hide chats',
  loadMore: 'Load more',
  loadOlder: 'Load earlier messages',
  rename: 'Rename',
  renameThread: 'Rename {title}',
  delete: 'Delete',
  deleteThread: 'Delete {title}',
  confirmDelete: 'Delete “{title}”?',
  chatTitle: 'Chat title',
  save: 'Save',
  cancel: 'Cancel',
  message: 'Message',
  skipToComposer: 'Skip to the message box',
  placeholder: 'Message the AI',
  send: 'Send',
  stop: 'Stop',
  greeting: 'What can I help with today?',
  messages: 'Messages',
  messageActions: 'Message actions',
  copy: 'Copy',
  copyMessage: 'Copy message',
  goodResponse: 'Good response',
  badResponse: 'Bad response',
  retry: 'Retry',
  retryResponse: 'Retry this answer',
  dismiss: 'Dismiss',
  somethingWrong: 'Something went wrong',
  loading: 'Loading…',
  closed: 'This chat is closed.',
  locked: 'This chat is locked.',
  unreachable: 'The server cannot be reached.',
  notCompleted: 'The answer could not be completed.',
  connectionLost: 'The connection was lost and could not be resumed.',
  waitForAnswer: 'Wait for the answer to finish, then try again.',
  actionGone: 'This action is not available: its widget is no longer shown.',
  actionRefused: 'This action is not available: {reason}',
  tool: 'Tool',
  noTool: 'No tool',
  model: 'Model',
  suggestions: 'Suggestions',
  noMatches: 'No matches',
  cannotStart: 'The chat could not start: {reason}',
  clientToolFailed: 'The app could not run {name}: {reason}',
  attach: 'Attach files',
  remove: 'Remove',
  removeFile: 'Remove {name}',
  uploading: 'Uploading {name}',
  uploadFailed: '{name} could not be uploaded: {reason}',
  tooManyFiles: 'At most {count} files can be attached to a message.',
  fileTooLarge: '{name} is too large ({size}; at most {limit}).',
  fileTypeRefused: '{name} cannot be attached: files of type {type} are not accepted here.',
  waitForUploads: 'Wait until the files are uploaded, then send.',
  dictate: 'Dictate',
  stopDictation: 'Stop dictation',
  listening: 'Listening… press the microphone again to stop.',
  transcribing: 'Turning your words into text…',
  microphoneRefused: 'The microphone is not available: allow it for this page to dictate.',
};

/** @type {Record<string, Partial<Record<StringKey, string>>>} */
const TRANSLATIONS = {
  en: EN,
  fr: {
    newChat: 'Nouvelle discussion', chats: 'Discussions', showHistory: 'Afficher les discussions',
    hideHistory: 'Masquer les discussions', loadMore: 'Charger plus', loadOlder: 'Charger les messages précédents',
    rename: 'Renommer', renameThread: 'Renommer {title}', delete: 'Supprimer', deleteThread: 'Supprimer {title}',
    confirmDelete: 'Supprimer « {title} » ?', chatTitle: 'Titre de la discussion', save: 'Enregistrer', cancel: 'Annuler',
    message: 'Message', placeholder: 'Écrire à l’IA', send: 'Envoyer', stop: 'Arrêter',
    greeting: 'Comment puis-je vous aider aujourd’hui ?', messages: 'Messages', copy: 'Copier',
    copyMessage: 'Copier le message', goodResponse: 'Bonne réponse', badResponse: 'Mauvaise réponse', retry: 'Réessayer',
    dismiss: 'Fermer', somethingWrong: 'Une erreur s’est produite', loading: 'Chargement…', tool: 'Outil',
    noTool: 'Aucun outil', model: 'Modèle', unreachable: 'Le serveur est injoignable.',
  },
  de: {
    newChat: 'Neuer Chat', chats: 'Chats', showHistory: 'Chats anzeigen', hideHistory: 'Chats ausblenden',
    loadMore: 'Mehr laden', loadOlder: 'Frühere Nachrichten laden', rename: 'Umbenennen', delete: 'Löschen',
    save: 'Speichern', cancel: 'Abbrechen', message: 'Nachricht', placeholder: 'Nachricht an die KI', send: 'Senden',
    stop: 'Stopp', greeting: 'Wobei kann ich heute helfen?', copy: 'Kopieren', retry: 'Erneut versuchen',
    dismiss: 'Schließen', somethingWrong: 'Etwas ist schiefgelaufen', loading: 'Wird geladen…', tool: 'Werkzeug',
    noTool: 'Kein Werkzeug', model: 'Modell',
  },
  es: {
    newChat: 'Nuevo chat', chats: 'Chats', showHistory: 'Mostrar chats', hideHistory: 'Ocultar chats',
    loadMore: 'Cargar más', rename: 'Cambiar nombre', delete: 'Eliminar', save: 'Guardar', cancel: 'Cancelar',
    message: 'Mensaje', placeholder: 'Escribe a la IA', send: 'Enviar', stop: 'Detener',
    greeting: '¿En qué puedo ayudarte hoy?', copy: 'Copiar', retry: 'Reintentar', dismiss: 'Cerrar',
    somethingWrong: 'Algo salió mal', loading: 'Cargando…', tool: 'Herramienta', noTool: 'Sin herramienta', model: 'Modelo',
  },
  ar: {
    newChat: 'محادثة جديدة', chats: 'المحادثات', showHistory: 'عرض المحادثات', hideHistory: 'إخفاء المحادثات',
    loadMore: 'تحميل المزيد', rename: 'إعادة التسمية', delete: 'حذف', save: 'حفظ', cancel: 'إلغاء', message: 'رسالة',
    placeholder: 'راسل الذكاء الاصطناعي', send: 'إرسال', stop: 'إيقاف', greeting: 'كيف يمكنني مساعدتك اليوم؟',
    copy: 'نسخ', retry: 'إعادة المحاولة', dismiss: 'إغلاق', somethingWrong: 'حدث خطأ ما', loading: 'جارٍ التحميل…',
    tool: 'أداة', noTool: 'بلا أداة', model: 'النموذج',
  },
  ja: {
    newChat: '新しいチャット', chats: 'チャット', loadMore: 'さらに読み込む', rename: '名前を変更', delete: '削除',
    save: '保存', cancel: 'キャンセル', message: 'メッセージ', placeholder: 'AI にメッセージ', send: '送信', stop: '停止',
    greeting: '今日はどのようにお手伝いできますか?', copy: 'コピー', retry: '再試行', loading: '読み込み中…',
  },
};

// Languages written right to left, among ChatKit's supported locales (and a few more).
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi']);

/**
 * The table for a locale tag: { t, lang, dir }.
 * @param {string | undefined} locale a BCP 47 tag; undefined: the browser's
 * @returns {{ t: Translate, lang: string, dir: 'ltr' | 'rtl' }}
 */
export function strings(locale) {
  const tag = locale || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
  const language = tag.toLowerCase().split('-')[0] ?? 'en';
  const table = TRANSLATIONS[tag] ?? TRANSLATIONS[language] ?? EN;
  /** @type {Translate} */
  const t = (key, vars = {}) => (table[key] ?? EN[key]).replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? '');
  return { t, lang: tag, dir: RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr' };
}

/** English, for code that runs before any options arrive. @type {Translate} */
export const english = strings('en').t;
