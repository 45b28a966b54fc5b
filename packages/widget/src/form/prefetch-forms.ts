import { prefetchForm } from '../controllers/form-config.js';

// signet.js imports this first: the forms already in the page ask for their configuration
// before Lit and the element are evaluated and the styles built (issue 23).
for (const form of document.querySelectorAll<HTMLElement>('signet-form')) prefetchForm(form);
