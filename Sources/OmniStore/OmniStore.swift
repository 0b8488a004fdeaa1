// OmniStore: see Docs/architecture.md
