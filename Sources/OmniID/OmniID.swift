// OmniID: see Docs/architecture.md
