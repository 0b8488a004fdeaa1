// OmniServer: see Docs/architecture.md
