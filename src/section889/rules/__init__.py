"""Section 889 as rules with citations: reference data, policy packs, determinations."""
