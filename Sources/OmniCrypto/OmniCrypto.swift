// OmniCrypto: see Docs/architecture.md
