// twilio-node's answers for scripts/check-webhook-oracle: reads the cases written by
// `webhook_oracle generate` (one JSON object a line) and writes, a line each,
// {id, signature, verdicts, errors}: getExpectedTwilioSignature of the request and
// validateRequest (form) / validateRequestWithBody (JSON) of each check.
// usage: NODE_PATH=.tools/webhook-node/node_modules node node.js CASES.jsonl OUT.jsonl
"use strict";
const fs = require("fs");
const readline = require("readline");
const twilio = require("twilio");

// Parameters as Express's urlencoded parser gives them: a repeated name holds an array.
function paramsObject(pairs) {
  const out = Object.create(null);
  for (const [name, value] of pairs) {
    if (!(name in out)) out[name] = value;
    else if (Array.isArray(out[name])) out[name].push(value);
    else out[name] = [out[name], value];
  }
  return out;
}

async function main() {
  const [casesPath, outPath] = process.argv.slice(2);
  const out = fs.createWriteStream(outPath);
  const lines = readline.createInterface({ input: fs.createReadStream(casesPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const c = JSON.parse(line);
    const signature = twilio.getExpectedTwilioSignature(
      c.token, c.url, c.kind === "json" ? {} : paramsObject(c.params));
    const verdicts = [];
    const errors = [];
    for (const check of c.checks) {
      try {
        verdicts.push(check.body === null
          ? twilio.validateRequest(c.token, check.signature, check.url, paramsObject(check.params))
          : twilio.validateRequestWithBody(c.token, check.signature, check.url, check.body));
        errors.push(null);
      } catch (e) {
        verdicts.push(false);
        errors.push(String(e));
      }
    }
    out.write(JSON.stringify({ id: c.id, signature, verdicts, errors }) + "\n");
  }
  out.end();
}

main().catch((e) => { console.error(e); process.exit(1); });
