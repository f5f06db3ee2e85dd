import { DISCORD_COMMANDS } from '../../src/integrations/discord/discord-commands.js';

/**
 * `npm run discord:register`: creates or replaces the bot's slash commands (/classify, /ner,
 * /fill) with one bulk overwrite. Needs DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN; with
 * DISCORD_GUILD_ID the commands are registered for that server only (they appear at once,
 * global ones can take a while). DISCORD_API_BASE overrides the API (default v10).
 */
const appId = process.env.DISCORD_APPLICATION_ID;
const token = process.env.DISCORD_BOT_TOKEN;
const guild = process.env.DISCORD_GUILD_ID;
const api = (process.env.DISCORD_API_BASE ?? 'https://discord.com/api/v10').replace(/\/+$/, '');

if (!appId || !token) {
  console.error('set DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN (Developer Portal → your app → General Information / Bot)');
  process.exit(2);
}

const url = guild ? `${api}/applications/${appId}/guilds/${guild}/commands` : `${api}/applications/${appId}/commands`;
const res = await fetch(url, {
  method: 'PUT',
  headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(DISCORD_COMMANDS),
  signal: AbortSignal.timeout(30_000),
});
const text = await res.text();
if (!res.ok) {
  console.error(`Discord answered ${res.status}: ${text.slice(0, 2_000)}`);
  process.exit(1);
}
const registered = JSON.parse(text) as { name: string; id: string }[];
console.log(`registered ${registered.map((c) => `/${c.name} (${c.id})`).join(', ')} ${guild ? `in guild ${guild}` : 'globally'}`);
