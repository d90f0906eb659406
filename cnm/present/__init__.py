"""Presentation helpers shared by the report, the site and the validator's reports:
inline SVG charts and escaping. Pure functions: strings in, strings out."""
