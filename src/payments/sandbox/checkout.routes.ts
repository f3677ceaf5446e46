import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/client.ts';
import { isPayable } from '../payment-status.ts';
import { returnUrlOf } from '../payments.flows.ts';
import type { PaymentRow } from '../../db/schema.ts';
import { sandboxPaymentForCheckout } from '../payments.service.ts';
import { cardFormErrors, readCardForm } from './card-form.ts';
import { langOf, messages, type Lang } from './checkout.messages.ts';
import { CHECKOUT_CSS, checkoutPage, confirmPage, messagePage, type PageLinks } from './checkout.page.ts';
import { checkoutPathOf } from './sandbox.provider.ts';
import { cardBehaviour } from './test-cards.ts';
import { newSandboxEvent, type SandboxWebhookSender } from './webhook-sender.ts';

interface Options {
  db: Db;
  publicUrl: string;
  sender: SandboxWebhookSender;
  /** The signed-in account of a request: the checkout is the payer's own, as Stripe's is the payer's browser's. */
  payerOf: (request: FastifyRequest) => Promise<Actor | undefined>;
}

type Outcome = 'done' | 'failed';

/**
 * The sandbox's hosted checkout: server-rendered pages with plain HTML forms (no script), French by
 * default and English with `?lang=en`. Submitting a test card answers the payer at once and sends
 * the verdict to Accord's webhook in the background, as a real provider does.
 */
export function sandboxCheckoutRoutes(app: FastifyInstance, { db, publicUrl, sender, payerOf }: Options): void {
  const appOrigin = new URL(publicUrl).origin;
  const securityHeaders = {
    'content-security-policy': `default-src 'none'; style-src 'self'; form-action 'self' ${appOrigin}; base-uri 'none'; frame-ancestors 'none'`,
    // The payment id in the URL is the page's key: it must not leak to other sites. Not
    // `no-referrer`: with it, browsers send `Origin: null` on the card form's POST, which the
    // origin check (CSRF defence) then refuses.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const sendHtml = (reply: FastifyReply, status: number, html: string) =>
    reply.status(status).headers(securityHeaders).type('text/html; charset=utf-8').send(html);

  const linksOf = (payment: PaymentRow | undefined, paymentId: string): PageLinks => ({
    path: checkoutPathOf(paymentId),
    returnUrl: payment ? returnUrlOf(publicUrl, payment.meetSessionId) : publicUrl,
  });

  const backToApp = (reply: FastifyReply, payment: PaymentRow, outcome: Outcome) => {
    const url = new URL(returnUrlOf(publicUrl, payment.meetSessionId));
    url.searchParams.set('payment', outcome);
    return reply.redirect(url.toString(), 303);
  };

  const succeed = (payment: PaymentRow) =>
    sender.send([newSandboxEvent('payment.processing', payment.id), newSandboxEvent('payment.succeeded', payment.id)]);
  const fail = (payment: PaymentRow, failureCode: string) => sender.send([newSandboxEvent('payment.failed', payment.id, failureCode)]);

  /** The payer's payable payment, or the page saying why there is nothing to pay (to anyone else: none). */
  async function payable(request: FastifyRequest<{ Params: { paymentId: string } }>, reply: FastifyReply, lang: Lang): Promise<PaymentRow | undefined> {
    const paymentId = request.params.paymentId;
    const payment = await sandboxPaymentForCheckout(db, await payerOf(request), paymentId);
    const t = messages[lang];
    if (!payment) return void (await sendHtml(reply, 404, messagePage(lang, linksOf(undefined, paymentId), t.notFound)));
    if (isPayable(payment.status)) return payment;
    await sendHtml(reply, 409, messagePage(lang, linksOf(payment, paymentId), t.settled[payment.status]));
    return undefined;
  }

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get('/sandbox/checkout.css', (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CHECKOUT_CSS));

    scope.get<{ Params: { paymentId: string } }>('/sandbox/checkout/:paymentId', async (request, reply) => {
      const lang = langOf(request.query);
      const payment = await payable(request, reply, lang);
      if (payment) return sendHtml(reply, 200, checkoutPage(lang, linksOf(payment, payment.id), payment, { cardNumber: '', expiry: '', cvc: '' }));
      return reply;
    });

    scope.post<{ Params: { paymentId: string } }>('/sandbox/checkout/:paymentId', async (request, reply) => {
      const lang = langOf(request.query);
      const payment = await payable(request, reply, lang);
      if (!payment) return reply;
      const form = readCardForm(request.body);
      const errors = cardFormErrors(form, messages[lang]);
      if (Object.keys(errors).length > 0) return sendHtml(reply, 400, checkoutPage(lang, linksOf(payment, payment.id), payment, form, errors));

      switch (cardBehaviour(form.cardNumber)!) {
        case 'succeeds':
          succeed(payment);
          return backToApp(reply, payment, 'done');
        case 'declined':
          fail(payment, 'card_declined');
          return backToApp(reply, payment, 'failed');
        case 'requires_confirmation':
          return sendHtml(reply, 200, confirmPage(lang, linksOf(payment, payment.id), payment));
      }
    });

    scope.post<{ Params: { paymentId: string } }>('/sandbox/checkout/:paymentId/confirm', async (request, reply) => {
      const lang = langOf(request.query);
      const payment = await payable(request, reply, lang);
      if (!payment) return reply;
      if ((request.body as { decision?: unknown } | undefined)?.decision === 'confirm') {
        succeed(payment);
        return backToApp(reply, payment, 'done');
      }
      fail(payment, 'authentication_failed');
      return backToApp(reply, payment, 'failed');
    });
  });
}
