// An independent verifier for the labels' credentials: the Digital Credentials Consortium's Node
// stack (@digitalcredentials/vc, its DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite,
// Ed25519 multikeys), the packages its verifier (verifier-core) uses, installed by `npm ci`.
//
//   node intercoop/labels/tests/dcc/verify.mjs --keys KEYS.json [--bench RUNS] < CREDENTIALS.json
//   node intercoop/labels/tests/dcc/verify.mjs --contexts
//
// Offline: the document loader serves the JSON-LD contexts held in intercoop/labels/vc/contexts/
// (read from disk, under the same URLs as the Python core's loader), the controller documents of
// KEYS.json (DID documents, and each of their verification methods under its id) and the other
// documents it lists by URL (the status list credentials); it refuses any other URL.
// (One exception is the DCC's own: when a proof fails on a credential naming the unversioned Open
// Badges context, @digitalcredentials/vc tries again with its bundled 3.0 beta context for it.)
//
// KEYS.json: {"controllers": [DID document, ...], "documents": {"url": document, ...}}
// CREDENTIALS.json: a JSON array of credentials, read from stdin (or from --credentials FILE).
//
// Prints one JSON line per credential, in order: {"verified": true|false, "error": "..."}.
// A BitstringStatusListEntry is checked as a verifier does: the status list credential is loaded,
// verified with the same suite, its issuer must be the credential's, and the credential's bit
// must be unset.
//
// With --bench RUNS: for each credential, after a warm-up of RUNS/5 (at least 5)
// verifications, times RUNS verifications of its proof and data model (vc.verifyCredential; the
// status lists are not read, as the Python core's dataintegrity.verify does not read them) and
// prints {"verified": ..., "first_ms": the first (cold) one, "times_ms": [...], "cpu_ms": [...]}
// per credential.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";

import { DataIntegrityProof } from "@digitalcredentials/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalcredentials/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalcredentials/vc";

const CONTEXTS_DIR = new URL("../../vc/contexts/", import.meta.url);

// The same URLs and files as CONTEXT_FILES in intercoop/labels/vc/loader.py (a test compares).
const CONTEXT_FILES = {
  "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
  "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
  "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
  "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
};

function argument(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

if (process.argv.includes("--contexts")) {
  console.log(JSON.stringify(CONTEXT_FILES));
  process.exit(0);
}

const keysPath = argument("--keys");
if (!keysPath) {
  console.error("usage: verify.mjs --keys KEYS.json [--bench RUNS] [--credentials FILE]");
  process.exit(2);
}
const keys = JSON.parse(readFileSync(keysPath, "utf8"));
const credentialsPath = argument("--credentials");
const credentials = JSON.parse(readFileSync(credentialsPath ?? 0, "utf8"));
const benchRuns = argument("--bench") === undefined ? 0 : Number(argument("--bench"));

const held = new Map();
for (const [url, file] of Object.entries(CONTEXT_FILES)) {
  held.set(url, JSON.parse(readFileSync(new URL(file, CONTEXTS_DIR), "utf8")));
}
for (const controller of keys.controllers ?? []) {
  held.set(controller.id, controller);
  for (const method of controller.verificationMethod ?? []) {
    held.set(method.id, { "@context": "https://w3id.org/security/multikey/v1", ...method });
  }
}
for (const [url, document] of Object.entries(keys.documents ?? {})) {
  held.set(url, document);
}

async function documentLoader(url) {
  const document = held.get(url);
  if (document === undefined) {
    throw new Error(`refused: '${url}' is not held (offline loader)`);
  }
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

function issuerId(credential) {
  const { issuer } = credential;
  return typeof issuer === "object" && issuer !== null ? issuer.id : issuer;
}

function bit(encodedList, index) {
  if (typeof encodedList !== "string" || !encodedList.startsWith("u")) {
    throw new Error("encodedList is not multibase base64url");
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  if (index >= bits.length * 8) {
    throw new Error(`index ${index} is out of the list`);
  }
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

// A checkStatus for vc.verifyCredential: every BitstringStatusListEntry of the credential.
async function checkStatus({ credential }) {
  const entries = [credential.credentialStatus].flat();
  for (const entry of entries) {
    if (entry?.type !== "BitstringStatusListEntry") {
      return { verified: false, error: new Error("not a BitstringStatusListEntry") };
    }
    const { document: list } = await documentLoader(entry.statusListCredential);
    const result = await vc.verifyCredential({ credential: list, suite, documentLoader });
    if (!result.verified) {
      return { verified: false, error: new Error(`status list ${list.id} does not verify`) };
    }
    const subject = list.credentialSubject;
    if (issuerId(list) !== issuerId(credential) || subject.statusPurpose !== entry.statusPurpose) {
      return { verified: false, error: new Error(`status list ${list.id} is not the issuer's`) };
    }
    if (bit(subject.encodedList, Number(entry.statusListIndex))) {
      return { verified: false, error: new Error(`${entry.statusPurpose}: set`) };
    }
  }
  return { verified: true };
}

async function noStatus() {
  return { verified: true };
}

function firstError(result) {
  const errors = [
    result.error,
    ...(result.results ?? []).map((r) => r.error),
    result.statusResult?.error,
  ].filter(Boolean);
  const error = errors[0];
  if (!error) return "";
  const inner = error.errors?.[0] ?? error;
  return String(inner.message ?? inner);
}

async function verify(credential, status) {
  try {
    const result = await vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      checkStatus: status,
    });
    return { verified: Boolean(result.verified), error: result.verified ? "" : firstError(result) };
  } catch (error) {
    return { verified: false, error: String(error?.message ?? error) };
  }
}

for (const credential of credentials) {
  if (!benchRuns) {
    console.log(JSON.stringify(await verify(credential, checkStatus)));
    continue;
  }
  const first = performance.now();
  await verify(credential, noStatus);
  const firstMs = performance.now() - first;
  for (let i = 1; i < Math.max(5, Math.floor(benchRuns / 5)); i += 1) {
    await verify(credential, noStatus);
  }
  const times = [];
  const cpu = [];
  let outcome;
  for (let i = 0; i < benchRuns; i += 1) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    outcome = await verify(credential, noStatus);
    const used = process.cpuUsage(startCpu);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(JSON.stringify({ ...outcome, first_ms: firstMs, times_ms: times, cpu_ms: cpu }));
}
