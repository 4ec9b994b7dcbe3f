"""JSON-LD to RDF for credentials, in safe mode, with the held contexts only.

JSON-LD silently drops what its contexts do not define: a property whose term is undefined, a
type that is not an IRI. A signature over the canonical RDF would then not cover it, and a
reader of the JSON would believe what no one signed. Safe mode refuses such a document with
``CredentialError("undefined_term")`` naming the term, before anything is hashed or signed.
Relative IRIs (an ``id`` that is not an absolute IRI) are refused the same way: with no base
IRI they would be dropped too.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError, JsonLdProcessor

from intercoop.labels.vc.canon import DEFAULT_MAX_WORK, Dataset, canonicalize
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.loader import document_loader


class _RecentContexts(OrderedDict[Hashable, Any]):
    """pyld's resolved context cache: the held contexts and the inline ones of recent documents,
    processed, kept between documents. Bounded, since inline contexts come from the documents;
    the least recently used goes first."""

    MAX = 64

    def get(self, key: Hashable, default: Any = None) -> Any:
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def __setitem__(self, key: Hashable, value: Any) -> None:
        super().__setitem__(key, value)
        if len(self) > self.MAX:
            self.popitem(last=False)


_RESOLVED_CONTEXTS = _RecentContexts()


class _Processor(JsonLdProcessor):  # type: ignore[misc]  # pyld has no type hints
    """pyld's processor with two savings, both invisible in its output.

    - Processed contexts are kept: pyld keeps those of ``@context`` entries, but processes a
      type-scoped context (``Achievement``, ``AchievementSubject``… in Open Badges 3.0) from
      scratch at every node of that type, since each time it starts from a fresh copy of the
      active context. Here the result is kept by what it depends on: the active context (its
      ``_uuid``, which pyld gives every active context it processes from), the local context's
      JSON and the flags. Processing a context is a pure function of these (the base IRI and
      the loader are the same for every call here), and pyld already shares processed contexts
      between documents the same way.
    - ``to_rdf`` of a document ``expand`` just expanded does not expand it again.
    """

    MAX_KEPT = 256
    MAX_CONTEXT_CHARS = 16_384

    def __init__(self, *, expanded: list[Any] | None = None) -> None:
        super().__init__(on_property_dropped=_dropped)
        self._expanded = expanded

    def expand(self, input_: Any, options: Any) -> Any:
        if self._expanded is not None and input_ is self._expanded:
            return input_
        return super().expand(input_, options)

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        text = json.dumps(local_ctx, sort_keys=True, separators=(",", ":"))
        if cycles or len(text) > self.MAX_CONTEXT_CHARS:
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
        if "_uuid" not in active_ctx:
            active_ctx["_uuid"] = str(uuid.uuid1())
        key = (active_ctx["_uuid"], text, override_protected, propagate, validate_scoped)
        found = _PROCESSED.get(key)
        if found is None:
            found = super()._process_context(
                active_ctx, local_ctx, options, override_protected, propagate, validate_scoped
            )
            _PROCESSED[key] = found
        return found


class _RecentProcessed(_RecentContexts):
    MAX = _Processor.MAX_KEPT


_PROCESSED = _RecentProcessed()
# pyld's caches (this one and the processed contexts inside each entry) are not safe to change
# from two threads at once. JSON-LD processing is pure Python, so the lock costs a threaded
# server no throughput: it holds the interpreter lock all along anyway.
_PYLD = threading.Lock()


def _options() -> dict[str, Any]:
    return {
        # No base IRI: a relative IRI stays relative, and safe mode refuses it (with "" pyld would
        # resolve it against http://example.org/base/).
        "base": None,
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_RESOLVED_CONTEXTS, document_loader),
        "processingMode": "json-ld-1.1",
        "extractAllScripts": False,
    }


def _raise_from(error: JsonLdError) -> CredentialError:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, CredentialError):
            return cause
        cause = cause.__cause__ or cause.__context__
    code = getattr(error, "code", None) or getattr(error, "type", "")
    return CredentialError("malformed", f"not valid JSON-LD ({code}): {error.args[0]}")


def _dropped(term: str | None) -> None:
    if term is None:
        raise CredentialError(
            "undefined_term", "a term of the document is defined as null: it would be dropped"
        )
    raise CredentialError(
        "undefined_term", f"undefined term '{term}': the document's contexts do not define it"
    )


def _is_absolute(iri: str) -> bool:
    scheme, colon, _rest = iri.partition(":")
    return bool(colon) and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)


def _check(value: Any) -> None:
    """Refuse what expansion left relative: types, datatypes and node identifiers."""
    if isinstance(value, list):
        for item in value:
            _check(item)
        return
    if not isinstance(value, dict):
        return
    types = value.get("@type", [])
    for type_ in types if isinstance(types, list) else [types]:
        if (
            isinstance(type_, str)
            and type_ != "@json"
            and not type_.startswith("_:")
            and not _is_absolute(type_)
        ):
            raise CredentialError(
                "undefined_term",
                f"undefined type '{type_}': the document's contexts do not define it",
            )
    id_ = value.get("@id")
    if isinstance(id_, str) and not id_.startswith("_:") and not _is_absolute(id_):
        raise CredentialError(
            "undefined_term", f"relative IRI '{id_}': an identifier must be an absolute IRI"
        )
    if "@value" in value:
        return
    for key, item in value.items():
        if key not in ("@id", "@type"):
            _check(item)


def expand(document: Mapping[str, Any]) -> list[Any]:
    """The document expanded, in safe mode."""
    if not isinstance(document, Mapping):
        raise CredentialError("malformed", "a credential is a JSON object")
    try:
        with _PYLD:
            expanded: list[Any] = _Processor().expand(dict(document), _options())
    except JsonLdError as error:
        raise _raise_from(error) from error
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        raise CredentialError("malformed", f"not valid JSON-LD: {error}") from error
    _check(expanded)
    return expanded


def to_dataset(document: Mapping[str, Any]) -> Dataset:
    """The document's RDF dataset (pyld's form), in safe mode."""
    expanded = expand(document)
    try:
        with _PYLD:
            dataset: Dataset = _Processor(expanded=expanded).to_rdf(expanded, _options())
    except JsonLdError as error:
        raise _raise_from(error) from error
    return dataset


def canonical_nquads(document: Mapping[str, Any], *, max_work: int = DEFAULT_MAX_WORK) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, in safe mode and bounded."""
    return canonicalize(to_dataset(document), max_work=max_work)
