// The voting booth page: read the choices, encrypt, prove and sign the ballot in the browser
// (booth-crypto.js, on libsodium.js), show its tracker, then cast it or audit it (Benaloh).
//
// The credential code never leaves this page: it derives the Ed25519 key that signs the ballot.
// Casting sends the signed ballot. Auditing sends the ballot without its signature, with the
// randomness that opens it, so the server (and anyone, on the bulletin board) can check that it
// encrypts exactly the choices made; it can never be cast, since the server never saw a
// signature for it.

import {
  ready,
  parseElectionParameters,
  choicesFromOptionIds,
  credentialFromSeed,
  encryptBallot,
  toHex,
} from "./booth-crypto.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function seedFromCode(code) {
  const text = code.toUpperCase().replace(/[^A-Z2-7]/g, "");
  if (text.length !== 52) {
    return null;
  }
  const bytes = new Uint8Array(32);
  let buffer = 0;
  let bits = 0;
  let n = 0;
  for (const ch of text) {
    buffer = (buffer << 5) | BASE32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (n < 32) {
        bytes[n] = (buffer >> bits) & 0xff;
      }
      n += 1;
      buffer &= (1 << bits) - 1;
    }
  }
  return n === 32 ? bytes : null;
}

function say(status, text) {
  status.textContent = text;
}

async function main() {
  const form = document.getElementById("booth");
  if (form === null) {
    return;
  }
  const messages = document.getElementById("booth-messages").dataset;
  const status = document.getElementById("booth-status");
  const button = document.getElementById("encrypt");
  // The page hides both without JavaScript, where the button could do nothing.
  say(status, messages.loading);
  status.hidden = false;
  button.hidden = false;
  let election;
  try {
    await ready();
    const raw = JSON.parse(document.getElementById("booth-parameters").textContent);
    election = parseElectionParameters(raw);
  } catch (error) {
    say(status, `${messages.failed} (${error.message})`);
    return;
  }
  button.disabled = false;
  say(status, messages.ready);

  // As soon as the code is complete, show its public key and link to the ballots it signed:
  // an abstainer checks there that nobody voted in their name.
  const code = document.getElementById("credential");
  code.addEventListener("input", () => {
    const seed = seedFromCode(code.value);
    const shown = document.getElementById("credential-key");
    if (seed === null) {
      shown.hidden = true;
      return;
    }
    const publicKey = toHex(credentialFromSeed(seed).publicKey);
    document.getElementById("credential-public").textContent = publicKey;
    const link = document.getElementById("credential-link");
    link.href = `${link.dataset.board}?credential=${publicKey}#by-credential`;
    shown.hidden = false;
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const seed = seedFromCode(document.getElementById("credential").value);
    if (seed === null) {
      say(status, messages.badCredential);
      document.getElementById("credential").focus();
      return;
    }
    say(status, messages.working);
    const chosen = {};
    for (const input of form.querySelectorAll("input[name=choice]")) {
      const question = input.dataset.question;
      chosen[question] = chosen[question] ?? [];
      if (input.checked) {
        chosen[question].push(input.value);
      }
    }
    let sealed;
    try {
      const credential = credentialFromSeed(seed);
      sealed = encryptBallot({
        election,
        choices: choicesFromOptionIds(election, chosen),
        credential,
      });
    } catch (error) {
      say(status, error.message);
      return;
    }
    document.getElementById("tracker").textContent = sealed.tracker;
    document.getElementById("cast-ballot").value = JSON.stringify(sealed.signed);
    // The booth for credential letters has no audit form.
    if (document.getElementById("audit-form") !== null) {
      document.getElementById("audit-ballot").value = JSON.stringify(sealed.signed.ballot);
      document.getElementById("audit-opening").value = JSON.stringify(sealed.opening);
    }
    for (const input of form.querySelectorAll("input, button")) {
      input.disabled = true;
    }
    say(status, "");
    const section = document.getElementById("sealed");
    section.hidden = false;
    document.getElementById("sealed-title").focus();
  });
}

main();
