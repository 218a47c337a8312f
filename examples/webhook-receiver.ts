// A webhook receiver that checks every request's Polypay-Signature before acting on it.
// Run: POLYPAY_WEBHOOK_SECRET=whsec_… PORT=4242 npx tsx examples/webhook-receiver.ts
import { createServer } from 'node:http';
import { constructEvent, WebhookSignatureError } from '@polypay/sdk';

const secret = process.env.POLYPAY_WEBHOOK_SECRET ?? '';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      // The raw body, exactly as received: a re-serialised JSON would not match the signature.
      const event = constructEvent(Buffer.concat(chunks), request.headers['polypay-signature'], secret);
      console.log(`verified ${event.type} ${event.id} ${String(event.data.object.id)}`);
      response.writeHead(200).end();
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      console.log(`refused ${error.reason}`);
      response.writeHead(400).end(error.message);
    }
  });
});

server.listen(Number(process.env.PORT ?? 4242), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
