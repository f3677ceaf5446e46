import type { PaymentRow } from '../../db/schema.ts';
import { locales, messages, type Lang, type Messages } from './checkout.messages.ts';
import { groupedCardNumber, TEST_CARDS } from './test-cards.ts';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const formatAmount = (payment: PaymentRow, lang: Lang) =>
  new Intl.NumberFormat(locales[lang], { style: 'currency', currency: payment.currency.toUpperCase() }).format(payment.amountCents / 100);

export type CardField = 'cardNumber' | 'expiry' | 'cvc';
export type CardForm = Record<CardField, string>;
export type CardErrors = Partial<Record<CardField, string>>;

export interface PageLinks {
  /** This page's path, without the query. */
  path: string;
  /** The app page to go back to, outcome not yet appended. */
  returnUrl: string;
}

/** No inline script or style anywhere: the pages work under a strict Content-Security-Policy. */
function layout(lang: Lang, links: PageLinks, body: string): string {
  const t = messages[lang];
  const otherLang: Lang = lang === 'fr' ? 'en' : 'fr';
  const back = new URL(links.returnUrl);
  back.searchParams.set('payment', 'cancelled');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="/sandbox/checkout.css">
</head>
<body>
<main>
<p class="test-mode">${escapeHtml(t.testMode)}</p>
${body}
<nav>
<a href="${escapeHtml(back.toString())}">${escapeHtml(t.back)}</a>
<a href="${escapeHtml(`${links.path}?lang=${otherLang}`)}" lang="${otherLang}" hreflang="${otherLang}">${escapeHtml(t.otherLang)}</a>
</nav>
</main>
</body>
</html>`;
}

function field(t: Messages, name: CardField, form: CardForm, errors: CardErrors, attributes: string): string {
  const error = errors[name];
  const describedBy = error ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  return `<div class="field">
<label for="${name}">${escapeHtml(t[name])}</label>
<input id="${name}" name="${name}" value="${escapeHtml(form[name])}" required ${attributes}${describedBy}>
${error ? `<p id="${name}-error" class="error">${escapeHtml(error)}</p>` : ''}
</div>`;
}

export function checkoutPage(lang: Lang, links: PageLinks, payment: PaymentRow, form: CardForm, errors: CardErrors = {}): string {
  const t = messages[lang];
  const amount = formatAmount(payment, lang);
  const problems = Object.values(errors);
  const summary = problems.length
    ? `<div class="errors" role="alert"><p>${escapeHtml(t.errorsTitle)}</p><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`
    : '';
  const cards = Object.entries(TEST_CARDS)
    .map(([digits, behaviour]) => `<li><code>${groupedCardNumber(digits)}</code> — ${escapeHtml(t.behaviours[behaviour])}</li>`)
    .join('');
  return layout(
    lang,
    links,
    `<h1>${escapeHtml(t.pay(amount))}</h1>
<p>${escapeHtml(t.attempt(payment.attempt))}</p>
<form method="post" action="${escapeHtml(`${links.path}?lang=${lang}`)}" novalidate>
${summary}
${field(t, 'cardNumber', form, errors, 'inputmode="numeric" autocomplete="cc-number"')}
${field(t, 'expiry', form, errors, 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM/AA"')}
${field(t, 'cvc', form, errors, 'inputmode="numeric" autocomplete="cc-csc"')}
<button type="submit">${escapeHtml(t.pay(amount))}</button>
</form>
<section aria-labelledby="test-cards">
<h2 id="test-cards">${escapeHtml(t.testCards)}</h2>
<ul>${cards}</ul>
<p>${escapeHtml(t.anyExpiry)}</p>
</section>`,
  );
}

/** The extra step some cards ask for (3-D Secure in Stripe's world). */
export function confirmPage(lang: Lang, links: PageLinks, payment: PaymentRow): string {
  const t = messages[lang];
  return layout(
    lang,
    links,
    `<h1>${escapeHtml(t.confirmTitle)}</h1>
<p>${escapeHtml(t.confirmText(formatAmount(payment, lang)))}</p>
<form method="post" action="${escapeHtml(`${links.path}/confirm?lang=${lang}`)}">
<button type="submit" name="decision" value="confirm">${escapeHtml(t.confirm)}</button>
<button type="submit" name="decision" value="refuse" class="secondary">${escapeHtml(t.refuse)}</button>
</form>`,
  );
}

export function messagePage(lang: Lang, links: PageLinks, text: string): string {
  return layout(lang, links, `<h1>${escapeHtml(messages[lang].title)}</h1>\n<p role="status">${escapeHtml(text)}</p>`);
}

export const CHECKOUT_CSS = `
body { font-family: system-ui, sans-serif; background: #f5f5f7; color: #1d1d1f; margin: 0; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: .75rem; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.test-mode { background: #fff4ce; color: #5c4400; padding: .5rem .75rem; border-radius: .375rem; font-size: .9rem; }
.field { margin: 1rem 0; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input { width: 100%; box-sizing: border-box; font-size: 1rem; padding: .6rem; border: 1px solid #8a8a8e; border-radius: .375rem; }
input[aria-invalid="true"] { border-color: #b3261e; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.error, .errors { color: #b3261e; }
button { font-size: 1rem; padding: .7rem 1.2rem; border: 0; border-radius: .375rem; background: #0b57d0; color: #fff; cursor: pointer; margin-right: .5rem; }
button.secondary { background: #e8e8ed; color: #1d1d1f; }
nav { display: flex; justify-content: space-between; margin-top: 1.5rem; }
code { font-size: .95rem; }
`;
