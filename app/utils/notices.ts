// Success messages shown after a redirect, named in the URL (`?notice=…`) so they work without
// JavaScript or cookies. Only these fixed texts can be shown: the URL cannot inject words.
const NOTICES = {
  "signed-out": "You have signed out.",
  "email-confirmed": "Your email address is confirmed. Welcome to the Health Equity Funding Portal.",
  "password-reset": "Your password has been changed. Sign in with your new password.",
  "password-changed": "Your password has been changed. You have been signed out on your other devices.",
  "sessions-ended": "You have been signed out on your other devices.",
  "access-updated": "The account has been updated.",
  "user-signed-out": "The person has been signed out on every device.",
  "ward-updated": "The ward has been updated.",
  "message-retried": "The email has been put back in the queue.",
  "contact-updated": "The contact email has been saved.",
} as const;

export type NoticeKey = keyof typeof NOTICES;

export function noticeText(key: string | null): string | null {
  return key && key in NOTICES ? NOTICES[key as NoticeKey] : null;
}

export const withNotice = (path: string, key: NoticeKey) => `${path}${path.includes("?") ? "&" : "?"}notice=${key}`;
