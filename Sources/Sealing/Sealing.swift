// Encrypted models (paper §4; DESIGN.md, "Encrypted model").
