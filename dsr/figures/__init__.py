"""Chart plumbing too long for a chapter cell: one small module per chapter, owned by its editor."""
