// The voter's side of the booth: encrypt, prove and sign a ballot in the browser.
//
// A port of the voter's half of tools/intercoop_tools/crypto/ (group.py, transcript.py, elgamal.py,
// proofs.py, ballot.py) to libsodium.js. It produces exactly the bytes the Python core produces
// and verifies: the same transcripts, the same canonical JSON, the same signature message, the
// same tracker. The specification is docs/ballots-crypto.md (section 9, "The booth in the
// browser") and docs/election-record.md.
//
// Every group and scalar operation is a libsodium call; nothing here does curve or modular
// arithmetic by hand. libsodium refuses the identity point in two places, handled as group.py
// does: crypto_core_ed25519_is_valid_point rejects it (received points are decoded with an
// explicit allowIdentity), and crypto_scalarmult_ed25519(_base)_noclamp fail when the result is
// the identity, which on the prime-order subgroup happens exactly when the scalar is 0 or the
// point is the identity: mul and baseMul return the identity then, and call libsodium otherwise.
//
// An ES module with no bundler. In Node it resolves "libsodium-wrappers-sumo" from node_modules;
// in the browser the page maps "libsodium-wrappers-sumo" and "libsodium-sumo" to the two served
// .mjs files with an import map. Call `await ready()` once before anything else.

import sodiumModule from "libsodium-wrappers-sumo";

let sodium = null;

/** Wait for libsodium to load (WebAssembly); every other function needs it. */
export async function ready() {
  await sodiumModule.ready;
  sodium = sodiumModule;
  return sodium;
}

function lib() {
  if (sodium === null) {
    throw new CryptoError("call `await ready()` before using the booth's cryptography");
  }
  return sodium;
}

// --- errors (the same classes as errors.py) ------------------------------------------------------

export class CryptoError extends Error {
  constructor(message) {
    super(message);
    this.name = "CryptoError";
  }
}

/** Received data is malformed; `where` names the field. */
export class EncodingError extends CryptoError {
  constructor(message, where = "") {
    super(where ? `${where}: ${message}` : message);
    this.name = "EncodingError";
    this.where = where;
  }
}

/** A check fails (a proof, a signature, an opening). */
export class VerificationError extends CryptoError {
  constructor(message) {
    super(message);
    this.name = "VerificationError";
  }
}

/** An honest prover was asked to prove something false (a 2 in a box, too many selections). */
export class ProverError extends CryptoError {
  constructor(message) {
    super(message);
    this.name = "ProverError";
  }
}

// --- constants ----------------------------------------------------------------------------------

export const PROTOCOL = "intercoop/ballots/crypto/v1";
export const LABEL_SELECTION = "disjunctive/selection-0-1";
export const LABEL_QUESTION_SUM = "disjunctive/question-sum";
export const SIGNATURE_LABEL = "ballot-signature";
export const MAX_DISJUNCTS = 1024;
const SCALAR_BYTES = 32;
const POINT_BYTES = 32;
const QUESTION_KINDS = ["yes_no", "single_choice", "approval"];
const IDENTIFIER = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The canonical encoding of the identity: y = 1, x = 0 (01 then 31 zero bytes). */
export const IDENTITY = (() => {
  const out = new Uint8Array(POINT_BYTES);
  out[0] = 1;
  return out;
})();
const ZERO = new Uint8Array(SCALAR_BYTES);

const ascii = (text) => new TextEncoder().encode(text);

// --- bytes and hex ------------------------------------------------------------------------------

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a, b) {
  return a.length === b.length && lib().memcmp(a, b);
}

export function toHex(bytes) {
  return lib().to_hex(bytes);
}

/** Decode lowercase hex of exactly `length` bytes; anything else is refused (parse_hex). */
export function parseHex(value, length, where) {
  if (typeof value !== "string") {
    throw new EncodingError("expected a hex string", where);
  }
  if (value.length !== 2 * length || !/^[0-9a-f]*$/.test(value)) {
    throw new EncodingError(
      `expected ${length} bytes as ${2 * length} lowercase hex digits`,
      where,
    );
  }
  return lib().from_hex(value);
}

// --- the group (group.py) -----------------------------------------------------------------------

function isZeroScalar(s) {
  return equal(s, ZERO);
}

function isIdentity(p) {
  return equal(p, IDENTITY);
}

/** A small non-negative integer (a plaintext) as a 32-byte little-endian scalar. */
function scalarFromInt(value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new EncodingError(`${value} is not a small non-negative integer`);
  }
  const out = new Uint8Array(SCALAR_BYTES);
  let v = value;
  for (let i = 0; v > 0; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

/** Strict decoding of a received scalar: 32 bytes, value < L. It is canonical exactly when
 * libsodium's reduction modulo L leaves it unchanged. */
function scalarFromHex(value, where) {
  const data = parseHex(value, SCALAR_BYTES, where);
  const wide = new Uint8Array(64);
  wide.set(data);
  if (!equal(lib().crypto_core_ed25519_scalar_reduce(wide), data)) {
    throw new EncodingError("scalar is not canonical (not below the group order)", where);
  }
  return data;
}

/** Strict decoding of a received point (Point.from_bytes). */
export function pointFromHex(value, { allowIdentity = false, where = "point" } = {}) {
  const data = parseHex(value, POINT_BYTES, where);
  if (equal(data, IDENTITY)) {
    if (allowIdentity) {
      return IDENTITY;
    }
    throw new EncodingError("the identity point is not allowed here", where);
  }
  if (!lib().crypto_core_ed25519_is_valid_point(data)) {
    throw new EncodingError(
      "not a valid point (non-canonical, not on the curve, of small order, or outside the " +
        "prime-order subgroup)",
      where,
    );
  }
  return data;
}

/** A uniformly random non-zero scalar (libsodium's crypto_core_ed25519_scalar_random). */
function randomScalar() {
  for (;;) {
    const s = lib().crypto_core_ed25519_scalar_random();
    if (!isZeroScalar(s)) {
      return s;
    }
  }
}

const scalarAdd = (a, b) => lib().crypto_core_ed25519_scalar_add(a, b);
const scalarSub = (a, b) => lib().crypto_core_ed25519_scalar_sub(a, b);
const scalarMul = (a, b) => lib().crypto_core_ed25519_scalar_mul(a, b);
const pointAdd = (p, q) => lib().crypto_core_ed25519_add(p, q);
const pointSub = (p, q) => lib().crypto_core_ed25519_sub(p, q);

/** scalar·point, with 0·P = s·O = O (libsodium refuses to return the identity). */
function mul(scalar, point) {
  if (isZeroScalar(scalar) || isIdentity(point)) {
    return IDENTITY;
  }
  return lib().crypto_scalarmult_ed25519_noclamp(scalar, point);
}

/** scalar·G, with 0·G = O. */
function baseMul(scalar) {
  if (isZeroScalar(scalar)) {
    return IDENTITY;
  }
  return lib().crypto_scalarmult_ed25519_base_noclamp(scalar);
}

const smallMultiples = new Map();

/** m·G for a plaintext m >= 0 (cached, like group.small_multiple). */
function smallMultiple(m) {
  let p = smallMultiples.get(m);
  if (p === undefined) {
    p = baseMul(scalarFromInt(m));
    smallMultiples.set(m, p);
  }
  return p;
}

// --- transcripts (transcript.py) ----------------------------------------------------------------

function u32(value) {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
    throw new EncodingError(`${value} does not fit in 32 bits`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

function u64s(values) {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new EncodingError(`${v} does not fit in 64 bits`);
    }
    view.setBigUint64(8 * i, BigInt(v), false);
  });
  return out;
}

/** One length-prefixed transcript field: u32(len(x)) || x. */
function field(data) {
  return concat([u32(data.length), data]);
}

/** T = F(PROTOCOL) || F(label) || F(manifest_hash) || F(binding) || F(v1) || ... || F(vk). */
export function transcript(label, manifestHash, binding, values) {
  return concat([
    field(ascii(PROTOCOL)),
    field(ascii(label)),
    field(manifestHash),
    field(binding),
    ...values.map(field),
  ]);
}

/** The Fiat-Shamir challenge: SHA-512(T) reduced modulo L. */
function challenge(label, manifestHash, binding, values) {
  const s = lib();
  return s.crypto_core_ed25519_scalar_reduce(
    s.crypto_hash_sha512(transcript(label, manifestHash, binding, values)),
  );
}

// --- canonical JSON and hashes (election-record.md section 1) -----------------------------------

function compareCodePoints(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return x.length - y.length;
}

function canonicalString(text) {
  // JSON.stringify escapes ", \ and the controls as Python does (\b \t \n \f \r, others as
  // \u00xx); Python's ensure_ascii also escapes everything above U+007E, code unit by code unit.
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** Python's json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True). */
export function canonicalJson(value) {
  if (value === null) {
    return "null";
  }
  if (value === true || value === false) {
    return String(value);
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new EncodingError("canonical JSON holds integers only");
    }
    return String(value);
  }
  if (typeof value === "string") {
    return canonicalString(value);
  }
  if (Array.isArray(value)) {
    return "[" + value.map(canonicalJson).join(",") + "]";
  }
  if (typeof value === "object") {
    const keys = Object.keys(value).sort(compareCodePoints);
    const members = keys.map((k) => canonicalString(k) + ":" + canonicalJson(value[k]));
    return "{" + members.join(",") + "}";
  }
  throw new EncodingError(`cannot encode a ${typeof value} as canonical JSON`);
}

/** The canonical JSON as bytes (it is ASCII). */
export function canonicalBytes(value) {
  return ascii(canonicalJson(value));
}

/** HJ(v): SHA-256 of the canonical JSON, as 64 lowercase hex digits. */
export function hashJson(value) {
  return toHex(lib().crypto_hash_sha256(canonicalBytes(value)));
}

/** A ballot's tracker (the voter's receipt): HJ(signed ballot), signature included. */
export function trackerOf(signedBallot) {
  return hashJson(signedBallot);
}

// --- strict JSON shapes (jsonshape.py) ----------------------------------------------------------

function expectObject(value, keys, where) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new EncodingError("expected an object", where);
  }
  const have = Object.keys(value);
  const missing = keys.filter((k) => !have.includes(k)).sort();
  const unknown = have.filter((k) => !keys.includes(k)).sort();
  if (missing.length) {
    throw new EncodingError(`missing key(s) ${missing.join(", ")}`, where);
  }
  if (unknown.length) {
    throw new EncodingError(`unknown key(s) ${unknown.join(", ")}`, where);
  }
  return value;
}

function expectList(value, where, length = null) {
  if (!Array.isArray(value)) {
    throw new EncodingError("expected a list", where);
  }
  if (length !== null && value.length !== length) {
    throw new EncodingError(`expected ${length} items, got ${value.length}`, where);
  }
  return value;
}

function expectInt(value, where, minimum = 0, maximum = 2 ** 32 - 1) {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new EncodingError("expected an integer", where);
  }
  if (value < minimum || value > maximum) {
    throw new EncodingError(`expected an integer in [${minimum}, ${maximum}]`, where);
  }
  return value;
}

function expectText(value, where, maximum = 1000) {
  if (typeof value !== "string" || Array.from(value).length > maximum) {
    throw new EncodingError(`expected a string of at most ${maximum} characters`, where);
  }
  return value;
}

function expectIdentifier(value, where) {
  if (!IDENTIFIER.test(expectText(value, where))) {
    throw new EncodingError("expected an identifier ([a-z0-9][a-z0-9_-]{0,63})", where);
  }
  return value;
}

// --- election parameters ------------------------------------------------------------------------

/** One question of the description (record.Question), checked as Question.check does. */
export function parseQuestion(value, where = "question") {
  const obj = expectObject(
    value,
    ["id", "kind", "text", "options", "min_selected", "max_selected"],
    where,
  );
  const options = expectList(obj.options, `${where}.options`).map((o, i) => {
    const opt = expectObject(o, ["id", "label"], `${where}.options[${i}]`);
    return {
      id: expectIdentifier(opt.id, `${where}.options[${i}].id`),
      label: expectText(opt.label, `${where}.options[${i}].label`),
    };
  });
  const question = {
    id: expectIdentifier(obj.id, `${where}.id`),
    kind: expectText(obj.kind, `${where}.kind`),
    text: expectText(obj.text, `${where}.text`),
    options,
    selections: options.length,
    minSelected: expectInt(obj.min_selected, `${where}.min_selected`),
    maxSelected: expectInt(obj.max_selected, `${where}.max_selected`),
  };
  const n = options.length;
  const ids = options.map((o) => o.id);
  if (!QUESTION_KINDS.includes(question.kind)) {
    throw new EncodingError(`unknown kind ${question.kind}`, where);
  }
  if (n < 1 || n > 1000) {
    throw new EncodingError("1 to 1000 options", where);
  }
  if (new Set(ids).size !== n) {
    throw new EncodingError("option ids are not unique", where);
  }
  if (!(question.minSelected <= question.maxSelected && question.maxSelected <= n)) {
    throw new EncodingError("0 <= min_selected <= max_selected <= options is required", where);
  }
  if (question.kind === "yes_no" && ids.join(",") !== "yes,no") {
    throw new EncodingError("a yes/no question has the options yes, no", where);
  }
  if (
    (question.kind === "yes_no" || question.kind === "single_choice") &&
    (question.maxSelected !== 1 || n < 2 || question.minSelected > 1)
  ) {
    throw new EncodingError(`${question.kind} selects at most one of two or more options`, where);
  }
  return question;
}

/**
 * The election's public parameters from its manifest (the `manifest` object of the election
 * record: {"description", "ceremony", "roll"}, election-record.md section 2.1).
 *
 * Returns {manifestHash, publicKey, questions, electionId}. The manifest hash is computed here
 * as HJ(manifest); if `expectedHash` (64 hex digits, e.g. the record's `manifest_hash`) is given
 * it must match. The joint public key must be a valid point, not the identity.
 */
export function parseManifest(manifest, { expectedHash = null } = {}) {
  const obj = expectObject(manifest, ["description", "ceremony", "roll"], "manifest");
  const description = expectObject(
    obj.description,
    ["election_id", "title", "revoting", "questions", "colleges", "trustees", "threshold"],
    "manifest.description",
  );
  const ceremony = expectObject(
    obj.ceremony,
    ["context", "commitments", "verification_keys", "public_key"],
    "manifest.ceremony",
  );
  const questionsJson = expectList(description.questions, "manifest.description.questions");
  if (questionsJson.length < 1) {
    throw new EncodingError("at least one question", "manifest.description.questions");
  }
  const questions = questionsJson.map((q, i) =>
    parseQuestion(q, `manifest.description.questions[${i}]`),
  );
  if (new Set(questions.map((q) => q.id)).size !== questions.length) {
    throw new EncodingError("question ids are not unique", "manifest.description.questions");
  }
  const publicKey = pointFromHex(ceremony.public_key, { where: "manifest.ceremony.public_key" });
  const manifestHash = lib().crypto_hash_sha256(canonicalBytes(manifest));
  if (expectedHash !== null && toHex(manifestHash) !== expectedHash) {
    throw new VerificationError("the manifest does not hash to the expected manifest hash");
  }
  return {
    electionId: expectIdentifier(description.election_id, "manifest.description.election_id"),
    manifestHash,
    publicKey,
    questions,
  };
}

/**
 * The election's parameters given directly: {"manifest_hash": hex32, "public_key": hex32,
 * "questions": [Question, ...]} (for a page that received them from the server; the hash is
 * then trusted as given).
 */
export function parseElectionParameters(value) {
  const obj = expectObject(value, ["manifest_hash", "public_key", "questions"], "election");
  return {
    electionId: null,
    manifestHash: parseHex(obj.manifest_hash, 32, "election.manifest_hash"),
    publicKey: pointFromHex(obj.public_key, { where: "election.public_key" }),
    questions: expectList(obj.questions, "election.questions").map((q, i) =>
      parseQuestion(q, `election.questions[${i}]`),
    ),
  };
}

/** Choices as 0/1 per selection, from the ids of the chosen options of each question
 * ({question id: [option id, ...]}); an unknown id is refused. */
export function choicesFromOptionIds(election, chosen) {
  for (const qid of Object.keys(chosen)) {
    if (!election.questions.some((q) => q.id === qid)) {
      throw new EncodingError(`no question ${qid}`);
    }
  }
  return election.questions.map((q) => {
    const ids = chosen[q.id] ?? [];
    for (const id of ids) {
      if (!q.options.some((o) => o.id === id)) {
        throw new EncodingError(`question ${q.id} has no option ${id}`);
      }
    }
    return q.options.map((o) => (ids.includes(o.id) ? 1 : 0));
  });
}

// --- exponential ElGamal (elgamal.py) -----------------------------------------------------------

/** Encrypt m under PK: (r·G, m·G + r·PK), r redrawn until neither component is the identity. */
function encrypt(publicKey, plaintext) {
  for (;;) {
    const r = randomScalar();
    const alpha = baseMul(r);
    const beta = pointAdd(smallMultiple(plaintext), mul(r, publicKey));
    if (!isIdentity(alpha) && !isIdentity(beta)) {
      return { alpha, beta, r };
    }
  }
}

function ciphertextSum(ciphertexts) {
  let alpha = IDENTITY;
  let beta = IDENTITY;
  for (const c of ciphertexts) {
    alpha = pointAdd(alpha, c.alpha);
    beta = pointAdd(beta, c.beta);
  }
  return { alpha, beta };
}

function ciphertextJson(c) {
  return { alpha: toHex(c.alpha), beta: toHex(c.beta) };
}

// --- disjunctive Chaum-Pedersen proofs (proofs.py) ----------------------------------------------

function checkAllowed(allowed) {
  if (allowed.length < 1 || allowed.length > MAX_DISJUNCTS) {
    throw new EncodingError(`1 to ${MAX_DISJUNCTS} allowed values`);
  }
  const bad = allowed.some((v) => !Number.isSafeInteger(v) || v < 0);
  if (bad || new Set(allowed).size !== allowed.length) {
    throw new EncodingError("allowed values are distinct non-negative integers");
  }
}

function disjunctiveChallenge(label, manifestHash, binding, publicKey, ct, allowed, commitments) {
  const values = [publicKey, ct.alpha, ct.beta, u64s(allowed)];
  for (const [a, b] of commitments) {
    values.push(a, b);
  }
  return challenge(label, manifestHash, binding, values);
}

/** Prove that ct (made with randomness r) encrypts a value of `allowed` (CDS OR-proof). */
function proveEncryptsOneOf({
  ct,
  r,
  plaintext,
  allowed,
  publicKey,
  label,
  manifestHash,
  binding,
}) {
  checkAllowed(allowed);
  const real = allowed.indexOf(plaintext);
  if (real < 0) {
    throw new ProverError(`${plaintext} is not one of the allowed values [${allowed.join(", ")}]`);
  }
  if (
    !equal(baseMul(r), ct.alpha) ||
    !equal(pointAdd(smallMultiple(plaintext), mul(r, publicKey)), ct.beta)
  ) {
    throw new ProverError("the ciphertext does not encrypt this plaintext with this randomness");
  }
  let commitments;
  let simulated;
  let w;
  for (;;) {
    commitments = [];
    simulated = [];
    w = randomScalar();
    allowed.forEach((v, i) => {
      if (i === real) {
        commitments.push([baseMul(w), mul(w, publicKey)]);
        simulated.push([ZERO, ZERO]);
        return;
      }
      const c = randomScalar();
      const z = randomScalar();
      const shifted = pointSub(ct.beta, smallMultiple(v));
      commitments.push([
        pointSub(baseMul(z), mul(c, ct.alpha)),
        pointSub(mul(z, publicKey), mul(c, shifted)),
      ]);
      simulated.push([c, z]);
    });
    // The verifier refuses identity commitments; an honest one occurs with chance ~2^-250.
    if (!commitments.some(([a, b]) => isIdentity(a) || isIdentity(b))) {
      break;
    }
  }
  const c = disjunctiveChallenge(label, manifestHash, binding, publicKey, ct, allowed, commitments);
  let cReal = c;
  simulated.forEach(([ci], i) => {
    if (i !== real) {
      cReal = scalarSub(cReal, ci);
    }
  });
  return commitments.map(([a, b], i) => {
    const [ci, zi] = i === real ? [cReal, scalarAdd(w, scalarMul(cReal, r))] : simulated[i];
    return {
      commitment_a: toHex(a),
      commitment_b: toHex(b),
      challenge: toHex(ci),
      response: toHex(zi),
    };
  });
}

function parseProof(value, where) {
  const items = expectList(value, where);
  if (items.length < 1 || items.length > MAX_DISJUNCTS) {
    throw new EncodingError(`a disjunctive proof has 1 to ${MAX_DISJUNCTS} branches`, where);
  }
  return items.map((item, i) => {
    const w = `${where}[${i}]`;
    const obj = expectObject(item, ["commitment_a", "commitment_b", "challenge", "response"], w);
    return {
      a: pointFromHex(obj.commitment_a, { where: `${w}.commitment_a` }),
      b: pointFromHex(obj.commitment_b, { where: `${w}.commitment_b` }),
      c: scalarFromHex(obj.challenge, `${w}.challenge`),
      z: scalarFromHex(obj.response, `${w}.response`),
    };
  });
}

function verifyEncryptsOneOf({ ct, allowed, publicKey, branches, label, manifestHash, binding }) {
  checkAllowed(allowed);
  if (branches.length !== allowed.length) {
    throw new VerificationError("disjunctive proof: one branch per allowed value is required");
  }
  let total = ZERO;
  for (const br of branches) {
    total = scalarAdd(total, br.c);
  }
  const commitments = branches.map((br) => [br.a, br.b]);
  const expected = disjunctiveChallenge(
    label, manifestHash, binding, publicKey, ct, allowed, commitments,
  );
  if (!equal(total, expected)) {
    throw new VerificationError("disjunctive proof: challenges do not sum to the transcript's");
  }
  branches.forEach((br, i) => {
    if (!equal(baseMul(br.z), pointAdd(br.a, mul(br.c, ct.alpha)))) {
      throw new VerificationError(
        `disjunctive proof: first equation fails for value ${allowed[i]}`,
      );
    }
    const shifted = pointSub(ct.beta, smallMultiple(allowed[i]));
    if (!equal(mul(br.z, publicKey), pointAdd(br.b, mul(br.c, shifted)))) {
      throw new VerificationError(
        `disjunctive proof: second equation fails for value ${allowed[i]}`,
      );
    }
  });
}

const range = (lo, hi) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

// --- ballots (ballot.py) ------------------------------------------------------------------------

const selectionBinding = (credential, q, s) => concat([credential, u32(q), u32(s)]);
const questionBinding = (credential, q) => concat([credential, u32(q)]);

/** The bytes the credential signs: F(PROTOCOL) || F("ballot-signature") || F(canonical JSON). */
export function signatureMessage(ballot) {
  return concat([
    field(ascii(PROTOCOL)),
    field(ascii(SIGNATURE_LABEL)),
    field(canonicalBytes(ballot)),
  ]);
}

/**
 * A voter credential: an Ed25519 key pair. `seed` (32 bytes, or 64 hex digits) gives the same
 * key as Python's nacl.signing.SigningKey(seed); without it a new random credential is made.
 */
export function credentialFromSeed(seed = null) {
  const s = lib();
  let bytes = seed;
  if (seed === null) {
    bytes = s.randombytes_buf(32);
  } else if (typeof seed === "string") {
    bytes = parseHex(seed, 32, "seed");
  }
  const kp = s.crypto_sign_seed_keypair(bytes);
  return { publicKey: kp.publicKey, privateKey: kp.privateKey };
}

function checkChoices(election, choices) {
  if (!Array.isArray(choices) || choices.length !== election.questions.length) {
    const answered = Array.isArray(choices) ? choices.length : 0;
    throw new CryptoError(`${election.questions.length} questions expected, ${answered} answered`);
  }
  choices.forEach((answer, q) => {
    const spec = election.questions[q];
    if (!Array.isArray(answer) || answer.length !== spec.selections) {
      throw new CryptoError(`question ${q}: ${spec.selections} selections expected`);
    }
  });
}

/**
 * Encrypt `choices` (per question, one 0 or 1 per option, in the order of the options), prove
 * the ballot valid and sign it with `credential` ({publicKey, privateKey}: crypto_sign keys).
 *
 * Returns {signed, tracker, opening}: `signed` is the signed ballot JSON of
 * docs/ballots-crypto.md section 5 ({"ballot", "signature"}), exactly what Python's
 * SignedBallot.to_json gives; `tracker` its tracker (64 hex digits); `opening` the Benaloh
 * opening {"choices", "randomness"} to reveal if the voter audits the ballot instead of casting
 * it (and to forget otherwise). Refuses (ProverError) a selection other than 0 or 1, or a number
 * of selections outside [min, max].
 */
export function encryptBallot({ election, choices, credential }) {
  checkChoices(election, choices);
  const { manifestHash, publicKey } = election;
  const credentialKey = credential.publicKey;
  const questions = [];
  const randomness = [];
  choices.forEach((answer, q) => {
    const spec = election.questions[q];
    answer.forEach((value, s) => {
      if (value !== 0 && value !== 1) {
        throw new ProverError(`question ${q} selection ${s}: ${value} is not one of 0, 1`);
      }
    });
    const total = answer.reduce((n, v) => n + v, 0);
    if (total < spec.minSelected || total > spec.maxSelected) {
      throw new ProverError(
        `question ${q}: ${total} selections, not in [${spec.minSelected}, ${spec.maxSelected}]`,
      );
    }
    const selections = [];
    const rs = [];
    const cts = [];
    let rSum = ZERO;
    answer.forEach((value, s) => {
      const ct = encrypt(publicKey, value);
      const proof = proveEncryptsOneOf({
        ct,
        r: ct.r,
        plaintext: value,
        allowed: [0, 1],
        publicKey,
        label: LABEL_SELECTION,
        manifestHash,
        binding: selectionBinding(credentialKey, q, s),
      });
      selections.push({ ciphertext: ciphertextJson(ct), proof });
      cts.push(ct);
      rs.push(toHex(ct.r));
      rSum = scalarAdd(rSum, ct.r);
    });
    const sumProof = proveEncryptsOneOf({
      ct: ciphertextSum(cts),
      r: rSum,
      plaintext: total,
      allowed: range(spec.minSelected, spec.maxSelected),
      publicKey,
      label: LABEL_QUESTION_SUM,
      manifestHash,
      binding: questionBinding(credentialKey, q),
    });
    questions.push({ selections, sum_proof: sumProof });
    randomness.push(rs);
  });
  const ballot = {
    manifest_hash: toHex(manifestHash),
    credential: toHex(credentialKey),
    questions,
  };
  const signature = lib().crypto_sign_detached(signatureMessage(ballot), credential.privateKey);
  const signed = { ballot, signature: toHex(signature) };
  return {
    signed,
    tracker: trackerOf(signed),
    opening: { choices: choices.map((a) => [...a]), randomness },
  };
}

function parseSelectionCiphertexts(election, ballot, where) {
  const obj = expectObject(ballot, ["manifest_hash", "credential", "questions"], where);
  const manifestHash = parseHex(obj.manifest_hash, 32, `${where}.manifest_hash`);
  const credential = pointFromHex(obj.credential, { where: `${where}.credential` });
  const questions = expectList(obj.questions, `${where}.questions`, election.questions.length);
  const parsed = questions.map((qv, q) => {
    const wq = `${where}.questions[${q}]`;
    const qo = expectObject(qv, ["selections", "sum_proof"], wq);
    const sels = expectList(qo.selections, `${wq}.selections`, election.questions[q].selections);
    return {
      selections: sels.map((sv, s) => {
        const ws = `${wq}.selections[${s}]`;
        const so = expectObject(sv, ["ciphertext", "proof"], ws);
        const co = expectObject(so.ciphertext, ["alpha", "beta"], `${ws}.ciphertext`);
        return {
          ct: {
            alpha: pointFromHex(co.alpha, { where: `${ws}.ciphertext.alpha` }),
            beta: pointFromHex(co.beta, { where: `${ws}.ciphertext.beta` }),
          },
          proof: so.proof,
          where: ws,
        };
      }),
      sumProof: qo.sum_proof,
      where: wq,
    };
  });
  if (!equal(manifestHash, election.manifestHash)) {
    throw new VerificationError("the ballot is for another election (manifest hash differs)");
  }
  return { manifestHash, credential, questions: parsed };
}

/**
 * Check a signed ballot as ballot_verify does: manifest hash, shape, signature, every 0/1 proof
 * and every sum proof. Throws (EncodingError, VerificationError); returns nothing.
 */
export function verifyBallot(election, signed) {
  const obj = expectObject(signed, ["ballot", "signature"], "signed_ballot");
  const parsed = parseSelectionCiphertexts(election, obj.ballot, "signed_ballot.ballot");
  const signature = parseHex(obj.signature, 64, "signed_ballot.signature");
  const message = signatureMessage(obj.ballot);
  if (!lib().crypto_sign_verify_detached(signature, message, parsed.credential)) {
    throw new VerificationError("the ballot signature does not verify");
  }
  parsed.questions.forEach((question, q) => {
    const spec = election.questions[q];
    question.selections.forEach((sel, s) => {
      verifyEncryptsOneOf({
        ct: sel.ct,
        allowed: [0, 1],
        publicKey: election.publicKey,
        branches: parseProof(sel.proof, `${sel.where}.proof`),
        label: LABEL_SELECTION,
        manifestHash: election.manifestHash,
        binding: selectionBinding(parsed.credential, q, s),
      });
    });
    verifyEncryptsOneOf({
      ct: ciphertextSum(question.selections.map((sel) => sel.ct)),
      allowed: range(spec.minSelected, spec.maxSelected),
      publicKey: election.publicKey,
      branches: parseProof(question.sumProof, `${question.where}.sum_proof`),
      label: LABEL_QUESTION_SUM,
      manifestHash: election.manifestHash,
      binding: questionBinding(parsed.credential, q),
    });
  });
}

/**
 * Benaloh audit: check that an audited ballot opens to the choices its opening states. For every
 * selection, with randomness r (non-zero, canonical) and choice m (0 or 1): alpha == r·G and
 * beta == m·G + r·PK. Also checks that the choices respect [min, max]. Returns the choices.
 * Accepts the signed ballot ({"ballot", "signature"}) or the bare ballot. The opening's shape is
 * {"choices": [[0|1, ...], ...], "randomness": [[hex32, ...], ...]}, one entry per selection.
 */
export function checkOpening(election, ballotOrSigned, opening) {
  const ballot =
    ballotOrSigned !== null && typeof ballotOrSigned === "object" && "signature" in ballotOrSigned
      ? expectObject(ballotOrSigned, ["ballot", "signature"], "signed_ballot").ballot
      : ballotOrSigned;
  const parsed = parseSelectionCiphertexts(election, ballot, "ballot");
  const op = expectObject(opening, ["choices", "randomness"], "opening");
  const n = election.questions.length;
  const choices = expectList(op.choices, "opening.choices", n);
  const randomness = expectList(op.randomness, "opening.randomness", n);
  const out = parsed.questions.map((question, q) => {
    const spec = election.questions[q];
    const cs = expectList(choices[q], `opening.choices[${q}]`, spec.selections);
    const rs = expectList(randomness[q], `opening.randomness[${q}]`, spec.selections);
    const answer = question.selections.map((sel, s) => {
      const m = expectInt(cs[s], `opening.choices[${q}][${s}]`, 0, 1);
      const r = scalarFromHex(rs[s], `opening.randomness[${q}][${s}]`);
      if (isZeroScalar(r)) {
        throw new VerificationError(`question ${q} selection ${s}: randomness 0 is never used`);
      }
      const beta = pointAdd(smallMultiple(m), mul(r, election.publicKey));
      if (!equal(baseMul(r), sel.ct.alpha) || !equal(beta, sel.ct.beta)) {
        throw new VerificationError(
          `question ${q} selection ${s}: the ciphertext does not open to ${m} with this randomness`,
        );
      }
      return m;
    });
    const total = answer.reduce((a, b) => a + b, 0);
    if (total < spec.minSelected || total > spec.maxSelected) {
      throw new VerificationError(`question ${q}: ${total} selections, not in [min, max]`);
    }
    return answer;
  });
  return out;
}
