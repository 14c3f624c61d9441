// The ceiling for HTTP cases: a bare Express 5 route returning a small JSON body.
import express from 'express';

const app = express();
app.post('/bare', (_req, res) => {
  res.json({ response_type: 'ephemeral', text: 'ok' });
});
app.get('/bare', (_req, res) => {
  res.json({ data: [], next_cursor: null });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`bare express listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
