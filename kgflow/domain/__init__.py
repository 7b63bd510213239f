"""Pure domain: the chain's nouns, Swedish working days, deadlines, authority. No I/O."""
