"""RDF Dataset Canonicalization (RDFC-1.0) with a bound on its work, and canonical N-Quads.

The algorithm is pyld's (its Hash Related Blank Node and the steps around it), with three
changes a verifier of uploaded credentials needs:

- **Bounded work.** Hash N-Degree Quads explores permutations of blank nodes that look alike,
  which is exponential in the worst case: the RDFC-1.0 suite's test074 (a 10-node clique) keeps
  a canonicalizer busy for minutes. Each call of Hash N-Degree Quads and each permutation it
  examines counts as one unit of work; past ``max_work`` units the canonicalization stops with
  ``CredentialError("too_much_work")``. Credentials have few blank nodes that look alike and
  need a few units; the whole RDFC-1.0 suite needs at most a few hundred per test.
- **Canonical N-Quads** as RDFC-1.0 defines them (``serialize_nquad``): pyld's serializer
  leaves control characters other than tab, line feed and carriage return raw, and writes no
  ``\\b`` or ``\\f``.
- **The hash function** is a parameter (SHA-256 by default, as eddsa-rdfc-2022 uses).

The dataset is pyld's: ``{graph name or "@default": [{"subject", "predicate", "object"}]}``.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

from pyld.canon import URDNA2015, permutations
from pyld.identifier_issuer import IdentifierIssuer

from intercoop.labels.vc.errors import CredentialError

Term = dict[str, Any]
Quad = dict[str, Term]
Dataset = dict[str, list[Quad]]

DEFAULT_MAX_WORK = 5000

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"'}
_ECHAR["\\"] = "\\\\"
_TO_ESCAPE = re.compile('[\\x00-\\x1f\\x7f"\\\\]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ECHAR.get(char) or f"\\u{ord(char):04X}"


def escape_literal(value: str) -> str:
    """A literal's lexical form as canonical N-Quads writes it between its quotes."""
    return _TO_ESCAPE.sub(_escape_char, value)


def _term(term: Term) -> str:
    if term["type"] == "IRI":
        return f"<{term['value']}>"
    if term["type"] == "blank node":
        return str(term["value"])
    text = f'"{escape_literal(term["value"])}"'
    datatype = term.get("datatype", XSD_STRING)
    if datatype == RDF_LANGSTRING:
        return f"{text}@{term['language']}"
    if datatype != XSD_STRING:
        return f"{text}^^<{datatype}>"
    return text


def serialize_nquad(quad: Quad) -> str:
    """One quad as a line of canonical N-Quads, with its line feed."""
    parts = [_term(quad["subject"]), _term(quad["predicate"]), _term(quad["object"])]
    if "name" in quad:
        parts.append(_term(quad["name"]))
    return " ".join(parts) + " .\n"


class _BoundedRDFC10(URDNA2015):  # type: ignore[misc]  # pyld has no types
    def __init__(self, hash_algorithm: str, max_work: int) -> None:
        super().__init__()
        self.hash_algorithm = hash_algorithm
        self.max_work = max_work
        self.work = 0

    def create_hash(self) -> Any:
        return hashlib.new(self.hash_algorithm)

    def spend(self) -> None:
        self.work += 1
        if self.work > self.max_work:
            raise CredentialError(
                "too_much_work",
                "canonicalizing this document takes too much work: its blank nodes are too "
                f"many that look alike (more than {self.max_work} steps)",
            )

    def canonicalize(self, dataset: Dataset) -> str:
        # 2) The quads, and for each blank node the quads it is in.
        for graph_name, triples in dataset.items():
            for triple in triples:
                quad = dict(triple)
                if graph_name != "@default":
                    kind = "blank node" if graph_name.startswith("_:") else "IRI"
                    quad["name"] = {"type": kind, "value": graph_name}
                self.quads.append(quad)
                for key, component in quad.items():
                    if key != "predicate" and component["type"] == "blank node":
                        info = self.blank_node_info.setdefault(component["value"], {"quads": []})
                        info["quads"].append(quad)

        # 3-5) Issue canonical identifiers to the blank nodes whose first-degree hash is unique.
        non_normalized = set(self.blank_node_info)
        simple = True
        while simple:
            simple = False
            self.hash_to_blank_nodes = dict[str, list[str]]()
            for id_ in non_normalized:
                self.hash_to_blank_nodes.setdefault(self.hash_first_degree_quads(id_), []).append(
                    id_
                )
            for hash_, id_list in sorted(self.hash_to_blank_nodes.items()):
                if len(id_list) > 1:
                    continue
                self.canonical_issuer.get_id(id_list[0])
                non_normalized.remove(id_list[0])
                del self.hash_to_blank_nodes[hash_]
                simple = True

        # 6) The others, through Hash N-Degree Quads.
        for _hash, id_list in sorted(self.hash_to_blank_nodes.items()):
            hash_path_list = []
            for id_ in id_list:
                if self.canonical_issuer.has_id(id_):
                    continue
                issuer = IdentifierIssuer("_:b")
                issuer.get_id(id_)
                hash_path_list.append(self.hash_n_degree_quads(id_, issuer))
            for result in sorted(hash_path_list, key=lambda r: r["hash"]):
                for existing in result["issuer"].order:
                    self.canonical_issuer.get_id(existing)

        # 7) Each quad with its canonical blank node identifiers, sorted.
        lines = []
        for quad in self.quads:
            relabelled = {
                key: (
                    {"type": "blank node", "value": self.canonical_issuer.get_id(c["value"])}
                    if key != "predicate" and c["type"] == "blank node"
                    else c
                )
                for key, c in quad.items()
            }
            lines.append(serialize_nquad(relabelled))
        return "".join(sorted(set(lines)))

    def hash_first_degree_quads(self, id_: str) -> str:
        info = self.blank_node_info[id_]
        if "hash" not in info:
            nquads = []
            for quad in info["quads"]:
                marked = {
                    key: (
                        {"type": "blank node", "value": "_:a" if c["value"] == id_ else "_:z"}
                        if key != "predicate" and c["type"] == "blank node"
                        else c
                    )
                    for key, c in quad.items()
                }
                nquads.append(serialize_nquad(marked))
            info["hash"] = self.hash_nquads(sorted(nquads))
        return str(info["hash"])

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> dict[str, Any]:
        self.spend()
        hash_to_related = self.create_hash_to_related(id_, issuer)
        md = self.create_hash()
        for related_hash, blank_nodes in sorted(hash_to_related.items()):
            md.update(related_hash.encode("utf8"))
            chosen_path = ""
            chosen_issuer = None
            for permutation in permutations(blank_nodes):
                self.spend()
                issuer_copy = copy.deepcopy(issuer)
                path = ""
                recursion_list = []
                for related in permutation:
                    if self.canonical_issuer.has_id(related):
                        path += self.canonical_issuer.get_id(related)
                    else:
                        if not issuer_copy.has_id(related):
                            recursion_list.append(related)
                        path += issuer_copy.get_id(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        break
                else:
                    for related in recursion_list:
                        result = self.hash_n_degree_quads(related, issuer_copy)
                        path += issuer_copy.get_id(related)
                        path += "<" + result["hash"] + ">"
                        issuer_copy = result["issuer"]
                        if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                            break
                    else:
                        if not chosen_path or path < chosen_path:
                            chosen_path = path
                            chosen_issuer = issuer_copy
            md.update(chosen_path.encode("utf8"))
            issuer = chosen_issuer
        return {"hash": md.hexdigest(), "issuer": issuer}


def canonicalize(
    dataset: Dataset, *, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK
) -> str:
    """The RDFC-1.0 canonical N-Quads of ``dataset``, or ``CredentialError("too_much_work")``."""
    return _BoundedRDFC10(hash_algorithm, max_work).canonicalize(dataset)


def canonical_labels(
    dataset: Dataset, *, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK
) -> dict[str, str]:
    """The issued identifiers map of RDFC-1.0: each blank node's label (without ``_:``) to its
    canonical one (``c14n0``…)."""
    algorithm = _BoundedRDFC10(hash_algorithm, max_work)
    algorithm.canonicalize(dataset)
    return {old[2:]: new[2:] for old, new in algorithm.canonical_issuer.existing.items()}


_IRI = r"<([^>]*)>"
_BNODE = r"(_:[^\s<>\"]+)"
_LITERAL = r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*))?'
_QUAD = re.compile(
    rf"^\s*(?:{_IRI}|{_BNODE})\s*{_IRI}\s*(?:{_IRI}|{_BNODE}|{_LITERAL})\s*(?:(?:{_IRI}|{_BNODE})\s*)?\.\s*$"
)
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_UNECHAR = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'"}
_UNECHAR["\\"] = "\\"


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        short, long, echar = match.groups()
        if echar is not None:
            if echar not in _UNECHAR:
                raise CredentialError("malformed", f"invalid N-Quads escape '\\{echar}'")
            return _UNECHAR[echar]
        return chr(int(short or long, 16))

    return _UNESCAPE.sub(one, text)


def parse_nquads(text: str) -> Dataset:
    """An N-Quads document as a dataset (with ``\\u`` and ``\\U`` escapes decoded in IRIs and
    literals, which pyld's parser leaves as they are); a repeated quad counts once."""
    dataset: Dataset = {}
    seen: set[tuple[str, ...]] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _QUAD.match(line)
        if match is None:
            raise CredentialError("malformed", f"line {number} is not an N-Quad: {line!r}")
        s_iri, s_bnode, p, o_iri, o_bnode, o_lit, o_dt, o_lang, g_iri, g_bnode = match.groups()
        subject: Term = (
            {"type": "IRI", "value": _unescape(s_iri)}
            if s_iri is not None
            else {"type": "blank node", "value": s_bnode}
        )
        obj: Term
        if o_iri is not None:
            obj = {"type": "IRI", "value": _unescape(o_iri)}
        elif o_bnode is not None:
            obj = {"type": "blank node", "value": o_bnode}
        else:
            obj = {"type": "literal", "value": _unescape(o_lit)}
            if o_lang is not None:
                obj.update(datatype=RDF_LANGSTRING, language=o_lang)
            else:
                obj["datatype"] = _unescape(o_dt) if o_dt is not None else XSD_STRING
        graph = _unescape(g_iri) if g_iri is not None else g_bnode or "@default"
        quad: Quad = {"subject": subject, "predicate": {"type": "IRI", "value": _unescape(p)}}
        quad["object"] = obj
        key = (graph, serialize_nquad(quad))
        if key not in seen:
            seen.add(key)
            dataset.setdefault(graph, []).append(quad)
    return dataset
