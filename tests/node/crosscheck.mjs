// SPDX-License-Identifier: MIT
// Runs the webhook providers' own libraries for tests/signatures/tst_signaturecrosscheck.
// Reads one job from stdin: {"scheme": NAME, "cases": [CASE...]} and writes {"results": [RESULT...]}.
//   {"op":"verify", "body": BASE64, "headers": {...}, "secret": S, "url": U, "now": UNIX}  -> {"ok": bool, "error": S}
//   {"op":"sign", "body": BASE64, "secret": S, "timestamp": UNIX, "id": ID, "url": U}    -> {"headers": {...}, "url": U}
// One process per scheme keeps the suite fast; every library is loaded only for its own scheme.
import { createRequire } from 'node:module';
import crypto from 'node:crypto';

const require = createRequire(import.meta.url);

const header = (headers, name) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : headers[key];
};

// The providers whose libraries only verify get their signatures from Node's crypto, by the documented recipe.
const hmac = (algorithm, key, message, encoding) => crypto.createHmac(algorithm, key).update(message).digest(encoding);

// Standard Webhooks v1a has no JavaScript library: Node's Ed25519, with the spec's key formats.
const ed25519 = {
    privateKey(secret) {
        const seed = Buffer.from(secret.replace(/^whsk_/, ''), 'base64').subarray(0, 32);
        const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
        return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    },
    publicKey(secret) {
        if (secret.startsWith('whsk_'))
            return crypto.createPublicKey(ed25519.privateKey(secret));
        const raw = Buffer.from(secret.replace(/^whpk_/, ''), 'base64');
        const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
        return crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
    },
};

const schemes = {
    async github() {
        const octokit = await import('@octokit/webhooks-methods');
        return {
            verify: async (c, body) => octokit.verify(c.secret, body.toString('utf8'), header(c.headers, 'X-Hub-Signature-256') ?? ''),
            sign: async (c, body) => ({ 'X-Hub-Signature-256': await octokit.sign(c.secret, body.toString('utf8')) }),
        };
    },
    async 'github-sha1'() {
        // @octokit/webhooks-methods dropped SHA-1; GitHub documents it as sha1=<hex HMAC-SHA1>.
        return {
            verify: async (c, body) => {
                const expected = Buffer.from('sha1=' + hmac('sha1', c.secret, body, 'hex'));
                const got = Buffer.from(header(c.headers, 'X-Hub-Signature') ?? '');
                return got.length === expected.length && crypto.timingSafeEqual(got, expected);
            },
            sign: async (c, body) => ({ 'X-Hub-Signature': 'sha1=' + hmac('sha1', c.secret, body, 'hex') }),
        };
    },
    async stripe() {
        const Stripe = require('stripe');
        const stripe = new Stripe('sk_test_crosscheck');
        return {
            verify: async (c, body) => {
                stripe.webhooks.constructEvent(body.toString('utf8'), header(c.headers, 'Stripe-Signature'), c.secret, 300,
                    undefined, c.now * 1000);
                return true;
            },
            sign: async (c, body) => ({
                'Stripe-Signature': stripe.webhooks.generateTestHeaderString({
                    payload: body.toString('utf8'), secret: c.secret, timestamp: c.timestamp }),
            }),
        };
    },
    async standard() {
        const { Webhook } = require('standardwebhooks');
        return {
            verify: async (c, body) => {
                new Webhook(c.secret).verify(body.toString('utf8'), c.headers);
                return true;
            },
            sign: async (c, body) => ({
                'webhook-id': c.id,
                'webhook-timestamp': String(c.timestamp),
                'webhook-signature': new Webhook(c.secret).sign(c.id, new Date(c.timestamp * 1000), body.toString('utf8')),
            }),
        };
    },
    async svix() {
        const { Webhook } = require('svix');
        return {
            verify: async (c, body) => {
                new Webhook(c.secret).verify(body.toString('utf8'), c.headers);
                return true;
            },
            sign: async (c, body) => ({
                'svix-id': c.id,
                'svix-timestamp': String(c.timestamp),
                'svix-signature': new Webhook(c.secret).sign(c.id, new Date(c.timestamp * 1000), body.toString('utf8')),
            }),
        };
    },
    async 'standard-ed25519'() {
        return {
            verify: async (c, body) => {
                const ts = Number(header(c.headers, 'webhook-timestamp'));
                if (!(Math.abs(c.now - ts) <= 300))
                    return false;
                const message = Buffer.concat([Buffer.from(`${header(c.headers, 'webhook-id')}.${ts}.`), body]);
                const key = ed25519.publicKey(c.secret);
                return (header(c.headers, 'webhook-signature') ?? '').split(' ').some((entry) => {
                    const [version, signature] = entry.split(',');
                    return version === 'v1a' && crypto.verify(null, message, key, Buffer.from(signature ?? '', 'base64'));
                });
            },
            sign: async (c, body) => {
                const message = Buffer.concat([Buffer.from(`${c.id}.${c.timestamp}.`), body]);
                const signature = crypto.sign(null, message, ed25519.privateKey(c.secret)).toString('base64');
                return { 'webhook-id': c.id, 'webhook-timestamp': String(c.timestamp), 'webhook-signature': `v1a,${signature}` };
            },
        };
    },
    async shopify() {
        // The web adapter uses the global Web Crypto, which Node 18 (Debian 12) only has as crypto.webcrypto.
        if (!globalThis.crypto?.subtle)
            globalThis.crypto = crypto.webcrypto;
        require('@shopify/shopify-api/adapters/web-api');
        const { shopifyApi, ApiVersion } = require('@shopify/shopify-api');
        const { getHmac } = require('@shopify/shopify-api/test-helpers');
        const versions = Object.values(ApiVersion);
        const apiVersion = versions[versions.length - 1];
        return {
            verify: async (c, body) => {
                const shopify = shopifyApi({ apiKey: 'key', apiSecretKey: c.secret, scopes: [], hostName: 'hooks.example.com',
                    apiVersion, isEmbeddedApp: false, logger: { level: 0, log: () => {} } });
                // The library also wants the topic, shop, version and id headers Shopify sends with every webhook.
                const headers = { ...c.headers, 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Shop-Domain': 'shop.myshopify.com',
                    'X-Shopify-API-Version': apiVersion, 'X-Shopify-Webhook-Id': 'b54557e4' };
                const rawRequest = new Request('https://hooks.example.com/shopify', { method: 'POST', headers, body });
                const result = await shopify.webhooks.validate({ rawBody: body.toString('utf8'), rawRequest });
                return result.valid === true;
            },
            sign: async (c, body) => ({ 'X-Shopify-Hmac-Sha256': getHmac(body.toString('utf8'), c.secret) }),
        };
    },
    async slack() {
        const { verifySlackRequest } = require('@slack/bolt');
        return {
            verify: async (c, body) => {
                verifySlackRequest({ signingSecret: c.secret, body: body.toString('utf8'), nowMilliseconds: c.now * 1000,
                    headers: { 'x-slack-signature': header(c.headers, 'X-Slack-Signature'),
                        'x-slack-request-timestamp': Number(header(c.headers, 'X-Slack-Request-Timestamp')) } });
                return true;
            },
            // Bolt only verifies; the signature follows Slack's documented v0 recipe.
            sign: async (c, body) => ({
                'X-Slack-Request-Timestamp': String(c.timestamp),
                'X-Slack-Signature': 'v0=' + hmac('sha256', c.secret, Buffer.concat([Buffer.from(`v0:${c.timestamp}:`), body]), 'hex'),
            }),
        };
    },
    async twilio() {
        const twilio = require('twilio');
        const isForm = (c) => (c.contentType ?? '').startsWith('application/x-www-form-urlencoded');
        const params = (body) => {
            const out = {};
            for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
                if (name in out)
                    out[name] = [].concat(out[name], value);
                else
                    out[name] = value;
            }
            return out;
        };
        return {
            verify: async (c, body) => {
                const signature = header(c.headers, 'X-Twilio-Signature');
                return isForm(c) ? twilio.validateRequest(c.secret, signature, c.url, params(body))
                                 : twilio.validateRequestWithBody(c.secret, signature, c.url, body.toString('utf8'));
            },
            sign: async (c, body) => {
                if (isForm(c))
                    return { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(c.secret, c.url, params(body)) };
                const url = `${c.url}${c.url.includes('?') ? '&' : '?'}bodySHA256=${twilio.getExpectedBodyHash(body.toString('utf8'))}`;
                return { headers: { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(c.secret, url, {}) }, url };
            },
        };
    },
    async square() {
        const { WebhooksHelper } = require('square');
        return {
            verify: async (c, body) => WebhooksHelper.verifySignature({ requestBody: body.toString('utf8'),
                signatureHeader: header(c.headers, 'x-square-hmacsha256-signature'), signatureKey: c.secret, notificationUrl: c.url }),
            // The SDK only verifies; Square documents the signature as base64 HMAC-SHA256 of URL + body.
            sign: async (c, body) => ({
                'x-square-hmacsha256-signature': hmac('sha256', c.secret, Buffer.concat([Buffer.from(c.url), body]), 'base64'),
            }),
        };
    },
    async paddle() {
        const { Paddle } = require('@paddle/paddle-node-sdk');
        const paddle = new Paddle('pdl_sdbx_apikey_crosscheck');
        return {
            verify: async (c, body) => paddle.webhooks.isSignatureValid(body.toString('utf8'), c.secret, header(c.headers, 'Paddle-Signature')),
            // The SDK only verifies; Paddle documents ts=<unix>;h1=<hex HMAC-SHA256 of "ts:body">.
            sign: async (c, body) => ({
                'Paddle-Signature': `ts=${c.timestamp};h1=` + hmac('sha256', c.secret, Buffer.concat([Buffer.from(`${c.timestamp}:`), body]), 'hex'),
            }),
        };
    },
    async sendgrid() {
        const { EventWebhook } = require('@sendgrid/eventwebhook');
        // SendGrid's library signs nothing; its ECDSA dependency (starkbank-ecdsa) does, as SendGrid's servers do.
        const { Ecdsa, PrivateKey } = require('starkbank-ecdsa');
        const ew = new EventWebhook();
        return {
            verify: async (c, body) => ew.verifySignature(ew.convertPublicKeyToECDSA(c.secret), body.toString('utf8'),
                header(c.headers, 'X-Twilio-Email-Event-Webhook-Signature'), header(c.headers, 'X-Twilio-Email-Event-Webhook-Timestamp')),
            sign: async (c, body) => {
                const pem = crypto.createPrivateKey({ key: Buffer.from(c.secret, 'base64'), format: 'der', type: 'pkcs8' })
                    .export({ format: 'pem', type: 'sec1' });
                const signature = Ecdsa.sign(`${c.timestamp}${body.toString('utf8')}`, PrivateKey.fromPem(pem));
                return { 'X-Twilio-Email-Event-Webhook-Signature': signature.toBase64(),
                    'X-Twilio-Email-Event-Webhook-Timestamp': String(c.timestamp) };
            },
        };
    },
};

const chunks = [];
for await (const chunk of process.stdin)
    chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const scheme = await schemes[job.scheme]();
const results = [];
for (const c of job.cases) {
    const body = Buffer.from(c.body ?? '', 'base64');
    try {
        if (c.op === 'verify') {
            results.push({ ok: (await scheme.verify(c, body)) === true });
        } else {
            const out = await scheme.sign(c, body);
            results.push(out.headers ? out : { headers: out, url: c.url });
        }
    } catch (error) {
        results.push({ ok: false, error: String(error?.message ?? error) });
    }
}
process.stdout.write(JSON.stringify({ results }));
