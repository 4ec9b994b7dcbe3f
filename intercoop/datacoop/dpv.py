"""The W3C Data Privacy Vocabulary (DPV 2.2) terms the data co-operative writes, and the ISO/IEC
TS 27560 profile its consent records and receipts state. Pure: no Django.

Every term here is one that the vendored DPV material names (the consent modules and the guide
of the 27560 profile, in ``../shared/standards/dpv-27560``);
``tests/test_every_dpv_term_used_is_in_the_vendored_vocabulary.py`` loads those files from disk
and checks it, for this table and for every receipt.
"""

from __future__ import annotations

from typing import Final

DPV: Final = "https://w3id.org/dpv#"
DCT: Final = "http://purl.org/dc/terms/"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"

#: The JSON-LD context of every record and receipt: prefixes only, held inline (nothing is
#: fetched to read them).
CONTEXT: Final = {"dpv": DPV, "dct": DCT, "rdf": RDF, "skos": SKOS, "xsd": XSD}

#: The conformance profiles (``dct:conformsTo``), from the DPV schema for ISO/IEC TS 27560.
RECORD_PROFILE: Final = "https://w3id.org/dpv/schema/dpv-27560#record"
RECEIPT_PROFILE: Final = "https://w3id.org/dpv/schema/dpv-27560#receipt"

#: The purposes a dataset may ask consent for: DPV purpose concepts. A dataset's purpose is a
#: ``dpv:Purpose`` of the co-op's own words whose ``skos:broader`` is one of these (the shape
#: the 27560 guide gives for a purpose narrower than a DPV one).
PURPOSES: Final = (
    "dpv:Analytics",
    "dpv:ServiceProvision",
    "dpv:CommunicationManagement",
    "dpv:Marketing",
    "dpv:FulfilmentOfObligation",
)

#: A consent's status at each step of its history.
GIVEN: Final = "dpv:ConsentGiven"
RENEWED: Final = "dpv:RenewedConsentGiven"
WITHDRAWN: Final = "dpv:ConsentWithdrawn"
EXPIRED: Final = "dpv:ConsentExpired"
#: How consent is given here: by the member's own act, naming the purpose.
EXPLICIT: Final = "dpv:ExplicitlyExpressedConsent"
