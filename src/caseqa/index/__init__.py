"""Index: the encoder, BM25, the in-memory index and its generations on disk, and how they are built."""
