"""The Demoshire Local Offer: about 600 invented services, their providers and places, comments.

Everything is made from one ``random.Random`` seeded from the demo's seed, so the same seed
gives the same entries, ids and addresses. Services come from a catalogue of kinds (a speech
and language therapy clinic, a sensory swim, a short-breaks holiday club, how to ask for an EHC
needs assessment...), each with its category, the ages and needs it is for, where it runs and
how families get in touch; descriptions are put together from the kind's sentences and
sentences about the needs and ages it serves. Kinds that describe the whole county (the SEND
information, advice and support service, how to appeal) appear once; the rest are spread over
the towns by size. Locations are shared venues (family hubs, leisure centres, libraries, health
centres), the provider's own base, or a school, with postcodes in the bundled sectors so that
searching by distance works.

About 5% of entries are overdue for their yearly check (shown, flagged) and about 2% are past
the 90-day grace period (hidden); a few are temporarily closed with a notice.

``builder.LocalOfferBuilder`` makes unsaved rows (the benchmark uses it at 10,000 services);
``load.load_local_offer`` saves them with bulk inserts and loads the bundled postcodes.
"""
