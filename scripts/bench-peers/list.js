// Target 2 of BENCHMARKS.md, Node side: streams Flex Flows from the mock server with Twilio's
// official Node library (`twilio` on npm), as its docs show, and prints one JSON line.
//
//   NODE_PATH=.tools/bench-node/node_modules node scripts/bench-peers/list.js \
//     --url http://127.0.0.1:PORT --account-sid AC… --auth-token … --items 100000 --page-size 1000
//
// The library talks to http://127.0.0.1 as is: the domain's `baseUrl` is a plain property, its
// region/edge host rewriting leaves an IP host alone, and its HTTP client (axios) takes http.
"use strict";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main() {
  const url = option("url");
  const items = Number(option("items", "100000"));
  const pageSize = Number(option("page-size", "1000"));
  if (!url) throw new Error("--url is required");
  const twilio = require("twilio");
  const version = require("twilio/package.json").version;
  const client = twilio(option("account-sid"), option("auth-token"));
  client.flexApi.baseUrl = url;

  const start = process.hrtime.bigint();
  let n = 0;
  let checksum = 0;
  await client.flexApi.v1.flexFlow.each({
    pageSize,
    limit: items,
    callback: (flow) => {
      checksum += flow.sid.length;
      n += 1;
    },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (checksum === 0 && n > 0) throw new Error("items without sid");
  process.stdout.write(
    JSON.stringify({ impl: "twilio-node", version, items: n, seconds }) + "\n",
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
