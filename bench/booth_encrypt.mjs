// How long the voter's browser takes to encrypt, prove and sign one ballot (booth-crypto.js on
// libsodium.js, WebAssembly): one approval question with 5 options (5 selections, each with its
// 0/1 proof, and a [1, 3] sum proof), signed with an Ed25519 credential.
//
//   node bench/booth_encrypt.mjs [RUNS]      (after `npm ci`; default 50 runs)
//
// Prints the median, and the fastest and slowest run, in milliseconds.

import sodium from "libsodium-wrappers-sumo";

import * as booth from "../intercoop/ballots/static/ballots/booth-crypto.js";

const runs = Number(process.argv[2] ?? 50);
await booth.ready();
await sodium.ready;

const publicKey = sodium.crypto_scalarmult_ed25519_base_noclamp(
  sodium.crypto_core_ed25519_scalar_random(),
);
const election = booth.parseElectionParameters({
  manifest_hash: sodium.to_hex(sodium.randombytes_buf(32)),
  public_key: sodium.to_hex(publicKey),
  questions: [
    {
      id: "projects",
      kind: "approval",
      text: "Which projects should be funded?",
      options: ["a", "b", "c", "d", "e"].map((id) => ({ id, label: id.toUpperCase() })),
      min_selected: 1,
      max_selected: 3,
    },
  ],
});
const credential = booth.credentialFromSeed();
const choices = [[1, 0, 1, 0, 0]];

for (let i = 0; i < 5; i++) {
  booth.encryptBallot({ election, choices, credential }); // warm up
}
const times = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  booth.encryptBallot({ election, choices, credential });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const median =
  runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
console.log(
  `booth encrypt+prove+sign, 1 question x 5 selections, ${runs} runs (node ${process.version}): ` +
    `median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`,
);
