// OmniJWT: see Docs/architecture.md
