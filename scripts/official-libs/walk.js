// scripts/check-official-libs, Node side: Twilio's official Node library (`twilio` on npm)
// walks the Flex API on `twilio-flex mock`, pointed at it the way its docs allow (the
// domain's `baseUrl`), and checks every answer decoded: SIDs with their prefixes, what was sent
// read back, dates parsed. Prints one line per call, then `ok N calls`; exits 1 on the first
// failure.
//
//   NODE_PATH=.tools/official-node/node_modules node scripts/official-libs/walk.js \
//     --url http://127.0.0.1:PORT --account-sid AC… --auth-token …
"use strict";

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`--${name} is required`);
  return process.argv[i + 1];
}

let calls = 0;
function fail(what, detail) {
  throw new Error(`${what}: ${detail}`);
}

// Every answer: an instance whose date fields parsed and whose sid has its prefix.
function decoded(what, instance, prefix, expect = {}) {
  calls += 1;
  if (!instance || typeof instance.toJSON !== "function") fail(what, "no instance");
  const json = instance.toJSON();
  for (const [k, v] of Object.entries(json)) {
    if (v instanceof Date && Number.isNaN(v.getTime())) fail(what, `${k} is an invalid date`);
    if (/^date[A-Z]/.test(k) && v !== null && v !== undefined && !(v instanceof Date))
      fail(what, `${k} is not a Date: ${JSON.stringify(v)}`);
  }
  if (prefix && !(typeof json.sid === "string" && json.sid.startsWith(prefix) && json.sid.length === 34))
    fail(what, `sid ${JSON.stringify(json.sid)} is not ${prefix}…`);
  for (const [k, v] of Object.entries(expect)) {
    if (JSON.stringify(json[k]) !== JSON.stringify(v))
      fail(what, `${k} is ${JSON.stringify(json[k])}, expected ${JSON.stringify(v)}`);
  }
  console.log(`node ${what} ok${json.sid ? " " + json.sid : ""}`);
  return instance;
}

async function main() {
  const twilio = require("twilio");
  const client = twilio(option("account-sid"), option("auth-token"));
  client.flexApi.baseUrl = option("url");
  const v1 = client.flexApi.v1;
  const accountSid = option("account-sid");

  // Flex Flows: create, list, fetch, update, delete.
  const flow = decoded(
    "flexFlow.create",
    await v1.flexFlow.create({
      friendlyName: "node support",
      chatServiceSid: "IS0123456789abcdef0123456789abcdef",
      channelType: "web",
      integrationType: "studio",
      "integration.flowSid": "FW0123456789abcdef0123456789abcdef",
    }),
    "FO",
    { friendlyName: "node support", channelType: "web", accountSid },
  );
  const flows = await v1.flexFlow.list({ friendlyName: "node support" });
  if (flows.length !== 1) fail("flexFlow.list", `${flows.length} flows`);
  decoded("flexFlow.list", flows[0], "FO", { sid: flow.sid });
  decoded("flexFlow.fetch", await v1.flexFlow(flow.sid).fetch(), "FO", { sid: flow.sid });
  decoded(
    "flexFlow.update",
    await v1.flexFlow(flow.sid).update({ friendlyName: "node renamed" }),
    "FO",
    { friendlyName: "node renamed" },
  );

  // A Web Channel on that flow.
  const web = decoded(
    "webChannel.create",
    await v1.webChannel.create({
      flexFlowSid: flow.sid,
      identity: "customer-1",
      customerFriendlyName: "Customer",
      chatFriendlyName: "Chat",
    }),
    "CH",
    { flexFlowSid: flow.sid },
  );
  decoded("webChannel.fetch", await v1.webChannel(web.sid).fetch(), "CH");
  calls += 1;
  if ((await v1.webChannel(web.sid).remove()) !== true) fail("webChannel.remove", "not removed");
  calls += 1;
  if ((await v1.flexFlow(flow.sid).remove()) !== true) fail("flexFlow.remove", "not removed");
  console.log("node flexFlow.remove, webChannel.remove ok");

  // The Configuration: fetch, update (a JSON body carrying the account).
  const conf = decoded("configuration.fetch", await v1.configuration().fetch(), null, { accountSid });
  decoded(
    "configuration.update",
    await v1.configuration().update({ account_sid: accountSid, ui_attributes: { theme: "node" } }),
    null,
    { uiAttributes: { theme: "node" } },
  );
  if (!conf.dateUpdated) fail("configuration.fetch", "no date_updated");

  // A Plugin Service release: plugin, version, configuration, release.
  const plugin = decoded(
    "plugins.create",
    await v1.plugins.create({ uniqueName: "node-plugin", friendlyName: "Node plugin" }),
    "FP",
    { uniqueName: "node-plugin" },
  );
  const version = decoded(
    "pluginVersions.create",
    await v1.plugins(plugin.sid).pluginVersions.create({
      versionParam: "1.0.0",
      pluginUrl: "https://example.com/node-plugin-1.0.0.js",
    }),
    "FV",
    { pluginSid: plugin.sid, version: "1.0.0" },
  );
  const configuration = decoded(
    "pluginConfigurations.create",
    await v1.pluginConfigurations.create({
      name: "node configuration",
      plugins: [{ plugin_version: version.sid }],
    }),
    "FJ",
  );
  const configured = await v1.pluginConfigurations(configuration.sid).plugins.list();
  if (configured.length !== 1) fail("configuredPlugins.list", `${configured.length} plugins`);
  decoded("configuredPlugins.list", configured[0], null, { pluginVersionSid: version.sid });
  const release = decoded(
    "pluginReleases.create",
    await v1.pluginReleases.create({ configurationId: configuration.sid }),
    "FK",
    { configurationSid: configuration.sid },
  );
  decoded("pluginReleases.fetch", await v1.pluginReleases(release.sid).fetch(), "FK");

  // An Interaction with a channel and a participant.
  const interaction = decoded(
    "interaction.create",
    await v1.interaction.create({
      channel: { type: "sms", initiated_by: "customer", properties: { media_channel_sid: "CH0123456789abcdef0123456789abcdef" } },
      routing: { properties: { workspace_sid: "WS0123456789abcdef0123456789abcdef", task_channel_unique_name: "sms" } },
    }),
    "KD",
  );
  const channels = await v1.interaction(interaction.sid).channels.list();
  if (channels.length !== 1) fail("interaction.channels.list", `${channels.length} channels`);
  const channel = decoded("interaction.channels.list", channels[0], "UO");
  decoded("interaction.channels.fetch", await v1.interaction(interaction.sid).channels(channel.sid).fetch(), "UO");
  const participant = decoded(
    "participants.create",
    await v1.interaction(interaction.sid).channels(channel.sid).participants.create({
      type: "agent",
      mediaProperties: { address: "+15005550006" },
    }),
    "UT",
  );
  const participants = await v1.interaction(interaction.sid).channels(channel.sid).participants.list();
  if (!participants.some((p) => p.sid === participant.sid)) fail("participants.list", "the participant is missing");
  decoded("participants.list", participants[0], "UT");
  decoded(
    "invites.create",
    await v1.interaction(interaction.sid).channels(channel.sid).invites.create({
      routing: { properties: { workspace_sid: "WS0123456789abcdef0123456789abcdef" } },
    }),
    "KG",
  );
  console.log(`ok ${calls} calls`);
}

main().catch((e) => {
  console.error(`node walk failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
