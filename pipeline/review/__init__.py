"""The coordinator's review loop between ingest and publication: review states and comments
(:mod:`.states`), corrections and translations (:mod:`.corrections`), chapter proofs, and the
next round built on the last. Everything is an append-only record in the round's store."""
