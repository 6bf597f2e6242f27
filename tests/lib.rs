//! Integration tests of salesgraph live in `tests/`; this library is empty.
