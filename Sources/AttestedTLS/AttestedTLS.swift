// RA-TLS (see DESIGN.md, Wire decisions).
