// The bench's worker: renders the 3-purpose exhibit PDF `n` times per request, as the API does.
import { exhibitPdf } from '../../packages/edge-api/src/pages/exhibit/pdf.js';
import { fixture } from './fixture.js';

export default {
  async fetch(request: Request) {
    const n = Number(new URL(request.url).searchParams.get('n') ?? '1');
    const evidence = fixture();
    let bytes = 0;
    for (let i = 0; i < n; i += 1) {
      const pdf = await exhibitPdf(evidence, {
        publicUrl: 'https://signet.example',
        jsonFileName: 'nachweis-backtipps-p7f3a0-alle-zwecke-2026-12-07.json',
      });
      bytes = pdf.length;
    }
    return Response.json({ n, bytes });
  },
};
