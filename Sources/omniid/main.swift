// omniid: the command line. See Docs/architecture.md.
