import { lookup } from 'node:dns/promises';
import type { ResolveHost } from '../../integrations/common/outbound-url.js';

/** Every address the system resolver gives for `host` (what fetch would connect to). */
export const resolveHost: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
