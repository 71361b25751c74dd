"""Paper Digest: a static site generator for dated research-paper digests."""
