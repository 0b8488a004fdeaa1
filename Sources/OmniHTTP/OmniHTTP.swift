// OmniHTTP: see Docs/architecture.md
