"""Documents written from what the selectors read: each module takes data (a model instance, or
the plain JSON facts stored at a meeting's close) and returns text or bytes; none reads the
database or writes. Views serve them; services send or store them."""
