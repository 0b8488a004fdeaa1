// OmniLog: see Docs/architecture.md
