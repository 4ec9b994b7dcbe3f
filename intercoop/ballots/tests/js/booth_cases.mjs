// Runs the booth's JavaScript cryptography on cases written by the Python tests
// (test_ballots_made_in_javascript_verify_in_python.py) and prints the results as JSON.
//
//   node booth_cases.mjs CASES.json
//
// CASES.json: {"manifest": Manifest, "manifest_hash": hex,
//              "encrypt": [{"seed": hex32, "choices": [[0|1, ...], ...]}, ...],
//              "refuse": [{"seed": hex32, "choices": ...}, ...],
//              "open": [{"signed": SignedBallot, "opening": Opening}, ...],
//              "verify": [SignedBallot, ...],
//              "canonical": [any JSON value, ...]}
// Output: {"manifest_hash": hex, "encrypted": [{"signed", "tracker", "opening"}, ...],
//          "refused": [{"refused": bool, "error": name, "message": text}, ...],
//          "opened": [{"ok": bool, "choices" | "error"}, ...],
//          "verified": [{"ok": bool, "error"?}, ...], "canonical": [text, ...]}

import { readFileSync } from "node:fs";

import * as booth from "../../static/ballots/booth-crypto.js";

await booth.ready();
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const election = booth.parseManifest(cases.manifest, { expectedHash: cases.manifest_hash });

const failure = (exc) => ({ ok: false, error: exc.name, message: exc.message });

const encrypted = (cases.encrypt ?? []).map(({ seed, choices }) => {
  const result = booth.encryptBallot({
    election,
    choices,
    credential: booth.credentialFromSeed(seed),
  });
  booth.verifyBallot(election, result.signed); // the booth checks its own work too
  return result;
});

const refused = (cases.refuse ?? []).map(({ seed, choices }) => {
  try {
    booth.encryptBallot({ election, choices, credential: booth.credentialFromSeed(seed) });
    return { refused: false };
  } catch (exc) {
    return { refused: true, error: exc.name, message: exc.message };
  }
});

const opened = (cases.open ?? []).map(({ signed, opening }) => {
  try {
    return { ok: true, choices: booth.checkOpening(election, signed, opening) };
  } catch (exc) {
    return failure(exc);
  }
});

const verified = (cases.verify ?? []).map((signed) => {
  try {
    booth.verifyBallot(election, signed);
    return { ok: true };
  } catch (exc) {
    return failure(exc);
  }
});

process.stdout.write(
  JSON.stringify({
    manifest_hash: booth.toHex(election.manifestHash),
    encrypted,
    refused,
    opened,
    verified,
    canonical: (cases.canonical ?? []).map(booth.canonicalJson),
  }),
);
