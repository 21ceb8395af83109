// The devnet: see DESIGN.md, "The devnet".
